"""The cases' list pages and endpoints not covered elsewhere keep a flat query count as rows
grow: a captain's assigned cases (page and API), the resolved cases of a community, a
reporter's cases (API), the categories (API)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases import services
from tests.accounts.factories import UserFactory
from tests.cases.factories import category, report
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def reports(tapo, count, **kwargs):
    return [report(node=tapo["units"][i % 2], **kwargs) for i in range(count)]


def test_a_captains_assigned_cases_keep_a_flat_query_count(client, api_client, tapo, posts):
    captain = posts["captain"].user
    reports(tapo, 1)
    client.force_login(captain)
    assert_flat(client, reverse("cases:assigned"), lambda: reports(tapo, 4))
    api_client.force_authenticate(captain)
    assert_flat(api_client, "/api/v1/cases/assigned/", lambda: reports(tapo, 4))


def close(case, posts):
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    services.case_submit(actor=captain, case=case, result="已处理")
    services.case_verify(actor=grid, case=case, passed=True)


def test_the_resolved_cases_keep_a_flat_query_count(client, tapo, posts):
    from tests.communities.factories import ResidencyFactory

    close(report(node=tapo["units"][0]), posts)
    client.force_login(ResidencyFactory(household=tapo["households"][3]).user)
    assert_flat(
        client,
        reverse("cases:resolved"),
        lambda: [close(case, posts) for case in reports(tapo, 4)],
    )


def test_a_reporters_cases_and_the_categories_keep_a_flat_query_count(api_client, tapo):
    reporter = UserFactory()
    reports(tapo, 1, reporter=reporter)
    api_client.force_authenticate(reporter)
    assert_flat(api_client, "/api/v1/cases/mine/", lambda: reports(tapo, 4, reporter=reporter))
    assert_flat(
        api_client,
        "/api/v1/cases/categories/",
        lambda: [category(name=f"类别{i}") for i in range(4)],
    )


def test_the_open311_service_list_keeps_a_flat_query_count(client, rubbish):
    assert_flat(
        client,
        "/open311/v2/services.json",
        lambda: [category(name=f"类别{i}", parent_name=f"大类{i}") for i in range(4)],
    )
