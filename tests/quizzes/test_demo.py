import pytest

from core.demo import DemoContext
from quizzes.demo import seed_demo
from quizzes.models import Campaign, Question
from tests.quizzes.factories import street

pytestmark = pytest.mark.django_db


def test_the_demo_quiz_is_seeded_once():
    context = DemoContext(data={"street": street()})
    seed_demo(context)
    seed_demo(context)
    assert Campaign.objects.count() == 1 and Question.objects.count() == 8
    assert context.data["quiz_campaign"].prizes.count() == 3
