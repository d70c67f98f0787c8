"""Volunteers' pages: registration, teams, shifts and check-in, hours, the time bank, certificates.

Thin: every write through `volunteers.services`, every read through `volunteers.selectors`.
"""

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
from django.views.decorators.http import require_POST

from communities.scoping import scope_for_user
from core.outcomes import act_and_redirect, run_on_form, submit_form
from core.qr import qr_data_uri
from core.request_keys import request_key_new
from volunteers import documents, permissions, selectors, services
from volunteers.forms import (
    AmountForm,
    CertificateForm,
    JoinForm,
    LogHoursForm,
    RegisterForm,
    RelativeForm,
    TeamFilterForm,
    TransferForm,
    to_minutes,
)
from volunteers.models import Certificate, Signup


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
        done = run_on_form(
            request,
            form,
            lambda: services.volunteer_register(user=request.user, **form.cleaned_data),
            lambda profile: (
                _("Welcome! Your volunteer number is %(number)s.") % {"number": profile.number}
            ),
        )
        if done:
            return redirect("volunteers:home")
    return render(request, "volunteers/register.html", {"form": form})


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
    can_manage = permissions.can_manage_team(user, team)
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
    return submit_form(
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
    organiser = permissions.can_organise(user, shift.project)
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
    return act_and_redirect(
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


@login_required
def hours(request):
    user = request.user
    profile = selectors.profile_for_user(user)
    projects = selectors.projects_for_logging(user)
    form = LogHoursForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.hour_record_log(
                user=user,
                project=data["project"],
                service_date=data["service_date"],
                minutes=to_minutes(data["hours"]),
                content=data["content"],
            ),
            _("Your hours were sent for verification."),
        )
        if done:
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
    return submit_form(
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
    return submit_form(
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
    return submit_form(
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
def certificates(request):
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.certificate_issue(volunteer=request.user, **form.cleaned_data),
        )
        if done:
            return redirect("volunteers:certificate", pk=done.result.pk)
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
