""" "Needs me now": each count equals the rows set up, scoped to the place, in flat queries."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services as case_services
from communities.models import Allowance, Post, Residency
from communities.services import post_end
from points.models import LedgerCheck
from tests.accounts.factories import UserFactory
from tests.cases.factories import category, report
from tests.communities.factories import ResidencyFactory, appoint
from tests.consultations.factories import open_consultation
from tests.events.factories import make_event
from tests.marketplace.factories import make_merchant, make_offer
from tests.volunteers.factories import pending_record, team_with_leader, volunteer
from volunteers.models import Wish
from workbench.queues import workbench_ledger_alert, workbench_queues

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


def counts(node):
    return {
        queue.key: queue.count for group in workbench_queues(node=node) for queue in group.queues
    }


def add_work(place, staff, *, n=1, batch=0):
    """n of each kind of work at `place` (a community's nodes dict)."""
    cat = category(response_limit=24, resolve_limit=48)
    for i in range(n):
        report(node=place["building"], cat=cat)  # waiting for acceptance
        checked = report(node=place["units"][0], cat=cat)
        handler = Post.objects.filter(node=place["building"], ends_on__isnull=True).first()
        case_services.case_accept(actor=handler.user, case=checked)
        case_services.case_start(actor=handler.user, case=checked)
        case_services.case_submit(actor=handler.user, case=checked, result="已处理")
        ResidencyFactory(household=place["households"][0], status=Residency.Status.PENDING)
        team, _leader = team_with_leader(place["community"], name=f"服务队{batch}-{i}")
        pending_record(team, volunteer(place["community"]))
        Wish.objects.create(resident=UserFactory(), node=place["community"], title="换灯泡")
        Wish.objects.create(
            resident=UserFactory(), node=place["community"], title="修门", status=Wish.Status.OPEN
        )
        make_event(place["community"], starts_at=NOW + dt.timedelta(days=1))
        ResidencyFactory(household=place["households"][1])  # a voter
        open_consultation(staff=staff, node=place["community"], hours=48)
        make_merchant(place["community"], approved=False)
        make_offer(make_merchant(place["community"]), approved=False)


@pytest.fixture
def work(time_machine, posts, tapo, baoan):
    time_machine.move_to(NOW, tick=False)
    appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"])
    add_work(tapo, posts["community_staff"].user)
    captain = posts["captain"]
    Allowance.objects.create(
        post=captain, captain=captain.user, month=dt.date(2026, 2, 1), amount=Decimal("150")
    )
    # 保安: one case waiting, and its building loses its captain
    report(node=baoan["building"], cat=category())
    for post in Post.objects.filter(node=baoan["building"], ends_on__isnull=True):
        post_end(actor=None, post=post, ends_on=NOW.date())
    # three days on: the first cases are overdue, the consultation closes within 3 days
    time_machine.move_to(NOW + dt.timedelta(hours=30), tick=False)
    return {"tapo": tapo, "baoan": baoan}


def test_community_counts_equal_the_rows_set_up(work, tapo):
    assert counts(tapo["community"]) == {
        "to_accept": 1,
        "overdue": 1,  # the case still waiting passed its 24 h response deadline
        "to_verify": 1,
        "returned": 0,
        "on_hold": 0,
        "claims": 1,
        "captains_without_patrol": 1,
        "buildings_without_captain": 0,
        "allowances_unpaid": 1,
        "hours_to_verify": 1,
        "wishes_to_dispatch": 1,
        "wishes_unclaimed": 1,
        "merchants_to_approve": 1,
        "offers_to_approve": 1,
        "commitments_overdue": 0,  # no co-building project here (tests/party/test_alliance_pages.py)
    }
    this_week = next(g for g in workbench_queues(node=tapo["community"]) if g.key == "this_week")
    assert [item["kind"] for item in this_week.items] == ["session", "consultation"]


def test_a_street_adds_up_its_communities_and_a_community_sees_only_its_own(work, tree, baoan):
    street = counts(tree["street"])
    assert street["to_accept"] == 2
    assert street["buildings_without_captain"] == 1
    baoan_counts = counts(baoan["community"])
    assert baoan_counts["to_accept"] == 1
    assert baoan_counts["claims"] == baoan_counts["hours_to_verify"] == 0
    assert baoan_counts["merchants_to_approve"] == 0


def test_ledger_alert_shows_on_the_street_while_the_latest_check_failed(work, tree, tapo):
    assert workbench_ledger_alert(node=tree["street"]) is None
    LedgerCheck.objects.create(ok=False)
    assert workbench_ledger_alert(node=tree["street"]) is not None
    assert workbench_ledger_alert(node=tapo["community"]) is None
    LedgerCheck.objects.create(ok=True)
    assert workbench_ledger_alert(node=tree["street"]) is None


def test_page_links_each_queue_and_another_communitys_staff_are_refused(client, work, posts, tapo):
    client.force_login(posts["community_staff"].user)
    page = client.get(reverse("workbench:place", args=[tapo["community"].pk])).content.decode()
    assert f"{reverse('cases:board')}?state=pending&amp;node={tapo['community'].pk}" in page
    assert reverse("volunteers:verify") in page
    assert reverse("communities:claims_pending") in page
    client.force_login(posts["baoan_staff"].user)
    response = client.get(reverse("workbench:place", args=[tapo["community"].pk]))
    assert response.status_code == 404


def test_query_count_stays_flat_as_rows_grow(
    client, work, posts, tapo, django_assert_max_num_queries
):
    client.force_login(posts["street_staff"].user)
    url = reverse("workbench:place", args=[tapo["community"].parent_id])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_work(tapo, posts["community_staff"].user, n=3, batch=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
