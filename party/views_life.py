"""A member's own organisational life on the phone: the coming sessions of their branch (and
of their home branch, for a mobile member) with the online link, and their year's record."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from party import selectors

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
