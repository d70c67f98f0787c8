"""Reads of the events app: who sees which event, lists with the joins they need."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Node, Residency
from communities.scoping import get_in_scope_or_404, require_managing_scope, scope_for_user
from communities.selectors import households_of_user
from events.models import (
    AttendeeProfile,
    Event,
    Occurrence,
    Rating,
    Registration,
    Topic,
    TopicMenu,
    TopicVote,
)
from party.models import PartyMember

LIVE = [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]


# --- who sees what ---------------------------------------------------------------------------


def _visible_event_q(user, prefix: str = "") -> Q:
    """The Q for events the user may see.

    An event reaches residents living in or under its place, everyone when it is open to all,
    and the staff whose scope holds its place (drafts too, for them).
    """
    scope = scope_for_user(user)
    published = Q(**{f"{prefix}status": Event.Status.PUBLISHED})
    resident_q = Q(**{f"{prefix}open_to_all": True}) | scope.home_q(f"{prefix}node")
    q = published & resident_q
    if scope.managing:
        q |= scope.q(f"{prefix}node") & ~Q(**{f"{prefix}status": Event.Status.CANCELLED})
    return q


def event_can_manage(*, user, event: Event) -> bool:
    """Staff whose managing scope holds the place, or the event's own organiser."""
    if not user.is_authenticated:
        return False
    if event.organiser_user_id == user.pk:
        return True
    return scope_for_user(user).manages(event.node)


def event_is_visible(*, user, event: Event) -> bool:
    if event_can_manage(user=user, event=event):
        return True
    if event.status != Event.Status.PUBLISHED:
        return False
    if event.open_to_all:
        return True
    return scope_for_user(user).lives_under(event.node)


def events_managed_by_user(*, user) -> QuerySet[Event]:
    scope = scope_for_user(user)
    if not scope.managing:
        return Event.objects.filter(organiser_user=user)
    return Event.objects.filter(scope.q("node") | Q(organiser_user=user))


def events_for_staff(*, user) -> QuerySet[Event]:
    """Every event whose place lies in the staff member's managing scope (as in the admin).

    Residents and captains get a 404: the staff API is hidden from them, not empty.
    """
    scope = require_managing_scope(user)
    return scope.filter(
        Event.objects.select_related("node", "organiser_unit", "organiser_user"), "node"
    ).order_by("-starts_at", "pk")


def event_get_for_staff(*, user, pk: int) -> Event:
    """One event in the staff member's managing scope; 404 otherwise (no existence leak)."""
    require_managing_scope(user)
    return get_in_scope_or_404(
        Event.objects.select_related("node", "organiser_unit", "organiser_user"), user=user, pk=pk
    )


# --- occurrences -----------------------------------------------------------------------------


def _my_status(user):
    return Subquery(
        Registration.objects.filter(occurrence=OuterRef("pk"), user=user, status__in=LIVE).values(
            "status"
        )[:1]
    )


def occurrences_upcoming_for_user(
    *, user, now: dt.datetime | None = None, query: str = ""
) -> QuerySet[Occurrence]:
    """Sessions not yet over that the user may see: their own community's first, then by time.

    Each row carries `my_status` (the user's live registration status or None) and `near`
    (0 = in one of the user's communities). One query for the rows once the scope is known.
    """
    now = now or timezone.now()
    visible = _visible_event_q(user, prefix="event__")
    communities = scope_for_user(user).home_places([Node.Kind.COMMUNITY])
    near = Case(
        *[When(community.subtree_q("event__node"), then=Value(0)) for community in communities],
        default=Value(1),
        output_field=IntegerField(),
    )
    occurrences = (
        Occurrence.objects.filter(visible, ends_at__gte=now, status=Occurrence.Status.SCHEDULED)
        .select_related("event__node", "venue_booking__venue__node")
        .annotate(near=near, my_status=_my_status(user))
    )
    if query:
        occurrences = occurrences.filter(
            Q(event__title__icontains=query)
            | Q(event__place__icontains=query)
            | Q(event__node__name__icontains=query)
        )
    return occurrences.order_by("near", "starts_at", "pk")


class SessionCard(NamedTuple):
    """What a session's row on the activities list shows (events/_session_card.html), as plain
    values: the row is rendered once per process per content (core/templatetags/kept.py)."""

    pk: int
    title: str
    starts_at: dt.datetime
    place: str
    node_name: str
    kind: str
    my_status: str | None
    capacity: int | None
    seats_taken: int
    min_age: int | None

    @property
    def kind_label(self) -> str:
        return str(dict(Event.Kind.choices).get(self.kind, self.kind))

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.seats_taken)


def session_card(occurrence: Occurrence) -> SessionCard:
    """A row of occurrences_upcoming_for_user as its card."""
    event = occurrence.event
    return SessionCard(
        pk=occurrence.pk,
        title=event.title,
        starts_at=occurrence.starts_at,
        place=event.place,
        node_name=event.node.name,
        kind=event.kind,
        my_status=occurrence.my_status,
        capacity=occurrence.capacity,
        seats_taken=occurrence.seats_taken,
        min_age=event.min_age,
    )


def occurrence_get_for_user(*, user, pk: int) -> Occurrence:
    """A session the user may see, with `my_status`; 404 otherwise (no existence leak)."""
    visible = _visible_event_q(user, prefix="event__")
    return get_object_or_404(
        Occurrence.objects.filter(visible)
        .select_related(
            "event__node",
            "event__organiser_unit",
            "event__organiser_user",
            "venue_booking__venue__node",
        )
        .annotate(my_status=_my_status(user)),
        pk=pk,
    )


def occurrence_get_for_manager(*, user, pk: int) -> Occurrence:
    occurrence = get_object_or_404(
        Occurrence.objects.select_related(
            "event__node", "event__organiser_user", "venue_booking__venue"
        ),
        pk=pk,
    )
    if not event_can_manage(user=user, event=occurrence.event):
        raise Http404
    return occurrence


def event_get_for_user(*, user, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("node"), pk=pk)
    if not event_is_visible(user=user, event=event):
        raise Http404
    return event


def event_sessions(*, event: Event, now: dt.datetime | None = None) -> QuerySet[Occurrence]:
    now = now or timezone.now()
    return event.occurrences.filter(ends_at__gte=now).order_by("starts_at")


def occurrences_for_calendar(*, user, start: dt.datetime, end: dt.datetime) -> QuerySet[Occurrence]:
    """Sessions of events the user manages starting in [start, end), for the month grid."""
    managed = events_managed_by_user(user=user)
    return (
        Occurrence.objects.filter(event__in=managed, starts_at__gte=start, starts_at__lt=end)
        .select_related("event__node", "venue_booking__venue__node")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            attended=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("starts_at", "pk")
    )


def occurrence_stats(*, occurrence: Occurrence) -> dict:
    """Numbers for the attendance page and the summary: one query."""
    return Registration.objects.filter(occurrence=occurrence).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
    ) | Rating.objects.filter(occurrence=occurrence).aggregate(
        rating_average=Avg("score"), rating_count=Count("pk")
    )


# --- registrations ---------------------------------------------------------------------------


def registrations_of_user(*, user, upcoming: bool | None = None) -> QuerySet[Registration]:
    """The user's live registrations (and ones made for them by a household member)."""
    registrations = (
        Registration.objects.filter(user=user, status__in=LIVE)
        .select_related("occurrence__event__node")
        .annotate(
            rated=Exists(
                Rating.objects.filter(occurrence=OuterRef("occurrence"), user=OuterRef("user"))
            )
        )
    )
    now = timezone.now()
    if upcoming is True:
        registrations = registrations.filter(occurrence__ends_at__gte=now)
    elif upcoming is False:
        registrations = registrations.filter(occurrence__ends_at__lt=now)
    return registrations.order_by("occurrence__starts_at", "pk")


def registrations_of_group(*, occurrence: Occurrence, user) -> QuerySet[Registration]:
    """The live registrations the user made or holds at a session (their household group)."""
    return (
        Registration.objects.filter(occurrence=occurrence, status__in=LIVE)
        .filter(Q(user=user) | Q(registered_by=user))
        .select_related("user")
        .order_by("pk")
    )


def attendance_for_occurrence(*, occurrence: Occurrence) -> QuerySet[Registration]:
    """Everyone registered or waiting, confirmed first, then the queue in its order."""
    order = Case(
        When(status=Registration.Status.CONFIRMED, then=Value(0)),
        When(status=Registration.Status.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Registration.objects.filter(occurrence=occurrence)
        .select_related("user", "registered_by")
        .annotate(order=order)
        .order_by("order", "waitlisted_at", "created_at", "pk")
    )


def household_members_of(user) -> list:
    """People sharing an approved household with the user (whom they may register too)."""
    User = get_user_model()
    households = households_of_user(user).values("pk")
    return list(
        User.objects.filter(
            residencies__household__in=households,
            residencies__status=Residency.Status.APPROVED,
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("pk")
    )


def birth_year_of(user) -> int | None:
    return AttendeeProfile.objects.filter(user=user).values_list("birth_year", flat=True).first()


def is_party_member(user) -> bool:
    return PartyMember.current.filter(user=user).exists()


# --- topic menus -----------------------------------------------------------------------------


def topic_menus_for_user(*, user) -> QuerySet[TopicMenu]:
    """Open menus at places the user lives in or under, or within their scope."""
    scope = scope_for_user(user)
    q = scope.home_q("node")
    if not scope.is_empty:
        q |= scope.q("node")
    voted = TopicVote.objects.filter(topic=OuterRef("pk"), user=user)
    return (
        TopicMenu.objects.filter(q, is_open=True)
        .select_related("node")
        .prefetch_related(
            Prefetch(
                "topics",
                queryset=Topic.objects.annotate(voted=Exists(voted)).order_by("-vote_count", "pk"),
            )
        )
        .order_by("-created_at", "pk")
    )


def topic_menus_for_staff(*, user) -> QuerySet[TopicMenu]:
    """Menus at places in the staff member's managing scope (404 for everyone else)."""
    scope = require_managing_scope(user)
    return scope.filter(
        TopicMenu.objects.select_related("node").annotate(topic_count=Count("topics")), "node"
    ).order_by("-created_at", "pk")


def topic_get_for_user(*, user, pk: int) -> Topic:
    topic = get_object_or_404(Topic.objects.select_related("menu__node"), pk=pk)
    if not topic_menus_for_user(user=user).filter(pk=topic.menu_id).exists():
        raise Http404
    return topic


# --- personal data ---------------------------------------------------------------------------


def personal_data_export(user) -> dict:
    """The resident's own events data for their personal-data export (PIPL)."""
    return {
        "birth_year": birth_year_of(user),
        "registrations": [
            {
                "event": r.occurrence.event.title,
                "starts_at": r.occurrence.starts_at.isoformat(),
                "status": r.get_status_display(),
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in Registration.objects.filter(user=user)
            .select_related("occurrence__event")
            .order_by("pk")
        ],
        "ratings": [
            {"event": r.occurrence.event.title, "score": r.score, "comment": r.comment}
            for r in Rating.objects.filter(user=user).select_related("occurrence__event")
        ],
        "topic_votes": list(
            TopicVote.objects.filter(user=user).values_list("topic__title", flat=True)
        ),
    }


def occurrences_between_at(
    *, node: Node, start: dt.datetime, end: dt.datetime
) -> QuerySet[Occurrence]:
    """Scheduled sessions of published events at or under `node` starting in [start, end),
    with their confirmed and wait-listed registrations counted (one query)."""
    return (
        Occurrence.objects.filter(
            node.subtree_q("event__node"),
            starts_at__gte=start,
            starts_at__lt=end,
            status=Occurrence.Status.SCHEDULED,
            event__status=Event.Status.PUBLISHED,
        )
        .select_related("event")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")
    )


def attendance_by_place(*, node: Node, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(event place path, registered, checked in) over sessions starting in [start, end) at or
    under `node`, one row per place (one query)."""
    return list(
        Registration.objects.filter(
            node.subtree_q("occurrence__event__node"),
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
            status=Registration.Status.CONFIRMED,
        )
        .order_by()
        .values_list("occurrence__event__node__path")
        .annotate(
            registered=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    )


def event_participant_ids(*, node: Node, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Ids of the people registered (and not cancelled) for sessions in [start, end) at or
    under `node`: a subquery for participation equity."""
    return Registration.objects.filter(
        node.subtree_q("occurrence__event__node"),
        occurrence__starts_at__gte=start,
        occurrence__starts_at__lt=end,
        status=Registration.Status.CONFIRMED,
    ).values("user_id")


def birth_year_counts(*, people: Q) -> list[tuple[int | None, int]]:
    """(year of birth or None, people) among the users `people` selects (a Q on User), from what
    events asked them (the only place the portal keeps an age; PIPL: collect the minimum)."""
    User = get_user_model()
    return list(
        User.objects.filter(people)
        .order_by()
        .values_list("event_profile__birth_year")
        .annotate(people=Count("pk", distinct=True))
    )
