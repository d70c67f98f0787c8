"""Residents find a venue in their community and book it; staff approve pending bookings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.forms import BookingForm, RefuseForm, month_chosen
from bookings.models import Booking
from bookings.reports import usage_by_venue, usage_workbook
from bookings.selectors.venues import booking_to_decide, bookings_pending_for, venues_bookable_by
from communities.scoping import require_managing_scope, scope_for_user
from core.outcomes import act_and_redirect, run_on_form
from volunteers.selectors.teams import teams_led_by


def _bookable_venues(user):
    return venues_bookable_by(user)


@login_required
def index(request):
    mine = (
        Booking.objects.filter(booker=request.user, ends_at__gt=timezone.now())
        .select_related("venue", "team")
        .order_by("starts_at")
    )
    return render(
        request,
        "bookings/index.html",
        {
            "venues": _bookable_venues(request.user),
            "mine": mine,
            "manages": scope_for_user(request.user).managing,
        },
    )


@login_required
def venue_detail(request, pk: int):
    venue = get_object_or_404(_bookable_venues(request.user), pk=pk)
    form = BookingForm(request.POST or None, teams=teams_led_by(request.user))
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        booked = run_on_form(
            request,
            form,
            lambda: services.booking_request(
                user=request.user,
                venue=venue,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=form.cleaned_data["purpose"],
                attendees=form.cleaned_data["attendees"],
                team=form.cleaned_data.get("team"),
            ),
            lambda booking: (
                _("Booked; staff will confirm it.")
                if booking.status == Booking.Status.PENDING
                else _("Booked and confirmed.")
            ),
        )
        if booked:
            return redirect("bookings:index")
    taken = venue.bookings.filter(status__in=Booking.HELD, ends_at__gt=timezone.now()).order_by(
        "starts_at"
    )[:50]
    return render(
        request, "bookings/venue_detail.html", {"venue": venue, "form": form, "taken": taken}
    )


@login_required
@require_POST
def cancel(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk, booker=request.user)
    return act_and_redirect(
        request,
        lambda: services.booking_cancel(user=request.user, booking=booking),
        _("Booking cancelled."),
        "bookings:index",
    )


@login_required
def pending(request):
    scope = require_managing_scope(request.user)
    return render(
        request,
        "bookings/pending.html",
        {"bookings": bookings_pending_for(scope), "refuse_form": RefuseForm()},
    )


@login_required
@require_POST
def decide(request, pk: int):
    scope = require_managing_scope(request.user)
    booking = booking_to_decide(scope=scope, pk=pk)
    approve = request.POST.get("decision") == "approve"
    form = RefuseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        return act_and_redirect(
            request,
            lambda: services.booking_decide(
                user=request.user, booking=booking, approve=approve, reason=reason
            ),
            _("Booking approved.") if approve else _("Booking refused."),
            "bookings:pending",
        )
    except PermissionDenied as error:
        raise Http404 from error


@login_required
def usage(request):
    """Staff: how much each venue in their scope was used in a month; Excel with ?format=xlsx."""
    scope = require_managing_scope(request.user)
    form, month = month_chosen(request.GET)
    lines = usage_by_venue(scope, month)
    if request.GET.get("format") == "xlsx" and (form.is_valid() or not request.GET.get("month")):
        response = HttpResponse(
            usage_workbook(lines, month),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="venue-usage-{month:%Y-%m}.xlsx"'
        return response
    return render(request, "bookings/usage.html", {"form": form, "lines": lines, "month": month})
