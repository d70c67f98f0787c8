"""Registration: sign up (with household members), cancel, the waiting list, check-in.

Every change to a session's seats happens with that session's row locked (select_for_update),
so concurrent sign-ups queue on the lock and `seats_taken` never passes `capacity` (the
database refuses it too). Only one session is locked per transaction, so there is no lock order
to get wrong.
"""

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.acting import act_for_check, act_for_record
from communities.scoping import scope_for_user
from events import selectors
from events.models import AttendeeProfile, Event, Occurrence, Registration
from notifications.services import notify
from points.services import points_award

ATTENDEE_SALT = "events.attendee"
DOOR_SALT = "events.door"
# Check-in opens this long before the start and closes this long after the end.
CHECKIN_EARLY = dt.timedelta(hours=1)
CHECKIN_LATE = dt.timedelta(hours=1)


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


# --- who may register ------------------------------------------------------------------------


def registration_window(occurrence: Occurrence) -> tuple[dt.datetime, dt.datetime]:
    event = occurrence.event
    opens = occurrence.starts_at - dt.timedelta(days=event.registration_opens_days)
    closes = occurrence.starts_at - dt.timedelta(hours=event.registration_closes_hours)
    return opens, closes


def audience_check(*, event: Event, occurrence: Occurrence, person, birth_year: int | None):
    """Raise a ValidationError naming the person and the rule when they may not attend."""
    name = person.name_for_display
    if event.residents_only and not scope_for_user(person).lives_under(event.node):
        raise ValidationError(
            _("%(name)s: only residents of %(place)s may take part.")
            % {"name": name, "place": event.node.name},
            code="residents_only",
        )
    if event.party_members_only and not selectors.is_party_member(person):
        raise ValidationError(
            _("%(name)s: this activity is for party members.") % {"name": name},
            code="party_members_only",
        )
    if event.min_age:
        if birth_year is None:
            raise ValidationError(
                _(
                    "%(name)s: this activity is for people aged %(age)d or over; "
                    "please give the year of birth."
                )
                % {"name": name, "age": event.min_age},
                code="birth_year_needed",
            )
        # Age reached during the session's year: a 60th birthday party counts the whole year.
        age = timezone.localtime(occurrence.starts_at).year - birth_year
        if age < event.min_age:
            raise ValidationError(
                _("%(name)s: this activity is for people aged %(age)d or over.")
                % {"name": name, "age": event.min_age},
                code="too_young",
            )


def _check_open(occurrence: Occurrence, now: dt.datetime) -> None:
    if occurrence.event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This activity is not open for registration."), code="not_open")
    if occurrence.status != Occurrence.Status.SCHEDULED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")
    opens, closes = registration_window(occurrence)
    if now < opens:
        raise ValidationError(
            _("Registration opens on %(when)s.") % {"when": _local(opens)}, code="not_yet_open"
        )
    if now > closes:
        raise ValidationError(_("Registration has closed."), code="closed")


def attendee_profile_set(*, user, birth_year: int) -> AttendeeProfile:
    this_year = timezone.localdate().year
    if not 1900 <= birth_year <= this_year:
        raise ValidationError(
            _("Please give a year of birth between 1900 and %(year)d.") % {"year": this_year},
            code="invalid_birth_year",
        )
    profile, _created = AttendeeProfile.objects.update_or_create(
        user=user, defaults={"birth_year": birth_year}
    )
    return profile


# --- sign up ---------------------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    user,
    occurrence: Occurrence,
    members: Sequence = (),
    birth_year: int | None = None,
    now: dt.datetime | None = None,
    actor=None,
) -> list[Registration]:
    """Register the user, and household members along, for one session.

    `actor`: a captain or staff member registering the resident (代办), who must live in
    their scope (`out_of_scope`); `registered_by` and the audit entry name the actor.

    The group takes seats together or waits together: when not all fit (or people are already
    waiting, who keep their turn) the whole group joins the waiting list. Returns the group's
    registrations, the user's own first.
    """
    now = now or timezone.now()
    actor = actor or user
    act_for_check(actor=actor, person=user)
    event = occurrence.event
    if not selectors.event_is_visible(user=user, event=event):
        raise PermissionDenied(_("This activity is not open to you."))
    household = {m.pk: m for m in selectors.household_members_of(user)}
    people = [user]
    for member in members:
        if member.pk not in household:
            raise ValidationError(
                _("Only members of your own household can be registered with you."),
                code="not_household",
            )
        if member.pk not in {p.pk for p in people}:
            people.append(member)
    if birth_year is not None:
        attendee_profile_set(user=user, birth_year=birth_year)
    for person in people:
        audience_check(
            event=event,
            occurrence=occurrence,
            person=person,
            birth_year=selectors.birth_year_of(person),
        )

    occurrence = (
        Occurrence.objects.select_for_update().select_related("event").get(pk=occurrence.pk)
    )
    _check_open(occurrence, now)
    taken = Registration.objects.filter(
        occurrence=occurrence, user__in=people, status__in=selectors.LIVE
    ).select_related("user")
    if taken:
        raise ValidationError(
            _("%(name)s is already registered for this session.")
            % {"name": taken[0].user.name_for_display},
            code="already_registered",
        )
    queue_exists = Registration.objects.filter(
        occurrence=occurrence, status=Registration.Status.WAITLISTED
    ).exists()
    fits = occurrence.capacity is None or (
        occurrence.seats_taken + len(people) <= occurrence.capacity and not queue_exists
    )
    group = uuid.uuid4().hex
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                occurrence=occurrence,
                user=person,
                registered_by=actor,
                group=group,
                status=Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED,
                waitlisted_at=None if fits else now,
            )
            for person in people
        ]
    )
    if fits:
        Occurrence.objects.filter(pk=occurrence.pk).update(
            seats_taken=F("seats_taken") + len(people)
        )
    act_for_record(
        actor=actor,
        person=user,
        action="events.register",
        target=occurrence,
        scope_path=event.node.path,
        details={
            "people": [p.pk for p in people],
            "status": Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED,
            "group": group,
        },
    )
    return registrations


# --- cancel and the waiting list -------------------------------------------------------------


@transaction.atomic
def registration_cancel(
    *, actor, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Cancel one registration; the attendee, whoever registered them, or staff may.

    Residents must cancel before the cut-off (staff may at any time). A freed seat goes to the
    first group waiting that fits, who is notified.
    """
    now = now or timezone.now()
    occurrence = (
        Occurrence.objects.select_for_update()
        .select_related("event__node")
        .get(pk=registration.occurrence_id)
    )
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    event = occurrence.event
    is_manager = selectors.event_can_manage(user=actor, event=event)
    if actor.pk not in {registration.user_id, registration.registered_by_id} and not is_manager:
        raise PermissionDenied(_("You may not cancel this registration."))
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if registration.checked_in_at is not None:
        raise ValidationError(
            _("You have already checked in; the registration cannot be cancelled."),
            code="already_checked_in",
        )
    cutoff = occurrence.starts_at - dt.timedelta(hours=event.cancel_cutoff_hours)
    if now > cutoff and not is_manager:
        raise ValidationError(
            _("Registrations can be cancelled until %(when)s; please call the organiser.")
            % {"when": _local(cutoff)},
            code="cancel_too_late",
        )
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=F("seats_taken") - 1)
        occurrence.refresh_from_db(fields=["seats_taken"])
        waitlist_promote(occurrence=occurrence)
    audit_record(
        actor=actor,
        action="events.cancel_registration",
        target=registration,
        scope_path=event.node.path,
        details={"user": registration.user_id, "was_confirmed": was_confirmed},
    )
    return registration


def waitlist_promote(*, occurrence: Occurrence) -> list[Registration]:
    """Confirm waiting groups in queue order while they fit; the caller holds the row lock.

    Strictly first come, first served: a group that does not fit stops the queue rather than
    being overtaken by a smaller group behind it.
    """
    occurrence.refresh_from_db(fields=["seats_taken", "capacity", "status"])
    if occurrence.status != Occurrence.Status.SCHEDULED:
        return []
    groups = (
        Registration.objects.filter(occurrence=occurrence, status=Registration.Status.WAITLISTED)
        .values("group")
        .annotate(queued=Min("waitlisted_at"), first=Min("pk"))
        .order_by("queued", "first")
    )
    promoted: list[Registration] = []
    seats = occurrence.seats_taken
    for row in groups:
        members = list(
            Registration.objects.filter(
                occurrence=occurrence, group=row["group"], status=Registration.Status.WAITLISTED
            ).select_related("user")
        )
        if occurrence.capacity is not None and seats + len(members) > occurrence.capacity:
            break
        Registration.objects.filter(pk__in=[m.pk for m in members]).update(
            status=Registration.Status.CONFIRMED
        )
        seats += len(members)
        promoted.extend(members)
    if promoted:
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=seats)
        occurrence.seats_taken = seats
        url = reverse("events:detail", args=[occurrence.pk])
        for registration in promoted:
            notify(
                registration.user,
                title=_("You have a place: %(title)s") % {"title": occurrence.event.title},
                body=_("A place became free on %(when)s at %(place)s. See you there!")
                % {"when": _local(occurrence.starts_at), "place": occurrence.event.place},
                url=url,
                category="events",
                dedupe_key=f"events:promoted:{registration.pk}",
            )
            audit_record(
                actor=None,
                action="events.promote",
                target=registration,
                scope_path=occurrence.event.node.path,
                details={"user": registration.user_id},
            )
    return promoted


# --- check-in --------------------------------------------------------------------------------


def attendee_code(registration: Registration) -> str:
    """What the attendee's QR code carries: a signed registration id (not guessable)."""
    return signing.dumps(registration.pk, salt=ATTENDEE_SALT)


def door_code(occurrence: Occurrence) -> str:
    """What the code on the door carries: a signed session id."""
    return signing.dumps(occurrence.pk, salt=DOOR_SALT)


def _unsign(code: str, salt: str) -> int:
    try:
        return int(signing.loads(code, salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(_("This code is not valid."), code="bad_code")


def _check_in_window(occurrence: Occurrence, now: dt.datetime) -> None:
    if occurrence.status != Occurrence.Status.SCHEDULED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")
    if now < occurrence.starts_at - CHECKIN_EARLY:
        raise ValidationError(
            _("Check-in opens one hour before the start (%(when)s).")
            % {"when": _local(occurrence.starts_at)},
            code="checkin_not_open",
        )
    if now > occurrence.ends_at + CHECKIN_LATE:
        raise ValidationError(_("Check-in for this session has closed."), code="checkin_closed")


def _check_in(*, registration: Registration, actor, now: dt.datetime, how: str) -> bool:
    """Mark one confirmed registration attended (once) and post its points; True if new."""
    updated = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=actor)
    if not updated:
        return False
    event = registration.occurrence.event
    if event.points_for_attendance:
        points_award(
            user=registration.user,
            amount=event.points_for_attendance,
            key=f"events:attendance:{registration.pk}",
            reason=_("Took part in %(title)s") % {"title": event.title},
            source=registration,
            actor=actor,
        )
    audit_record(
        actor=actor,
        action="events.check_in",
        target=registration,
        scope_path=event.node.path,
        details={"user": registration.user_id, "how": how},
    )
    return True


@transaction.atomic
def registration_check_in(
    *, actor, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """The organiser checks an attendee in (from the attendance list or by scanning)."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("occurrence__event__node", "user").get(
        pk=registration.pk
    )
    occurrence = registration.occurrence
    if not selectors.event_can_manage(user=actor, event=occurrence.event):
        raise PermissionDenied(_("Only the organisers may check people in."))
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            _("%(name)s has no confirmed place for this session.")
            % {"name": registration.user.name_for_display},
            code="not_confirmed",
        )
    _check_in_window(occurrence, now)
    _check_in(registration=registration, actor=actor, now=now, how="organiser")
    registration.refresh_from_db(fields=["checked_in_at"])
    return registration


def registration_check_in_by_code(
    *, actor, code: str, now: dt.datetime | None = None
) -> Registration:
    """The organiser scanned an attendee's code."""
    pk = _unsign(code, ATTENDEE_SALT)
    registration = Registration.objects.filter(pk=pk).first()
    if registration is None:
        raise ValidationError(_("This code is not valid."), code="bad_code")
    return registration_check_in(actor=actor, registration=registration, now=now)


@transaction.atomic
def door_check_in(*, user, code: str, now: dt.datetime | None = None) -> list[Registration]:
    """The attendee scanned the code at the door: check in them and the household members
    they registered. Returns the registrations checked in (already checked-in ones too)."""
    now = now or timezone.now()
    occurrence = (
        Occurrence.objects.select_related("event__node").filter(pk=_unsign(code, DOOR_SALT)).first()
    )
    if occurrence is None:
        raise ValidationError(_("This code is not valid."), code="bad_code")
    _check_in_window(occurrence, now)
    group = list(
        selectors.registrations_of_group(occurrence=occurrence, user=user).filter(
            status=Registration.Status.CONFIRMED
        )
    )
    if not group:
        raise ValidationError(
            _("You have no confirmed place for this session. Please see the organiser."),
            code="not_registered",
        )
    for registration in group:
        registration.occurrence = occurrence
        _check_in(registration=registration, actor=user, now=now, how="door")
    return list(Registration.objects.filter(pk__in=[r.pk for r in group]).select_related("user"))


def registration_for_code_or_none(code: str) -> Registration | None:
    try:
        pk = _unsign(code, ATTENDEE_SALT)
    except ValidationError:
        return None
    return (
        Registration.objects.select_related("occurrence__event__node", "user").filter(pk=pk).first()
    )
