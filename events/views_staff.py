"""Staff pages for running activities without the admin: events with the recurrence picker
(create, edit, publish, cancel, .ics of the series) and lecture topic menus. Thin: the forms
check input, the services decide; everything is loaded inside the user's managing scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.selectors.venues import venues_bookable_by
from communities.scoping import require_managing_scope
from events import selectors, services
from events.forms_staff import EventCancelForm, EventForm, SessionVenueForm, TopicMenuForm
from events.ical import calendar_for_event_series
from events.models import Event
from events.views import _base, _error_text, _ics_response

SESSIONS_SHOWN = 12


@login_required
def staff_events(request):
    require_managing_scope(request.user)
    events = selectors.events_for_staff(user=request.user).exclude(
        status=Event.Status.CANCELLED, starts_at__lt=timezone.now()
    )
    page = Paginator(events, 30).get_page(request.GET.get("page"))
    return render(request, "events/staff_events.html", {"page": page})


@login_required
def event_form(request, pk: int | None = None):
    scope = require_managing_scope(request.user)
    event = selectors.event_get_for_staff(user=request.user, pk=pk) if pk else Event()
    form = EventForm(request.POST or None, instance=event, scope=scope)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        try:
            services.event_save(actor=request.user, event=event, changed=form.changed_data)
            if "publish" in request.POST and event.status == Event.Status.DRAFT:
                services.event_publish(actor=request.user, event=event)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("events:staff_event", pk=event.pk)
    context = {"form": form, "event": event if event.pk else None}
    if event.pk:
        context["sessions"] = list(
            selectors.event_sessions(event=event).order_by("starts_at")[:SESSIONS_SHOWN]
        )
        context["cancel_form"] = EventCancelForm()
    return render(request, "events/staff_event_form.html", context)


@login_required
@require_POST
def event_publish(request, pk: int):
    event = selectors.event_get_for_staff(user=request.user, pk=pk)
    try:
        services.event_publish(actor=request.user, event=event)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The activity is published; residents can register."))
    return redirect("events:staff_event", pk=pk)


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = selectors.event_get_for_staff(user=request.user, pk=pk)
    form = EventCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say why the event is cancelled."))
        return redirect("events:staff_event", pk=pk)
    try:
        services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The activity is cancelled and everyone registered is told."))
    return redirect("events:staff_events")


@login_required
def event_series_ics(request, pk: int):
    event = selectors.event_get_for_staff(user=request.user, pk=pk)
    content = calendar_for_event_series(event, base_url=_base(request))
    return _ics_response(content, f"event-series-{event.pk}.ics")


# --- lecture topic menus (宣讲菜单) ----------------------------------------------------------


@login_required
def session_venue(request, pk: int):
    occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
    held = occurrence.venue_booking if occurrence.venue_booking_id else None
    if held is not None and held.status not in held.HELD:
        held = None
    form = SessionVenueForm(
        request.POST or None,
        venues=venues_bookable_by(request.user),
        initial={"venue": held.venue_id if held else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.occurrence_venue_set(
                actor=request.user, occurrence=occurrence, venue=form.cleaned_data["venue"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error("venue", _error_text(error))
        else:
            messages.success(request, _("The session's venue is saved."))
            return redirect("events:attendance", pk=pk)
    context = {"form": form, "occurrence": occurrence, "event": occurrence.event, "held": held}
    return render(request, "events/session_venue.html", context)


@login_required
def staff_menus(request):
    menus = selectors.topic_menus_for_staff(user=request.user)
    page = Paginator(menus, 30).get_page(request.GET.get("page"))
    return render(request, "events/staff_menus.html", {"page": page})


@login_required
def menu_form(request, pk: int | None = None):
    scope = require_managing_scope(request.user)
    menu = (
        get_object_or_404(selectors.topic_menus_for_staff(user=request.user), pk=pk) if pk else None
    )
    initial = {}
    if menu is not None:
        initial = {"title": menu.title, "description": menu.description, "is_open": menu.is_open}
    form = TopicMenuForm(request.POST or None, scope=scope, menu=menu, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if menu is None:
                menu = services.topic_menu_create(
                    actor=request.user,
                    node=data["node"],
                    title=data["title"],
                    description=data["description"],
                    topics=data["new_topics"],
                    is_open=data["is_open"],
                )
            else:
                services.topic_menu_update(
                    actor=request.user,
                    menu=menu,
                    title=data["title"],
                    description=data["description"],
                    is_open=data["is_open"],
                    add_topics=data["new_topics"],
                )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The topic menu is saved."))
            return redirect("events:staff_menu", pk=menu.pk)
    topics = list(menu.topics.order_by("-vote_count", "pk")) if menu else []
    return render(
        request, "events/staff_menu_form.html", {"form": form, "menu": menu, "topics": topics}
    )
