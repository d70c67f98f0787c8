"""心灵驿站: residents book a counsellor privately; staff see counts only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms
from care.access import care_access_for_user
from care.models import CounsellingBooking
from care.selectors import advice as advice_selectors
from care.services import advice as advice_services
from core.http import client_ip
from core.outcomes import run_and_flash, run_on_form


@login_required
def counselling(request):
    form = forms.BookingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: advice_services.counselling_book(
                resident=request.user,
                counsellor=form.cleaned_data["counsellor"],
                starts_at=form.cleaned_data["starts_at"],
                note=form.cleaned_data["note"],
            ),
            _("Your request was sent to the counsellor."),
        )
        if done:
            return redirect("care:booking", pk=done.result.pk)
    access = care_access_for_user(request.user)
    month_form = forms.MonthForm(request.GET or None)
    month = month_form.month_date(timezone.localdate())
    context = {
        "form": form,
        "has_counsellors": form.fields["counsellor"].queryset.exists(),
        "bookings": advice_selectors.bookings_of_user(user=request.user)[:50],
        "counts": None
        if access.staff.is_empty
        else advice_selectors.counselling_counts(user=request.user, month=month),
        "month": month,
    }
    return render(request, "care/counselling.html", context)


@login_required
def booking(request, pk: int):
    item = advice_selectors.booking_read(user=request.user, pk=pk, ip_address=client_ip(request))
    is_counsellor = item.counsellor_id == request.user.pk
    moves = [
        to
        for (frm, to), who in advice_services.BOOKING_TRANSITIONS.items()
        if frm == item.status and (who == "either" or is_counsellor)
    ]
    return render(
        request,
        "care/booking.html",
        {
            "booking": item,
            "is_counsellor": is_counsellor,
            "moves": moves,
            "statuses": dict(CounsellingBooking.Status.choices),
        },
    )


@login_required
@require_POST
def booking_move(request, pk: int):
    item = advice_selectors.booking_read(user=request.user, pk=pk)
    form = forms.BookingMoveForm(request.POST)
    if form.is_valid():
        notes = form.cleaned_data["notes"] if item.counsellor_id == request.user.pk else None
        run_and_flash(
            request,
            lambda: advice_services.counselling_move(
                actor=request.user,
                booking=item,
                to=form.cleaned_data["to"],
                notes=notes if notes else None,
            ),
        )
    return redirect("care:booking", pk=item.pk)
