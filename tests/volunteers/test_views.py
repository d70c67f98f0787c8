import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from points.models import Currency
from points.selectors import balances_for_user
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import pending_record, project, shift, team_with_leader, volunteer
from volunteers import services
from volunteers.models import HourRecord, Signup, VolunteerProfile

pytestmark = pytest.mark.django_db


def decide(record, decision: str, hours: str = "", reason: str = "", form: dict | None = None):
    """The verification form's fields for one record, added to `form`."""
    form = form if form is not None else {"records": []}
    form["records"].append(record.pk)
    prefix = f"r{record.pk}"
    form |= {f"{prefix}-decision": decision, f"{prefix}-hours": hours, f"{prefix}-reason": reason}
    return form


def test_a_resident_registers_and_gets_a_number(client, user, community):
    client.force_login(user)
    response = client.post("/volunteers/register/", {"community": community.pk, "skills": "理发"})
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.number in client.get("/volunteers/").content.decode()


def test_every_volunteer_page_opens(client, vol, team, community):
    client.force_login(vol)
    the_shift = shift(project(team))
    for url in [
        "/volunteers/",
        "/volunteers/teams/",
        f"/volunteers/teams/{team.pk}/",
        "/volunteers/shifts/",
        f"/volunteers/shifts/{the_shift.pk}/",
        "/volunteers/hours/",
        "/volunteers/verify/",
        "/volunteers/timebank/",
        "/volunteers/help/",
        "/volunteers/wishes/",
        "/volunteers/certificates/",
        "/volunteers/verify-certificate/",
    ]:
        assert client.get(url).status_code == 200, url


def test_sign_up_check_in_out_and_leader_verifies_through_pages(
    client, vol, team, leader, time_machine
):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=3))
    client.force_login(vol)
    client.post(f"/volunteers/shifts/{the_shift.pk}/signup/")
    assert Signup.objects.get(user=vol).status == Signup.Status.CONFIRMED
    time_machine.move_to(the_shift.starts_at, tick=False)
    token_in = services.checkin_token(the_shift, "in")
    assert (
        the_shift.project.title in client.get(f"/volunteers/checkin/{token_in}/").content.decode()
    )
    client.post(f"/volunteers/checkin/{token_in}/")
    time_machine.move_to(the_shift.starts_at + dt.timedelta(hours=2), tick=False)
    client.post(f"/volunteers/checkin/{services.checkin_token(the_shift, 'out')}/")
    record = HourRecord.objects.get(volunteer=vol)
    client.force_login(leader)
    assert vol.real_name in client.get("/volunteers/verify/").content.decode()
    client.post("/volunteers/verify/", decide(record, "approve"))
    assert balances_for_user(vol)[Currency.MINUTE] == 120


def test_a_forged_check_in_link_is_refused(client, vol):
    client.force_login(vol)
    assert client.get("/volunteers/checkin/forged-token/").status_code == 400


def test_the_organiser_sees_qr_codes_and_others_do_not(client, vol, team, leader):
    the_shift = shift(project(team))
    client.force_login(leader)
    assert (
        "data:image/svg+xml" in client.get(f"/volunteers/shifts/{the_shift.pk}/").content.decode()
    )
    client.force_login(vol)
    assert (
        "data:image/svg+xml"
        not in client.get(f"/volunteers/shifts/{the_shift.pk}/").content.decode()
    )


def test_a_leader_of_another_team_gets_404_on_verify(client, team, vol, community):
    record = pending_record(team, vol)
    _other, other_leader = team_with_leader(community, name="敬老服务队")
    client.force_login(other_leader)
    assert client.post("/volunteers/verify/", decide(record, "approve")).status_code == 404
    assert "清理楼道杂物" not in client.get("/volunteers/verify/").content.decode()
    assert HourRecord.objects.get(pk=record.pk).status == HourRecord.Status.PENDING


def test_staff_of_another_community_see_nothing_to_verify_and_get_404(
    client, team, vol, baoan_staff
):
    record = pending_record(team, vol)
    client.force_login(baoan_staff)
    assert client.post("/volunteers/verify/", decide(record, "approve")).status_code == 404


def test_the_report_is_for_staff_and_exports_excel(
    client, team, leader, vol, tapo_staff, baoan_staff
):
    record = pending_record(team, vol, minutes=90)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    client.force_login(vol)
    assert client.get("/volunteers/reports/").status_code == 404
    client.force_login(tapo_staff)
    page = client.get("/volunteers/reports/").content.decode()
    assert team.name in page and "1.5" in page
    export = client.get(f"/volunteers/reports/?year={timezone.localdate().year}&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(baoan_staff)
    assert team.name not in client.get("/volunteers/reports/").content.decode()


def test_the_open_shifts_page_has_a_flat_query_count(
    client, vol, team, django_assert_max_num_queries
):
    p = project(team)
    for i in range(3):
        shift(p, starts_in=dt.timedelta(days=i + 1))
    client.force_login(vol)
    client.get("/volunteers/shifts/")  # warm per-process caches of other apps' role providers
    with CaptureQueriesContext(connection) as few:
        client.get("/volunteers/shifts/")
    for i in range(10):
        shift(p, starts_in=dt.timedelta(days=i + 5))
    with CaptureQueriesContext(connection) as many:
        client.get("/volunteers/shifts/")
    assert len(many) == len(few)


def test_the_verify_page_has_a_flat_query_count(client, team, leader, community):
    for _ in range(2):
        pending_record(team, volunteer(community))
    client.force_login(leader)
    client.get("/volunteers/verify/")  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get("/volunteers/verify/")
    for _ in range(8):
        pending_record(team, volunteer(community))
    with CaptureQueriesContext(connection) as many:
        client.get("/volunteers/verify/")
    assert len(many) == len(few)


def test_my_hours_page_query_count(client, team, vol, django_assert_num_queries):
    today = timezone.localdate()  # one record a day: at most 24 hours of service a day
    for days_ago in range(5):
        pending_record(team, vol, service_date=today - dt.timedelta(days=days_ago))
    client.force_login(vol)
    client.get("/volunteers/hours/")  # warm the policy row and the session
    # session, user, scope posts, unread count, profile, projects exist, records count + page
    with CaptureQueriesContext(connection) as ctx:
        client.get("/volunteers/hours/")
    for days_ago in range(5, 15):
        pending_record(team, vol, service_date=today - dt.timedelta(days=days_ago))
    with CaptureQueriesContext(connection) as ctx2:
        client.get("/volunteers/hours/")
    assert len(ctx) == len(ctx2)


def test_the_wish_pages_flow(client, tapo, tapo_staff, community):
    from tests.accounts.factories import UserFactory
    from tests.communities.factories import ResidencyFactory

    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    client.force_login(resident)
    client.post("/volunteers/wishes/", {"title": "帮忙换灯泡"})
    wish = resident.wishes.get()
    client.force_login(tapo_staff)
    client.post(f"/volunteers/wishes/{wish.pk}/review/", {"decision": "open"})
    helper = volunteer(community)
    client.force_login(helper)
    assert "帮忙换灯泡" in client.get("/volunteers/wishes/").content.decode()
    client.post(f"/volunteers/wishes/{wish.pk}/claim/")
    client.post(f"/volunteers/wishes/{wish.pk}/done/", {"hours": "1", "note": "换好了"})
    client.force_login(resident)
    client.post(f"/volunteers/wishes/{wish.pk}/confirm/")
    assert balances_for_user(helper)[Currency.MINUTE] == 60


def test_someone_elses_wish_is_not_found(client, tapo, community):
    from tests.accounts.factories import UserFactory
    from tests.communities.factories import ResidencyFactory

    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="私事")
    client.force_login(UserFactory())
    assert client.get(f"/volunteers/wishes/{wish.pk}/").status_code == 404


def test_a_refused_verification_keeps_the_leaders_entries_and_names_the_record(
    client, team, leader, community
):
    # given two pending records on the leader's page
    anna = volunteer(community, user=UserFactory(real_name="陈安娜"))
    bo = volunteer(community, user=UserFactory(real_name="刘波"))
    first = pending_record(team, anna, minutes=60, content="敬老院陪护")
    second = pending_record(team, bo, minutes=120, content="清理楼道杂物")
    client.force_login(leader)
    # when the leader approves the first and changes the second to 1.5 hours without a reason
    form = decide(first, "approve")
    form = decide(second, "adjust", hours="1.5", form=form)
    response = client.post("/volunteers/verify/", form)
    # then the page comes back with what was typed, the record named and why, nothing saved
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有保存任何结果" in html and "刘波" in html and "调整时长请填写理由。" in html
    assert f'href="#record-{second.pk}"' in html
    assert f'name="r{first.pk}-decision" value="approve" checked' in html
    assert f'name="r{second.pk}-decision" value="adjust" checked' in html
    assert (
        f'name="r{second.pk}-hours" step="0.1" min="0.1" max="24" inputmode="decimal" value="1.5"'
        in html
    )
    assert set(HourRecord.objects.values_list("status", flat=True)) == {"pending"}
    # when the reason is added, both are saved at once
    form[f"r{second.pk}-reason"] = "按实际时间"
    response = client.post("/volunteers/verify/", form, follow=True)
    assert "已保存 2 条" in response.content.decode()
    assert balances_for_user(anna)[Currency.MINUTE] == 60
    assert balances_for_user(bo)[Currency.MINUTE] == 90


def test_saving_with_no_decision_chosen_says_so_and_changes_nothing(client, team, leader, vol):
    record = pending_record(team, vol)
    client.force_login(leader)
    response = client.post("/volunteers/verify/", decide(record, "", reason="先看看"))
    html = response.content.decode()
    assert "请至少为一条记录选择处理结果" in html and 'value="先看看"' in html
    assert HourRecord.objects.get(pk=record.pk).status == HourRecord.Status.PENDING


def test_a_number_that_is_not_hours_is_refused_next_to_its_record(client, team, leader, vol):
    record = pending_record(team, vol)
    client.force_login(leader)
    response = client.post(
        "/volunteers/verify/", decide(record, "adjust", hours="两个", reason="x")
    )
    assert response.status_code == 200 and "record-" in response.content.decode()
    assert HourRecord.objects.get(pk=record.pk).status == HourRecord.Status.PENDING
