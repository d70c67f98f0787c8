"""What every question importer produces: parsed questions, or the list of what is wrong."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

KIND_SINGLE = "single"
KIND_MULTIPLE = "multiple"
KIND_TRUE_FALSE = "true_false"

# The answer texts of a true/false question, in the order shown.
TRUE_TEXT = "正确"
FALSE_TEXT = "错误"


@dataclass
class ParsedQuestion:
    number: int  # 1-based position in the file, as staff count them
    line: int | None  # first line (GIFT) or row (Excel); None for XML
    text: str
    kind: str
    choices: list[tuple[str, bool]]
    explanation: str = ""
    category: str = ""
    difficulty: int | None = None
    title: str = ""


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def where(number: int, line: int | None) -> str:
    if line is None:
        return _("Question %(number)d") % {"number": number}
    return _("Question %(number)d (line %(line)d)") % {"number": number, "line": line}


def problem_at(number: int, line: int | None, problem: str) -> str:
    return _("%(where)s: %(problem)s") % {"where": where(number, line), "problem": problem}


def check_choices(kind: str, choices: list[tuple[str, bool]]) -> str | None:
    """Why the answers of a question do not make a playable question, or None."""
    correct = sum(1 for _text, ok in choices if ok)
    if any(not text.strip() for text, _ok in choices):
        return _("an answer option is empty")
    if kind == KIND_TRUE_FALSE:
        return None if correct == 1 and len(choices) == 2 else _("true/false needs one answer")
    if len(choices) < 2:
        return _("at least two answer options are needed")
    if correct == 0:
        return _("no answer is marked correct")
    if kind == KIND_SINGLE and correct != 1:
        return _("a single-choice question needs exactly one correct answer")
    return None


def true_false_choices(answer: bool) -> list[tuple[str, bool]]:
    return [(TRUE_TEXT, answer), (FALSE_TEXT, not answer)]
