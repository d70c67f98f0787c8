"""The verifier's page (team leaders, community staff): the pending records of a page decided in
one form. Thin: the forms read what was typed, `services.hour_records_verify` decides.

The rule is the service's: the decisions of one form are saved together or not at all. When any
is refused, the page comes back exactly as the leader filled it, each refused record marked with
the reason, and nothing is saved; records left on "not now" stay pending.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from volunteers import selectors, services
from volunteers.forms import VerifyForm

PAGE_SIZE = 20


@login_required
def verify(request):
    if request.method == "POST":
        return _decide(request)
    records = selectors.hour_records_pending_for_user(request.user)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [VerifyForm(record=record) for record in page]
    return render(request, "volunteers/verify.html", {"page": page, "lines": lines})


def _decide(request):
    posted = [pk for pk in request.POST.getlist("records") if pk.isdigit()][:PAGE_SIZE]
    back = reverse("volunteers:verify")
    if not posted:
        return redirect(back)
    # Every record of the form must be the user's to verify (404 otherwise, as for one record).
    records = selectors.hour_records_for_verifier(user=request.user, pks=[int(pk) for pk in posted])
    lines = [VerifyForm(request.POST, record=record) for record in records]
    problems = {
        line.record.pk: " ".join(message for errors in line.errors.values() for message in errors)
        for line in lines
        if not line.is_valid()
    }
    decisions = [line.to_decision() for line in lines if line.is_valid()]
    decisions = [decision for decision in decisions if decision is not None]
    error = ""
    if not problems and not decisions:
        error = _("Choose a decision for at least one record, then save.")
    elif not problems:
        try:
            services.hour_records_verify(actor=request.user, decisions=decisions)
        except services.VerificationRefused as refused:
            problems = refused.failures
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(count)d decision.", "Saved: %(count)d decisions.", len(decisions)
                )
                % {"count": len(decisions)},
            )
            return redirect(back)
    for line in lines:
        line.problem = problems.get(line.record.pk, "")
    context = {
        "lines": lines,
        "refused": [line for line in lines if line.problem],
        "error": error,
        "kept": True,
    }
    return render(request, "volunteers/verify.html", context)
