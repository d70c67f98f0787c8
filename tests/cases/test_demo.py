import pytest

from cases.models import Case, State
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed():
    from accounts import demo as accounts_demo
    from cases import demo
    from communities import demo as communities_demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def test_demo_cases_cover_the_main_states_and_are_idempotent():
    _seed()
    states = set(Case.objects.values_list("state", flat=True))
    assert {State.PENDING, State.IN_PROGRESS, State.CLOSED, State.DISPATCHED} <= states
    count = Case.objects.count()
    _seed()
    assert Case.objects.count() == count == 4
