"""双报到 pages: members report in and claim posts on the phone; yearly reports with PDF and
Excel for the member, the unit's contact and staff over the place; public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.masking import mask_name
from communities.models import Node
from communities.scoping import scope_for_user
from core.forms import show_refusal
from party import documents, selectors, services
from party.forms_service import ReportInForm
from party.models import CoBuildingUnit, PostClaim, ServicePost, ServiceReport
from party.services.service import service_totals


@login_required
def service_home(request):
    user = request.user
    member = selectors.membership_of(user)
    reported = member is not None and member.is_in_service and member.reported_community_id
    homes = scope_for_user(user).home_places([Node.Kind.COMMUNITY])
    form = ReportInForm(
        request.POST or None,
        communities=homes,
        units=CoBuildingUnit.objects.filter(community__in=homes).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.in_service_report(
                user=user,
                community=form.cleaned_data["community"],
                work_unit=form.cleaned_data["work_unit"],
                employer=form.cleaned_data["employer"],
                on=timezone.localdate(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("You have reported to the community."))
            return redirect("party:service")
    posts, mine = [], set()
    if reported:
        posts = (
            ServicePost.objects.filter(community_id=member.reported_community_id, is_open=True)
            .annotate(taken=Count("claims"))
            .order_by("title")
        )
        mine = set(PostClaim.objects.filter(member=member).values_list("post_id", flat=True))
    year = timezone.localdate().year
    return render(
        request,
        "party/service.html",
        {
            "member": member if reported else None,
            "form": form,
            "posts": posts,
            "mine": mine,
            "year": year,
            "totals": service_totals([user.pk], year)[user.pk],
        },
    )


@login_required
@require_POST
def post_claim(request, pk: int):
    post = get_object_or_404(ServicePost, pk=pk)
    try:
        services.service_post_claim(user=request.user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You hold the post “%(title)s”.") % {"title": post.title})
    return redirect("party:service")


@login_required
@require_POST
def post_unclaim(request, pk: int):
    post = get_object_or_404(ServicePost, pk=pk)
    try:
        services.service_post_unclaim(user=request.user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You gave the post “%(title)s” back.") % {"title": post.title})
    return redirect("party:service")


def _report_for(user, number: str) -> ServiceReport:
    report = get_object_or_404(
        ServiceReport.objects.select_related(
            "member__user", "member__reported_community", "unit__community"
        ),
        number=number,
    )
    if report.member_id and report.member.user_id == user.pk:
        return report
    if report.unit_id and report.unit.contact_user_id == user.pk:
        return report
    place = report.unit.community if report.unit_id else report.member.reported_community
    if scope_for_user(user).manages(place):
        return report
    raise Http404


@login_required
def report_detail(request, number: str):
    report = _report_for(request.user, number)
    return render(request, "party/report.html", {"report": report})


@login_required
def report_pdf(request, number: str):
    report = _report_for(request.user, number)
    url = request.build_absolute_uri(reverse("party:report_verify", args=[report.number]))
    response = HttpResponse(documents.report_pdf(report, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
    return response


@login_required
def report_xlsx(request, number: str):
    report = _report_for(request.user, number)
    response = HttpResponse(
        documents.report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{report.number}.xlsx"'
    return response


def report_verify(request, number: str):
    """Public: whoever scans the QR sees that the report exists and its totals, names masked."""
    report = ServiceReport.objects.select_related("unit").filter(number=number).first()
    subject = ""
    if report is not None:
        subject = report.unit.name if report.unit_id else mask_name(report.rows[0]["name"])
    return render(
        request,
        "party/report_verify.html",
        {"report": report, "subject": subject, "number": number},
        status=200 if report else 404,
    )
