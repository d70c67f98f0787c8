"""The month's captains' allowances, computed from duties: patrol and report days on the
official working-day calendar, cases answered within 24 hours; reruns are idempotent; staff of
another community are refused; the public 公示 shows masked names only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from communities import services
from communities.models import Allowance, EvaluationRound, Post
from tests.accounts.factories import UserFactory
from tests.cases.factories import category, report
from tests.communities.factories import appoint, make_tree

pytestmark = pytest.mark.django_db

LOCAL = dt.timezone(dt.timedelta(hours=8))
OCTOBER = dt.date(2026, 10, 1)  # 1–7 October are holidays; Saturday the 10th is a working day


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, 0, tzinfo=LOCAL)


@pytest.fixture
def place(time_machine):
    time_machine.move_to(at(8, 8), tick=False)
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    tapo, baoan = tree["塔坡社区"], tree["保安社区"]
    captain = services.post_appoint(
        actor=None,
        user=UserFactory(real_name="张三丰"),
        node=tapo["building"],
        kind=Post.Kind.BUILDING_CAPTAIN,
        starts_on=dt.date(2026, 1, 5),
        notify_holder=False,
    )
    return {
        "tapo": tapo,
        "captain": captain,
        "staff": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user,
        "baoan_staff": appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]).user,
    }


def _duties(place, time_machine):
    """Patrols on the 3rd (holiday), 8th, 9th, 10th (make-up working day) and 11th (Sunday);
    reports on the 8th and 9th; one case started in 5 hours, one after two days."""
    user, building = place["captain"].user, place["tapo"]["building"]
    for day in (3, 8, 9, 10, 11):
        services.patrol_log_create(captain=user, building=building, date=dt.date(2026, 10, day))
    for day in (8, 9):
        services.daily_report_submit(
            captain=user, node=building, summary="楼道整洁", date=dt.date(2026, 10, day)
        )
    cat = category()
    for dispatched, started in ((at(12, 10), at(12, 15)), (at(13, 10), at(15, 10))):
        time_machine.move_to(dispatched, tick=False)
        case = report(node=building, cat=cat)
        case_services.case_accept(actor=place["staff"], case=case)
        case_services.case_dispatch(actor=place["staff"], case=case, post=place["captain"])
        time_machine.move_to(started, tick=False)
        case_services.case_start(actor=user, case=case)
    time_machine.move_to(at(31, 18), tick=False)


def test_the_allowance_is_computed_from_duties_on_the_official_calendar(place, time_machine):
    _duties(place, time_machine)
    outcome = services.allowances_compute_month(
        actor=place["staff"], node=place["tapo"]["community"], month=OCTOBER
    )
    assert outcome == {"created": 1, "updated": 0, "unchanged": 0, "paid_kept": 0}
    allowance = Allowance.objects.get()
    # 18 working days; the holiday and the Sunday do not count, the make-up Saturday does
    assert (allowance.working_days, allowance.patrol_days, allowance.report_days) == (18, 3, 2)
    assert (allowance.cases_assigned, allowance.cases_on_time) == (2, 1)
    # 50 % × 3/18 + 30 % × 2/18 + 20 % × 1/2 = 21.7 %; 150 yuan × 21.7 % = 32.55
    assert allowance.score == Decimal("21.7") and allowance.amount == Decimal("32.55")


def test_a_rerun_changes_nothing_and_a_paid_allowance_is_kept(place, time_machine):
    _duties(place, time_machine)
    kwargs = {"actor": place["staff"], "node": place["tapo"]["community"], "month": OCTOBER}
    services.allowances_compute_month(**kwargs)
    first = Allowance.objects.values().get()
    # when run again with the same duties
    assert services.allowances_compute_month(**kwargs)["unchanged"] == 1
    assert Allowance.objects.values().get() == first
    # a late patrol changes the unpaid allowance in place
    services.patrol_log_create(
        captain=place["captain"].user,
        building=place["tapo"]["building"],
        date=dt.date(2026, 10, 12),
    )
    assert services.allowances_compute_month(**kwargs)["updated"] == 1
    assert Allowance.objects.get().patrol_days == 4 and Allowance.objects.count() == 1
    # once paid, it is never recomputed
    services.allowance_mark_paid(actor=place["staff"], allowance=Allowance.objects.get())
    services.patrol_log_create(
        captain=place["captain"].user,
        building=place["tapo"]["building"],
        date=dt.date(2026, 10, 13),
    )
    assert services.allowances_compute_month(**kwargs)["paid_kept"] == 1
    assert Allowance.objects.get().patrol_days == 4


def test_staff_run_and_review_on_the_page_and_another_community_is_refused(client, place):
    community = place["tapo"]["community"]
    client.force_login(place["baoan_staff"])
    assert client.get(reverse("communities:allowances"), {"node": community.pk}).status_code == 404
    refused = client.post(
        reverse("communities:allowances_compute"), {"node": community.pk, "month": "2026-10"}
    )
    assert refused.status_code == 404 and not Allowance.objects.exists()
    client.force_login(place["staff"])
    bad = client.post(
        reverse("communities:allowances_compute"), {"node": community.pk, "month": "2026-13"}
    )
    assert bad.status_code == 302 and not Allowance.objects.exists()
    client.post(
        reverse("communities:allowances_compute"), {"node": community.pk, "month": "2026-10"}
    )
    page = client.get(reverse("communities:allowances"), {"node": community.pk, "month": "2026-10"})
    allowance = Allowance.objects.get()
    assert list(page.context["rows"]) == [allowance]
    assert "按官方" in page.content.decode() or "工作日" in page.content.decode()
    client.force_login(place["baoan_staff"])
    paid = reverse("communities:allowance_paid", args=[allowance.pk])
    assert client.post(paid).status_code == 404
    client.force_login(place["staff"])
    client.post(paid)
    assert Allowance.objects.get().paid


def test_the_public_notice_shows_awarded_captains_with_masked_names(client, place):
    community, captain = place["tapo"]["community"], place["captain"]
    evaluation = services.evaluation_round_create(
        actor=place["staff"],
        node=community,
        kind="excellent_captain",
        title="2026年第三季度优秀楼栋长",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        criteria="巡查、报告、响应",
        awards=1,
    )
    entry = evaluation.entries.get()
    services.evaluation_entry_score(actor=place["staff"], entry=entry, score=Decimal("95"))
    services.evaluation_publish(actor=place["staff"], evaluation=evaluation)
    page = client.get(reverse("communities:honours", args=[community.code]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2026年第三季度优秀楼栋长" in text and "张**" in text
    assert "张三丰" not in text and captain.user.phone not in text
    board = client.get(reverse("communities:board", args=[place["tapo"]["building"].code]))
    assert reverse("communities:honours", args=[community.code]) in board.content.decode()


def test_the_allowances_page_query_count_stays_flat(client, place):
    from tests.querycount import assert_flat

    community = place["tapo"]["community"]
    client.force_login(place["staff"])

    def grow():
        for _ in range(3):
            appoint(Post.Kind.BUILDING_CAPTAIN, place["tapo"]["building"])
        services.allowances_compute_month(actor=place["staff"], node=community, month=OCTOBER)

    grow()
    assert_flat(
        client, reverse("communities:allowances"), grow, {"node": community.pk, "month": "2026-10"}
    )


def test_every_working_day_patrolled_and_reported_without_cases_earns_the_full_amount(place):
    from communities.duties import working_days

    user, building = place["captain"].user, place["tapo"]["building"]
    for day in working_days(OCTOBER, dt.date(2026, 10, 31)):
        services.patrol_log_create(captain=user, building=building, date=day)
        services.daily_report_submit(captain=user, node=building, summary="正常", date=day)
    services.allowances_compute_month(
        actor=place["staff"], node=place["tapo"]["community"], month=OCTOBER
    )
    allowance = Allowance.objects.get()
    assert (allowance.patrol_days, allowance.cases_assigned) == (18, 0)
    assert allowance.score == Decimal("100.0") and allowance.amount == Decimal("150.00")


def test_the_months_excellent_captains_are_selected_by_duty_score_and_shown(
    client, place, time_machine
):
    _duties(place, time_machine)
    community = place["tapo"]["community"]
    data = {"node": community.pk, "month": "2026-10"}
    client.force_login(place["staff"])
    # without computed allowances there is nothing to select from: a clear message
    client.post(reverse("communities:excellent_captains"), data)
    assert not EvaluationRound.objects.exists()
    client.post(reverse("communities:allowances_compute"), data)
    client.force_login(place["baoan_staff"])
    assert client.post(reverse("communities:excellent_captains"), data).status_code == 404
    client.force_login(place["staff"])
    client.post(reverse("communities:excellent_captains"), data)
    evaluation = EvaluationRound.objects.get()
    assert evaluation.status == EvaluationRound.Status.PUBLISHED
    entry = evaluation.entries.get()
    assert entry.awarded and entry.score == Decimal("21.7")
    # once per place and month
    with pytest.raises(ValidationError):
        services.excellent_captains_from_duties(actor=place["staff"], node=community, month=OCTOBER)
    notice = client.get(reverse("communities:honours", args=[community.code])).content.decode()
    assert "张**" in notice and "2026-10" in notice
