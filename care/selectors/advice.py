"""Reads of the legal adviser's hours and of counselling (content to its two people only)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404

from care.access import care_access_for_user
from care.common import care_audit
from care.models import AdviserSession, CounsellingBooking, LegalConsultation
from care.selectors.mediation import month_bounds
from communities.models import Node

MINIMUM_MONTHLY_HOURS = Decimal(5)


def adviser_communities(*, user):
    """Communities where the user advises or is care staff (who read the hours)."""
    access = care_access_for_user(user)
    kinds = [Node.Kind.COMMUNITY]
    return (access.advises.places(kinds) | access.staff.places(kinds)).distinct().order_by("path")


def adviser_month(*, community: Node, month: datetime.date) -> dict:
    """Hours at the community in the month (closed sessions), against the 5-hour minimum, and
    the consultations and legal-aid referrals logged."""
    start, end = month_bounds(month)
    sessions = AdviserSession.objects.filter(
        community=community,
        signed_in_at__gte=start,
        signed_in_at__lt=end,
        signed_out_at__isnull=False,
    ).values_list("signed_in_at", "signed_out_at")
    seconds = sum((out - sign_in).total_seconds() for sign_in, out in sessions)
    hours = (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))
    logged = LegalConsultation.objects.filter(
        community=community, given_at__gte=start, given_at__lt=end
    ).aggregate(total=Count("id"), referrals=Count("id", filter=Q(legal_aid_referral=True)))
    return {
        "community": community,
        "hours": hours,
        "short": hours < MINIMUM_MONTHLY_HOURS,
        "sessions": len(sessions),
        "consultations": logged["total"],
        "referrals": logged["referrals"],
    }


def bookings_of_user(*, user):
    """Bookings the user made (as a resident) or was asked for (as a counsellor)."""
    return CounsellingBooking.objects.filter(Q(resident=user) | Q(counsellor=user)).select_related(
        "resident", "counsellor", "community"
    )


def booking_read(*, user, pk, ip_address=None) -> CounsellingBooking:
    """One booking, to its resident and its counsellor only (no staff, no superuser)."""
    booking = bookings_of_user(user=user).filter(pk=pk).first()
    if booking is None:
        raise Http404
    if user.pk == booking.counsellor_id:
        care_audit(
            actor=user, action="counselling.read", target=booking, node=None, ip_address=ip_address
        )
    return booking


def counselling_counts(*, user, month: datetime.date) -> list[dict]:
    """For care staff: bookings per community and status in the month. Counts only."""
    access = care_access_for_user(user)
    if access.staff.is_empty:
        raise Http404
    start, end = month_bounds(month)
    rows = (
        access.staff.filter(
            CounsellingBooking.objects.filter(starts_at__gte=start, starts_at__lt=end),
            "community",
        )
        .values("community__name", "status")
        .annotate(n=Count("id"))
        .order_by("community__name", "status")
    )
    return list(rows)
