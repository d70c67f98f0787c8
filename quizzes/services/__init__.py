"""Writes of the quizzes app: views, admin, API, tasks and the demo all call these."""

from quizzes.services.campaigns import campaign_create, campaign_save
from quizzes.services.draws import draw_perform
from quizzes.services.next_question import question_serve_next
from quizzes.services.play import AnswerResult, answer_submit, participant_start, question_serve
from quizzes.services.questions import (
    ImportNeedsConfirmation,
    ImportRefused,
    question_create,
    question_deactivate,
    question_import_confirm,
    question_save,
    questions_import,
    questions_upload,
)

__all__ = [
    "AnswerResult",
    "ImportNeedsConfirmation",
    "ImportRefused",
    "answer_submit",
    "campaign_create",
    "campaign_save",
    "draw_perform",
    "participant_start",
    "question_create",
    "question_deactivate",
    "question_save",
    "question_import_confirm",
    "question_serve",
    "question_serve_next",
    "questions_import",
    "questions_upload",
]
