"""Sessions as Django's cached_db, with the base layout's copy asked for in the same round trip.

Every signed-in page reads its session from Redis, then the user's layout copy (core.layout):
two round trips to Redis where one would do, and on a bare page the second cost about a tenth
of the request. Once this process has loaded a session it knows whose it is, so the next load
of the same session asks Redis for both keys at once (one MGET). The copy is used only for the
user the loaded session names; any other user (a session key reused after a log-out) is looked
up as before, by core.layout.

The process keeps session key -> user id for the sessions it served last (bounded; emptied
when full). It is a hint, never trusted: a stale entry costs one extra key in the MGET.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from core.layout import layout_cache_key, layout_forget_mark

# Sessions a process remembers the user of; at ~150 bytes an entry, a few MB at most.
_REMEMBERED_SESSIONS = 20_000
_user_of_session: dict[str, str] = {}


class SessionStore(CachedDBStore):
    # (user id as the session holds it, the layout copy found or None, layout_forget_mark() when
    # fetched), or None if not asked.
    prefetched_layout: tuple[str, object, int] | None = None

    def load(self):
        session_key = self.session_key
        user_id = _user_of_session.get(session_key) if session_key else None
        data = None
        if user_id is not None:
            session_cache_key, layout_key = self.cache_key, layout_cache_key(user_id)
            mark = layout_forget_mark()
            found = self._cache.get_many([session_cache_key, layout_key])
            data = found.get(session_cache_key)
            if data is not None:
                self.prefetched_layout = (user_id, found.get(layout_key), mark)
        if data is None:  # not known here yet, or not in the cache: as Django reads it
            data = super().load()
        signed_in_as = data.get(SESSION_KEY)
        if session_key and signed_in_as is not None:
            if len(_user_of_session) >= _REMEMBERED_SESSIONS:
                _user_of_session.clear()
            _user_of_session[session_key] = str(signed_in_as)
        return data

    def prefetched_layout_of(self, user_id) -> tuple[bool, object]:
        """(whether this load fetched `user_id`'s layout copy, still good to use; the copy or None).

        Not good once a copy was dropped in this process since (layout_forget): this request may
        have changed what it shows, and the cache is asked again."""
        prefetched = self.prefetched_layout
        if prefetched is None or prefetched[0] != str(user_id):
            return False, None
        if prefetched[2] != layout_forget_mark():
            return False, None
        return True, prefetched[1]
