"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over categories and cases.

- services.{json,xml}: the leaf categories (service_code = category code);
- requests.{json,xml} GET: cases, filtered as the spec says (ids, service_code, dates,
  status open/closed; the last 90 days by default); POST: a new case, with an api_key of an
  Open311Client; the place is `address_id` (a node code of the tree) or a free
  address_string and/or lat/long;
- requests/{id}.{json,xml}.

Reads are public, as in every Open311 city: the reporter is never shown.
Errors are `[{"code": ..., "description": ...}]` (or <errors> in XML) with the HTTP status.
"""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors, services
from cases.models import FINAL_STATES, Case, CaseEvent, Category, Open311Client
from communities.models import Node

A = CaseEvent.Action
DEFAULT_WINDOW = datetime.timedelta(days=90)
MAX_RESULTS = 200


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


def _w3(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


@require_GET
def services_list(request, fmt: str):
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
    ]
    return _render(fmt, "services", "service", rows)


def _requests_queryset():
    notes = CaseEvent.objects.filter(
        case=OuterRef("pk"), action__in=[A.REJECT, A.SUBMIT, A.VERIFY_PASS, A.MERGE]
    ).order_by("-created_at", "-pk")
    return Case.objects.select_related(
        "category", "node", "assignee_post", "assignee_unit"
    ).annotate(status_notes=Subquery(notes.values("note")[:1]))


def _request_row(case: Case) -> dict:
    agency = ""
    if case.assignee_unit_id:
        agency = case.assignee_unit.name
    elif case.assignee_post_id:
        agency = case.assignee_post.get_kind_display()
    return {
        "service_request_id": case.pk,
        "status": "closed" if case.state in FINAL_STATES else "open",
        "status_notes": case.status_notes or "",
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": case.description,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": _w3(case.created_at),
        "updated_datetime": _w3(case.updated_at),
        "expected_datetime": _w3(case.resolve_due_at),
        "address": case.address or case.node.full_name,
        "address_id": case.node.code,
        "zipcode": "",
        "lat": float(case.latitude) if case.latitude is not None else None,
        "long": float(case.longitude) if case.longitude is not None else None,
        "media_url": "",
    }


def _parse_date(value: str):
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _list(request, fmt: str) -> HttpResponse:
    params = request.GET
    cases = _requests_queryset()
    ids = [i for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        if not all(i.strip().isdigit() for i in ids):
            return _error(fmt, 400, "service_request_id must be numbers")
        cases = cases.filter(pk__in=[int(i) for i in ids])
    else:
        try:
            end = _parse_date(params["end_date"]) if params.get("end_date") else timezone.now()
            start = (
                _parse_date(params["start_date"])
                if params.get("start_date")
                else end - DEFAULT_WINDOW
            )
        except ValueError:
            return _error(fmt, 400, "start_date and end_date must be W3C datetimes")
        cases = cases.filter(created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            cases = cases.filter(category__code__in=codes)
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses == {"open"}:
            cases = cases.exclude(state__in=FINAL_STATES)
        elif statuses == {"closed"}:
            cases = cases.filter(state__in=FINAL_STATES)
    rows = [_request_row(case) for case in cases.order_by("-created_at", "-pk")[:MAX_RESULTS]]
    return _render(fmt, "service_requests", "request", rows)


def _client_for(key: str) -> Open311Client | None:
    if not key:
        return None
    return (
        Open311Client.objects.select_related("account")
        .filter(key_hash=Open311Client.hash_key(key), is_active=True)
        .first()
    )


def _create(request, fmt: str) -> HttpResponse:
    data = request.POST
    client = _client_for(data.get("api_key", ""))
    if client is None:
        return _error(fmt, 403, "a valid api_key is required")
    category = Category.objects.filter(code=data.get("service_code", ""), is_active=True).first()
    if category is None:
        return _error(fmt, 400, "unknown service_code")
    node = None
    if data.get("address_id"):
        node = Node.objects.filter(code=data["address_id"]).first()
        if node is None:
            return _error(fmt, 400, "unknown address_id")
    lat, lon = data.get("lat") or None, data.get("long") or None
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
        )
    except ValidationError as error:
        return _error(fmt, 400, " ".join(error.messages))
    rows = [{"service_request_id": case.pk, "service_notice": "", "account_id": ""}]
    return _render(fmt, "service_requests", "request", rows, status=201)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@require_GET
def request_detail(request, pk: int, fmt: str):
    case = _requests_queryset().filter(pk=pk).first()
    if case is None:
        return _error(fmt, 404, "no such service request")
    return _render(fmt, "service_requests", "request", [_request_row(case)])
