"""Pages of mediation (grid workers, care staff) and of the community legal adviser."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms
from care.access import care_access_for_user
from care.documents import agreement_pdf
from care.models import AdviserSession, Dispute
from care.selectors import advice as advice_selectors
from care.selectors import mediation as mediation_selectors
from care.services import advice as advice_services
from care.services import mediation as mediation_services
from core.http import client_ip
from core.outcomes import run_and_flash, run_on_form


@login_required
def disputes(request):
    queryset = mediation_selectors.disputes_for_user(user=request.user)
    month_form = forms.MonthForm(request.GET or None)
    month = month_form.month_date(timezone.localdate())
    return render(
        request,
        "care/disputes.html",
        {
            "page": Paginator(queryset, 20).get_page(request.GET.get("page")),
            "month_form": month_form,
            "month": month,
            "counts": mediation_selectors.mediation_monthly_counts(user=request.user, month=month),
        },
    )


@login_required
def dispute_new(request):
    mediation_selectors.disputes_for_user(user=request.user)  # 404 unless a mediator
    form = forms.DisputeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case"]:
            from cases.selectors import case_get_for_user

            try:
                case = case_get_for_user(user=request.user, pk=data["case"])
            except Http404:
                form.add_error("case", _("No case with this number in your area."))
        if not form.errors:
            done = run_on_form(
                request,
                form,
                lambda: mediation_services.dispute_open(
                    actor=request.user,
                    node=data["node"],
                    title=data["title"],
                    summary=data["summary"],
                    kind=data["kind"],
                    case=case,
                    parties=[
                        {
                            "name": data["applicant_name"],
                            "phone": data["applicant_phone"],
                            "side": "applicant",
                        },
                        {
                            "name": data["respondent_name"],
                            "phone": data["respondent_phone"],
                            "side": "respondent",
                        },
                    ],
                ),
            )
            if done:
                return redirect("care:dispute", pk=done.result.pk)
    context = {"form": form, "title": _("New dispute"), "no_privacy_note": True}
    return render(request, "care/tag_form.html", context)


@login_required
def dispute_detail(request, pk: int):
    dispute = mediation_selectors.dispute_read(
        user=request.user, pk=pk, ip_address=client_ip(request)
    )
    context = {"dispute": dispute}
    if dispute.status == Dispute.Status.OPEN:
        context["session_form"] = forms.SessionForm()
        context["close_form"] = forms.DisputeCloseForm()
    context["follow_up_form"] = forms.FollowUpForm()
    return render(request, "care/dispute.html", context)


@login_required
@require_POST
def dispute_session(request, pk: int):
    dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
    form = forms.SessionForm(request.POST)

    def attempt():
        if not form.is_valid():
            raise ValidationError(_("Give the time and what happened."))
        mediation_services.dispute_session_add(
            actor=request.user, dispute=dispute, **form.cleaned_data
        )

    run_and_flash(request, attempt)
    return redirect("care:dispute", pk=dispute.pk)


@login_required
@require_POST
def dispute_close(request, pk: int):
    dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
    form = forms.DisputeCloseForm(request.POST)

    def attempt():
        if not form.is_valid():
            raise ValidationError(_("Choose the outcome and the level, and describe it."))
        mediation_services.dispute_close(actor=request.user, dispute=dispute, **form.cleaned_data)

    run_and_flash(request, attempt)
    return redirect("care:dispute", pk=dispute.pk)


@login_required
@require_POST
def follow_up_done(request, pk: int, follow_up: int):
    dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
    item = get_object_or_404(dispute.follow_ups.all(), pk=follow_up)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        mediation_services.dispute_follow_up_done(
            actor=request.user, follow_up=item, note=form.cleaned_data["note"]
        )
    else:
        messages.error(request, _("Say whether the agreement held."))
    return redirect("care:dispute", pk=dispute.pk)


@login_required
def agreement(request, pk: int):
    dispute = mediation_selectors.dispute_read(
        user=request.user, pk=pk, ip_address=client_ip(request)
    )
    if dispute.status != Dispute.Status.AGREED:
        raise Http404
    response = HttpResponse(agreement_pdf(dispute), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{dispute.pk}.pdf"'
    return response


# --- the legal adviser -------------------------------------------------------------------------


@login_required
def adviser(request):
    access = care_access_for_user(request.user)
    if access.advises.is_empty and access.staff.is_empty:
        raise Http404
    month_form = forms.MonthForm(request.GET or None)
    month = month_form.month_date(timezone.localdate())
    months = [
        advice_selectors.adviser_month(community=community, month=month)
        for community in advice_selectors.adviser_communities(user=request.user)
    ]
    context = {"months": months, "month": month, "month_form": month_form}
    if not access.advises.is_empty:
        context["open_session"] = (
            AdviserSession.objects.filter(adviser=request.user, signed_out_at__isnull=True)
            .select_related("community")
            .first()
        )
        context["consultation_form"] = forms.ConsultationForm(user=request.user)
    return render(request, "care/adviser.html", context)


@login_required
@require_POST
def adviser_sign(request):
    form = forms.ConsultationForm(request.POST, user=request.user)
    try:
        if request.POST.get("action") == "out":
            advice_services.adviser_sign_out(actor=request.user)
        else:
            community = (
                form.fields["community"]
                .queryset.filter(
                    pk=request.POST.get("community")
                    if request.POST.get("community", "").isdigit()
                    else None
                )
                .first()
            )
            if community is None:
                raise Http404
            advice_services.adviser_sign_in(actor=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("care:adviser")


@login_required
@require_POST
def adviser_consultation(request):
    form = forms.ConsultationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the community and the topic."))
        return redirect("care:adviser")
    run_and_flash(
        request,
        lambda: advice_services.legal_consultation_log(actor=request.user, **form.cleaned_data),
        _("The consultation was logged."),
    )
    return redirect("care:adviser")
