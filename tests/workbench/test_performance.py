""" "How are we doing": figures equal hand counts on a fixed timeline, per child place."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases import services as case_services
from communities import services as community_services
from communities.models import Post, Residency
from events import services as event_services
from tests.cases.factories import category, report
from tests.communities.factories import ResidencyFactory, appoint
from tests.events.factories import first_session, make_event
from tests.volunteers.factories import pending_record, team_with_leader, volunteer
from volunteers import services as volunteer_services
from workbench.performance import participation_equity, place_performance

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)  # a Monday
START, END = DAY.date(), DAY.date() + dt.timedelta(days=2)  # three days


def hours(n):
    return dt.timedelta(hours=n)


@pytest.fixture
def timeline(time_machine, posts, tree, tapo, baoan):
    """塔坡: case A closed after 10 h (on time), B never accepted (past its 48 h), C rejected;
    one patrol on one of three days; 90 verified volunteer minutes. 保安: case D closed after
    60 h (late). Residents: 塔坡 two 户籍 and two 非户籍; one 户籍 resident registers for a
    session. The clock then stands at 72 h."""
    time_machine.move_to(DAY, tick=False)
    baoan_captain = appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"]).user
    cat = category(response_limit=24, resolve_limit=48)
    captain, grid, staff = (
        posts["captain"].user,
        posts["grid_worker"].user,
        posts["community_staff"].user,
    )
    residents = [
        ResidencyFactory(household=tapo["households"][i], residence_type=kind).user
        for i, kind in enumerate(["registered", "registered", "non_registered", "non_registered"])
    ]
    event = make_event(tapo["community"], starts_at=DAY + hours(50))
    event_services.registration_create(user=residents[0], occurrence=first_session(event))
    a = report(node=tapo["building"], cat=cat)
    report(node=tapo["building"], cat=cat)  # B
    c = report(node=tapo["building"], cat=cat)
    d = report(node=baoan["building"], cat=cat)
    case_services.case_accept(actor=captain, case=a)
    case_services.case_reject(actor=staff, case=c, reason="不属于受理范围")
    case_services.case_start(actor=captain, case=a)
    case_services.case_submit(actor=captain, case=a, result="已处理")
    time_machine.move_to(DAY + hours(10), tick=False)
    case_services.case_verify(actor=grid, case=a, passed=True)
    community_services.patrol_log_create(captain=captain, building=tapo["building"])
    case_services.case_accept(actor=baoan_captain, case=d)
    case_services.case_start(actor=baoan_captain, case=d)
    case_services.case_submit(actor=baoan_captain, case=d, result="已处理")
    time_machine.move_to(DAY + hours(60), tick=False)
    case_services.case_verify(actor=posts["baoan_staff"].user, case=d, passed=True)

    team, leader = team_with_leader(tapo["community"])
    record = pending_record(team, volunteer(tapo["community"]), minutes=90)
    volunteer_services.hour_record_verify(actor=leader, record=record, decision="approve")

    time_machine.move_to(DAY + hours(72), tick=False)


def test_street_figures_per_community_equal_hand_counts(timeline, tree):
    figures = place_performance(node=tree["street"], start=START, end=END)
    by_name = {place.node.name: place for place in figures["children"]}
    tapo, baoan = by_name["塔坡社区"], by_name["保安社区"]
    # 塔坡: A, B, C filed; due: A (closed) and B (48 h passed, never accepted); C not registered
    assert (tapo.indicators.cases, tapo.indicators.resolve_due, tapo.indicators.closed) == (3, 2, 1)
    assert tapo.indicators.closing_rate == 50.0
    assert tapo.indicators.on_time_closing_rate == 50.0
    assert tapo.indicators.open_cases == 1
    # responded in time: A and C (B never): 2 of 3
    assert tapo.indicators.response_rate == round(200 / 3, 1)
    # 保安: D closed after 60 h (deadline 48 h): closed, but late
    assert (baoan.indicators.closing_rate, baoan.indicators.on_time_closing_rate) == (100.0, 0.0)
    # patrols: 1 day of 3 at 塔坡's one captained building; none of 3 at 保安's
    assert (tapo.patrol_days, tapo.patrol_expected, tapo.patrol_coverage) == (1, 3, 33.3)
    assert baoan.patrol_coverage == 0.0
    assert (tapo.hours, baoan.hours) == (1.5, 0)
    assert (tapo.registered, tapo.residents) == (1, 4)
    # the street's own row adds both up
    total = figures["total"]
    assert (total.indicators.cases, total.indicators.resolve_due, total.indicators.closed) == (
        4,
        3,
        2,
    )
    assert total.patrol_expected == 6


def test_equity_flags_a_group_under_half_its_share(timeline, tapo):
    equity = participation_equity(node=tapo["community"], start=START, end=END)
    by_type = {row.key: row for row in equity.by_residence}
    registered = by_type[Residency.ResidenceType.REGISTERED]
    non_registered = by_type[Residency.ResidenceType.NON_REGISTERED]
    assert (registered.residents, registered.participants) == (2, 1)
    assert (non_registered.residents, non_registered.participants) == (2, 0)
    # 非户籍: half the residents, none of those taking part
    assert non_registered.under_half_share and not registered.under_half_share
    assert equity.warnings == [non_registered]


def test_page_and_exports_for_staff_and_refused_to_another_community(
    client, timeline, posts, tapo, tree
):
    client.force_login(posts["street_staff"].user)
    query = {"start": START.isoformat(), "end": END.isoformat()}
    page = client.get(reverse("workbench:performance", args=[tree["street"].pk]), query)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    for panel in ("places", "equity"):
        response = client.get(
            reverse("workbench:performance_export", args=[tree["street"].pk]),
            {**query, "panel": panel},
        )
        assert response.status_code == 200
        sheet = load_workbook(filename=__import__("io").BytesIO(response.content)).active
        assert sheet["B1"].value == tree["street"].full_name
    bad = client.get(
        reverse("workbench:performance_export", args=[tree["street"].pk]),
        {"start": "2025-13-40", "end": END.isoformat(), "panel": "places"},
    )
    assert bad.status_code == 400
    client.force_login(posts["baoan_staff"].user)
    for name in ("workbench:performance", "workbench:performance_export"):
        response = client.get(
            reverse(name, args=[tapo["community"].pk]), {**query, "panel": "places"}
        )
        assert response.status_code == 404


def test_street_performance_page_queries_stay_flat_as_people_take_part(
    client, timeline, posts, tree, tapo
):
    from tests.querycount import assert_flat

    client.force_login(posts["street_staff"].user)
    url = reverse("workbench:performance", args=[tree["street"].pk])

    def grow():
        event = make_event(tapo["community"], starts_at=DAY + hours(120))
        for i in range(3):
            person = ResidencyFactory(household=tapo["households"][4 + i]).user
            event_services.registration_create(user=person, occurrence=first_session(event))

    # the resident base is read once and then kept (workbench.performance.resident_base), so
    # the count is of the period's figures, one query each, whatever the rows
    week = {"start": START.isoformat(), "end": (END + dt.timedelta(days=7)).isoformat()}
    assert_flat(client, url, grow, week)


def test_resident_base_is_counted_once_and_kept(tree, tapo, django_assert_num_queries):
    from workbench.performance import resident_base

    ResidencyFactory(household=tapo["households"][0])
    first = resident_base(node=tree["street"])
    with django_assert_num_queries(0):
        assert resident_base(node=tree["street"]) == first
    assert sum(people for _path, people in first["by_place"]) == 1
