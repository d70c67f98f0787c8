"""Recording organisational life: a session with its attendance and photos, by the secretary
(or any officer or staff member who works in the organisation)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.images import image_clean
from party.access import may_work_in
from party.models import PartyBranch, PartyMember, PartySession, SessionAttendance, SessionPhoto

MAX_SESSION_PHOTOS = 9


def session_members(organisation: PartyBranch):
    """Who is expected: the branch's current members and its mobile members away elsewhere."""
    return (
        PartyMember.current.filter(Q(branch=organisation) | Q(home_branch=organisation))
        .select_related("user")
        .order_by("user__real_name", "pk")
    )


@transaction.atomic
def session_record(
    *,
    actor,
    organisation: PartyBranch,
    kind: str,
    held_at: datetime.datetime,
    agenda: str,
    attendance: dict[int, str],
    venue: str = "",
    online_link: str = "",
    minutes: str = "",
    photos: list[UploadedFile] | None = None,
) -> PartySession:
    """`attendance` maps member ids to a mode; members not named are absent."""
    if actor is not None and not may_work_in(actor, organisation):
        raise ValidationError(_("You do not work in this organisation."), code="forbidden")
    if held_at > timezone.now() + datetime.timedelta(hours=1):
        raise ValidationError(_("Record a session once it has been held."), code="future")
    if not agenda.strip():
        raise ValidationError(_("Write the agenda."), code="no_agenda")
    modes = set(SessionAttendance.Mode.values)
    if any(mode not in modes for mode in attendance.values()):
        raise ValidationError(_("Unknown attendance."), code="bad_mode")
    if SessionAttendance.Mode.ONLINE in attendance.values() and not online_link:
        raise ValidationError(
            _("Give the online link for members who joined online."), code="no_link"
        )
    photos = photos or []
    if len(photos) > MAX_SESSION_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos.") % {"count": MAX_SESSION_PHOTOS}, code="too_many_photos"
        )
    cleaned = [image_clean(photo) for photo in photos]
    expected = {member.pk: member for member in session_members(organisation)}
    strangers = set(attendance) - set(expected)
    if strangers:
        raise ValidationError(_("Some attendees are not members here."), code="not_members")
    session = PartySession.objects.create(
        organisation=organisation,
        kind=kind,
        held_at=held_at,
        venue=venue.strip(),
        online_link=online_link.strip(),
        agenda=agenda.strip(),
        minutes=minutes.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    SessionAttendance.objects.bulk_create(
        SessionAttendance(
            session=session,
            member=member,
            mode=attendance.get(pk, SessionAttendance.Mode.ABSENT),
        )
        for pk, member in expected.items()
    )
    for index, content in enumerate(cleaned, start=1):
        photo = SessionPhoto(session=session)
        photo.image.save(f"session-{session.pk}-{index}.jpg", content, save=True)
    present = sum(1 for mode in attendance.values() if mode != SessionAttendance.Mode.ABSENT)
    audit_record(
        actor=actor,
        action="party.session_record",
        target=session,
        scope_path=organisation.node.path,
        details={"kind": kind, "present": present, "expected": len(expected)},
    )
    return session
