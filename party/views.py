"""Pages of the party app: thin; every read through party.selectors (and so party.access)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from party import selectors


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
        },
    )
