"""Pages of the events app: thin, reads through selectors, writes through services."""

import calendar as pycalendar
import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.masking import name_in_full
from audit.services import PhoneColumn, audit_export
from communities.scoping import require_managing_scope, scope_for_user
from core.http import client_ip
from core.outcomes import act_and_redirect, run_and_flash, run_on_form
from core.paging import LeanPaginator
from core.qr import qr_data_uri
from events import exports, selectors, services
from events.forms import (
    CancelSessionForm,
    RatingForm,
    RegisterForm,
    SearchForm,
    SummaryForm,
    TopicScheduleForm,
)
from events.ical import calendar_for_occurrences
from events.models import CalendarFeed, Registration, Topic
from events.recurrence import LOCAL
from events.upcoming import upcoming_cards


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


# --- residents -------------------------------------------------------------------------------


class UpcomingHead(NamedTuple):
    """The activities page's head (events/_upcoming_head.html: title, search box, links) as
    plain values: rendered once per process per content (core/templatetags/kept.py)."""

    query: str


@login_required
def upcoming(request):
    # Built only for a query string: a page opened without one searches nothing.
    form = SearchForm(request.GET) if request.GET else None
    query = form.cleaned_data["q"] if form is not None and form.is_valid() else ""
    # The rows as cards, read by prepared statements (events.upcoming); a first page that
    # holds them all is not counted again (core.paging).
    sessions = upcoming_cards(user=request.user, query=query)
    page = LeanPaginator(sessions, 20).get_page(request.GET.get("page"))
    cards = page.object_list
    return render(
        request,
        "events/upcoming.html",
        {"page": page, "cards": cards, "query": query, "head": UpcomingHead(query=query)},
    )


@login_required
def detail(request, pk: int):
    occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
    event = occurrence.event
    user = request.user
    group = list(selectors.registrations_of_group(occurrence=occurrence, user=user))
    mine = next((r for r in group if r.user_id == user.pk), None)
    members = [
        m for m in selectors.household_members_of(user) if m.pk not in {r.user_id for r in group}
    ]
    register_form = RegisterForm(
        members=members,
        ask_birth_year=bool(event.min_age) and selectors.birth_year_of(user) is None,
    )
    now = timezone.now()
    opens, closes = services.registration_window(occurrence)
    attended = mine is not None and mine.checked_in_at is not None
    context = {
        "occurrence": occurrence,
        "event": event,
        "group": group,
        "mine": mine,
        "register_form": register_form,
        "registration_open": opens <= now <= closes,
        "opens": opens,
        "now": now,
        "can_manage": selectors.event_can_manage(user=user, event=event),
        "other_sessions": selectors.event_sessions(event=event).exclude(pk=occurrence.pk)[:5],
        "photos": list(occurrence.photos.all()) if occurrence.summary_published_at else [],
        "rating_form": RatingForm() if attended else None,
        "rated": attended and occurrence.ratings.filter(user=user).exists(),
    }
    if mine is not None and mine.status == Registration.Status.CONFIRMED and not attended:
        code_url = request.build_absolute_uri(
            reverse("events:scan") + "?code=" + services.attendee_code(mine)
        )
        context["attendee_qr"] = qr_data_uri(code_url)
    return render(request, "events/detail.html", context)


@login_required
@require_POST
def register(request, pk: int):
    occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
    members = [
        m
        for m in selectors.household_members_of(request.user)
        if m.pk
        not in set(
            selectors.registrations_of_group(occurrence=occurrence, user=request.user).values_list(
                "user_id", flat=True
            )
        )
    ]
    event = occurrence.event
    form = RegisterForm(
        request.POST,
        members=members,
        ask_birth_year=bool(event.min_age) and selectors.birth_year_of(request.user) is None,
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("events:detail", pk=pk)
    try:
        registrations = services.registration_create(
            user=request.user,
            occurrence=occurrence,
            members=form.selected_members(),
            birth_year=form.cleaned_data.get("birth_year"),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        if registrations[0].status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.warning(
                request,
                _(
                    "The activity is full; you are on the waiting list and will be told when a place frees up."
                ),
            )
    return redirect("events:detail", pk=pk)


@login_required
@require_POST
def cancel(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.filter(user=request.user)
        | Registration.objects.filter(registered_by=request.user),
        pk=pk,
    )
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("events:detail", pk=registration.occurrence_id)


@login_required
@require_POST
def rate(request, pk: int):
    occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.rating_submit(
                user=request.user,
                occurrence=occurrence,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            ),
            _("Thank you for your rating."),
        )
    else:
        messages.error(request, _("Please choose from 1 to 5 stars."))
    return redirect("events:detail", pk=pk)


@login_required
def door(request):
    """The page the code at the door opens: one big button checks the attendee in."""
    code = request.POST.get("code") or request.GET.get("code", "")
    if request.method == "POST":
        done = run_and_flash(
            request,
            lambda: services.door_check_in(user=request.user, code=code),
            lambda registrations: (
                _("Checked in: %(names)s. Welcome!")
                % {"names": "、".join(name_in_full(r.user) for r in registrations)}
            ),
        )
        if done:
            return redirect("events:detail", pk=done.result[0].occurrence_id)
    return render(request, "events/door.html", {"code": code})


@login_required
def mine(request):
    feed = services.calendar_feed_for_user(user=request.user)
    feed_url = request.build_absolute_uri(reverse("events:feed", args=[feed.token]))
    context = {
        "upcoming": selectors.registrations_of_user(user=request.user, upcoming=True),
        "past": selectors.registrations_of_user(user=request.user, upcoming=False).reverse()[:20],
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }
    return render(request, "events/mine.html", context)


@login_required
@require_POST
def feed_reset(request):
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("events:mine")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def event_ics(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    sessions = event.occurrences.select_related("event").order_by("starts_at")
    content = calendar_for_occurrences(sessions, name=event.title, base_url=_base(request))
    return _ics_response(content, f"event-{event.pk}.ics")


def feed(request, token: str):
    """The "my events" feed: the secret token in the address stands in for a log-in, because
    calendar apps cannot sign in."""
    feed_row = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed_row.user.is_active:
        raise Http404
    registrations = selectors.registrations_of_user(user=feed_row.user).filter(
        status=Registration.Status.CONFIRMED
    )
    content = calendar_for_occurrences(
        [r.occurrence for r in registrations], name=_("My activities"), base_url=_base(request)
    )
    return _ics_response(content, "my-events.ics")


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/") or settings.PORTAL_BASE_URL


@login_required
def topics(request):
    menus = selectors.topic_menus_for_user(user=request.user)
    return render(request, "events/topics.html", {"menus": menus})


@login_required
@require_POST
def topic_vote(request, pk: int):
    topic = selectors.topic_get_for_user(user=request.user, pk=pk)
    if request.POST.get("withdraw"):
        call, success = services.topic_vote_withdraw, _("Your choice is withdrawn.")
    else:
        call, success = services.topic_vote, _("Thank you, your choice is counted.")
    return act_and_redirect(
        request, lambda: call(user=request.user, topic=topic), success, "events:topics"
    )


# --- organisers and staff --------------------------------------------------------------------


def _month(value: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def staff_calendar(request):
    scope_events = selectors.events_managed_by_user(user=request.user)
    if not scope_events.exists() and not scope_for_user(request.user).managing:
        raise Http404
    first = _month(request.GET.get("month"))
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = dt.datetime.combine(weeks[0][0], dt.time(), tzinfo=LOCAL)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL)
    by_day: dict[dt.date, list] = {}
    for occurrence in selectors.occurrences_for_calendar(user=request.user, start=start, end=end):
        by_day.setdefault(timezone.localdate(occurrence.starts_at), []).append(occurrence)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "month": first,
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
        "agenda": [(day, by_day[day]) for day in sorted(by_day) if day.month == first.month],
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
        "today": timezone.localdate(),
    }
    return render(request, "events/staff_calendar.html", context)


@login_required
def attendance(request, pk: int):
    occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
    door_url = request.build_absolute_uri(
        reverse("events:door") + "?code=" + services.door_code(occurrence)
    )
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "registrations": selectors.attendance_for_occurrence(occurrence=occurrence),
        "stats": selectors.occurrence_stats(occurrence=occurrence),
        "door_qr": qr_data_uri(door_url),
        "door_url": door_url,
        "cancel_form": CancelSessionForm(),
    }
    return render(request, "events/attendance.html", context)


@login_required
@require_POST
def check_in(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("user"), pk=pk)
    occurrence = selectors.occurrence_get_for_manager(
        user=request.user, pk=registration.occurrence_id
    )
    try:
        services.registration_check_in(actor=request.user, registration=registration)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s is checked in.") % {"name": name_in_full(registration.user)},
        )
    return redirect("events:attendance", pk=occurrence.pk)


@login_required
def scan(request):
    """What an attendee's code opens on the organiser's phone: who it is, and a check-in
    button. Only the event's organisers may see it (404 for anyone else)."""
    code = request.POST.get("code") or request.GET.get("code", "")
    registration = services.registration_for_code_or_none(code)
    if registration is None or not selectors.event_can_manage(
        user=request.user, event=registration.occurrence.event
    ):
        raise Http404
    if request.method == "POST":
        try:
            services.registration_check_in_by_code(actor=request.user, code=code)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s is checked in.") % {"name": name_in_full(registration.user)},
            )
            return redirect("events:attendance", pk=registration.occurrence_id)
    return render(request, "events/scan.html", {"registration": registration, "code": code})


@login_required
def attendance_export(request, pk: int):
    occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
    content, rows = exports.attendance_workbook(occurrence=occurrence, viewer=request.user)
    full = exports.attendance_shows_full_phones(occurrence=occurrence, viewer=request.user)
    audit_export(
        actor=request.user,
        export="event_attendance",
        rows=rows,
        phones=PhoneColumn.FULL if full else PhoneColumn.MASKED,
        ip_address=client_ip(request),
        scope_path=occurrence.event.node.path,
        details={"occurrence": occurrence.pk},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime(occurrence.starts_at)
    response["Content-Disposition"] = f'attachment; filename="attendance-{stamp:%Y%m%d}-{pk}.xlsx"'
    return response


@login_required
def summary(request, pk: int):
    occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
    form = SummaryForm(
        request.POST or None, request.FILES or None, initial={"summary": occurrence.summary}
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.occurrence_summary_publish(
                actor=request.user,
                occurrence=occurrence,
                summary=form.cleaned_data["summary"],
                photos=form.cleaned_data["photos"],
            ),
            _("The summary is published."),
        )
        if done:
            return redirect("events:detail", pk=occurrence.pk)
    return render(
        request,
        "events/summary_form.html",
        {
            "form": form,
            "occurrence": occurrence,
            "stats": selectors.occurrence_stats(occurrence=occurrence),
        },
    )


@login_required
@require_POST
def session_cancel(request, pk: int):
    occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
    form = CancelSessionForm(request.POST)
    if form.is_valid():
        try:
            services.occurrence_cancel(
                actor=request.user, occurrence=occurrence, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The session is cancelled and attendees are told."))
    else:
        messages.error(request, _("Please say why the session is cancelled."))
    return redirect("events:attendance", pk=pk)


@login_required
def staff_topics(request):
    scope = require_managing_scope(request.user)
    topic_list = scope.filter(
        Topic.objects.select_related("menu__node").prefetch_related("events"), "menu__node"
    ).order_by("-vote_count", "pk")
    page = Paginator(topic_list, 30).get_page(request.GET.get("page"))
    return render(request, "events/staff_topics.html", {"page": page})


@login_required
def topic_schedule(request, pk: int):
    scope = require_managing_scope(request.user)
    topic = get_object_or_404(
        scope.filter(Topic.objects.select_related("menu__node"), "menu__node"), pk=pk
    )
    form = TopicScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.topic_event_create(
                actor=request.user, topic=topic, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The lecture is scheduled and the voters are told."))
            occurrence = event.occurrences.order_by("starts_at").first()
            return redirect("events:attendance", pk=occurrence.pk)
    return render(request, "events/topic_schedule.html", {"form": form, "topic": topic})
