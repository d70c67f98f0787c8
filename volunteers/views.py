"""Pages of the volunteers app: thin, every write through services, every read through selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.masking import mask_name
from communities.scoping import require_managing_scope, scope_for_user
from core.qr import qr_data_uri
from core.request_keys import request_key_new
from volunteers import documents, selectors, services
from volunteers.forms import (
    AmountForm,
    CertificateForm,
    CertificateLookupForm,
    HelpRequestForm,
    JoinForm,
    LogHoursForm,
    RegisterForm,
    RelativeForm,
    ReportForm,
    TeamFilterForm,
    TransferForm,
    show_refusal,
    to_minutes,
)
from volunteers.models import Certificate, Membership, Signup


def _act(request, call, success: str, to: str):
    """Run a service for a POST button: a message either way, then back to a page."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(to)


def _submit(request, form, call, success: str, to: str, page):
    """Run a service for a posted form: done, a message and back to `to`; invalid or refused,
    `page()` shows the page again with the form as it was typed and the reason on it."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, success)
            return redirect(to)
    return page()


# --- the volunteer's home and registration ---------------------------------------------------


@login_required
def home(request):
    user = request.user
    profile = selectors.profile_for_user(user)
    context = {
        "profile": profile,
        "next_star": selectors.next_star(profile) if profile else None,
        "memberships": list(selectors.memberships_of_user(user)),
        "signups": list(selectors.signups_of_user(user)[:10]),
        "pending_count": selectors.hour_records_pending_for_user(user).count(),
        "join_requests": list(selectors.join_requests_for_leader(user)[:20]),
        "manages": scope_for_user(user).managing,
        "organises": scope_for_user(user).managing or selectors.teams_led_by(user).exists(),
        "balance": selectors.time_bank_summary(user)["balance"],
    }
    return render(request, "volunteers/home.html", context)


@login_required
def register(request):
    if selectors.profile_for_user(request.user):
        return redirect("volunteers:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.volunteer_register(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("Welcome! Your volunteer number is %(number)s.") % {"number": profile.number},
            )
            return redirect("volunteers:home")
    return render(request, "volunteers/register.html", {"form": form})


# --- teams -----------------------------------------------------------------------------------


@login_required
def teams(request):
    form = TeamFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        selectors.teams_list(kind=data.get("kind", ""), query=data.get("q", "")), 20
    ).get_page(request.GET.get("page"))
    return render(request, "volunteers/teams.html", {"form": form, "page": page})


@login_required
def team(request, pk: int):
    return _team_page(request, selectors.team_get(pk=pk))


def _team_page(request, team, join_form=None):
    user = request.user
    can_manage = services.common.leads_team(user, team) or scope_for_user(user).manages(team.node)
    context = {
        "team": team,
        "membership": selectors.membership_of(user, team),
        "can_manage": can_manage,
        "roster": list(selectors.team_roster(team=team)) if can_manage else [],
        "join_form": join_form if join_form is not None else JoinForm(),
        "projects": team.projects.filter(status="published").order_by("-starts_on")[:10],
    }
    return render(request, "volunteers/team.html", context)


@login_required
@require_POST
def team_join(request, pk: int):
    team = selectors.team_get(pk=pk)
    form = JoinForm(request.POST)
    return _submit(
        request,
        form,
        lambda data: services.membership_request(
            user=request.user, team=team, message=data["message"]
        ),
        _("Your request was sent to the team leader."),
        reverse("volunteers:team", args=[pk]),
        lambda: _team_page(request, team, join_form=form),
    )


@login_required
@require_POST
def membership_decide(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("team"), pk=pk)
    approve = request.POST.get("approve") == "1"
    return _act(
        request,
        lambda: services.membership_decide(
            actor=request.user, membership=membership, approve=approve
        ),
        _("Done."),
        request.POST.get("next") or reverse("volunteers:team", args=[membership.team_id]),
    )


@login_required
@require_POST
def membership_role(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("team"), pk=pk)
    return _act(
        request,
        lambda: services.membership_set_role(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        ),
        _("The role was changed."),
        reverse("volunteers:team", args=[membership.team_id]),
    )


# --- shifts ----------------------------------------------------------------------------------


@login_required
def shifts(request):
    page = Paginator(selectors.shifts_open(), 20).get_page(request.GET.get("page"))
    mine = {
        s.shift_id: s
        for s in selectors.signups_of_user(request.user).filter(
            shift_id__in=[shift.pk for shift in page]
        )
    }
    for shift in page:
        shift.my_signup = mine.get(shift.pk)
    return render(request, "volunteers/shifts.html", {"page": page})


@login_required
def shift(request, pk: int):
    shift = selectors.shift_get(pk=pk)
    user = request.user
    organiser = services.can_organise(user, shift.project)
    context = {
        "shift": shift,
        "project": shift.project,
        "signup": selectors.signup_of(user, shift),
        "organiser": organiser,
        "cancel_deadline": services.cancel_deadline(shift),
        "can_cancel": timezone.now() <= services.cancel_deadline(shift),
    }
    if organiser:
        context["roster"] = list(selectors.shift_roster(shift=shift))
        for action in ("in", "out"):
            url = request.build_absolute_uri(
                reverse("volunteers:checkin", args=[services.checkin_token(shift, action)])
            )
            context[f"qr_{action}"] = qr_data_uri(url)
    return render(request, "volunteers/shift.html", context)


@login_required
@require_POST
def shift_signup(request, pk: int):
    shift = selectors.shift_get(pk=pk)
    try:
        signup = services.shift_signup(user=request.user, shift=shift)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if getattr(error, "code", "") == "not_a_volunteer":
            return redirect("volunteers:register")
    else:
        if signup.status == Signup.Status.CONFIRMED:
            messages.success(request, _("You are signed up. Thank you!"))
        else:
            messages.warning(
                request,
                _(
                    "The shift is full: you are on the waiting list and will be told if a place comes free."
                ),
            )
    return redirect("volunteers:shift", pk=pk)


@login_required
@require_POST
def signup_cancel(request, pk: int):
    signup = get_object_or_404(Signup, pk=pk, user=request.user)
    return _act(
        request,
        lambda: services.signup_cancel(user=request.user, signup=signup),
        _("Your sign-up was cancelled."),
        reverse("volunteers:shift", args=[signup.shift_id]),
    )


@login_required
def checkin(request, token: str):
    """The page the organiser's QR code opens: one big button to check in (or out)."""
    try:
        shift_id, action = services.checkin_token_read(token)
    except ValidationError as error:
        return render(
            request, "volunteers/checkin.html", {"error": " ".join(error.messages)}, status=400
        )
    shift = selectors.shift_get(pk=shift_id)
    if request.method == "POST":
        try:
            if action == "in":
                services.signup_check_in(user=request.user, shift=shift)
                messages.success(request, _("You are checked in. Thank you for coming!"))
            else:
                record = services.signup_check_out(user=request.user, shift=shift)
                messages.success(
                    request,
                    _("You are checked out: %(hours)s hours sent for verification.")
                    % {"hours": documents.hours_text(record.minutes_claimed)},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("volunteers:checkin", token=token)
        if action == "out":
            return redirect("volunteers:hours")
        return redirect("volunteers:shift", pk=shift.pk)
    context = {"shift": shift, "action": action, "signup": selectors.signup_of(request.user, shift)}
    return render(request, "volunteers/checkin.html", context)


# --- hours -----------------------------------------------------------------------------------


@login_required
def hours(request):
    user = request.user
    profile = selectors.profile_for_user(user)
    projects = selectors.projects_for_logging(user)
    form = LogHoursForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hour_record_log(
                user=user,
                project=data["project"],
                service_date=data["service_date"],
                minutes=to_minutes(data["hours"]),
                content=data["content"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your hours were sent for verification."))
            return redirect("volunteers:hours")
    page = Paginator(selectors.hour_records_of_user(user), 20).get_page(request.GET.get("page"))
    context = {
        "profile": profile,
        "next_star": selectors.next_star(profile) if profile else None,
        "form": form if profile else None,
        "has_projects": projects.exists(),
        "page": page,
    }
    return render(request, "volunteers/hours.html", context)


# --- time bank -------------------------------------------------------------------------------


@login_required
def timebank(request):
    return _timebank_page(request)


def _timebank_page(request, **forms):
    """The time bank; a refused form (`transfer_form`, `donate_form`, `relative_form`) is shown
    as it was typed."""
    user = request.user
    links = selectors.verified_relatives(user)
    page = Paginator(selectors.time_postings(user), 20).get_page(request.GET.get("page"))
    context = {
        **selectors.time_bank_summary(user),
        "page": page,
        "relatives": list(selectors.relatives_of_user(user)),
        "transfer_form": (
            TransferForm(links=links, initial={"request_key": request_key_new()})
            if links.exists()
            else None
        ),
        "donate_form": AmountForm(initial={"request_key": request_key_new()}),
        "relative_form": RelativeForm(),
        **forms,
    }
    return render(request, "volunteers/timebank.html", context)


@login_required
@require_POST
def transfer(request):
    form = TransferForm(request.POST, links=selectors.verified_relatives(request.user))
    return _submit(
        request,
        form,
        lambda data: services.time_transfer_to_relative(
            user=request.user,
            relative=data["relative"].relative,
            minutes=to_minutes(data["hours"]),
            request_key=data["request_key"],
        ),
        _("The time credits were given."),
        reverse("volunteers:timebank"),
        lambda: _timebank_page(request, transfer_form=form),
    )


@login_required
@require_POST
def donate(request):
    form = AmountForm(request.POST)
    return _submit(
        request,
        form,
        lambda data: services.time_donate(
            user=request.user, minutes=to_minutes(data["hours"]), request_key=data["request_key"]
        ),
        _("Thank you for donating to the community pool."),
        reverse("volunteers:timebank"),
        lambda: _timebank_page(request, donate_form=form),
    )


@login_required
@require_POST
def relative_add(request):
    form = RelativeForm(request.POST)
    return _submit(
        request,
        form,
        lambda data: services.relative_link_request(
            user=request.user, relative_login=data["phone"], relation=data["relation"]
        ),
        _("The relative was recorded."),
        reverse("volunteers:timebank"),
        lambda: _timebank_page(request, relative_form=form),
    )


@login_required
def help_list(request):
    user = request.user
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.help_request_create(
                user=user,
                title=data["title"],
                description=data["description"],
                minutes=to_minutes(data["hours"]),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your request is published; the credits are set aside."))
            return redirect("volunteers:help", pk=created.pk)
    context = {
        "form": form,
        "open_requests": list(selectors.help_requests_open(user)[:30]),
        "mine": list(selectors.help_requests_of_user(user)[:30]),
    }
    return render(request, "volunteers/help_list.html", context)


@login_required
def help_detail(request, pk: int):
    help_request = selectors.help_request_get_for_user(user=request.user, pk=pk)
    return render(request, "volunteers/help_detail.html", {"help": help_request})


HELP_ACTIONS = {
    "accept": (
        services.help_request_accept,
        gettext_lazy("You accepted; please contact the person."),
    ),
    "helped": (
        services.help_request_mark_helped,
        gettext_lazy("Thank you! The person will confirm."),
    ),
    "confirm": (
        services.help_request_confirm,
        gettext_lazy("Confirmed; the helper has been paid."),
    ),
    "cancel": (services.help_request_cancel, gettext_lazy("Cancelled; your credits are back.")),
}


@login_required
@require_POST
def help_action(request, pk: int, action: str):
    help_request = selectors.help_request_get_for_user(user=request.user, pk=pk)
    if action not in HELP_ACTIONS:
        raise Http404
    service, success = HELP_ACTIONS[action]
    return _act(
        request,
        lambda: service(user=request.user, request=help_request),
        str(success),
        reverse("volunteers:help", args=[pk]),
    )


# --- certificates ----------------------------------------------------------------------------


@login_required
def certificates(request):
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(volunteer=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("volunteers:certificate", pk=certificate.pk)
    context = {
        "form": form,
        "profile": selectors.profile_for_user(request.user),
        "certificates": list(selectors.certificates_of_user(request.user)[:20]),
    }
    return render(request, "volunteers/certificates.html", context)


def _verify_url(request, certificate: Certificate) -> str:
    return request.build_absolute_uri(
        reverse("volunteers:certificate_verify_number", args=[certificate.number])
    )


def _certificate_for(request, pk: int) -> Certificate:
    certificate = get_object_or_404(Certificate.objects.select_related("issuer"), pk=pk)
    if certificate.volunteer_id != request.user.pk and not scope_for_user(request.user).contains(
        certificate.issuer
    ):
        raise Http404
    return certificate


@login_required
def certificate(request, pk: int):
    certificate = _certificate_for(request, pk)
    url = _verify_url(request, certificate)
    return render(
        request,
        "volunteers/certificate.html",
        {"certificate": certificate, "qr": qr_data_uri(url), "verify_url": url},
    )


@login_required
def certificate_pdf(request, pk: int):
    certificate = _certificate_for(request, pk)
    response = HttpResponse(
        documents.certificate_pdf(certificate, _verify_url(request, certificate)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


def certificate_verify(request, number: str = ""):
    """Public: anyone holding the certificate can check it; a forged number finds nothing."""
    form = CertificateLookupForm(request.GET or None)
    if not number and form.is_valid():
        number = form.cleaned_data["number"]
    certificate = selectors.certificate_by_number(number) if number else None
    context = {
        "form": form,
        "number": number,
        "certificate": certificate,
        "masked_name": mask_name(certificate.name) if certificate else "",
    }
    status = 404 if number and certificate is None else 200
    return render(request, "volunteers/certificate_verify.html", context, status=status)


# --- staff reports ---------------------------------------------------------------------------


@login_required
def report(request):
    scope = require_managing_scope(request.user)
    form = ReportForm(request.GET or {"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    rows = selectors.hours_by_team_month(scope=scope, year=year)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            documents.hours_report_xlsx(rows, year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="volunteer-hours-{year}.xlsx"'
        return response
    totals = [sum(row["by_month"][m] for row in rows) for m in range(12)]
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "months": range(1, 13),
        "totals": totals,
        "grand_total": sum(totals),
    }
    return render(request, "volunteers/report.html", context)
