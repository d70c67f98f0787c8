"""Pages: report form, my reports, detail actions, board with bulk dispatch, scoping, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Case, CaseEvent, State
from tests.accounts.factories import UserFactory
from tests.cases.factories import photo, report

pytestmark = pytest.mark.django_db


def test_a_resident_reports_a_problem_with_a_photo(client, tapo, posts, rubbish):
    from tests.communities.factories import ResidencyFactory

    resident = ResidencyFactory(household=tapo["households"][0]).user
    client.force_login(resident)
    page = client.get(reverse("cases:new"))
    assert page.status_code == 200
    assert b'capture="environment"' in page.content and b'accept="image/*"' in page.content
    response = client.post(
        reverse("cases:new"),
        {
            "category": rubbish.pk,
            "description": "单元门口垃圾堆积",
            "node": tapo["units"][0].pk,
            "photos": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    assert case.events.get(action=CaseEvent.Action.REPORT).photos.count() == 2
    detail = client.get(response.url)
    assert "单元门口垃圾堆积" in detail.content.decode()


def test_a_decompression_bomb_on_the_report_page_is_a_form_error(client, tapo, rubbish):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.images import blank_png

    client.force_login(UserFactory())
    bomb = SimpleUploadedFile("bomb.png", blank_png(30000, 30000), "image/png")
    response = client.post(
        reverse("cases:new"),
        {
            "category": rubbish.pk,
            "description": "路灯不亮",
            "address": "福贤路口",
            "photos": [bomb],
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Case.objects.count() == 0


def test_a_bad_photo_keeps_what_was_typed_and_says_why(client, tapo, rubbish):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("cases:new"),
        {
            "category": rubbish.pk,
            "description": "路灯不亮",
            "address": "福贤路口",
            "photos": [SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "路灯不亮" in response.content.decode()
    assert response.context["form"].errors


def test_the_captain_handles_and_the_reporter_rates_through_the_pages(client, tapo, posts):
    case = report(node=tapo["units"][0])
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    client.force_login(captain)
    assert case.pk in [c.pk for c in client.get(reverse("cases:assigned")).context["page"]]
    for action, data in [("accept", {}), ("start", {})]:
        client.post(reverse("cases:act", args=[case.pk, action]), data)
    client.post(
        reverse("cases:act", args=[case.pk, "submit"]),
        {"note": "已清理", "photos": [photo("done.jpg")]},
    )
    client.force_login(grid)
    client.post(reverse("cases:act", args=[case.pk, "verify_pass"]), {"passed": "1"})
    client.force_login(case.reporter)
    client.post(reverse("cases:act", args=[case.pk, "rate"]), {"satisfaction": "satisfied"})
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["report", "accept", "start", "submit", "verify_pass", "rate"]
    assert Case.objects.get(pk=case.pk).state == State.CLOSED


def test_a_refused_action_shows_a_message_and_changes_nothing(client, tapo, posts):
    case = report(node=tapo["units"][0])
    client.force_login(posts["captain"].user)
    response = client.post(
        reverse("cases:act", args=[case.pk, "submit"]), {"note": "x"}, follow=True
    )
    assert Case.objects.get(pk=case.pk).state == State.PENDING
    assert any("not possible" in str(m) or "不" in str(m) for m in response.context["messages"])


def test_other_communities_cases_are_404_on_pages(client, tapo, baoan, posts):
    theirs = report(node=baoan["units"][0])
    for user in (posts["captain"].user, posts["community_staff"].user, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("cases:act", args=[theirs.pk, "accept"])).status_code == 404


def test_photos_are_served_only_to_those_who_see_the_case(client, tapo, posts):
    case = report(node=tapo["units"][0], photos=[photo()])
    item = case.events.get(action=CaseEvent.Action.REPORT).photos.get()
    client.force_login(case.reporter)
    response = client.get(reverse("cases:photo", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(UserFactory())
    assert client.get(reverse("cases:photo", args=[item.pk])).status_code == 404


def test_board_is_for_staff_and_bulk_dispatch_assigns_each_case(client, tapo, posts, baoan):
    from cases import services

    staff = posts["community_staff"].user
    cases = [report(node=tapo["units"][0]) for _ in range(3)]
    for case in cases:
        services.case_accept(actor=staff, case=case)
    theirs = report(node=baoan["units"][0])
    client.force_login(posts["captain"].user)
    assert client.get(reverse("cases:board")).status_code == 404
    client.force_login(staff)
    board = client.get(reverse("cases:board"))
    assert theirs.pk not in [c.pk for c in board.context["page"]]
    # the dispatch form offers only posts of the staff member's area
    offered = set(board.context["dispatch_form"].fields["post"].queryset)
    assert posts["grid_worker"] in offered and posts["baoan_captain"] not in offered
    response = client.post(
        reverse("cases:bulk_dispatch"),
        {"cases": [c.pk for c in cases] + [theirs.pk], "post": posts["grid_worker"].pk},
    )
    assert response.status_code == 302
    assert set(
        Case.objects.filter(assignee_post=posts["grid_worker"]).values_list("pk", flat=True)
    ) == {c.pk for c in cases}
    assert Case.objects.get(pk=theirs.pk).state == State.PENDING


def test_board_filters_by_state_and_overdue(client, tapo, posts):
    from cases import services

    staff = posts["community_staff"].user
    a, b = report(node=tapo["units"][0]), report(node=tapo["units"][0])
    services.case_accept(actor=staff, case=a)
    Case.objects.filter(pk=b.pk).update(response_due_at=b.created_at.replace(year=2020))
    client.force_login(staff)
    by_state = client.get(reverse("cases:board"), {"state": "registered"}).context["page"]
    assert [c.pk for c in by_state] == [a.pk]
    overdue = client.get(reverse("cases:board"), {"overdue": "on"}).context["page"]
    assert [c.pk for c in overdue] == [b.pk]


def test_board_query_count_stays_flat(client, tapo, posts):
    staff = posts["community_staff"].user
    client.force_login(staff)
    report(node=tapo["units"][0])
    client.get(reverse("cases:board"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:board"))
    for _ in range(8):
        report(node=tapo["units"][1])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:board"))
    assert len(many) == len(few)


def test_my_reports_query_count_stays_flat(client, tapo):
    user = UserFactory()
    client.force_login(user)
    report(reporter=user, node=tapo["building"])
    client.get(reverse("cases:mine"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:mine"))
    for _ in range(6):
        report(reporter=user, node=tapo["units"][0])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:mine"))
    assert len(many) == len(few)


def test_resolved_page_shows_closed_cases_of_my_community_without_personal_data(
    client, tapo, baoan, posts
):
    from cases import services
    from tests.communities.factories import ResidencyFactory

    reporter = UserFactory(real_name="赵大爷", phone="13700001111")
    case = report(reporter=reporter, node=tapo["units"][0], description="私人描述 电话13700001111")
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    services.case_submit(actor=captain, case=case, result="垃圾已清运")
    services.case_verify(actor=grid, case=case, passed=True)
    neighbour = ResidencyFactory(household=tapo["households"][3]).user
    client.force_login(neighbour)
    body = client.get(reverse("cases:resolved")).content.decode()
    assert "垃圾已清运" in body
    assert "赵大爷" not in body and "13700001111" not in body and "私人描述" not in body


def test_indicators_page_and_excel_export(client, tapo, posts):
    report(node=tapo["units"][0])
    client.force_login(posts["community_staff"].user)
    page = client.get(reverse("cases:indicators"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    export = client.get(reverse("cases:indicators_export"))
    assert export["Content-Type"].startswith("application/vnd.openxml")
    import io

    book = load_workbook(io.BytesIO(export.content))
    assert book.active["B6"].value == 1  # total cases
    client.force_login(posts["captain"].user)
    assert client.get(reverse("cases:indicators")).status_code == 404


def test_indicators_for_a_place_outside_the_area_fall_back_to_mine(client, tapo, baoan, posts):
    client.force_login(posts["community_staff"].user)
    response = client.get(reverse("cases:indicators"), {"node": baoan["community"].pk})
    assert response.context["report"]["node"] == tapo["community"]


def test_report_form_lists_only_my_places(client, tapo, baoan):
    from tests.communities.factories import ResidencyFactory

    resident = ResidencyFactory(household=tapo["households"][0]).user
    client.force_login(resident)
    choices = set(client.get(reverse("cases:new")).context["form"].fields["node"].queryset)
    assert tapo["units"][0] in choices and tapo["building"] in choices
    assert not any(node.is_descendant_of(baoan["community"]) for node in choices)


def test_duplicates_are_suggested_while_filling_the_form(client, tapo, rubbish):
    report(node=tapo["units"][0], cat=rubbish)
    from tests.communities.factories import ResidencyFactory

    resident = ResidencyFactory(household=tapo["households"][0]).user
    client.force_login(resident)
    response = client.get(
        reverse("cases:duplicates"), {"category": rubbish.pk, "node": tapo["units"][0].pk}
    )
    assert "may already have been reported" in response.content.decode() or "可能" in (
        response.content.decode()
    )
