"""Appointment slots on the phone (residents and whoever books for them) and at the counter."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.models import Appointment, Slot
from bookings.selectors import appointments as selectors
from bookings.selectors.canteen import home_of, people_to_book_for, person_chosen
from bookings.selectors.providers import provider_get_for_runner, providers_of_user


@login_required
def home(request):
    """Book a service for oneself or a relative: open slots of providers serving their home."""
    people = people_to_book_for(request.user)
    wanted = request.GET.get("for", "")
    chosen = person_chosen(people, wanted)
    household = home_of(chosen)
    slots = list(selectors.slots_open_for(household)[:50]) if household else []
    held = set(
        Appointment.objects.filter(person=chosen, slot__in=slots)
        .exclude(status=Appointment.Status.CANCELLED)
        .values_list("slot_id", flat=True)
    )
    return render(
        request,
        "bookings/appointments/home.html",
        {
            "people": people,
            "chosen": chosen,
            "household": household,
            "slots": [(slot, slot.pk in held) for slot in slots],
            "appointments": selectors.appointments_of_person(request.user)[:20],
            "works": providers_of_user(request.user).exists(),
        },
    )


@login_required
@require_POST
def book(request, pk: int):
    slot = get_object_or_404(Slot, pk=pk)
    person_id = request.POST.get("person", "")
    person = None
    if person_id.isdigit():
        person = get_user_model().objects.filter(pk=int(person_id)).first()
    if person is None:
        raise Http404
    try:
        services.appointment_book(
            actor=request.user,
            person=person,
            slot=slot,
            pay_with_hours=request.POST.get("pay") == "hours",
        )
        messages.success(request, _("The appointment is booked."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    suffix = f"?for={person.pk}" if person.pk != request.user.pk else ""
    return redirect(reverse("bookings:appointments") + suffix)


@login_required
@require_POST
def cancel(request, pk: int):
    appointment = get_object_or_404(Appointment, pk=pk)
    try:
        services.appointment_cancel(actor=request.user, appointment=appointment)
        messages.success(request, _("The appointment is cancelled."))
    except ValidationError as error:
        if error.code == "not_allowed":
            raise Http404 from None
        messages.error(request, " ".join(error.messages))
    return redirect("bookings:appointments")


@login_required
def counter(request):
    """A provider's counter: the day's appointments of the provider the user works for, or of
    the one asked for that the user may run (staff looking after its place, as the API)."""
    providers = list(providers_of_user(request.user))
    wanted = request.GET.get("provider", "")
    if wanted:
        provider = next((p for p in providers if str(p.pk) == wanted), None)
        if provider is None:
            if not (wanted.isascii() and wanted.isdigit() and len(wanted) < 10):
                raise Http404
            provider = provider_get_for_runner(user=request.user, pk=int(wanted))
    elif providers:
        provider = providers[0]
    else:
        raise Http404
    day = _day(request.GET.get("day", "")) or timezone.localdate()
    return render(
        request,
        "bookings/appointments/counter.html",
        {
            "provider": provider,
            "providers": providers,
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "appointments": selectors.appointments_of_day(provider, day),
        },
    )


def _day(text: str) -> dt.date | None:
    """parse_date raises on a well-formed but impossible date (2026-02-30): treat as absent,
    as the first and last days of the calendar (the page links the day before and after)."""
    try:
        day = parse_date(text or "")
    except ValueError:
        return None
    return day if day and dt.date.min < day < dt.date.max else None


@login_required
@require_POST
def mark(request, pk: int, status: str):
    """The counter marks an appointment served or not come (others: 404)."""
    appointment = get_object_or_404(Appointment.objects.select_related("slot__offer"), pk=pk)
    try:
        services.appointment_mark(actor=request.user, appointment=appointment, status=status)
    except ValidationError as error:
        if error.code == "not_allowed":
            raise Http404 from None
        messages.error(request, " ".join(error.messages))
    day = timezone.localdate(appointment.slot.starts_at).isoformat()
    provider = appointment.slot.offer.provider_id
    return redirect(reverse("bookings:appointments_counter") + f"?provider={provider}&day={day}")


@login_required
@require_POST
def rate(request, pk: int):
    appointment = get_object_or_404(Appointment, pk=pk)
    stars = request.POST.get("rating", "")
    try:
        services.appointment_rate(
            actor=request.user,
            appointment=appointment,
            rating=int(stars) if stars.isdigit() else 0,
        )
        messages.success(request, _("Thank you for your rating."))
    except ValidationError as error:
        if error.code == "not_allowed":
            raise Http404 from None
        messages.error(request, " ".join(error.messages))
    return redirect("bookings:appointments")
