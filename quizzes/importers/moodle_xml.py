"""Moodle XML question format reader (the export format of Moodle's question bank).

    <quiz>
      <question type="category"><category><text>$course$/top/禁毒</text></category></question>
      <question type="multichoice">
        <name><text>...</text></name>
        <questiontext format="html"><text><![CDATA[<p>...</p>]]></text></questiontext>
        <generalfeedback format="html"><text>...</text></generalfeedback>
        <single>true</single>
        <answer fraction="100"><text>...</text><feedback><text>...</text></feedback></answer>
        ...
      </question>
      <question type="truefalse"> ... <answer fraction="100"><text>true</text></answer> ...
    </quiz>

multichoice and truefalse are read; `description` items are skipped (they are not questions);
other types are reported as not supported. A DOCTYPE is refused (no entity tricks).
"""

import html
import re
import xml.etree.ElementTree as ET

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from quizzes.importers.base import (
    KIND_MULTIPLE,
    KIND_SINGLE,
    KIND_TRUE_FALSE,
    ParsedQuestion,
    ParseResult,
    check_choices,
    problem_at,
    true_false_choices,
)


def _text(element, path: str) -> str:
    node = element.find(path) if element is not None else None
    if node is None or node.text is None:
        return ""
    return node.text


def _plain(value: str, fmt: str | None) -> str:
    if fmt in (None, "html", "moodle_auto_format"):
        value = html.unescape(strip_tags(value))
    return re.sub(r"\s+", " ", value).strip()


def _fraction(answer) -> float | None:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return None


def parse_moodle_xml(content: bytes | str, *, default_category: str = "") -> ParseResult:
    result = ParseResult()
    raw = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    if "<!DOCTYPE" in raw.upper() or "<!ENTITY" in raw.upper():
        result.errors.append(_("The XML file must not contain a DOCTYPE or entities."))
        return result
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        result.errors.append(
            _("The file is not valid XML (line %(line)d): %(error)s")
            % {"line": line, "error": str(error)}
        )
        return result
    if root.tag != "quiz":
        result.errors.append(_("This is not a Moodle XML question file (<quiz> is missing)."))
        return result

    category = default_category
    number = 0
    for element in root.findall("question"):
        kind = element.get("type", "")
        if kind == "category":
            moodle_category = _text(element, "category/text")
            parts = [
                p for p in moodle_category.split("/") if p and not p.startswith("$") and p != "top"
            ]
            category = parts[-1].strip() if parts else default_category
            continue
        if kind == "description":
            continue
        number += 1
        question, problem = _parse_question(element, kind, number, category)
        if problem:
            result.errors.append(problem_at(number, None, problem))
        else:
            result.questions.append(question)
    if not result.questions and not result.errors:
        result.errors.append(_("The file contains no questions."))
    return result


def _parse_question(element, kind: str, number: int, category: str):
    text_node = element.find("questiontext")
    fmt = text_node.get("format") if text_node is not None else None
    text = _plain(_text(element, "questiontext/text"), fmt)
    feedback_node = element.find("generalfeedback")
    explanation = _plain(
        _text(element, "generalfeedback/text"),
        feedback_node.get("format") if feedback_node is not None else None,
    )
    title = _plain(_text(element, "name/text"), "plain")
    if kind not in ("multichoice", "truefalse"):
        return None, _("questions of type %(type)s are not supported") % {"type": kind or "?"}
    if not text:
        return None, _("the question text is empty")
    answers = element.findall("answer")
    if kind == "truefalse":
        right = [a for a in answers if (_fraction(a) or 0) > 0]
        if len(answers) != 2 or len(right) != 1:
            return None, _("true/false needs one answer")
        value = _text(right[0], "text").strip().lower()
        if value not in ("true", "false"):
            return None, _("true/false answers must be true or false")
        choices = true_false_choices(value == "true")
        question_kind = KIND_TRUE_FALSE
    else:
        choices = []
        for answer in answers:
            fraction = _fraction(answer)
            if fraction is None:
                return None, _("an answer has a fraction that is not a number")
            choices.append((_plain(_text(answer, "text"), answer.get("format")), fraction > 0))
        single = _text(element, "single").strip().lower() in ("true", "1")
        question_kind = KIND_SINGLE if single else KIND_MULTIPLE
    problem = check_choices(question_kind, choices)
    if problem:
        return None, problem
    if not category:
        return None, _("no category: add a category question or choose one on the form")
    return (
        ParsedQuestion(
            number=number,
            line=None,
            text=text,
            kind=question_kind,
            choices=choices,
            explanation=explanation,
            category=category,
            title=title,
        ),
        None,
    )
