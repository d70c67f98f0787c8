import pytest

from accounts import demo as accounts_demo
from communities import demo as communities_demo
from core.demo import DemoContext
from events import demo
from events.models import Event, Registration, TopicMenu

pytestmark = pytest.mark.django_db


def test_demo_activities_are_seeded_once():
    for _run in range(2):
        context = DemoContext()
        accounts_demo.seed_demo(context)
        communities_demo.seed_demo(context)
        demo.seed_demo(context)
    assert Event.objects.count() == 4
    assert TopicMenu.objects.count() == 1
    assert Registration.objects.filter(user=context.data["resident"]).count() == 1
    assert Event.objects.get(title__startswith="文明日").occurrences.count() >= 2
