"""Builders for the surveys tests; writes go through the real services."""

from surveys import services
from surveys.models import Question, Survey
from tests.notices.factories import live_in  # noqa: F401  (re-exported for the tests)

QUESTIONS = [
    {"kind": "single", "text": "您最希望增加哪类活动？", "choices": ["文体活动", "健康讲座"]},
    {"kind": "multiple", "text": "您需要哪些上门服务？", "choices": ["助餐", "理发", "维修"]},
    {"kind": "rating", "text": "您对社区服务的满意度", "required": True},
    {"kind": "text", "text": "其他建议", "required": False},
]


def make_survey(*, actor, node, **fields) -> Survey:
    fields.setdefault("title", "社区服务需求调查")
    fields.setdefault("questions", QUESTIONS)
    return services.survey_create(actor=actor, node=node, **fields)


def answers_for(survey: Survey, *, single=0, multiple=(0,), rating=4, text="多办活动") -> dict:
    """An answer sheet by option position (question order as in QUESTIONS)."""
    q = {question.kind: question for question in survey.questions.prefetch_related("choices")}
    choices = {kind: list(question.choices.all()) for kind, question in q.items()}
    return {
        q[Question.Kind.SINGLE].pk: choices["single"][single].pk,
        q[Question.Kind.MULTIPLE].pk: [choices["multiple"][i].pk for i in multiple],
        q[Question.Kind.RATING].pk: rating,
        q[Question.Kind.TEXT].pk: text,
    }
