"""双报到: members report to their home community, claim its posts; the yearly report per member
and per employer unit, whose totals are exactly the verified volunteer minutes of the year."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from notifications.models import Message
from party import services
from party.models import CoBuildingUnit, ServiceReport
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.party.conftest import TZ
from tests.querycount import assert_flat
from volunteers.models import HourRecord, Wish

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(tapo):
    return CoBuildingUnit.objects.create(
        community=tapo["community"], kind="agency", name="禅城区税务局", contact_user=UserFactory()
    )


def _resident_of(side, name):
    user = UserFactory(real_name=name)
    ResidencyFactory(user=user, household=side["households"][0])
    return user


def _reported(side, unit, name):
    return services.in_service_report(
        user=_resident_of(side, name), community=side["community"], work_unit="", employer=unit
    )


def _hours(user, node, minutes, status="verified", day=datetime.date(2025, 6, 1), source="manual"):
    return HourRecord.objects.create(
        volunteer=user,
        node=node,
        source=source,
        service_date=day,
        content="楼道清洁",
        minutes_claimed=minutes,
        minutes_verified=minutes if status == "verified" else None,
        status=status,
    )


def test_a_member_reports_in_on_the_phone_and_claims_a_post(client, tapo, unit, tapo_staff):
    user = _resident_of(tapo, "张在职")
    post = services.service_post_publish(
        actor=tapo_staff, community=tapo["community"], title="文明劝导岗", places=1
    )
    client.force_login(user)
    response = client.post(
        "/party/service/",
        {"community": tapo["community"].pk, "work_unit": "禅城区税务局", "employer": unit.pk},
    )
    assert response.status_code == 302
    html = client.get("/party/service/").content.decode()
    assert "文明劝导岗" in html and "0 / 1" in html
    assert client.post(f"/party/service/posts/{post.pk}/claim/").status_code == 302
    assert post.claims.get().member.user == user
    # the only place is taken: the next member is told so
    other = _reported(tapo, unit, "李在职")
    with pytest.raises(ValidationError) as error:
        services.service_post_claim(user=other.user, post=post)
    assert error.value.code == "full"


def test_only_members_reported_here_claim_its_posts(tapo, baoan, unit, tapo_staff):
    post = services.service_post_publish(
        actor=tapo_staff, community=tapo["community"], title="助老岗", places=3
    )
    with pytest.raises(ValidationError) as error:
        services.service_post_claim(user=_resident_of(baoan, "王"), post=post)
    assert error.value.code == "not_reported"
    with pytest.raises(ValidationError):
        services.service_post_publish(
            actor=tapo_staff, community=baoan["community"], title="越界", places=1
        )


def test_the_yearly_report_totals_equal_the_verified_minutes(client, tapo, unit, tapo_staff):
    first, second = _reported(tapo, unit, "陈一"), _reported(tapo, unit, "陈二")
    node = tapo["community"]
    _hours(first.user, node, 90)
    _hours(first.user, node, 45, source="wish")
    _hours(first.user, node, 600, status="pending")  # not verified: not counted
    _hours(first.user, node, 30, day=datetime.date(2024, 12, 31))  # another year
    _hours(second.user, node, 120)
    Wish.objects.create(
        resident=UserFactory(),
        node=node,
        title="换灯泡",
        status="confirmed",
        claimer=first.user,
        confirmed_at=datetime.datetime(2025, 7, 1, 10, tzinfo=TZ),
    )
    verified = sum(
        HourRecord.objects.filter(
            volunteer__in=[first.user, second.user], status="verified", service_date__year=2025
        ).values_list("minutes_verified", flat=True)
    )
    report = services.report_issue(actor=tapo_staff, year=2025, unit=unit)
    assert report.minutes == verified == 255
    assert report.wishes == 1
    assert {row["name"]: row["minutes"] for row in report.rows} == {"陈一": 135, "陈二": 120}
    mine = services.report_issue(actor=tapo_staff, year=2025, member=first)
    assert mine.minutes == 135
    # the unit's contact is told, opens it, and gets the PDF and the workbook
    message = Message.objects.get(recipient=unit.contact_user)
    assert report.number in message.url
    client.force_login(unit.contact_user)
    assert client.get(f"/party/reports/{report.number}/").status_code == 200
    pdf = client.get(f"/party/reports/{report.number}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/party/reports/{report.number}/xlsx/").content)
    )
    rows = list(book.active.values)
    assert rows[-1] == ("合计", round(255 / 60, 1), 1)
    # anyone scanning the QR sees it is genuine; a made-up number is not
    client.logout()
    verify = client.get(f"/party/verify/{mine.number}/").content.decode()
    assert "陈*" in verify and "陈一" not in verify and "2.2" not in verify
    assert client.get("/party/verify/SB2025NOPE/").status_code == 404


def test_another_community_cannot_see_or_issue_a_report(
    client, tapo, baoan, unit, tapo_staff, baoan_staff
):
    report = services.report_issue(actor=tapo_staff, year=2025, unit=unit)
    client.force_login(baoan_staff)
    assert client.get(f"/party/reports/{report.number}/").status_code == 404
    assert client.get(f"/party/reports/{report.number}/pdf/").status_code == 404
    with pytest.raises(ValidationError):
        services.report_issue(actor=baoan_staff, year=2025, unit=unit)
    assert ServiceReport.objects.count() == 1


def test_the_service_page_reads_in_a_fixed_number_of_queries(client, tapo, unit, tapo_staff):
    member = _reported(tapo, unit, "赵在职")
    client.force_login(member.user)

    def grow():
        for n in range(3):
            post = services.service_post_publish(
                actor=tapo_staff, community=tapo["community"], title=f"岗位{n}", places=2
            )
            services.service_post_claim(user=member.user, post=post)

    assert_flat(client, "/party/service/", grow)
