"""Reads behind Open311 GeoReport v2 (cases/open311.py): the jurisdictions, the cases a caller
may list, and the coarse place a public row shows instead of the reporter's address."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery

from cases.models import Case, CaseEvent, Open311Client, State
from communities.models import Node
from communities.place_settings import place_setting_for_places

# What an anonymous caller may list: cases the office has accepted (立案). Pending and not
# registered (不予立案) reports were never taken up; a merged report is a duplicate (perhaps
# never accepted) and the case it joined is listed instead.
OPEN311_PUBLIC_STATES = frozenset(State) - {State.PENDING, State.REJECTED, State.MERGED}

# A public row names the street segment or community a case lies in, never a compound,
# building or unit (a unit with a report about a neighbour tells who complained).
COARSE_PLACE_KINDS = (Node.Kind.STREET_SEGMENT, Node.Kind.COMMUNITY, Node.Kind.STREET)

# Timeline entries whose note is the office's answer (status_notes). Only a result (SUBMIT) and
# the on-site check (VERIFY_PASS) can belong to a public case; the rejection reason and the
# merge note reach keyed clients only, since those cases are never public.
STATUS_NOTE_ACTIONS = (
    CaseEvent.Action.REJECT,
    CaseEvent.Action.SUBMIT,
    CaseEvent.Action.VERIFY_PASS,
    CaseEvent.Action.MERGE,
)


def open311_jurisdictions() -> dict[str, Node]:
    """The streets this deployment serves, by jurisdiction_id: the street's Open311 setting
    (cases.open311, set per street on the settings page), else the street's code."""
    from cases.place_settings import OPEN311

    streets = list(
        Node.objects.filter(kind=Node.Kind.STREET).only("code", "path", "name").order_by("path")
    )
    ids = place_setting_for_places(streets, OPEN311)
    return {(ids[street.code]["jurisdiction_id"] or street.code): street for street in streets}


def open311_client_for_key(key: str) -> Open311Client | None:
    """The active client holding `key` (only its hash is stored), with its place."""
    if not key:
        return None
    return (
        Open311Client.objects.select_related("account", "node")
        .filter(key_hash=Open311Client.hash_key(key), is_active=True)
        .first()
    )


def open311_full_details_q(client: Open311Client | None) -> Q:
    """Cases the client reads in full: those in its place and those it filed itself."""
    if client is None:
        return Q(pk__in=[])
    condition = Q(open311_client=client)
    if client.node_id:
        condition |= client.node.subtree_q("node")
    return condition


def open311_requests(*, client: Open311Client | None, jurisdiction: Node | None) -> QuerySet[Case]:
    """Cases an Open311 caller may list: the public ones, and with a key those it reads in
    full (whatever their state). Each carries `status_notes`, the office's latest answer."""
    notes = (
        CaseEvent.objects.filter(case=OuterRef("pk"), action__in=STATUS_NOTE_ACTIONS)
        .exclude(note="")
        .order_by("-created_at", "-pk")
    )
    cases = Case.objects.filter(Q(state__in=OPEN311_PUBLIC_STATES) | open311_full_details_q(client))
    if jurisdiction is not None:
        cases = cases.filter(jurisdiction.subtree_q("node"))
    return cases.select_related("category", "node", "assignee_post", "assignee_unit").annotate(
        status_notes=Subquery(notes.values("note")[:1])
    )


def open311_may_see_in_full(*, client: Open311Client | None, case: Case) -> bool:
    """The same rule as open311_full_details_q, for one loaded case (no query)."""
    if client is None:
        return False
    if case.open311_client_id == client.pk:
        return True
    return client.node_id is not None and case.node.is_descendant_of(client.node)


def coarse_places(nodes: Iterable[Node]) -> dict[int, Node]:
    """For each node (by pk), the place a public row may name: the street segment it lies in,
    else its community, else its street. One query for any number of nodes."""
    nodes = list({node.pk: node for node in nodes}.values())
    codes = {code for node in nodes for code in node.lineage_codes}
    candidates = {
        place.code: place
        for place in Node.objects.filter(code__in=codes, kind__in=COARSE_PLACE_KINDS).only(
            "code", "kind", "name", "full_name", "path"
        )
    }
    places: dict[int, Node] = {}
    for node in nodes:
        by_kind = {
            candidates[code].kind: candidates[code]
            for code in node.lineage_codes
            if code in candidates
        }
        for kind in COARSE_PLACE_KINDS:
            if kind in by_kind:
                places[node.pk] = by_kind[kind]
                break
    return places
