"""The community legal adviser's sign-in and consultations; private counselling bookings."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from care.access import care_access_for_user
from care.common import care_audit, refuse
from care.models import AdviserSession, CareRole, CounsellingBooking, LegalConsultation
from communities.models import Node
from communities.scoping import scope_for_user
from notifications.services import notify

# A session left open longer than this was a forgotten sign-out: it counts this long at most.
MAX_SESSION = datetime.timedelta(hours=8)


def _require_adviser(actor, community: Node) -> None:
    if not care_access_for_user(actor).advises.contains(community):
        raise refuse(_("You are not the legal adviser of this community."))


@transaction.atomic
def adviser_sign_in(*, actor, community: Node) -> AdviserSession:
    _require_adviser(actor, community)
    try:
        with transaction.atomic():
            session = AdviserSession.objects.create(
                adviser=actor, community=community, signed_in_at=timezone.now()
            )
    except IntegrityError:
        raise refuse(_("You are already signed in."), "already_signed_in")
    care_audit(actor=actor, action="adviser.sign_in", target=session, node=community)
    return session


@transaction.atomic
def adviser_sign_out(*, actor) -> AdviserSession:
    session = (
        AdviserSession.objects.select_for_update()
        .select_related("community")
        .filter(adviser=actor, signed_out_at__isnull=True)
        .first()
    )
    if session is None:
        raise refuse(_("You are not signed in."), "not_signed_in")
    now = timezone.now()
    session.signed_out_at = min(now, session.signed_in_at + MAX_SESSION)
    if session.signed_out_at <= session.signed_in_at:
        session.signed_out_at = session.signed_in_at + datetime.timedelta(seconds=1)
    session.save(update_fields=["signed_out_at"])
    care_audit(actor=actor, action="adviser.sign_out", target=session, node=session.community)
    return session


@transaction.atomic
def legal_consultation_log(
    *, actor, community: Node, topic: str, summary: str = "", legal_aid_referral: bool = False
) -> LegalConsultation:
    _require_adviser(actor, community)
    if topic not in LegalConsultation.Topic.values:
        raise refuse(_("Choose the topic."), "bad_topic")
    session = AdviserSession.objects.filter(
        adviser=actor, community=community, signed_out_at__isnull=True
    ).first()
    consultation = LegalConsultation.objects.create(
        session=session,
        adviser=actor,
        community=community,
        topic=topic,
        summary=(summary or "").strip()[:500],
        legal_aid_referral=legal_aid_referral,
        given_at=timezone.now(),
    )
    care_audit(
        actor=actor,
        action="adviser.consultation",
        target=consultation,
        node=community,
        referral=legal_aid_referral,
    )
    return consultation


# --- counselling ---------------------------------------------------------------------------


def counsellor_roles_for_resident(resident):
    """The counsellors of the communities the resident lives in."""
    home = scope_for_user(resident).home_codes
    return CareRole.objects.filter(
        kind=CareRole.Kind.COUNSELLOR, ended_at__isnull=True, node__code__in=sorted(home)
    ).select_related("user", "node")


@transaction.atomic
def counselling_book(
    *, resident, counsellor, starts_at: datetime.datetime, note: str = ""
) -> CounsellingBooking:
    """A resident asks a counsellor of their own community for a time; only they two see it."""
    role = counsellor_roles_for_resident(resident).filter(user=counsellor).first()
    if role is None:
        raise refuse(_("Choose a counsellor of your community."), "bad_counsellor")
    if starts_at <= timezone.now():
        raise refuse(_("Choose a time in the future."), "bad_time")
    booking = CounsellingBooking.objects.create(
        resident=resident,
        counsellor=counsellor,
        community=role.node,
        starts_at=starts_at,
        resident_note=(note or "").strip()[:500],
    )
    # The message says only that a booking exists; its text stays on the page.
    notify(
        counsellor,
        title=_("A new counselling request"),
        url=reverse("care:booking", args=[booking.pk]),
        category="care",
        dedupe_key=f"care:booking:{booking.pk}",
    )
    care_audit(actor=resident, action="counselling.book", target=booking, node=role.node)
    return booking


BOOKING_TRANSITIONS = {
    # (from, to): who may
    (CounsellingBooking.Status.REQUESTED, CounsellingBooking.Status.CONFIRMED): "counsellor",
    (CounsellingBooking.Status.REQUESTED, CounsellingBooking.Status.CANCELLED): "either",
    (CounsellingBooking.Status.CONFIRMED, CounsellingBooking.Status.CANCELLED): "either",
    (CounsellingBooking.Status.CONFIRMED, CounsellingBooking.Status.DONE): "counsellor",
}


@transaction.atomic
def counselling_move(
    *, actor, booking: CounsellingBooking, to: str, notes: str | None = None
) -> CounsellingBooking:
    booking = CounsellingBooking.objects.select_for_update().get(pk=booking.pk)
    who = BOOKING_TRANSITIONS.get((booking.status, to))
    is_counsellor = actor.pk == booking.counsellor_id
    allowed = who == "either" and actor.pk in (booking.resident_id, booking.counsellor_id)
    allowed = allowed or (who == "counsellor" and is_counsellor)
    if not allowed:
        raise refuse(_("This booking cannot be changed that way."), "bad_transition")
    booking.status = to
    fields = ["status"]
    if notes is not None and is_counsellor:
        booking.counsellor_notes = notes.strip()[:4000]
        fields.append("counsellor_notes")
    booking.save(update_fields=fields)
    other = booking.resident if is_counsellor else booking.counsellor
    notify(
        other,
        title=_("Your counselling booking: %(status)s") % {"status": booking.get_status_display()},
        url=reverse("care:booking", args=[booking.pk]),
        category="care",
        dedupe_key=f"care:booking:{booking.pk}:{to}",
    )
    care_audit(actor=actor, action="counselling.move", target=booking, node=None, to=to)
    return booking
