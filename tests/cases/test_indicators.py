"""Indicators on a constructed data set: every rate computed by hand and compared exactly."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cases import selectors, services
from cases.models import Satisfaction, TimeUnit
from tests.cases.factories import category, report

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)  # Monday


def hours(n):
    return datetime.timedelta(hours=n)


@pytest.fixture
def data(tapo, baoan, posts, time_machine):
    """Five cases (response 24 h, resolution 48 h, calendar time) in 塔坡 and one in 保安:

    A 塔坡: accepted after 2 h, closed after 10 h, rated satisfied
    B 塔坡: accepted after 30 h (late), closed after 60 h (late), rated unsatisfied
    C 塔坡: rejected after 5 h
    D 塔坡: never responded (due for response and resolution by the as-of time)
    E 塔坡: merged into A after 1 h (a duplicate: not counted at all)
    F 保安: accepted after 1 h, closed after 20 h, rated basically satisfied
    """
    time_machine.move_to(DAY, tick=False)
    cat = category(
        response_limit=24,
        response_unit=TimeUnit.CALENDAR_HOURS,
        resolve_limit=48,
        resolve_unit=TimeUnit.CALENDAR_HOURS,
    )
    other = category("车辆乱停", "交通", resolve_limit=48, resolve_unit=TimeUnit.CALENDAR_HOURS)
    captain, grid, staff = (
        posts["captain"].user,
        posts["grid_worker"].user,
        posts["community_staff"].user,
    )
    baoan_captain, baoan_staff = posts["baoan_captain"].user, posts["baoan_staff"].user
    a = report(node=tapo["units"][0], cat=cat)
    b = report(node=tapo["units"][1], cat=other)
    c = report(node=tapo["building"], cat=cat)
    report(node=tapo["compound"], cat=cat)  # D
    e = report(node=tapo["units"][0], cat=cat)
    f = report(node=baoan["units"][0], cat=cat)

    def close(case, handler, checker, after):
        time_machine.move_to(DAY + hours(after - 1), tick=False)
        services.case_start(actor=handler, case=case)
        services.case_submit(actor=handler, case=case, result="已处理")
        time_machine.move_to(DAY + hours(after), tick=False)
        services.case_verify(actor=checker, case=case, passed=True)

    time_machine.move_to(DAY + hours(1), tick=False)
    services.case_accept(actor=baoan_captain, case=f)
    services.case_merge(actor=staff, case=e, into=a)
    time_machine.move_to(DAY + hours(2), tick=False)
    services.case_accept(actor=captain, case=a)
    time_machine.move_to(DAY + hours(5), tick=False)
    services.case_reject(actor=staff, case=c, reason="不属于受理范围")
    close(a, captain, grid, 10)
    services.case_rate(actor=a.reporter, case=a, satisfaction=Satisfaction.SATISFIED)
    close(f, baoan_captain, baoan_staff, 20)
    services.case_rate(actor=f.reporter, case=f, satisfaction=Satisfaction.BASICALLY)
    time_machine.move_to(DAY + hours(30), tick=False)
    services.case_accept(actor=captain, case=b)
    close(b, captain, grid, 60)
    services.case_rate(actor=b.reporter, case=b, satisfaction=Satisfaction.UNSATISFIED)
    time_machine.move_to(DAY + hours(72), tick=False)
    return {"tree": tapo, "street_node": tapo["community"].parent}


def test_community_indicators_are_exact(data):
    report_ = selectors.indicators_report(
        node=data["tree"]["community"], start=DAY.date(), end=DAY.date()
    )
    total = report_["total"]
    assert total.cases == 4  # A B C D (E merged)
    # response due for all 4; in time: A (2 h), C (5 h); B late (30 h), D never
    assert (total.responded_in_time, total.response_due, total.response_rate) == (2, 4, 50.0)
    # registered (立案): A, B. Due for closing (48 h passed): A, B and D, which nobody accepted
    # (C was not registered, so never due); closed: A and B; on time: A only
    assert (total.registered, total.resolve_due, total.closed, total.closed_in_time) == (2, 3, 2, 1)
    assert total.open_cases == 1  # D
    assert total.closing_rate == round(100 * 2 / 3, 1)
    assert total.on_time_closing_rate == round(100 / 3, 1)
    assert total.solving_rate == 100.0
    assert (total.rated, total.rated_good, total.satisfaction_rate) == (2, 1, 50.0)
    # respond: A 2 h, B 30 h, C 5 h -> 37 / 3; close: A 10 h, B 60 h -> 35
    assert total.avg_response_hours == round(37 / 3, 1)
    assert total.avg_close_hours == 35.0
    assert total.top_categories(1) == [("暴露垃圾", 3)]


def test_street_indicators_break_down_by_community(data):
    report_ = selectors.indicators_report(
        node=data["street_node"], start=DAY.date(), end=DAY.date()
    )
    assert report_["total"].cases == 5
    by_name = {child.name: ind for child, ind in report_["breakdown"]}
    assert by_name["塔坡社区"].cases == 4
    assert by_name["保安社区"].cases == 1
    assert by_name["保安社区"].on_time_closing_rate == 100.0
    assert by_name["保安社区"].satisfaction_rate == 100.0
    # 3 of 5 responded in time (A, C, F)
    assert report_["total"].response_rate == 60.0


def test_indicators_as_of_an_earlier_moment_use_only_the_timeline_until_then(data):
    as_of = DAY + hours(12)
    report_ = selectors.indicators_report(
        node=data["tree"]["community"], start=DAY.date(), end=DAY.date(), as_of=as_of
    )
    total = report_["total"]
    # at 12 h: A closed; B not yet responded nor due; response due only for those responded
    assert total.closed == 1
    assert (total.responded_in_time, total.response_due) == (2, 2)
    assert total.rated == 1


def test_the_series_has_a_point_per_day_for_short_periods(data):
    report_ = selectors.indicators_report(
        node=data["tree"]["community"],
        start=DAY.date() - datetime.timedelta(days=2),
        end=DAY.date(),
    )
    labels = [label for label, _ind in report_["series"]]
    assert labels == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert [ind.cases for _label, ind in report_["series"]] == [0, 0, 4]


def test_closing_rate_counts_open_cases_past_their_deadline(tapo, posts, time_machine):
    """The indicators page once showed 结案率 100 % with three of five cases open: only accepted
    cases counted as due. Five reports, two closed, three never accepted, all past 48 h."""
    # given
    time_machine.move_to(DAY, tick=False)
    cat = category(resolve_limit=48, resolve_unit=TimeUnit.CALENDAR_HOURS)
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    cases = [report(node=tapo["building"], cat=cat) for _ in range(5)]
    for case in cases[:2]:
        services.case_accept(actor=captain, case=case)
        services.case_start(actor=captain, case=case)
        services.case_submit(actor=captain, case=case, result="已处理")
        time_machine.move_to(DAY + hours(3), tick=False)
        services.case_verify(actor=grid, case=case, passed=True)
    # when
    time_machine.move_to(DAY + hours(72), tick=False)
    total = selectors.indicators_report(node=tapo["community"], start=DAY.date(), end=DAY.date())[
        "total"
    ]
    # then: closed / due = 2 / 5, and the three open cases are said
    assert (total.closed, total.resolve_due, total.open_cases) == (2, 5, 3)
    assert total.closing_rate == 40.0
    assert total.on_time_closing_rate == 40.0
