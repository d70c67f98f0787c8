"""What the base layout shows on every page (navigation roles, the unread badge): one cached read.

Every page renders the layout, so its per-user data (roles from posts, 承责团队, volunteering
and merchant staff; the unread message count) is kept in the cache under one key per user and
read once per request (then kept on the user object for the rest of the request). The services
that change any of it call `layout_forget` (posts appointed or ended, team leaders, volunteer
registration, merchant staff and status, messages created or read); a lifetime bounds what a
missed change could show.

Only navigation reads this: a decision about what a user may do asks the database
(`accounts.roles.user_roles`, `communities.scoping`), never this copy.

Kept only in a shared cache (Redis): on the embedded default each process has a cache of its
own, and a message a Celery worker creates would not drop the web process's copy, so there the
layout is read from the database on each request (once per request).
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from accounts.roles import user_roles
from notifications.selectors import unread_count

# Seconds a copy lives if no change drops it earlier (a safety net, not the invalidation).
LAYOUT_SECONDS = 300
_VERSION = 1
_ATTRIBUTE = "_gongzhi_layout"


class Layout(NamedTuple):
    roles: frozenset[str]
    unread_messages: int


_ANONYMOUS = Layout(frozenset(), 0)


def layout_cache_key(user_id) -> str:
    return f"layout:v{_VERSION}:{user_id}"


def layout_for(user, session=None) -> Layout:
    """The layout's data for this user: from the request, else the cache, else the database.

    `session`: the request's session, which may have fetched the cached copy with itself
    (core.sessions), sparing a round trip to the cache.
    """
    if user is None or not user.is_authenticated:
        return _ANONYMOUS
    kept = getattr(user, _ATTRIBUTE, None)
    if kept is not None:
        return kept
    if not settings.REDIS_URL:  # no shared cache: see the module's docstring
        layout = Layout(frozenset(user_roles(user)), unread_count(user))
        setattr(user, _ATTRIBUTE, layout)
        return layout
    prefetch = getattr(session, "prefetched_layout_of", None)
    prefetched, stored = prefetch(user.pk) if prefetch is not None else (False, None)
    if not prefetched:
        stored = cache.get(layout_cache_key(user.pk))
    # A superuser flag changed in the admin (superusers see every staff link) makes a new copy.
    if stored is not None and stored[0] == user.is_superuser:
        layout = Layout(frozenset(stored[1]), stored[2])
    else:
        layout = Layout(frozenset(user_roles(user)), unread_count(user))
        cache.set(
            layout_cache_key(user.pk),
            (user.is_superuser, sorted(layout.roles), layout.unread_messages),
            LAYOUT_SECONDS,
        )
    setattr(user, _ATTRIBUTE, layout)
    return layout


# A new value each time a layout copy is dropped in this process (itertools.count's next() is
# atomic): a copy fetched before (core.sessions, with the session) is then not used, since the
# request itself may have changed it (a message read on the page that shows the badge).
_forgets = itertools.count(1)
_latest_forget = 0


def layout_forget_mark() -> int:
    return _latest_forget


def layout_forget(user_ids) -> None:
    """Drop the cached layout of these users, now and again after commit.

    Now, so the rest of this request and this transaction's tests see the change; after commit,
    because a page read by another request in between may have cached the old state again.
    """
    global _latest_forget
    keys = [layout_cache_key(user_id) for user_id in {int(user_id) for user_id in user_ids}]
    if not keys:
        return
    _latest_forget = next(_forgets)
    _delete(keys)
    transaction.on_commit(lambda: _delete(keys))


def _delete(keys: list[str]) -> None:
    # Large fan-outs (a notice to a whole community) delete in slices of one round trip each.
    for start in range(0, len(keys), 5000):
        cache.delete_many(keys[start : start + 5000])
