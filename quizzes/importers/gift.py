"""Moodle GIFT format reader for the question types the quizzes play.

No maintained GIFT parser exists on PyPI, so this follows Moodle's own reader
(question/format/gift/format.php): questions are separated by blank lines, `//` lines are
comments, `$CATEGORY: a/b` sets the category (its last part is used), `::title::` names a
question, `[html]`/`[moodle]`/`[plain]`/`[markdown]` give a text's format (Moodle's default is
`moodle`; see importers/text.py), and the answers sit in `{...}`. The question type is told as
Moodle tells it:

    no { }                              a description: left out (listed)
    {}  {####general feedback}          essay: left out (listed)
    {#...}                              numerical: left out (listed)
    {=right ~wrong ~%50%partly}         single choice (any `=`): only `=` (or a 100 % weight)
                                        is right; partial-credit options count as wrong
    {~%50%a ~%50%b ~%-100%c}            no `=`: the options with a positive weight share the
                                        credit and are all right (several = multiple choice)
    {=a -> b =c -> d}                   matching: left out (listed)
    {T} {TRUE} {F} {FALSE}              true/false
    {=a =b}                             short answer: left out (listed)
    answer#feedback                     kept in the explanation, after its answer
    {T#feedback if wrong#feedback if right}
    ####general feedback                the explanation

Escapes `\\: \\= \\~ \\{ \\} \\# \\\\ \\n` stand for the literal characters. A question the quiz cannot
play is listed with its line and skipped; a playable question with a mistake is an error (the
file is then refused whole).
"""

import re
from dataclasses import dataclass

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

# Escaped characters become private-use placeholders while parsing, then are put back.
_ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\=": "\ue002", "\\~": "\ue003"}
_ESCAPES |= {"\\{": "\ue004", "\\}": "\ue005", "\\#": "\ue006", "\\n": "\n"}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items() if v != "\n"}
_ESCAPE_RE = re.compile(r"\\[\\:=~{}#n]")
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(value: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], value)


def _restore(value: str) -> str:
    for placeholder, char in _RESTORE.items():
        value = value.replace(placeholder, char)
    return value


@dataclass
class _Text:
    """A piece of GIFT text with its format, restored from the escapes."""

    raw: str
    fmt: str

    @classmethod
    def read(cls, value: str, default_fmt: str) -> "_Text":
        match = _FORMAT_RE.match(value)
        if match:
            return cls(_restore(value[match.end() :]), match.group(1).lower())
        return cls(_restore(value), default_fmt)

    @property
    def plain(self) -> str:
        return text.plain_text(self.raw, self.fmt)

    @property
    def has_picture(self) -> bool:
        return text.has_picture(self.raw, self.fmt)


class _Skip(Exception):
    """The question is of a kind the quiz does not play: left out, and listed."""


class _Problem(Exception):
    """A question the quiz could play has a mistake: the file is refused."""


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
        try:
            result.questions.append(_question(block, number=number, line=line, category=category))
        except _Skip as skip:
            result.skipped.append(problem_at(number, line, str(skip)))
        except _Problem as problem:
            result.errors.append(problem_at(number, line, str(problem)))
    return result.finish()


def _question(block: str, *, number: int, line: int, category: str) -> ParsedQuestion:
    title = ""
    body = block.strip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            raise _Problem(_("the title is not closed with ::"))
        title, body = _restore(body[2:end]).strip(), body[end + 2 :].strip()
    if "{" not in body and "}" not in body:
        raise _Skip(skip_reason("description"))
    if body.count("{") != 1 or body.count("}") != 1 or body.find("{") > body.find("}"):
        raise _Problem(_("braces { } must appear once; write \\{ or \\} for a literal brace"))
    opening, closing = body.find("{"), body.find("}")
    before, answers, after = body[:opening], body[opening + 1 : closing], body[closing + 1 :]
    # "Missing word" questions keep the blank where the answers stood.
    stem = _Text.read(
        before if not after.strip() else f"{before.rstrip()} ____ {after.lstrip()}", text.MOODLE
    )
    fmt = stem.fmt

    general = ""
    if "####" in answers:
        answers, general = answers.rsplit("####", 1)
        general = _Text.read(general, fmt).plain
    answers = answers.strip()
    if not answers:
        raise _Skip(skip_reason("essay"))
    if answers.startswith("#"):
        raise _Skip(skip_reason("numerical"))
    if "~" in answers:
        kind, choices, feedback, pictures = _multiple_choice(answers, fmt)
    elif "=" in answers and "->" in answers:
        raise _Skip(skip_reason("match"))
    elif answers.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
        kind, choices, feedback, pictures = _true_false(answers, fmt)
    else:
        raise _Skip(skip_reason("shortanswer"))
    if stem.has_picture or pictures:
        raise _Skip(picture_reason())
    if not stem.plain:
        raise _Problem(_("the question text is empty"))
    problem = check_choices(kind, choices)
    if problem:
        raise _Problem(problem)
    if not category:
        raise _Problem(_("no category: add a $CATEGORY: line or choose one on the form"))
    return ParsedQuestion(
        number=number,
        line=line,
        text=stem.plain,
        kind=kind,
        choices=choices,
        explanation=explanation_from(general, feedback),
        category=category,
        title=title,
    )


def _true_false(answers: str, fmt: str):
    value, *notes = answers.split("#", 2)
    is_true = _TRUE_FALSE[value.strip().upper()]
    choices = true_false_choices(is_true)
    # Moodle: {TRUE#shown to who answers wrong#shown to who answers right}
    wrong_note, right_note = (_Text.read(note, fmt) for note in [*notes, "", ""][:2])
    feedback = [
        (answer, (right_note if is_right else wrong_note).plain) for answer, is_right in choices
    ]
    return KIND_TRUE_FALSE, choices, feedback, right_note.has_picture or wrong_note.has_picture


def _multiple_choice(answers: str, fmt: str):
    if answers[0] not in "=~":
        raise _Problem(_("each answer must start with = (right) or ~ (wrong)"))
    has_right = "=" in answers
    choices, feedback, pictures = [], [], False
    for part in re.split(r"(?=[=~])", answers):
        if not part.strip():
            continue
        marker, rest = part[0], part[1:]
        weight = None
        match = _WEIGHT_RE.match(rest)
        if match:
            weight = float(match.group(1))
            rest = rest[match.end() :]
        answer_part, _hash, note_part = rest.partition("#")
        answer, note = _Text.read(answer_part.strip(), fmt), _Text.read(note_part.strip(), fmt)
        pictures = pictures or answer.has_picture or note.has_picture
        if has_right:
            # One right answer (Moodle's single-answer question); partial credit is not right.
            correct = marker == "=" or (weight is not None and weight >= 100)
        else:
            # Several answers share the credit: every positive weight is a right answer.
            correct = weight is not None and weight > 0
        choices.append((answer.plain, correct))
        feedback.append((answer.plain, note.plain))
    right = sum(1 for _text, ok in choices if ok)
    kind = KIND_MULTIPLE if not has_right and right > 1 else KIND_SINGLE
    return kind, choices, feedback, pictures
