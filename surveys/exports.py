"""The survey's Excel file: one row per answer, and the figures per grid."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.masking import name_for_others
from core.exports import workbook_bytes
from surveys.models import Question, Survey
from surveys.selectors import SurveyResults, questions_of


def _bold_last(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _value(question: Question, answers: list) -> object:
    mine = [a for a in answers if a.question_id == question.pk]
    if question.has_choices:
        return "；".join(a.choice.label for a in mine if a.choice)
    if question.kind == Question.Kind.RATING:
        return mine[0].rating if mine else None
    return mine[0].text if mine else ""


def survey_workbook(*, survey: Survey, rows, results: SurveyResults) -> bytes:
    """Answers sheet (named surveys: the respondent's name as staff may see it, and the room)
    and a per-grid sheet with answer counts and average ratings."""
    questions = questions_of(survey)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Answers")
    headers = [_("Grid"), _("Answered at"), _("Entered by")]
    if not survey.anonymous:
        headers[1:1] = [_("Resident"), _("Room")]
    sheet.append(headers + [q.text for q in questions])
    _bold_last(sheet)
    for response in rows:
        answers = list(response.answers.all())
        values = [
            response.place.name if response.place else "",
            timezone.localtime(response.created_at).strftime("%Y-%m-%d %H:%M"),
            name_for_others(response.entered_by) if response.entered_by else "",
        ]
        if not survey.anonymous:
            values[1:1] = [
                name_for_others(response.respondent) if response.respondent else "",
                str(response.household) if response.household else "",
            ]
        sheet.append(values + [_value(q, answers) for q in questions])
    grids = book.create_sheet(_("By grid"))
    ratings = [r for r in results.questions if r.question.kind == Question.Kind.RATING]
    grids.append([_("Grid"), _("Answers")] + [r.question.text for r in ratings])
    _bold_last(grids)
    for index, (place, count) in enumerate(results.by_place):
        grids.append([place.name, count] + [r.by_place[index][1] for r in ratings])
    grids.append([_("Total"), results.total] + [r.average for r in ratings])
    return workbook_bytes(book)
