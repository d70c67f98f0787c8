""" "Needs me now": the queues of a place, each count asked of the app that owns the rows.

A fixed number of queries whatever the place's size (each app answers with an aggregate), so a
street's workbench costs what a grid's does. Every queue links to the page where staff act.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors as cases_selectors
from communities import selectors as communities_selectors
from communities.models import Node
from consultations import selectors as consultations_selectors
from events import selectors as events_selectors
from marketplace import selectors as marketplace_selectors
from party import selectors_alliance as party_selectors
from points import selectors as points_selectors
from volunteers import selectors as volunteers_selectors

CLOSING_SOON = datetime.timedelta(days=3)
# The case board filters by the upper levels only; below them the link opens the whole board.
BOARD_FILTER_KINDS = {Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND}
LIST_LIMIT = 10
# Co-building projects are a community's (or above): the party group shows on these places.
CO_BUILDING_KINDS = {Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY}


@dataclass
class Queue:
    key: str
    label: str
    count: int
    url: str
    # An urgent queue (overdue cases, the ledger) is drawn as an alert when it is not empty.
    urgent: bool = False


@dataclass
class QueueGroup:
    key: str
    title: str
    queues: list[Queue] = field(default_factory=list)
    # Dated items listed under the counts (this week's sessions, votes closing).
    items: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(queue.count for queue in self.queues)


def _board_url(node: Node, **filters) -> str:
    if node.kind in BOARD_FILTER_KINDS:
        filters["node"] = node.pk
    return f"{reverse('cases:board')}?{urlencode(filters)}"


def _week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00, local time."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def workbench_queues(*, node: Node, now: datetime.datetime | None = None) -> list[QueueGroup]:
    """The queues of `node` (which the caller has checked the user manages), grouped by app."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = []

    cases = cases_selectors.case_queue_counts(node=node, now=now)
    groups.append(
        QueueGroup(
            "cases",
            _("Cases"),
            [
                Queue(
                    "to_accept",
                    _("To accept"),
                    cases["to_accept"],
                    _board_url(node, state="pending"),
                ),
                Queue(
                    "overdue",
                    _("Overdue"),
                    cases["overdue"],
                    _board_url(node, overdue="on"),
                    urgent=True,
                ),
                Queue(
                    "to_verify",
                    _("To check on site"),
                    cases["to_verify"],
                    _board_url(node, state="to_verify"),
                ),
                Queue(
                    "returned", _("Returned"), cases["returned"], _board_url(node, state="returned")
                ),
                Queue(
                    "on_hold",
                    _("On hold (挂账)"),
                    cases["on_hold"],
                    _board_url(node, state="on_hold"),
                ),
            ],
        )
    )

    places = communities_selectors.community_queue_counts(node=node, today=today)
    allowances = f"{reverse('communities:allowances')}?node={node.pk}"
    groups.append(
        QueueGroup(
            "residents",
            _("Residents and captains"),
            [
                Queue(
                    "claims",
                    _("Residents' claims to approve"),
                    places["claims"],
                    reverse("communities:claims_pending"),
                ),
                Queue(
                    "captains_without_patrol",
                    _("Captains with no patrol today"),
                    places["captains_without_patrol"],
                    reverse("communities:captains_missing"),
                ),
                Queue(
                    "buildings_without_captain",
                    _("Buildings without a captain"),
                    places["buildings_without_captain"],
                    f"{reverse('communities:captain_posts')}?node={node.pk}",
                ),
                Queue(
                    "allowances_unpaid",
                    _("Allowances to pay"),
                    places["allowances_unpaid"],
                    allowances,
                ),
            ],
        )
    )

    volunteers = volunteers_selectors.volunteer_queue_counts(node=node)
    wishes = reverse("volunteers:wishes")
    groups.append(
        QueueGroup(
            "volunteers",
            _("Volunteers"),
            [
                Queue(
                    "hours_to_verify",
                    _("Hours to verify"),
                    volunteers["hours_to_verify"],
                    reverse("volunteers:verify"),
                ),
                Queue(
                    "wishes_to_dispatch",
                    _("Wishes not dispatched"),
                    volunteers["wishes_to_dispatch"],
                    wishes,
                ),
                Queue(
                    "wishes_unclaimed",
                    _("Wishes nobody claimed"),
                    volunteers["wishes_unclaimed"],
                    wishes,
                ),
            ],
        )
    )

    week_start, week_end = _week_bounds(now)
    sessions = list(
        events_selectors.occurrences_between_at(node=node, start=week_start, end=week_end)[
            : LIST_LIMIT + 1
        ]
    )
    closing = list(
        consultations_selectors.consultations_closing_at(node=node, now=now, within=CLOSING_SOON)[
            : LIST_LIMIT + 1
        ]
    )
    groups.append(
        QueueGroup(
            "this_week",
            _("This week"),
            [],
            items=[
                {
                    "kind": "session",
                    "title": session.event.title,
                    "when": session.starts_at,
                    "detail": _("%(registered)d registered, %(waitlisted)d waiting")
                    % {"registered": session.registered, "waitlisted": session.waitlisted},
                    "url": reverse("events:attendance", args=[session.pk]),
                }
                for session in sessions[:LIST_LIMIT]
            ]
            + [
                {
                    "kind": "consultation",
                    "title": consultation.question,
                    "when": consultation.closes_at,
                    "detail": _("Voting closes"),
                    "url": reverse("consultations:consultation", args=[consultation.pk]),
                }
                for consultation in closing[:LIST_LIMIT]
            ],
        )
    )

    market = marketplace_selectors.market_queue_counts(node=node)
    groups.append(
        QueueGroup(
            "market",
            _("Points marketplace"),
            [
                Queue(
                    "merchants_to_approve",
                    _("Merchants to approve"),
                    market["merchants_to_approve"],
                    reverse("marketplace:staff_merchants") + "?status=pending",
                ),
                Queue(
                    "offers_to_approve",
                    _("Offers to approve"),
                    market["offers_to_approve"],
                    reverse("marketplace:staff_offers") + "?status=pending",
                ),
            ],
        )
    )
    if node.kind in CO_BUILDING_KINDS:
        groups.append(_party_group(node=node, today=today))
    return groups


def _party_group(*, node: Node, today: datetime.date) -> QueueGroup:
    """Co-building projects (共建项目) past their date and not done: counted as an urgent queue,
    each listed with a link to its page where the follow-up is recorded."""
    overdue = party_selectors.overdue_commitments(node=node, today=today)
    listed = list(overdue[: LIST_LIMIT + 1])
    count = len(listed) if len(listed) <= LIST_LIMIT else overdue.count()
    return QueueGroup(
        "party",
        _("Co-building (党建益联盟)"),
        [
            Queue(
                "commitments_overdue",
                _("Co-building projects overdue"),
                count,
                reverse("party:units"),
                urgent=True,
            )
        ],
        items=[
            {
                "kind": "commitment",
                "title": commitment.title,
                "when": commitment.due_on,
                "detail": _("%(unit)s · %(community)s · overdue")
                % {"unit": commitment.unit.name, "community": commitment.community.name},
                "url": reverse("party:commitment", args=[commitment.pk]),
            }
            for commitment in listed[:LIST_LIMIT]
        ],
    )


def workbench_ledger_alert(*, node: Node):
    """The latest ledger check when it failed, for street workbenches (the ledger is shared by
    the whole deployment; the street office is who calls the operators). Otherwise None."""
    if node.kind != Node.Kind.STREET:
        return None
    check = points_selectors.ledger_check_latest()
    return check if check is not None and not check.ok else None
