"""Moodle GIFT format reader for the question types the quizzes play.

No maintained GIFT parser exists on PyPI, so this follows Moodle's own reader
(question/format/gift/format.php): questions are separated by blank lines, `//` lines are
comments, `$CATEGORY: a/b` sets the category (its last part is used), `::title::` names a
question, `[html]`/`[moodle]`/`[plain]`/`[markdown]` choose a text format, and the answers sit
in `{...}`:

    {T} {TRUE} {F} {FALSE}             true/false
    {=right ~wrong ~wrong}             single choice
    {~%50%a ~%50%b ~%-100%c}           multiple choice (positive weights are correct)
    #feedback after an answer          (ignored: the quiz shows one explanation)
    ####general feedback               becomes the explanation

Escapes `\\: \\= \\~ \\{ \\} \\# \\\\ \\n` stand for the literal characters. Short answer, numerical,
matching, essay and description questions are reported as not supported.
"""

import re

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

# Escaped characters become private-use placeholders while parsing, then are put back.
_ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\=": "\ue002", "\\~": "\ue003"}
_ESCAPES |= {"\\{": "\ue004", "\\}": "\ue005", "\\#": "\ue006", "\\n": "\n"}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items() if v != "\n"}
_ESCAPE_RE = re.compile(r"\\[\\:=~{}#n]")
_FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]\s*", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str, is_html: bool = False) -> str:
    text = _restore(text).strip()
    if is_html:
        text = strip_tags(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _blocks(content: str):
    """Yield (first line number, text) of each question; comment lines are dropped."""
    lines: list[str] = []
    start = None
    for number, raw in enumerate(content.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if lines:
                yield start, "\n".join(lines)
                lines, start = [], None
            continue
        if start is None:
            start = number
        lines.append(raw)
    if lines:
        yield start, "\n".join(lines)


def parse_gift(content: str, *, default_category: str = "") -> ParseResult:
    result = ParseResult()
    category = default_category
    number = 0
    for line, block in _blocks(content.lstrip("\ufeff")):
        block = _protect(block)
        if block.lstrip().startswith("$CATEGORY:"):
            # A Moodle category trail ("$course$/top/禁毒/法规"): its last part names the category.
            moodle_category = _restore(block.split(":", 1)[1]).strip()
            parts = [p for p in moodle_category.split("/") if p and not p.startswith("$")]
            category = parts[-1].strip() if parts else default_category
            continue
        number += 1
        question, problem = _parse_block(block, number=number, line=line, category=category)
        if problem:
            result.errors.append(problem_at(number, line, problem))
        else:
            result.questions.append(question)
    if not result.questions and not result.errors:
        result.errors.append(_("The file contains no questions."))
    return result


def _parse_block(block: str, *, number: int, line: int, category: str):
    title = ""
    text = block.strip()
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            return None, _("the title is not closed with ::")
        title, text = _clean(text[2:end]), text[end + 2 :].strip()
    opening, closing = text.find("{"), text.rfind("}")
    if opening < 0 or closing < opening:
        return None, _("no answers in { } found")
    if text.count("{") != 1 or text.count("}") != 1:
        return None, _("braces { } must appear once; write \\{ or \\} for a literal brace")
    before, answers, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    is_html = False
    match = _FORMAT_RE.match(before.strip())
    if match:
        is_html = match.group(1).lower() in ("html", "moodle")
        before = before.strip()[match.end() :]
    # "Missing word" questions keep the blank where the answers stood.
    stem = before if not after.strip() else f"{before.rstrip()} ____ {after.lstrip()}"
    stem = _clean(stem, is_html)
    if not stem:
        return None, _("the question text is empty")

    explanation = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
        explanation = _clean(general, is_html)
    body = answers.strip()
    if not body:
        return None, _("essay questions are not supported")
    if body.startswith("#"):
        return None, _("numerical questions are not supported")
    if "->" in body:
        return None, _("matching questions are not supported")

    tf = re.match(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", body, re.IGNORECASE | re.DOTALL)
    if tf:
        is_true = tf.group(1).upper().startswith("T")
        choices = true_false_choices(is_true)
        return _question(number, line, stem, KIND_TRUE_FALSE, choices, explanation, category, title)

    if body[0] not in "=~":
        return None, _("each answer must start with = (right) or ~ (wrong)")
    parts = re.split(r"(?=[=~])", body)
    markers = []
    for part in parts:
        if not part.strip():
            continue
        marker, rest = part[0], part[1:]
        weight = None
        match = _WEIGHT_RE.match(rest.strip())
        if match:
            weight = float(match.group(1))
            rest = rest.strip()[match.end() :]
        answer_text = rest.split("#", 1)[0]
        markers.append((marker, weight, _clean(answer_text, is_html)))
    if all(marker == "=" for marker, _w, _t in markers):
        return None, _("short-answer questions are not supported")
    weighted = any(weight is not None for _m, weight, _t in markers)
    choices = []
    for marker, weight, answer_text in markers:
        if marker == "=":
            correct = weight is None or weight > 0
        else:
            correct = weight is not None and weight > 0
        choices.append((answer_text, correct))
    correct_count = sum(1 for _t, ok in choices if ok)
    kind = KIND_MULTIPLE if weighted and correct_count > 1 else KIND_SINGLE
    if sum(1 for m, _w, _t in markers if m == "=") > 1 and not weighted:
        return None, _("a single-choice question needs exactly one correct answer")
    return _question(number, line, stem, kind, choices, explanation, category, title)


def _question(number, line, stem, kind, choices, explanation, category, title):
    problem = check_choices(kind, choices)
    if problem:
        return None, problem
    if not category:
        return None, _("no category: add a $CATEGORY: line or choose one on the form")
    return (
        ParsedQuestion(
            number=number,
            line=line,
            text=stem,
            kind=kind,
            choices=choices,
            explanation=explanation,
            category=category,
            title=title,
        ),
        None,
    )
