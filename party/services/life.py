"""Recording organisational life: a session with its attendance and photos, by the secretary
(or any officer or staff member who works in the organisation)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.images import image_clean
from notifications.services import notify_many
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
    _check_attendance(attendance, online_link)
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


def _check_attendance(attendance: dict[int, str], online_link: str) -> None:
    modes = set(SessionAttendance.Mode.values)
    if any(mode not in modes for mode in attendance.values()):
        raise ValidationError(_("Unknown attendance."), code="bad_mode")
    if SessionAttendance.Mode.ONLINE in attendance.values() and not online_link:
        raise ValidationError(
            _("Give the online link for members who joined online."), code="no_link"
        )


@transaction.atomic
def session_schedule(
    *,
    actor,
    organisation: PartyBranch,
    kind: str,
    held_at: datetime.datetime,
    agenda: str,
    venue: str = "",
    online_link: str = "",
) -> PartySession:
    """Announce a coming session: the branch's members (mobile members away too) see it on
    their organisational-life page with its venue and online link, and get a message; the
    attendance is recorded once it has been held (`session_attendance_record`)."""
    if actor is not None and not may_work_in(actor, organisation):
        raise ValidationError(_("You do not work in this organisation."), code="forbidden")
    if kind not in PartySession.Kind.values:
        raise ValidationError(_("Unknown kind of session."), code="bad_kind")
    if held_at <= timezone.now():
        raise ValidationError(
            _("A session is scheduled ahead; record a past one with its attendance."),
            code="past",
        )
    if not agenda.strip():
        raise ValidationError(_("Write the agenda."), code="no_agenda")
    if not venue.strip() and not online_link.strip():
        raise ValidationError(_("Give the venue or the online link."), code="no_venue")
    session = PartySession.objects.create(
        organisation=organisation,
        kind=kind,
        held_at=held_at,
        venue=venue.strip(),
        online_link=online_link.strip(),
        agenda=agenda.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    members = list(session_members(organisation))
    notify_many(
        [(member.user_id, f"party-session-{session.pk}-{member.pk}") for member in members],
        title=_("%(kind)s on %(day)s")
        % {
            "kind": session.get_kind_display(),
            "day": timezone.localtime(held_at).strftime("%Y-%m-%d %H:%M"),
        },
        body=session.venue or session.online_link,
        url=reverse("party:my_life"),
        category="party",
    )
    audit_record(
        actor=actor,
        action="party.session_schedule",
        target=session,
        scope_path=organisation.node.path,
        details={"kind": kind, "expected": len(members)},
    )
    return session


@transaction.atomic
def session_attendance_record(
    *, actor, session: PartySession, attendance: dict[int, str], minutes: str = ""
) -> PartySession:
    """Record (or correct) who came to a session once it has been held; members not named are
    absent. Minutes given replace the session's."""
    session = (
        PartySession.objects.select_for_update(of=("self",))
        .select_related("organisation__node")
        .get(pk=session.pk)
    )
    organisation = session.organisation
    if actor is not None and not may_work_in(actor, organisation):
        raise ValidationError(_("You do not work in this organisation."), code="forbidden")
    if session.held_at > timezone.now() + datetime.timedelta(hours=1):
        raise ValidationError(_("Record a session once it has been held."), code="future")
    _check_attendance(attendance, session.online_link)
    expected = {member.pk: member for member in session_members(organisation)}
    # Members who were expected then (and have since moved) keep their line.
    expected.update(
        {row.member_id: row.member for row in session.attendance.select_related("member")}
    )
    if set(attendance) - set(expected):
        raise ValidationError(_("Some attendees are not members here."), code="not_members")
    session.attendance.all().delete()
    SessionAttendance.objects.bulk_create(
        SessionAttendance(
            session=session,
            member=member,
            mode=attendance.get(pk, SessionAttendance.Mode.ABSENT),
        )
        for pk, member in expected.items()
    )
    if minutes.strip():
        session.minutes = minutes.strip()
        session.save(update_fields=["minutes"])
    present = sum(1 for mode in attendance.values() if mode != SessionAttendance.Mode.ABSENT)
    audit_record(
        actor=actor,
        action="party.session_attendance_record",
        target=session,
        scope_path=organisation.node.path,
        details={"present": present, "expected": len(expected)},
    )
    return session
