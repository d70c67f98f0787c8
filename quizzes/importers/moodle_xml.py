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

The same rules as the GIFT reader: multichoice and truefalse are read; a single-answer question
(`<single>true</single>`) has one right answer, the one with full credit (partial credit is not
right); in a several-answer question every option with a positive fraction is right. Texts are
turned into plain text by their format (importers/text.py), each answer's feedback is kept in
the explanation. Descriptions, other types and questions showing pictures are left out and
listed with their line. A DOCTYPE is refused (no entity tricks).
"""

import xml.etree.ElementTree as ET
from xml.parsers import expat

from django.utils.translation import gettext as _

from quizzes.importers import text
from quizzes.importers.base import (
    KIND_MULTIPLE,
    KIND_SINGLE,
    KIND_TRUE_FALSE,
    ParsedQuestion,
    ParseResult,
    check_choices,
    explanation_from,
    picture_reason,
    problem_at,
    skip_reason,
    true_false_choices,
)


def _raw(element, path: str) -> str:
    node = element.find(path) if element is not None else None
    if node is None or node.text is None:
        return ""
    return node.text


def _format(element, default: str) -> str:
    if element is None or not element.get("format"):
        return default
    return text.XML_FORMATS.get(element.get("format"), text.HTML)


def _fraction(answer) -> float | None:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return None


def _question_lines(raw: str) -> list[int]:
    """The line of each <question> of the <quiz>, in order (ElementTree does not keep lines)."""
    parser = expat.ParserCreate()
    lines: list[int] = []
    depth = 0

    def start(name, _attributes):
        nonlocal depth
        depth += 1
        if depth == 2 and name == "question":
            lines.append(parser.CurrentLineNumber)

    def end(_name):
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.Parse(raw, True)
    return lines


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
    lines = iter(_question_lines(raw))
    for element in root:
        if element.tag != "question":
            continue
        line = next(lines, None)
        kind = element.get("type", "")
        if kind == "category":
            moodle_category = _raw(element, "category/text")
            parts = [
                p for p in moodle_category.split("/") if p and not p.startswith("$") and p != "top"
            ]
            category = parts[-1].strip() if parts else default_category
            continue
        number += 1
        if kind not in ("multichoice", "truefalse"):
            result.skipped.append(problem_at(number, line, skip_reason(kind)))
            continue
        question, problem, skipped = _parse_question(element, kind, number, line, category)
        if skipped:
            result.skipped.append(problem_at(number, line, skipped))
        elif problem:
            result.errors.append(problem_at(number, line, problem))
        else:
            result.questions.append(question)
    return result.finish()


def _parse_question(element, kind: str, number: int, line: int | None, category: str):
    """(question, problem, reason to skip): exactly one of them is set."""
    fmt = _format(element.find("questiontext"), text.HTML)
    raw_text = _raw(element, "questiontext/text")
    general = text.plain_text(
        _raw(element, "generalfeedback/text"), _format(element.find("generalfeedback"), fmt)
    )
    title = text.plain_text(_raw(element, "name/text"), text.PLAIN)
    answers = element.findall("answer")
    pictures = text.has_picture(raw_text, fmt)
    feedback = []
    if kind == "truefalse":
        right = [a for a in answers if (_fraction(a) or 0) > 0]
        if len(answers) != 2 or len(right) != 1:
            return None, _("true/false needs one answer"), None
        value = _raw(right[0], "text").strip().lower()
        if value not in ("true", "false"):
            return None, _("true/false answers must be true or false"), None
        choices = true_false_choices(value == "true")
        for answer in answers:
            shown = (
                choices[0][0] if _raw(answer, "text").strip().lower() == "true" else choices[1][0]
            )
            note_element = answer.find("feedback")
            note = _raw(answer, "feedback/text")
            feedback.append((shown, text.plain_text(note, _format(note_element, fmt))))
            pictures = pictures or text.has_picture(note, _format(note_element, fmt))
        question_kind = KIND_TRUE_FALSE
    else:
        single = _raw(element, "single").strip().lower() in ("true", "1")
        choices = []
        for answer in answers:
            fraction = _fraction(answer)
            if fraction is None:
                return None, _("an answer has a fraction that is not a number"), None
            answer_fmt = _format(answer, fmt)
            answer_raw = _raw(answer, "text")
            note_element = answer.find("feedback")
            note_raw = _raw(answer, "feedback/text")
            shown = text.plain_text(answer_raw, answer_fmt)
            # Single answer: only full credit is right. Several: every positive fraction is.
            choices.append((shown, fraction >= 100 if single else fraction > 0))
            feedback.append((shown, text.plain_text(note_raw, _format(note_element, answer_fmt))))
            pictures = pictures or text.has_picture(answer_raw, answer_fmt)
        right = sum(1 for _text, ok in choices if ok)
        question_kind = KIND_MULTIPLE if not single and right > 1 else KIND_SINGLE
    if pictures:
        return None, None, picture_reason()
    plain = text.plain_text(raw_text, fmt)
    if not plain:
        return None, _("the question text is empty"), None
    problem = check_choices(question_kind, choices)
    if problem:
        return None, problem, None
    if not category:
        return None, _("no category: add a category question or choose one on the form"), None
    question = ParsedQuestion(
        number=number,
        line=line,
        text=plain,
        kind=question_kind,
        choices=choices,
        explanation=explanation_from(general, feedback),
        category=category,
        title=title,
    )
    return question, None, None
