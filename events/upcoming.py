"""The activities list of a resident as prepared statements: its rows as cards, its count.

events.selectors.occurrences_upcoming_for_user is the rule (sessions not yet over of the events
the user may see, their own community's first, then by time, with the user's registration
status); the activities page reads it on every view, where building that queryset (a CASE a
community, a subquery, the visibility Q) cost more than running it. `UpcomingSessions` is the
same read written by hand for a resident, one statement text a shape (with or without a
search), prepared once per connection (core.prepared), and a sequence a Paginator pages
through: a slice is the page's rows as SessionCards, `count()` the number of sessions.

Staff (whose scope manages places) also see their places' drafts: their list stays the
queryset's.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from communities.models import Node
from communities.scoping import scope_for_user
from core.prepared import PreparedRows, any_of
from core.rows import converter
from events import selectors
from events.models import Event, Occurrence, Registration
from events.selectors import LIVE, SessionCard


def _contains(column: str) -> str:
    """`column` icontains a parameter, as the ORM writes it on this backend."""
    lhs = connection.ops.lookup_cast("icontains", "TextField") % column
    return f"{lhs} {connection.operators['icontains'] % '%s'}"


class _Cards:
    """The staff's list: the queryset's rows as cards, for a Paginator."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, rows: slice) -> list[SessionCard]:
        return [selectors.session_card(occurrence) for occurrence in self.queryset[rows]]


class UpcomingSessions(PreparedRows):
    """occurrences_upcoming_for_user(...) of a resident as a sequence of SessionCard."""

    def __init__(self, *, codes, user_id: int, now: dt.datetime, query: str = ""):
        homes, home_params = any_of("n.code", codes)
        communities, community_params = any_of("c.code", codes)
        moment = connection.ops.adapt_datetimefield_value(now)
        statuses, status_params = any_of("r.status", [str(status) for status in LIVE])
        self._columns = (
            "o.id, e.title, o.starts_at, e.place, n.name, e.kind, "
            f"(SELECT r.status FROM {Registration._meta.db_table} r WHERE r.occurrence_id = o.id "
            f"AND r.user_id = %s AND {statuses} LIMIT 1), "
            "o.capacity, o.seats_taken, e.min_age, "
            # 0 for a session in one of the user's communities (occurrences_upcoming_for_user)
            f"CASE WHEN EXISTS (SELECT 1 FROM {Node._meta.db_table} c WHERE c.kind = %s "
            f"AND {communities} AND substr(n.path, 1, length(c.path)) = c.path) "
            "THEN 0 ELSE 1 END AS near"
        )
        self._column_params = [user_id, *status_params, Node.Kind.COMMUNITY, *community_params]
        where = [
            "e.status = %s",
            f"(e.open_to_all = %s OR {homes})",
            "o.ends_at >= %s",
            "o.status = %s",
        ]
        params: list = [Event.Status.PUBLISHED, True, *home_params, moment]
        params.append(Occurrence.Status.SCHEDULED)
        if query:
            where.append(
                f"({_contains('e.title')} OR {_contains('e.place')} OR {_contains('n.name')})"
            )
            params += [f"%{connection.ops.prep_for_like_query(query)}%"] * 3
        self._from = (
            f"FROM {Occurrence._meta.db_table} o "
            f"JOIN {Event._meta.db_table} e ON e.id = o.event_id "
            f"JOIN {Node._meta.db_table} n ON n.id = e.node_id "
            f"WHERE {' AND '.join(where)}"
        )
        self._params = params

    def _page(self) -> tuple[str, list]:
        sql = f"SELECT {self._columns} {self._from} ORDER BY near, o.starts_at, o.id"
        return sql, self._column_params

    def _cards(self, fetched: list[tuple]) -> list[SessionCard]:
        moment = converter(Occurrence, "starts_at")
        return [
            SessionCard(
                pk=pk,
                title=title,
                starts_at=moment(starts_at),
                place=place,
                node_name=node_name,
                kind=kind,
                my_status=my_status,
                capacity=capacity,
                seats_taken=seats_taken,
                min_age=min_age,
            )
            for (
                pk,
                title,
                starts_at,
                place,
                node_name,
                kind,
                my_status,
                capacity,
                seats_taken,
                min_age,
                _near,
            ) in fetched
        ]


def upcoming_cards(*, user, query: str = "", now: dt.datetime | None = None):
    """The activities list of `user` as a sequence of SessionCard for a Paginator."""
    now = now or timezone.now()
    scope = scope_for_user(user)
    if scope.managing:
        return _Cards(selectors.occurrences_upcoming_for_user(user=user, now=now, query=query))
    return UpcomingSessions(codes=sorted(scope.home_codes), user_id=user.pk, now=now, query=query)
