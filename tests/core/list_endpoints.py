"""Which list pages and list endpoints have a query-count test (issue 18, item 8).

`LIST_ENDPOINTS` names every URL whose page or response is a list of rows that grows with
the data (a new list view is added here). A test counts as a query-count test when it calls
`assert_flat` or `queries_of` (tests/querycount.py), `django_assert_num_queries`,
`django_assert_max_num_queries` or `CaptureQueriesContext`; the URLs it covers are the
string literals (f-strings too) and `reverse("name")` calls in that test function.

`python -m tests.core.list_endpoints` prints the totals and the endpoints still without one;
`test_list_endpoints.py` holds that list empty.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LIST_ENDPOINTS = frozenset(
    {
        # pages
        "notifications:inbox",
        "communities:my_building",
        "communities:claims_pending",
        "communities:tree",
        "communities:node",
        "communities:teams",
        "communities:settings_places",
        "communities:captains_missing",
        "points:mine",
        "points:boards",
        "points:board",
        "points:settled",
        "quizzes:list",
        "quizzes:prizes",
        "quizzes:leaderboard",
        "quizzes:staff_campaigns",
        "volunteers:teams",
        "volunteers:shifts",
        "volunteers:hours",
        "volunteers:verify",
        "volunteers:timebank",
        "volunteers:help_list",
        "volunteers:wishes",
        "volunteers:certificates",
        "volunteers:organise_projects",
        "events:upcoming",
        "events:mine",
        "events:topics",
        "events:calendar",
        "events:attendance",
        "events:staff_topics",
        "events:staff_events",
        "events:staff_menus",
        "cases:mine",
        "cases:assigned",
        "cases:resolved",
        "cases:board",
        "consultations:index",
        "consultations:follow_ups",
        "consultations:councils",
        "marketplace:home",
        "marketplace:search",
        "marketplace:my_coupons",
        "marketplace:shop",
        "marketplace:verified",
        "marketplace:staff_merchants",
        "marketplace:staff_offers",
        "party:units",
        "party:unit",
        "party:commitment",
        "party:alliances",
        "party:alliance",
        "workbench:home",
        "workbench:place",
        "care:register",
        "care:visits_due",
        "care:disputes",
        "care:adviser",
        "care:roles",
        "care:counselling",
        "care:requests",
        "notices:index",
        "notices:manage",
        "notices:knock",
        "bookings:index",
        "bookings:pending",
        "bookings:usage",
        "bookings:appointments",
        "bookings:appointments_counter",
        "bookings:canteen",
        "bookings:canteen_counter",
        "bookings:canteen_routes",
        "bookings:canteen_deliveries",
        "bookings:canteen_staff",
        "bookings:canteen_report",
        "bookings:canteen_diners",
        "bookings:canteen_menus",
        "party:my_life",
        "party:manage",
        "bookings:provider",
        "bookings:provider_offers",
        "bookings:provider_offer",
        "bookings:provider_report",
        "bookings:provider_staff",
        "bookings:services_report",
        "open311-services",
        "open311-requests",
        # API
        "api-messages",
        "api-community-nodes",
        "api-community-my-households",
        "api-community-my-posts",
        "api-community-buildings",
        "api-community-building-households",
        "api-community-claims-pending",
        "api-points-balances",
        "api-points-postings",
        "api-points-boards",
        "api-points-board-top",
        "api-quizzes-list",
        "api-quizzes-leaderboard",
        "volunteers-teams",
        "volunteers-shifts",
        "volunteers-hours",
        "volunteers-hours-pending",
        "volunteers-help",
        "volunteers-wishes",
        "volunteers-projects",
        "volunteers-staff-wishes",
        "volunteers-staff-relatives",
        "events-sessions",
        "events-attendance",
        "events-my-registrations",
        "events-topics",
        "events-staff-events",
        "events-staff-calendar",
        "cases-api-categories",
        "cases-api-mine",
        "cases-api-assigned",
        "cases-api-board",
        "api-matters",
        "api-matter-comments",
        "api-consultations",
        "api-meetings",
        "market-offers",
        "market-coupons",
        "market-shop-offers",
        "market-verified",
        "api-notices",
        "api-notice-receipts",
        "api-care-people",
        "api-care-visits-due",
        "api-care-disputes",
        "api-care-counselling",
        "api-care-requests",
        "workbench-api-places",
        "canteen-menus",
        "canteen-orders",
        "bookings-services",
        "bookings-slots",
        "bookings-appointments",
        "bookings-provider-report",
        "canteen-staff-plan",
        "canteen-staff-kitchen",
        "canteen-staff-routes",
        "canteen-staff-deliveries",
        "canteen-staff-counter",
        "canteen-staff-diners",
        "canteen-staff-report",
        "bookings-venues",
        "bookings-venue-bookings",
        "bookings-venue-bookings-pending",
        "bookings-venue-usage",
        "canteen-staff-overview",
        "bookings-provider-services",
        "bookings-provider-slots",
        "bookings-provider-appointments",
        "bookings-provider-staff",
        "api-party-organisations",
        "api-party-members",
        "api-party-sessions",
        "api-party-my-sessions",
        "api-party-posts",
        "api-party-units",
        "api-party-projects",
        "api-party-alliances",
        "api-party-pairings",
    }
)

COUNTING_CALLS = {
    "assert_flat",
    "queries_of",
    "django_assert_num_queries",
    "django_assert_max_num_queries",
    "CaptureQueriesContext",
    "assertNumQueries",
}


def url_routes() -> dict[str, list[str]]:
    """Every named URL's routes (a name may have several), as '/path/with/<int:pk>/'."""
    import django
    from django.urls import URLResolver, get_resolver

    django.setup()
    routes: dict[str, list[str]] = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if namespace and inner:
                    inner = f"{namespace}:{inner}"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                routes.setdefault(name, []).append("/" + prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", None)
    return routes


def _route_regex(route: str) -> re.Pattern:
    """A route as a regex over the URLs tests write: a converter matches a value or an
    f-string's '{}'; a regex route (open311) keeps its own groups."""
    if "^" in route or "(?P" in route:
        body = route.replace("^", "").replace("$", "")
        body = re.sub(r"\(\?P<(\w+)>([^)]*)\)", r"(?:\2|{})", body)
        return re.compile("^" + body + "$")
    parts = re.split(r"<[^>]+>", route)
    return re.compile("^" + r"(?:[^/]+|\{\})".join(re.escape(part) for part in parts) + "$")


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """A module's string constants (`API = "/api/v1/volunteers"`), for f-strings using them."""
    return {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _fstring_text(item: ast.JoinedStr, constants: dict[str, str]) -> str:
    parts = []
    for part in item.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
        elif isinstance(part.value, ast.Name) and part.value.id in constants:
            parts.append(constants[part.value.id])
        else:
            parts.append("{}")
    return "".join(parts)


def _strings(node: ast.AST, constants: dict[str, str]) -> tuple[set[str], set[str]]:
    """The URL-like literals in a function (f-string values as '{}') and its reverse() names."""
    urls, names = set(), set()
    for item in ast.walk(node):
        if isinstance(item, ast.JoinedStr):
            text = _fstring_text(item, constants)
            if text.startswith("/"):
                urls.add(text.split("?")[0])
        elif isinstance(item, ast.Name) and item.id in constants:
            if constants[item.id].startswith("/"):
                urls.add(constants[item.id].split("?")[0])
        elif isinstance(item, ast.Constant) and isinstance(item.value, str):
            if item.value.startswith("/"):
                urls.add(item.value.split("?")[0])
        elif isinstance(item, ast.Call):
            func = ast.unparse(item.func)
            if func.endswith("reverse") and item.args and isinstance(item.args[0], ast.Constant):
                names.add(str(item.args[0].value))
    return urls, names


def _names_called(node: ast.AST) -> set[str]:
    return {
        ast.unparse(item.func).rpartition(".")[2]
        for item in ast.walk(node)
        if isinstance(item, ast.Call)
    }


def _counting_functions(root: Path):
    """Test functions that count queries, directly or through a helper of their module."""
    for path in sorted((root / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        counting = set(COUNTING_CALLS)
        counting |= {
            node.name
            for node in functions
            if not node.name.startswith("test") and _names_called(node) & COUNTING_CALLS
        }
        for node in functions:
            used = _names_called(node) | {a.arg for a in node.args.args}
            if node.name.startswith("test") and used & counting:
                yield path, node, _module_strings(tree)


def covered(routes: dict[str, list[str]], root: Path = ROOT) -> dict[str, str]:
    """The list endpoints with a query-count test: name -> 'file::test'."""
    regexes = {name: [_route_regex(r) for r in routes.get(name, [])] for name in LIST_ENDPOINTS}
    found: dict[str, str] = {}
    for path, function, constants in _counting_functions(root):
        urls, names = _strings(function, constants)
        where = f"{path.relative_to(root)}::{function.name}"
        for name, patterns in regexes.items():
            if name in names or any(p.match(url) for p in patterns for url in urls):
                found.setdefault(name, where)
    return found


def report() -> tuple[int, dict[str, str], list[str]]:
    routes = url_routes()
    unknown = sorted(LIST_ENDPOINTS - set(routes))
    if unknown:
        raise SystemExit(f"not URL names: {unknown}")
    found = covered(routes)
    return len(LIST_ENDPOINTS), found, sorted(LIST_ENDPOINTS - set(found))


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    total, found, missing = report()
    print(f"list endpoints: {total}, with a query-count test: {len(found)}")  # noqa: T201
    for name in missing:
        print(f"  missing: {name}")  # noqa: T201
    sys.exit(0)
