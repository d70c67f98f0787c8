"""Query-count checks for list pages and endpoints: the count of one request stays the same
as the rows on the page grow (each list loads its rows and their relations in a fixed number
of queries)."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def sessions_in_cache() -> bool:
    """Whether sessions are read from the shared cache (with Redis: core.sessions), not the
    database (the embedded default), i.e. whether a page's session costs no query."""
    return settings.SESSION_ENGINE != "django.contrib.sessions.backends.db"


def scope_queries() -> int:
    """The queries of a page's reading of the user's scope (communities.scoping): none with
    Redis, where each user's scope is kept, one on the embedded default."""
    return 0 if settings.REDIS_URL else 1


def queries_of(client, url: str, params: dict | None = None) -> list[str]:
    """The SQL of one GET (which must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def assert_flat(client, url: str, grow, params: dict | None = None) -> int:
    """Count the queries of `url`, call `grow()` to add rows, count again: the same.

    A first request warms what every page caches per process (role providers, content
    types); so does one after `grow()`, whose writes (a message, a post) may drop the user's
    cached layout (core.layout). Returns the count, for tests that also pin it."""
    client.get(url, params or {})
    few = queries_of(client, url, params)
    grow()
    client.get(url, params or {})
    many = queries_of(client, url, params)
    assert len(many) == len(few), (url, len(few), len(many), [sql[:300] for sql in many])
    return len(few)


def layout_queries(client) -> int:
    """The queries of the home page, the layout alone for a signed-in user (the session, the
    user, the layout's data unless kept in Redis): what a page's own queries are counted on.
    Asked twice, the second counted (the first may fill the caches)."""
    client.get("/")
    return len(queries_of(client, "/"))
