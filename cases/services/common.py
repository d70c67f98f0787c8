"""What every case service shares: locking, who-may checks, the timeline entry, notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.counters import case_recounted
from cases.models import Case, CaseEvent, CasePhoto
from cases.states import transition_target
from core.images import image_clean
from notifications.services import notify

MAX_PHOTOS = 9


def case_lock(case: Case) -> Case:
    """The case row locked for this transaction, with what the checks read."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("node", "assignee_post__user", "assignee_unit", "reporter", "category")
        .get(pk=case.pk)
    )


def require(condition: bool, message: str, code: str = "not_allowed") -> None:
    if not condition:
        raise ValidationError(message, code=code)


def photos_clean(photos: Iterable | None) -> list:
    """Every upload checked and stripped (EXIF incl. GPS) before anything is written."""
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos.") % {"count": MAX_PHOTOS}, code="too_many_photos"
        )
    return [image_clean(photo) for photo in photos]


def event_record(
    *,
    case: Case,
    action: str,
    actor,
    note: str = "",
    photos: list | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    **fields,
) -> CaseEvent:
    """Append one timeline entry (and its already-cleaned photos) and the audit entry."""
    event = CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor,
        from_state=case.state if from_state is None else from_state,
        to_state=to_state or case.state,
        note=note.strip(),
        **fields,
    )
    for index, content in enumerate(photos or [], start=1):
        photo = CasePhoto(event=event)
        photo.image.save(f"case-{case.pk}-{event.pk}-{index}.jpg", content, save=True)
    audit_record(
        actor=actor,
        action=f"cases.{action}",
        target=case,
        scope_path=case.node.path,
        details={
            "event": event.pk,
            "from": event.from_state,
            "to": event.to_state,
            "photos": len(photos or []),
        },
    )
    return event


def transition(
    *,
    case: Case,
    action: str,
    actor,
    note: str = "",
    photos=None,
    save_fields: tuple[str, ...] = (),
    **fields,
) -> CaseEvent:
    """Move a LOCKED case along the state table and record the entry."""
    target = transition_target(action, case.state)
    from_state = case.state
    case.state = target
    case.save(update_fields=["state", "assignee_post", "assignee_unit", "updated_at", *save_fields])
    case_recounted(case, from_state=from_state)
    return event_record(
        case=case,
        action=action,
        actor=actor,
        note=note,
        photos=photos,
        from_state=from_state,
        to_state=target,
        **fields,
    )


def case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def notify_people(
    case: Case, users: Iterable, *, title: str, body: str, key: str, important: bool = False
) -> None:
    """One message per person; the key makes a retried task or a double call send once."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notify(
            user,
            title=title,
            body=body,
            url=case_url(case),
            category="cases",
            important=important,
            dedupe_key=f"cases:{key}:{user.pk}",
        )


def reporters_of(case: Case) -> list:
    """The reporter and everyone following the case (reporters of merged duplicates)."""
    return [case.reporter, *case.followers.all()]


def notify_reporters(case: Case, event: CaseEvent, title: str, *, important: bool = False) -> None:
    notify_people(
        case,
        reporters_of(case),
        title=title,
        body=f"#{case.pk} {case.category.name}: {event.note}".strip(": "),
        key=f"event:{event.pk}",
        important=important,
    )
