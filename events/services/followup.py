"""After a session: the organiser's summary and photos, residents' ratings, and the beat jobs
that remind attendees before a session and organisers to write the summary after it."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.images import image_clean
from events import selectors
from events.models import Event, Occurrence, OccurrencePhoto, Rating, Registration
from events.services.schedule import MAX_REMINDER_MINUTES
from notifications.services import notify

MAX_PHOTOS = 9
# Organisers are reminded of a missing summary for a week after the session.
SUMMARY_REMINDER_DAYS = 7


@transaction.atomic
def occurrence_summary_publish(
    *,
    actor,
    occurrence: Occurrence,
    summary: str,
    photos: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Occurrence:
    """Publish (or correct) what happened, with up to nine photos in all."""
    now = now or timezone.now()
    if not selectors.event_can_manage(user=actor, event=occurrence.event):
        raise PermissionDenied(_("Only the organisers may publish the summary."))
    if now < occurrence.starts_at:
        raise ValidationError(
            _("The summary can be written once the session has started."), code="not_started"
        )
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("Please write a few words about the session."), code="empty")
    if occurrence.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos per session.") % {"count": MAX_PHOTOS},
            code="too_many_photos",
        )
    cleaned = [image_clean(upload) for upload in photos]
    for index, content in enumerate(cleaned, start=1):
        photo = OccurrencePhoto(occurrence=occurrence, uploaded_by=actor)
        photo.image.save(f"{now:%Y%m%d%H%M%S}-{index}.jpg", content, save=False)
        photo.save()
    first_time = occurrence.summary_published_at is None
    occurrence.summary = summary
    occurrence.summary_published_at = occurrence.summary_published_at or now
    occurrence.save(update_fields=["summary", "summary_published_at"])
    audit_record(
        actor=actor,
        action="events.publish_summary" if first_time else "events.change_summary",
        target=occurrence,
        scope_path=occurrence.event.node.path,
        details={"photos": len(cleaned)},
    )
    return occurrence


@transaction.atomic
def rating_submit(
    *, user, occurrence: Occurrence, score: int, comment: str = "", now=None
) -> Rating:
    """An attendee (checked in) rates a session once, 1 to 5."""
    now = now or timezone.now()
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(_("Please choose from 1 to 5 stars."), code="invalid_score")
    attended = Registration.objects.filter(
        occurrence=occurrence, user=user, checked_in_at__isnull=False
    ).exists()
    if not attended:
        raise ValidationError(
            _("Only people who took part can rate the session."), code="not_attended"
        )
    if now < occurrence.starts_at:
        raise ValidationError(_("The session has not started yet."), code="not_started")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                occurrence=occurrence, user=user, score=score, comment=comment.strip()[:300]
            )
    except IntegrityError:
        raise ValidationError(_("You have already rated this session."), code="already_rated")
    audit_record(
        actor=user,
        action="events.rate",
        target=occurrence,
        scope_path=occurrence.event.node.path,
        details={"score": score},
    )
    return rating


def _reminder_text(occurrence: Occurrence, minutes: int) -> str:
    if minutes >= 24 * 60:
        return _("Tomorrow: %(title)s") % {"title": occurrence.event.title}
    return _("Soon: %(title)s") % {"title": occurrence.event.title}


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind confirmed attendees of sessions starting soon; returns the messages sent.

    For each session the most recent reminder that is due goes out (someone who registers two
    hours before gets the one-hour reminder, not a "tomorrow" one an hour late). The dedupe key
    names the session, the offset and the person, so a second run sends nothing.
    """
    now = now or timezone.now()
    occurrences = (
        Occurrence.objects.filter(
            status=Occurrence.Status.SCHEDULED,
            event__status=Event.Status.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(minutes=MAX_REMINDER_MINUTES),
        )
        .select_related("event")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for occurrence in occurrences:
        left = (occurrence.starts_at - now).total_seconds() / 60
        due = [o for o in occurrence.event.reminder_offsets or [] if left <= o]
        if not due:
            continue
        offset = min(due)
        url = reverse("events:detail", args=[occurrence.pk])
        title = _reminder_text(occurrence, offset)
        body = _("%(when)s at %(place)s.") % {
            "when": f"{timezone.localtime(occurrence.starts_at):%m-%d %H:%M}",
            "place": occurrence.event.place,
        }
        registrations = list(
            Registration.objects.filter(
                occurrence=occurrence, status=Registration.Status.CONFIRMED
            ).select_related("user")
        )
        for registration in registrations:
            notified = notify(
                registration.user,
                title=title,
                body=body,
                url=url,
                category="events",
                # The day-before reminder matters: by SMS to those who chose it.
                important=offset <= 24 * 60,
                dedupe_key=f"events:reminder:{occurrence.pk}:{offset}:{registration.user_id}",
            )
            sent += notified.created
    return sent


def summary_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind organisers of sessions that ended without a summary (once per session)."""
    now = now or timezone.now()
    occurrences = Occurrence.objects.filter(
        status=Occurrence.Status.SCHEDULED,
        summary_published_at__isnull=True,
        ends_at__lte=now,
        ends_at__gte=now - dt.timedelta(days=SUMMARY_REMINDER_DAYS),
    ).select_related("event__organiser_user", "event__created_by")
    count = 0
    for occurrence in occurrences:
        organiser = occurrence.event.organiser_user or occurrence.event.created_by
        if organiser is None:
            continue
        notified = notify(
            organiser,
            title=_("Please publish the summary of %(title)s") % {"title": occurrence.event.title},
            body=_("Write how it went and add photos so residents can see it."),
            url=reverse("events:summary", args=[occurrence.pk]),
            category="events",
            dedupe_key=f"events:summary:{occurrence.pk}",
        )
        count += notified.created
    return count
