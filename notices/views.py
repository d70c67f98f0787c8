"""Notice pages: residents read and confirm; staff and captains publish, follow the reach,
print the stairwell copy and work the door-knock list."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_record
from communities.models import Household
from communities.scoping import scope_for_user
from core.outcomes import run_and_flash, run_on_form
from core.qr import qr_data_uri
from notices import selectors, services
from notices.forms import NoticeForm, ToldForm


def _works_here(user) -> bool:
    return not scope_for_user(user).is_empty


@login_required
def index(request):
    page = Paginator(selectors.notices_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "notices/index.html", {"page": page, "works_here": _works_here(request.user)}
    )


@login_required
def manage(request):
    if not _works_here(request.user):
        raise Http404
    page = Paginator(selectors.notices_managed(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/manage.html", {"page": page})


@login_required
def new(request):
    scope = scope_for_user(request.user)
    if scope.is_empty:
        raise Http404
    form = NoticeForm(request.POST or None, request.FILES or None, nodes=scope.places())
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.notice_publish(actor=request.user, **form.cleaned_data),
            _("The notice is published and being delivered."),
        )
        if done:
            return redirect("notices:detail", done.result.pk)
    return render(request, "notices/form.html", {"form": form})


def _staff_context(request, notice) -> dict:
    return {
        "counts": selectors.notice_receipt_counts(notice=notice),
        "reach": selectors.notice_reach(notice=notice, user=request.user),
    }


@login_required
def detail(request, pk: int):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    delivery = services.notice_read(notice=notice, user=request.user)
    works_here = selectors.works_on(request.user, notice)
    context = {
        "notice": notice,
        "delivery": delivery,
        "attachments": list(notice.attachments.all()),
        "works_here": works_here,
    }
    if works_here:
        context.update(_staff_context(request, notice))
    return render(request, "notices/detail.html", context)


@login_required
def progress(request, pk: int):
    """The fan-out's progress bar (htmx polls it while the notice is being delivered)."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if not selectors.works_on(request.user, notice):
        raise Http404
    return render(request, "notices/_progress.html", {"notice": notice})


@login_required
@require_POST
def confirm(request, pk: int):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    run_and_flash(
        request,
        lambda: services.notice_confirm(notice=notice, person=request.user, actor=request.user),
        _("Thank you: your confirmation was recorded."),
    )
    return redirect("notices:detail", notice.pk)


@login_required
def print_copy(request, pk: int):
    """The A4 copy for the stairwell board, with a QR code that opens the notice."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if not selectors.works_on(request.user, notice):
        raise Http404
    url = request.build_absolute_uri(reverse("notices:detail", args=[notice.pk]))
    return render(
        request, "notices/print.html", {"notice": notice, "qr": qr_data_uri(url), "url": url}
    )


@login_required
def knock(request, pk: int):
    """A captain's (or staff member's) door-knock list for the places they look after."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if not selectors.works_on(request.user, notice):
        raise Http404
    households = selectors.knock_list(notice=notice, user=request.user)
    # The list shows residents' full numbers so the captain can call: an audited read.
    audit_record(
        actor=request.user,
        action="notices.knock_list_view",
        target=notice,
        scope_path=notice.node.path,
        details={"households": len(households)},
    )
    return render(request, "notices/knock.html", {"notice": notice, "households": households})


@login_required
@require_POST
def told(request, pk: int):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    form = ToldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the household was told."))
        return redirect("notices:knock", notice.pk)
    household = get_object_or_404(
        scope_for_user(request.user).filter(Household.objects.select_related("node"), "node"),
        pk=form.cleaned_data["household"],
    )
    run_and_flash(
        request,
        lambda: services.notice_mark_told(
            notice=notice, household=household, via=form.cleaned_data["via"], actor=request.user
        ),
        _("%(room)s marked as reached.") % {"room": household},
    )
    return redirect("notices:knock", notice.pk)


@login_required
@require_POST
def confirm_for(request, pk: int, user_id: int):
    """A captain or staff member confirms for a resident who cannot (代办), then prints the
    resident's receipt. The service checks the resident's home lies in the actor's scope."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if not selectors.works_on(request.user, notice):
        raise Http404
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not run_and_flash(
        request, lambda: services.notice_confirm(notice=notice, person=person, actor=request.user)
    ):
        return redirect("notices:knock", notice.pk)
    return redirect("notices:receipt", notice.pk, person.pk)


@login_required
def receipt(request, pk: int, user_id: int):
    """The printable slip left with a resident confirmed for by someone else."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if not selectors.works_on(request.user, notice):
        raise Http404
    delivery = get_object_or_404(
        notice.deliveries.select_related("user", "confirmed_by", "household__node"),
        user_id=user_id,
        confirmed_by__isnull=False,
    )
    if not (delivery.household and scope_for_user(request.user).contains(delivery.household.node)):
        raise Http404
    return render(request, "notices/receipt.html", {"notice": notice, "delivery": delivery})
