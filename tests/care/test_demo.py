import pytest
from django.urls import reverse

from care.models import CareRole, CareTag, VisitPlan
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed():
    from accounts import demo as accounts_demo
    from care import demo
    from communities import demo as communities_demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def test_demo_captain_finds_the_elder_on_the_register_and_seeding_is_idempotent(client):
    context = _seed()
    counts = (CareRole.objects.count(), CareTag.objects.count(), VisitPlan.objects.count())
    _seed()
    assert counts == (CareRole.objects.count(), CareTag.objects.count(), VisitPlan.objects.count())
    assert counts[1] == 2 and counts[2] == 1
    client.force_login(context.data["captain"])
    assert "陈秀英" in client.get(reverse("care:register")).content.decode()
