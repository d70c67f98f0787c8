"""Pages of the cases app: thin; reads through selectors, writes through services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import charts, forms, selectors, services
from cases.exports import indicators_workbook
from cases.models import Case, CaseEvent
from communities.models import Node
from communities.scoping import require_managing_scope, scope_for_user
from core.outcomes import run_on_form

PAGE_SIZE = 20


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# --- residents -------------------------------------------------------------------------------


@login_required
def my_reports(request):
    page = _page(request, selectors.cases_of_reporter(user=request.user))
    return render(request, "cases/my_reports.html", {"page": page})


@login_required
def report_new(request):
    # "Report a problem in this building" on a building's board (its QR code on the wall) names
    # the building; it is preselected, and offered even to someone who does not live there.
    named_place = forms.report_place_named(request.GET.get("node", ""))
    form = forms.ReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        named_place=named_place,
        initial={"node": named_place.pk} if named_place else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.case_report(
                reporter=request.user,
                category=data["category"],
                description=data["description"],
                node=data["node"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photos=data["photos"],
            ),
            lambda case: _("Thank you. Your report was sent: case #%d.") % case.pk,
        )
        if done:
            return redirect("cases:detail", pk=done.result.pk)
    duplicates = []
    if form.is_bound:
        # A refused form still shows the open cases of that kind at that place.
        category, node = form.cleaned_data.get("category"), form.cleaned_data.get("node")
        if category and node:
            duplicates = selectors.case_duplicates(category=category, node=node)
    return render(request, "cases/report_form.html", {"form": form, "duplicates": duplicates})


@login_required
def report_duplicates(request):
    """htmx: open cases of the chosen kind at the chosen place, shown while filling the form."""
    form = forms.ReportForm(request.GET, user=request.user)
    form.is_valid()
    category, node = form.cleaned_data.get("category"), form.cleaned_data.get("node")
    duplicates = (
        selectors.case_duplicates(category=category, node=node) if category and node else []
    )
    return render(request, "cases/_duplicates.html", {"duplicates": duplicates})


@login_required
def detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    actions = selectors.case_actions_for_user(user=request.user, case=case)
    context = {
        "case": case,
        "events": list(case.events.all()),
        "actions": actions,
        "reporter": selectors.reporter_for_viewer(user=request.user, case=case),
        "is_reporter": case.reporter_id == request.user.pk,
        "overdue": case.is_open and selectors.case_is_overdue(case, now=timezone.now()),
        "rating": selectors.case_latest_rating(case),
        "note_form": forms.NoteForm(),
        "reason_form": forms.RequiredNoteForm(),
        "submit_form": forms.SubmitForm(),
        "verify_form": forms.VerifyForm(),
        "rate_form": forms.RateForm(),
        "merge_form": forms.MergeForm(),
    }
    if CaseEvent.Action.DISPATCH in actions:
        context["dispatch_form"] = forms.DispatchForm(user=request.user, case=case)
    if CaseEvent.Action.MERGE in actions:
        context["duplicates"] = selectors.case_duplicates(
            category=case.category, node=case.node, exclude_pk=case.pk
        )
    return render(request, "cases/detail.html", context)


def _run_action(request, case: Case, action: str) -> None:
    """Call the service of one action with the posted form; raises ValidationError."""
    user = request.user
    if action == CaseEvent.Action.DISPATCH:
        form = forms.DispatchForm(request.POST, user=user, case=case)
    elif action == CaseEvent.Action.SUBMIT:
        form = forms.SubmitForm(request.POST, request.FILES)
    elif action in (CaseEvent.Action.VERIFY_PASS, CaseEvent.Action.VERIFY_FAIL):
        form = forms.VerifyForm(request.POST)
    elif action == CaseEvent.Action.RATE:
        form = forms.RateForm(request.POST)
    elif action == CaseEvent.Action.MERGE:
        form = forms.MergeForm(request.POST)
    elif action in (CaseEvent.Action.REJECT, CaseEvent.Action.RETURN, CaseEvent.Action.HOLD):
        form = forms.RequiredNoteForm(request.POST)
    else:
        form = forms.NoteForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        raise ValidationError(errors, code="invalid")
    data = form.cleaned_data
    note = data.get("note", "")
    if action == CaseEvent.Action.ACCEPT:
        services.case_accept(actor=user, case=case, note=note)
    elif action == CaseEvent.Action.REJECT:
        services.case_reject(actor=user, case=case, reason=note)
    elif action == CaseEvent.Action.DISPATCH:
        services.case_dispatch(
            actor=user, case=case, post=data["post"], unit=data["unit"], note=note
        )
    elif action == CaseEvent.Action.START:
        services.case_start(actor=user, case=case, note=note)
    elif action == CaseEvent.Action.RETURN:
        services.case_return(actor=user, case=case, reason=note)
    elif action == CaseEvent.Action.HOLD:
        services.case_hold(actor=user, case=case, explanation=note)
    elif action == CaseEvent.Action.SUBMIT:
        services.case_submit(actor=user, case=case, result=note, photos=data["photos"])
    elif action in (CaseEvent.Action.VERIFY_PASS, CaseEvent.Action.VERIFY_FAIL):
        services.case_verify(actor=user, case=case, passed=data["passed"], note=note)
    elif action == CaseEvent.Action.RATE:
        services.case_rate(
            actor=user,
            case=case,
            satisfaction=data["satisfaction"],
            comment=data["comment"],
            reopen=data["reopen"],
        )
    elif action == CaseEvent.Action.REOPEN:
        services.case_reopen(actor=user, case=case, note=note)
    elif action == CaseEvent.Action.MERGE:
        into = selectors.case_get_for_user(user=user, pk=data["into"])
        services.case_merge(actor=user, case=case, into=into)
    else:
        raise Http404


@login_required
@require_POST
def act(request, pk: int, action: str):
    if action not in CaseEvent.Action.values or action in (
        CaseEvent.Action.REPORT,
        CaseEvent.Action.ESCALATE,
    ):
        raise Http404
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    try:
        _run_action(request, case, action)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Saved: %(action)s.") % {"action": CaseEvent.Action(action).label}
        )
    return redirect("cases:detail", pk=case.pk)


@login_required
def photo(request, pk: int):
    """Photos are served only to people who may see the case (never as public media)."""
    item = selectors.case_photo_get_for_user(user=request.user, pk=pk)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def resolved(request):
    """Closed cases of the user's community, without any personal data."""
    from communities.selectors import households_of_user

    household = households_of_user(request.user).first()
    community = household.node.community if household else None
    if community is None:
        roots = scope_for_user(request.user).roots
        community = roots[0].community or roots[0] if roots else None
    page = (
        _page(request, selectors.cases_resolved_public(community=community)) if community else None
    )
    return render(request, "cases/resolved.html", {"community": community, "page": page})


# --- captains and grid workers -----------------------------------------------------------------


@login_required
def assigned(request):
    page = _page(request, selectors.cases_assigned_to(user=request.user))
    return render(request, "cases/assigned.html", {"page": page, "now": timezone.now()})


# --- staff ---------------------------------------------------------------------------------


@login_required
def board(request):
    scope = require_managing_scope(request.user)
    form = forms.BoardFilterForm(request.GET or None, scope=scope)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.cases_board(
        user=request.user,
        state=filters.get("state") or "",
        category=filters.get("category"),
        node=filters.get("node"),
        overdue=bool(filters.get("overdue")),
    )
    context = {
        "form": form,
        "page": _page(request, cases, 30),
        "dispatch_form": forms.BulkDispatchForm(user=request.user),
        "now": timezone.now(),
        "query": request.GET.urlencode(),
    }
    return render(request, "cases/board.html", context)


@login_required
@require_POST
def bulk_dispatch(request):
    require_managing_scope(request.user)
    form = forms.BulkDispatchForm(request.POST, user=request.user)
    ids = [int(i) for i in request.POST.getlist("cases") if i.isdigit()]
    back = redirect(f"{reverse('cases:board')}?{request.POST.get('query', '')}")
    if not ids:
        messages.error(request, _("Tick the cases to dispatch."))
        return back
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    cases = list(Case.objects.filter(selectors.cases_visible_q(request.user), pk__in=ids))
    done, failed = services.cases_bulk_dispatch(
        actor=request.user,
        cases=cases,
        post=form.cleaned_data["post"],
        unit=form.cleaned_data["unit"],
        note=form.cleaned_data["note"],
        accept_pending=form.cleaned_data["accept_pending"],
    )
    if done:
        messages.success(request, _("%(count)d cases dispatched.") % {"count": done})
    for case, error in failed:
        messages.error(request, f"#{case.pk}: {error}")
    return back


def _indicator_params(request, scope):
    today = timezone.localdate()
    first = today.replace(day=1)
    for _month in range(5):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    initial = {"start": first, "end": today, "node": scope.roots[0] if scope.roots else None}
    data = request.GET.copy() if request.GET else None
    if data is not None:
        for key, value in initial.items():
            data.setdefault(key, value.pk if isinstance(value, Node) else value)
    form = forms.IndicatorForm(data, scope=scope, initial=initial)
    if form.is_bound and form.is_valid():
        params = {**initial, **{k: v for k, v in form.cleaned_data.items() if v}}
    else:
        params = initial
    if params["node"] is None:
        raise Http404
    return form, params


@login_required
def indicators(request):
    scope = require_managing_scope(request.user)
    form, params = _indicator_params(request, scope)
    report = selectors.indicators_report(
        node=params["node"], start=params["start"], end=params["end"]
    )
    context = {
        "form": form,
        "report": report,
        "charts": charts.indicator_charts(report["series"]),
        "query": request.GET.urlencode(),
    }
    return render(request, "cases/indicators.html", context)


@login_required
def indicators_export(request):
    scope = require_managing_scope(request.user)
    _form, params = _indicator_params(request, scope)
    report = selectors.indicators_report(
        node=params["node"], start=params["start"], end=params["end"]
    )
    content = indicators_workbook(report)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"cases-{params['node'].code}-{params['start']}-{params['end']}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_for(request, user_id: int):
    """A captain or staff member reports a problem for a resident (代办): the resident's
    places are offered, the case is theirs, the audit entry names both."""
    from communities.views_acting import person_for

    person = person_for(request, user_id)
    form = forms.ReportForm(request.POST or None, request.FILES or None, user=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.case_report(
                reporter=person,
                actor=request.user,
                category=data["category"],
                description=data["description"],
                node=data["node"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photos=data["photos"],
            ),
            lambda case: _("The report was sent for the resident: case #%d.") % case.pk,
        )
        if done:
            return redirect("communities:acting_person", person.pk)
    return render(
        request,
        "cases/report_form.html",
        {"form": form, "duplicates": [], "acting_for": person},
    )
