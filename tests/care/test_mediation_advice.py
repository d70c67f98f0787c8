"""Mediation, the legal adviser's hours and private counselling."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from audit.models import AuditEntry
from care import services
from care.models import CareRole, CounsellingBooking, Dispute
from care.selectors import advice as advice_selectors
from care.selectors import mediation as mediation_selectors
from care.services import advice, mediation
from tests.accounts.factories import UserFactory
from tests.care.conftest import NOW
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db
PARTIES = [
    {"name": "张三", "phone": "13800001111", "side": "applicant"},
    {"name": "李四", "phone": "", "side": "respondent"},
]


@pytest.fixture
def dispute(grid_worker, tapo):
    return mediation.dispute_open(
        actor=grid_worker,
        node=tapo["building"],
        title="楼上漏水",
        summary="楼上漏水到楼下厨房",
        kind=Dispute.Kind.NEIGHBOURS,
        parties=PARTIES,
    )


def test_grid_worker_mediates_to_an_agreement_with_a_signed_pdf(client, grid_worker, dispute):
    mediation.dispute_session_add(
        actor=grid_worker, dispute=dispute, held_at=NOW, notes="双方到场，同意先查漏点"
    )
    mediation.dispute_close(
        actor=grid_worker,
        dispute=dispute,
        status=Dispute.Status.AGREED,
        level=Dispute.Level.GRID,
        outcome="楼上负责维修",
        agreement_terms="楼上一周内修好防水",
        agreed_on=dt.date(2026, 6, 1),
        follow_up_on=dt.date(2026, 6, 15),
    )
    client.force_login(grid_worker)

    pdf = client.get(reverse("care:agreement", args=[dispute.pk]))

    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert dispute.follow_ups.count() == 1
    with pytest.raises(ValidationError):  # closed once
        mediation.dispute_close(
            actor=grid_worker, dispute=dispute, status="failed", level="grid", outcome="x"
        )


def test_an_agreement_needs_its_terms(grid_worker, dispute):
    with pytest.raises(ValidationError) as error:
        mediation.dispute_close(
            actor=grid_worker, dispute=dispute, status="agreed", level="grid", outcome="好"
        )
    assert error.value.code == "terms_required"


@pytest.mark.parametrize("who", ["captain", "baoan_care_staff", "volunteer", "tapo_plain_staff"])
def test_others_cannot_see_or_open_disputes(client, request, who, dispute, tapo):
    user = request.getfixturevalue(who)
    with pytest.raises(Http404):
        mediation_selectors.dispute_read(user=user, pk=dispute.pk)
    with pytest.raises(ValidationError):
        mediation.dispute_open(
            actor=user, node=tapo["building"], title="x", summary="y", kind="other", parties=PARTIES
        )
    client.force_login(user)
    assert client.get(reverse("care:dispute", args=[dispute.pk])).status_code == 404


def test_monthly_counts_per_grid_and_community(grid_worker, care_staff, dispute, tapo):
    mediation.dispute_close(
        actor=grid_worker, dispute=dispute, status="failed", level="community", outcome="未达成"
    )

    rows = mediation_selectors.mediation_monthly_counts(user=care_staff, month=dt.date(2026, 6, 1))

    by_place = {row["place"]: row for row in rows}
    assert by_place[tapo["community"]]["opened"] == 1
    assert by_place[tapo["grid"]]["settled_community"] == 1
    assert (
        mediation_selectors.mediation_monthly_counts(user=care_staff, month=dt.date(2026, 5, 1))
        == []
    )


@pytest.fixture
def adviser(tapo, street_staff):
    user = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=user, node=tapo["community"], kind=CareRole.Kind.LEGAL_ADVISER
    )
    return user


def test_adviser_hours_against_the_five_hour_minimum(adviser, tapo, time_machine):
    advice.adviser_sign_in(actor=adviser, community=tapo["community"])
    advice.legal_consultation_log(
        actor=adviser, community=tapo["community"], topic="labour", legal_aid_referral=True
    )
    time_machine.move_to(NOW + dt.timedelta(hours=3), tick=False)
    advice.adviser_sign_out(actor=adviser)

    month = advice_selectors.adviser_month(community=tapo["community"], month=dt.date(2026, 6, 1))
    assert month["hours"] == 3 and month["short"] is True
    assert month["consultations"] == 1 and month["referrals"] == 1

    advice.adviser_sign_in(actor=adviser, community=tapo["community"])
    time_machine.move_to(NOW + dt.timedelta(hours=6), tick=False)
    advice.adviser_sign_out(actor=adviser)
    month = advice_selectors.adviser_month(community=tapo["community"], month=dt.date(2026, 6, 1))
    assert month["hours"] == 6 and month["short"] is False


def test_only_the_communitys_adviser_signs_in(captain, tapo, baoan, adviser):
    with pytest.raises(ValidationError):
        advice.adviser_sign_in(actor=captain, community=tapo["community"])
    with pytest.raises(ValidationError):
        advice.adviser_sign_in(actor=adviser, community=baoan["community"])


@pytest.fixture
def counsellor(tapo, street_staff):
    user = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=user, node=tapo["community"], kind=CareRole.Kind.COUNSELLOR
    )
    return user


def test_counselling_is_seen_by_the_resident_and_counsellor_only(
    client, counsellor, elder, care_staff, street_staff
):
    booking = advice.counselling_book(
        resident=elder.user,
        counsellor=counsellor,
        starts_at=NOW + dt.timedelta(days=2),
        note="最近睡不好",
    )
    advice.counselling_move(actor=counsellor, booking=booking, to="confirmed")
    advice.counselling_move(actor=counsellor, booking=booking, to="done", notes="建议每周一次")

    for user in (elder.user, counsellor):
        assert advice_selectors.booking_read(user=user, pk=booking.pk) == booking
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in (care_staff, street_staff, superuser):
        with pytest.raises(Http404):
            advice_selectors.booking_read(user=user, pk=booking.pk)
    client.force_login(care_staff)
    page = client.get(reverse("care:counselling")).content.decode()
    assert "最近睡不好" not in page and "建议每周一次" not in page
    counts = advice_selectors.counselling_counts(user=care_staff, month=dt.date(2026, 6, 1))
    assert counts == [{"community__name": "塔坡社区", "status": "done", "n": 1}]
    assert not AuditEntry.objects.filter(details__icontains="睡不好").exists()


def test_a_resident_books_only_their_communitys_counsellor(counsellor, baoan):
    outsider = ResidencyFactory(household=baoan["households"][0]).user
    with pytest.raises(ValidationError):
        advice.counselling_book(
            resident=outsider, counsellor=counsellor, starts_at=NOW + dt.timedelta(days=1)
        )
    assert not CounsellingBooking.objects.exists()


def test_pages_answer(client, grid_worker, care_staff, adviser, counsellor, elder, dispute):
    for user, name in (
        (grid_worker, "care:disputes"),
        (care_staff, "care:adviser"),
        (adviser, "care:adviser"),
        (elder.user, "care:counselling"),
        (grid_worker, "care:hub"),
        (grid_worker, "care:dispute_new"),
    ):
        client.force_login(user)
        assert client.get(reverse(name), {"month": "2026-13"}).status_code == 200, name


def test_a_short_adviser_month_is_warned_once_from_the_20th(adviser, care_staff, time_machine):
    from care.services.alarms import adviser_hours_warn
    from notifications.models import Message

    assert adviser_hours_warn() == 0  # 1 June: too early to say
    time_machine.move_to(NOW + dt.timedelta(days=20), tick=False)
    assert adviser_hours_warn() == 2  # the adviser and the care staff
    assert adviser_hours_warn() == 0  # a doubled beat
    assert Message.objects.filter(recipient=care_staff, category="care").count() == 1
