"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over categories and cases.

- services.{json,xml}: the leaf categories (service_code = category code). No category asks
  extra questions (metadata is false), so services/<code>.{json,xml} answers an Open311 error;
- requests.{json,xml} GET: cases, filtered as the spec says (ids, service_code, status open /
  closed, start_date/end_date: the last 90 days by default, never more than 90 days); POST: a
  new case, with the api_key of an Open311Client; the place is `address_id` (a node code of
  the tree) or a free address_string and/or lat/long; media_url is kept (never fetched);
- requests/{id}.{json,xml}.

Who reads what (PIPL): without a key, only accepted cases (立案), each with its category,
status, the office's answer, dates and a coarse place (community or street segment, no
position); never the resident's text, exact address, position or photo link. With an api_key
(a GET parameter too) a client also reads, in full, the cases in its place and those it filed.

`jurisdiction_id` names a street: its Open311 setting per place (cases.open311), else the street's
code; it may be left out when the deployment serves one street. Every service request row says
the jurisdiction_id of its street (an extended attribute: clients that do not know it ignore it).
Errors are `[{"code": ..., "description": ...}]` (or <errors> in XML) with the HTTP status, in the
caller's language: the `locale` parameter, else Accept-Language, else Chinese.
"""

from __future__ import annotations

import datetime
import functools
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cases import selectors, services
from cases.models import FINAL_STATES, Case, Category, Open311Client
from cases.place_settings import category_rules
from communities.models import Node

MAX_RANGE = datetime.timedelta(days=90)
MAX_RESULTS = 200
MAX_ID_DIGITS = 18  # a bigint; a longer id cannot exist


class Open311Error(Exception):
    """Ends a request with an Open311 error answer (the status doubles as the error code)."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _render(fmt: str, root: str, item: str, rows: list[dict], status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(element, key)
            if value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(
        fmt, "errors", "error", [{"code": status, "description": description}], status=status
    )


def _request_language(request) -> str:
    """`locale` (zh_CN, zh-Hans, en-US ...) if we speak it, else what LocaleMiddleware chose
    from the cookie or Accept-Language, else the default (Chinese)."""
    requested = (request.GET.get("locale") or request.POST.get("locale") or "").strip()
    if requested and len(requested) <= 20:
        try:
            return translation.get_supported_language_variant(requested.replace("_", "-").lower())
        except LookupError:
            pass
    return translation.get_language()


def _jurisdiction(request) -> Node | None:
    """The street asked for by jurisdiction_id (optional when there is only one street)."""
    wanted = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    streets = selectors.open311_jurisdictions()
    # Each answered row names its street's jurisdiction_id (_rows).
    request.open311_ids_by_street = {street.code: key for key, street in streets.items()}
    if wanted:
        if wanted not in streets:
            raise Open311Error(404, _("Unknown jurisdiction_id."))
        return streets[wanted]
    if len(streets) > 1:
        raise Open311Error(
            400,
            _(
                "jurisdiction_id is required: this endpoint serves several streets (one of: %(ids)s)."
            )
            % {"ids": ", ".join(streets)},
        )
    return next(iter(streets.values()), None)


def open311_endpoint(*methods: str):
    """Answer in the caller's language, check jurisdiction_id, turn Open311Error into an answer."""

    def decorate(view):
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def wrapper(request, fmt: str, **kwargs):
            language = _request_language(request)
            with translation.override(language):
                try:
                    jurisdiction = _jurisdiction(request)
                    response = view(request, fmt=fmt, jurisdiction=jurisdiction, **kwargs)
                except Open311Error as error:
                    response = _error(fmt, error.status, error.description)
            response.headers["Content-Language"] = language
            return response

        return wrapper

    return decorate


def refused_input_response(request, status: int, code: str, message: str) -> HttpResponse:
    """Input refused by core's input cleaning, answered in Open311's error format."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return _error(fmt, status, message)


def _w3(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


@open311_endpoint("GET")
def services_list(request, fmt: str, jurisdiction: Node | None):
    rules = category_rules(jurisdiction)
    rows = [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description or str(category),
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": category.parent.name if category.parent_id else "",
        }
        for category in selectors.leaf_categories()
        if rules.handles(category)
    ]
    return _render(fmt, "services", "service", rows)


@open311_endpoint("GET")
def service_definition(request, fmt: str, jurisdiction: Node | None, code: str):
    if not selectors.leaf_categories().filter(code=code).exists():
        raise Open311Error(404, _("Unknown service_code."))
    # services.json says metadata=false for every service: none asks extra questions, so none
    # has a definition to give (the spec only defines one for metadata=true).
    raise Open311Error(
        404,
        _(
            "This service has no definition: it asks no extra questions (metadata is false). "
            "Post a request with its service_code."
        ),
    )


def _public_row(case: Case, place: Node | None) -> dict:
    """What anyone may read: no resident's text, photo, exact address or position (the tree
    has no centroids, so a coarse place has no position to give either)."""
    return {
        "service_request_id": case.pk,
        "status": "closed" if case.state in FINAL_STATES else "open",
        "status_notes": case.status_notes or "",
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": "",
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": _w3(case.created_at),
        "updated_datetime": _w3(case.updated_at),
        "expected_datetime": _w3(case.resolve_due_at),
        "address": place.full_name if place else "",
        "address_id": place.code if place else "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _full_row(case: Case) -> dict:
    """The public row with the details a keyed client may read (same keys, same order)."""
    agency = ""
    if case.assignee_unit_id:
        agency = case.assignee_unit.name
    elif case.assignee_post_id:
        agency = case.assignee_post.get_kind_display()
    return {
        **_public_row(case, None),
        "description": case.description,
        "agency_responsible": agency,
        "address": case.address or case.node.full_name,
        "address_id": case.node.code,
        "lat": float(case.latitude) if case.latitude is not None else None,
        "long": float(case.longitude) if case.longitude is not None else None,
        "media_url": case.media_url,
    }


def _jurisdiction_id(case: Case, ids_by_street: dict[str, str]) -> str:
    return next((ids_by_street[c] for c in case.node.lineage_codes if c in ids_by_street), "")


def _rows(request, cases: list[Case], client: Open311Client | None) -> list[dict]:
    full = {
        case.pk for case in cases if selectors.open311_may_see_in_full(client=client, case=case)
    }
    public_nodes = [case.node for case in cases if case.pk not in full]
    places = selectors.coarse_places(public_nodes) if public_nodes else {}
    return [
        {
            **(_full_row(case) if case.pk in full else _public_row(case, places.get(case.node_id))),
            "jurisdiction_id": _jurisdiction_id(case, request.open311_ids_by_street),
        }
        for case in cases
    ]


def _client(request, *, required: bool) -> Open311Client | None:
    params = request.POST if request.method == "POST" else request.GET
    key = params.get("api_key") or ""
    if not key and not required:
        return None
    client = selectors.open311_client_for_key(key)
    if client is None:
        raise Open311Error(403, _("A valid api_key is required."))
    return client


def _parse_moment(value: str, *, end: bool) -> datetime.datetime:
    """A W3C datetime, or a bare date (the start of that day, or the end for end_date)."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.datetime.combine(day, datetime.time.min)
        if end:
            moment += datetime.timedelta(days=1)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _date_range(params) -> tuple[datetime.datetime, datetime.datetime]:
    """start_date/end_date as the spec says: the last 90 days by default, a missing end 90 days
    after the start (a missing start 90 days before the end), never more than 90 days."""
    try:
        start = _parse_moment(params["start_date"], end=False) if params.get("start_date") else None
        end = _parse_moment(params["end_date"], end=True) if params.get("end_date") else None
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - MAX_RANGE
        if end is None:
            end = start + MAX_RANGE
    except (ValueError, OverflowError):
        raise Open311Error(
            400,
            _("start_date and end_date must be W3C dates, for example 2026-01-31T00:00:00+08:00."),
        ) from None
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > MAX_RANGE:
        raise Open311Error(400, _("start_date and end_date may not be more than 90 days apart."))
    return start, end


def _list(request, fmt: str, jurisdiction: Node | None) -> HttpResponse:
    params = request.GET
    client = _client(request, required=False)
    cases = selectors.open311_requests(client=client, jurisdiction=jurisdiction)
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        # The spec: ids override every other filter.
        if not all(i.isdigit() and len(i) <= MAX_ID_DIGITS for i in ids):
            raise Open311Error(400, _("service_request_id must be numbers separated by commas."))
        cases = cases.filter(pk__in=[int(i) for i in ids[:MAX_RESULTS]])
    else:
        start, end = _date_range(params)
        cases = cases.filter(created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            cases = cases.filter(category__code__in=codes)
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status may be open, closed or both."))
        if statuses == {"open"}:
            cases = cases.exclude(state__in=FINAL_STATES)
        elif statuses == {"closed"}:
            cases = cases.filter(state__in=FINAL_STATES)
    found = list(cases.order_by("-created_at", "-pk")[:MAX_RESULTS])
    return _render(fmt, "service_requests", "request", _rows(request, found, client))


def _create(request, fmt: str, jurisdiction: Node | None) -> HttpResponse:
    data = request.POST
    client = _client(request, required=True)
    category = Category.objects.filter(code=data.get("service_code", ""), is_active=True).first()
    if category is None:
        raise Open311Error(400, _("Unknown service_code."))
    lat, lon = data.get("lat") or None, data.get("long") or None
    node = jurisdiction
    if data.get("address_id"):
        node = Node.objects.filter(code=data["address_id"]).first()
        if node is None or (jurisdiction is not None and not node.is_descendant_of(jurisdiction)):
            raise Open311Error(400, _("Unknown address_id."))
    elif not (data.get("address_string", "").strip() or (lat and lon)):
        # The spec: a location is address_id, address_string, or lat and long.
        raise Open311Error(400, _("Give address_id, address_string, or lat and long."))
    # first_name, last_name, email and phone are ignored: the client's account is the reporter
    # and the portal collects no more personal data than it needs (PIPL).
    try:
        case = services.case_report(
            reporter=client.account,
            category=category,
            description=data.get("description", ""),
            node=node,
            address=data.get("address_string", ""),
            latitude=lat,
            longitude=lon,
            source=Case.Source.OPEN311,
            open311_client=client,
            media_url=data.get("media_url", ""),
        )
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    rows = [
        {
            "service_request_id": case.pk,
            "service_notice": "",
            "account_id": "",
            "jurisdiction_id": _jurisdiction_id(case, request.open311_ids_by_street),
        }
    ]
    return _render(fmt, "service_requests", "request", rows, status=201)


@csrf_exempt
@open311_endpoint("GET", "POST")
def requests_view(request, fmt: str, jurisdiction: Node | None):
    if request.method == "POST":
        return _create(request, fmt, jurisdiction)
    return _list(request, fmt, jurisdiction)


@open311_endpoint("GET")
def request_detail(request, fmt: str, jurisdiction: Node | None, pk: int):
    client = _client(request, required=False)
    case = (
        selectors.open311_requests(client=client, jurisdiction=jurisdiction).filter(pk=pk).first()
    )
    if case is None:
        raise Open311Error(404, _("No such service request."))
    return _render(fmt, "service_requests", "request", _rows(request, [case], client))
