"""Organisational life on the phone: a member's coming sessions (of their branch, and of their
home branch for a mobile member) with the online link and their year's record; the secretary
announces a coming session and records its attendance once held."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import show_refusal
from party import selectors, services
from party.forms_life import AttendanceForm, ScheduleForm
from party.models import PartySession
from party.services.life import session_members

COMING_SHOWN = 5


@login_required
def my_life(request):
    member = selectors.membership_of(request.user)
    context = {"member": member}
    if member is not None:
        now = timezone.now()
        sessions = selectors.sessions_for_member(member)
        context.update(
            coming=list(sessions.filter(held_at__gte=now).order_by("held_at", "pk")[:COMING_SHOWN]),
            past=list(
                sessions.filter(held_at__lt=now, held_at__year=timezone.localdate().year).order_by(
                    "-held_at", "-pk"
                )
            ),
            record=selectors.attendance_of_year(member, timezone.localdate().year),
            year=timezone.localdate().year,
        )
    return render(request, "party/my_life.html", context)


@login_required
def session_schedule(request, pk: int):
    """The secretary announces a coming session on the phone; the members see it on their
    organisational-life page with its online link."""
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_schedule(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The session is announced to the members."))
            return redirect("party:organisation", pk=organisation.pk)
    return render(
        request, "party/session_schedule.html", {"organisation": organisation, "form": form}
    )


@login_required
def session_attendance(request, pk: int):
    """Once held, the secretary records who came to a session (and may correct it)."""
    session = get_object_or_404(PartySession.objects.only("organisation_id"), pk=pk)
    organisation = selectors.organisation_get(user=request.user, pk=session.organisation_id)
    session = PartySession.objects.get(pk=pk)
    rows = {row.member_id: row for row in session.attendance.select_related("member__user")}
    members = list(session_members(organisation))
    members += [row.member for pk_, row in rows.items() if pk_ not in {m.pk for m in members}]
    form = AttendanceForm(
        request.POST or None,
        members=members,
        modes={pk_: row.mode for pk_, row in rows.items()},
        initial={"minutes": session.minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_attendance_record(
                actor=request.user,
                session=session,
                attendance=form.attendance(),
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("party:organisation", pk=organisation.pk)
    return render(
        request,
        "party/session_attendance.html",
        {"organisation": organisation, "session": session, "form": form},
    )
