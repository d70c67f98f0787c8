"""What every question importer produces: parsed questions, the questions it leaves out (of a
kind the quiz does not play), or the list of what is wrong."""

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
    # Each question left out, with where it is and why ("Question 3 (line 12): essay question").
    skipped: list[str] = field(default_factory=list)

    def finish(self) -> "ParseResult":
        """A file with nothing to import is an error (the skipped questions stay listed)."""
        if not self.questions and not self.errors:
            if self.skipped:
                self.errors.append(_("None of the questions in this file can be played in a quiz."))
            else:
                self.errors.append(_("The file contains no questions."))
        return self


def skip_reasons() -> dict[str, str]:
    """Why a Moodle question type is left out, by the type's Moodle name (in the user's language)."""
    return {
        "description": _("a description, not a question"),
        "essay": _("an essay question"),
        "shortanswer": _("a short-answer question"),
        "numerical": _("a numerical question"),
        "match": _("a matching question"),
        "matching": _("a matching question"),
        "randomsamatch": _("a matching question"),
        "multianswer": _("a cloze question"),
        "calculated": _("a calculated question"),
        "calculatedsimple": _("a calculated question"),
        "calculatedmulti": _("a calculated question"),
        "ddwtos": _("a drag-and-drop question"),
        "gapselect": _("a drag-and-drop question"),
        "ddimageortext": _("a drag-and-drop question"),
        "ddmarker": _("a drag-and-drop question"),
        "ordering": _("an ordering question"),
    }


def skip_reason(kind: str) -> str:
    return skip_reasons().get(kind) or _("a question of type %(type)s") % {"type": kind or "?"}


def picture_reason() -> str:
    return _("it shows a picture, which the quiz pages cannot show")


def explanation_from(general: str, feedback: list[tuple[str, str]]) -> str:
    """The explanation the quiz shows after an answer: the general feedback, then each answer's
    own feedback after the answer it belongs to."""
    lines = [general] if general else []
    for answer, text in feedback:
        if text and text not in lines:
            lines.append(_("%(answer)s: %(feedback)s") % {"answer": answer, "feedback": text})
    return "\n".join(lines)


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
