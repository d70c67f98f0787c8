"""Pages of the party app: thin; every read through party.selectors (and so party.access)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import show_refusal
from party import rhythm, selectors, services
from party.access import may_manage
from party.forms import SessionForm
from party.services.life import session_members


@login_required
def index(request):
    """The member's own branch, and the organisations the user works in (secretaries, staff)."""
    return render(
        request,
        "party/index.html",
        {
            "membership": selectors.membership_of(request.user),
            "organisations": selectors.organisations_list(user=request.user),
        },
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    return render(
        request,
        "party/organisation.html",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation),
            "transfers": selectors.transfers_of(organisation)[:20],
            "sessions": selectors.sessions_of(organisation)[:10],
            "year": rhythm.branch_year(organisation, timezone.localdate()),
            "may_manage": may_manage(request.user, organisation),
            "now": timezone.now(),
        },
    )


@login_required
def session_new(request, pk: int):
    """The secretary records a session on the phone, attendance member by member."""
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    members = session_members(organisation)
    form = SessionForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_record(
                actor=request.user,
                organisation=organisation,
                kind=data["kind"],
                held_at=data["held_at"],
                venue=data["venue"],
                online_link=data["online_link"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                attendance=form.attendance(),
                photos=data["photos"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("party:organisation", pk=organisation.pk)
    return render(request, "party/session_form.html", {"organisation": organisation, "form": form})
