import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.factories import pending_record, project, volunteer
from volunteers import services
from volunteers.models import Certificate

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def verified_history(team, leader, vol):
    today = timezone.localdate()
    p = project(team, starts_on=today - dt.timedelta(days=60))
    for days_ago, minutes, content in [
        (40, 120, "清理楼道杂物"),
        (10, 90, "清理楼道杂物"),
        (5, 60, "敬老院陪护"),
    ]:
        record = pending_record(
            team,
            vol,
            minutes=minutes,
            project=p,
            service_date=today - dt.timedelta(days=days_ago),
            content=content,
        )
        services.hour_record_verify(actor=leader, record=record, decision="approve")
    # never counted (on other days: one project is recorded once a day)
    pending_record(
        team,
        vol,
        minutes=600,
        project=p,
        content="未核验",
        service_date=today - dt.timedelta(days=2),
    )
    rejected = pending_record(
        team,
        vol,
        minutes=300,
        project=p,
        content="被驳回",
        service_date=today - dt.timedelta(days=3),
    )
    services.hour_record_verify(actor=leader, record=rejected, decision="reject", reason="重复")
    return today


def test_the_certificate_counts_only_verified_hours_of_the_period(
    verified_history, vol, tapo_staff
):
    today = verified_history
    certificate = services.certificate_issue(
        volunteer=vol, period_from=today - dt.timedelta(days=20), period_to=today
    )
    assert certificate.minutes == 150
    assert certificate.content == [
        {"content": "清理楼道杂物", "minutes": 90},
        {"content": "敬老院陪护", "minutes": 60},
    ]
    assert certificate.volunteer_number == vol.volunteer_profile.number
    assert certificate.responsible == tapo_staff.real_name
    whole = services.certificate_issue(
        volunteer=vol, period_from=today - dt.timedelta(days=60), period_to=today
    )
    assert whole.minutes == 270
    assert whole.number != certificate.number


def test_no_certificate_without_verified_hours(vol):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(volunteer=vol, period_from=today, period_to=today)
    assert error.value.code == "no_hours"


def test_the_public_page_verifies_a_real_number_and_rejects_a_forged_one(
    verified_history, vol, client
):
    today = verified_history
    certificate = services.certificate_issue(
        volunteer=vol, period_from=today - dt.timedelta(days=60), period_to=today
    )
    page = client.get(f"/volunteers/verify-certificate/{certificate.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert certificate.volunteer_number in html and "4.5" in html
    assert vol.real_name not in html  # the name is masked on the public page
    forged = certificate.number[:-1] + ("0" if certificate.number[-1] != "0" else "1")
    page = client.get(f"/volunteers/verify-certificate/{forged}/")
    assert page.status_code == 404
    assert Certificate.objects.count() == 1


def test_the_certificate_pdf_is_a_pdf(verified_history, vol, client):
    today = verified_history
    certificate = services.certificate_issue(
        volunteer=vol, period_from=today - dt.timedelta(days=60), period_to=today
    )
    client.force_login(vol)
    response = client.get(f"/volunteers/certificates/{certificate.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = client.get(f"/volunteers/certificates/{certificate.pk}/")
    assert "4.5" in page.content.decode()


def test_another_users_certificate_is_not_found(verified_history, vol, client, community):
    from tests.volunteers.factories import volunteer

    today = verified_history
    certificate = services.certificate_issue(
        volunteer=vol, period_from=today - dt.timedelta(days=60), period_to=today
    )
    client.force_login(volunteer(community))
    assert client.get(f"/volunteers/certificates/{certificate.pk}/").status_code == 404


def test_the_certificate_form_opens_with_this_year_in_the_date_boxes(client, community):
    # given a volunteer on 15 June 2026, the page in Chinese
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, tzinfo=SHANGHAI), tick=False):
        client.force_login(volunteer(community))
        # when the certificate form opens
        html = client.get(reverse("volunteers:certificates"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    # then the preset period is in the form a date box accepts (not 2026/01/01)
    page = html.content.decode()
    assert 'name="period_from" value="2026-01-01"' in page
    assert 'name="period_to" value="2026-06-15"' in page
