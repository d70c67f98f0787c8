"""Lecture topic menus (宣讲菜单): staff publish topics, residents order (vote), the most-ordered
topics become events."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from events import selectors
from events.models import Event, Topic, TopicMenu, TopicVote
from events.services.schedule import event_create


def _require_scope(actor, node: Node) -> None:
    if not scope_for_user(actor).manages(node):
        raise PermissionDenied(_("You may not manage this place."))


@transaction.atomic
def topic_menu_create(
    *,
    actor,
    node: Node,
    title: str,
    description: str = "",
    topics: Sequence[tuple[str, str]] = (),
    is_open: bool = True,
) -> TopicMenu:
    """A menu with its topics, given as (title, speaker) pairs."""
    _require_scope(actor, node)
    if not title.strip():
        raise ValidationError(_("A menu needs a title."), code="empty")
    menu = TopicMenu.objects.create(
        node=node,
        title=title.strip(),
        description=description,
        is_open=is_open,
        created_by=actor,
    )
    Topic.objects.bulk_create(
        [Topic(menu=menu, title=t.strip(), speaker=s.strip()) for t, s in topics if t.strip()]
    )
    audit_record(
        actor=actor,
        action="events.create_menu",
        target=menu,
        scope_path=node.path,
        details={"topics": len(topics)},
    )
    return menu


@transaction.atomic
def topic_menu_update(
    *,
    actor,
    menu: TopicMenu,
    title: str,
    description: str,
    is_open: bool,
    add_topics: Sequence[tuple[str, str]] = (),
) -> TopicMenu:
    """Staff of the menu's place retitle it, describe it, open and close it for votes, and add
    topics (given as (title, speaker) pairs; existing topics keep their votes)."""
    menu = TopicMenu.objects.select_for_update().select_related("node").get(pk=menu.pk)
    _require_scope(actor, menu.node)
    if not title.strip():
        raise ValidationError(_("A menu needs a title."), code="empty")
    values = {"title": title.strip(), "description": description, "is_open": is_open}
    changed = sorted(field for field, value in values.items() if getattr(menu, field) != value)
    if changed:
        for field, value in values.items():
            setattr(menu, field, value)
        menu.save(update_fields=changed)
    added = Topic.objects.bulk_create(
        [Topic(menu=menu, title=t.strip(), speaker=s.strip()) for t, s in add_topics if t.strip()]
    )
    audit_record(
        actor=actor,
        action="events.change_menu",
        target=menu,
        scope_path=menu.node.path,
        details={"fields": changed, "topics_added": len(added)},
    )
    return menu


@transaction.atomic
def topic_vote(*, user, topic: Topic) -> TopicVote:
    """Order a topic: once per person and topic; the count moves with F() (no lost votes)."""
    if not selectors.topic_menus_for_user(user=user).filter(pk=topic.menu_id).exists():
        raise ValidationError(_("This menu is not open for votes."), code="menu_closed")
    try:
        with transaction.atomic():
            vote = TopicVote.objects.create(topic=topic, user=user)
    except IntegrityError:
        raise ValidationError(_("You have already chosen this topic."), code="already_voted")
    Topic.objects.filter(pk=topic.pk).update(vote_count=F("vote_count") + 1)
    audit_record(
        actor=user, action="events.vote_topic", target=topic, scope_path=topic.menu.node.path
    )
    return vote


@transaction.atomic
def topic_vote_withdraw(*, user, topic: Topic) -> None:
    deleted, _rows = TopicVote.objects.filter(topic=topic, user=user).delete()
    if deleted:
        Topic.objects.filter(pk=topic.pk, vote_count__gt=0).update(vote_count=F("vote_count") - 1)


@transaction.atomic
def topic_event_create(
    *,
    actor,
    topic: Topic,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    capacity: int | None = None,
) -> Event:
    """Turn an ordered topic into a published lecture at the menu's place; voters are told."""
    from django.urls import reverse

    from notifications.services import notify

    menu = topic.menu
    _require_scope(actor, menu.node)
    event = event_create(
        actor=actor,
        publish=True,
        node=menu.node,
        kind=Event.Kind.LECTURE,
        title=topic.title,
        description=topic.description
        or (_("Speaker: %(speaker)s") % {"speaker": topic.speaker} if topic.speaker else ""),
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        organiser_user=actor,
        organiser_name=topic.speaker,
        topic=topic,
    )
    occurrence = event.occurrences.order_by("starts_at").first()
    for vote in TopicVote.objects.filter(topic=topic).select_related("user"):
        notify(
            vote.user,
            title=_("The topic you chose is scheduled: %(title)s") % {"title": topic.title},
            body=place,
            url=reverse("events:detail", args=[occurrence.pk]) if occurrence else "",
            category="events",
            dedupe_key=f"events:topic-scheduled:{event.pk}:{vote.user_id}",
        )
    audit_record(
        actor=actor,
        action="events.topic_to_event",
        target=topic,
        scope_path=menu.node.path,
        details={"event": event.pk, "votes": topic.vote_count},
    )
    return event
