import pytest

from consultations.models import Consultation, CouncilMember, Matter
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed():
    from accounts import demo as accounts_demo
    from communities import demo as communities_demo
    from consultations import demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def test_the_demo_council_is_seeded_once():
    _seed()
    counts = (Matter.objects.count(), Consultation.objects.count(), CouncilMember.objects.count())
    _seed()
    assert (
        Matter.objects.count(),
        Consultation.objects.count(),
        CouncilMember.objects.count(),
    ) == counts
    lift = Consultation.objects.get()
    assert lift.status == "published" and lift.electorate == "owners"
    assert lift.electorate_size >= 1
