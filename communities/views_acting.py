"""代办 pages: captains and staff find a resident they look after, register one with no phone
or log-in, act for them through the other apps' pages, and print the resident's receipt."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from communities import acting
from communities.forms import ResidentRegisterForm
from communities.models import ActingConsent, Household, Residency
from communities.scoping import scope_for_user
from core.outcomes import run_on_form


def _acting_scope(user):
    scope = scope_for_user(user)
    if scope.is_empty:
        raise Http404
    return scope


def person_for(request, user_id: int):
    """The resident the signed-in captain or staff member may act for; 404 otherwise (the
    same answer for someone outside the scope and for no one)."""
    person = get_object_or_404(get_user_model(), pk=user_id)
    if person.pk == request.user.pk or not acting.may_act_for(actor=request.user, person=person):
        raise Http404
    return person


@login_required
def index(request):
    """Residents in my places: search by name or room, then act for one."""
    scope = _acting_scope(request.user)
    residencies = scope.filter(
        Residency.objects.filter(status=Residency.Status.APPROVED).select_related(
            "user", "household__node"
        ),
        "household__node",
    ).order_by("household__node__path", "household__room", "pk")
    query = request.GET.get("q", "").strip()[:50]
    if query:
        residencies = residencies.filter(
            Q(user__real_name__contains=query)
            | Q(user__display_name__contains=query)
            | Q(household__room__contains=query)
        )
    page = Paginator(residencies, 30).get_page(request.GET.get("page"))
    return render(request, "communities/acting_index.html", {"page": page, "query": query})


@login_required
def register(request):
    scope = _acting_scope(request.user)
    households = scope.filter(Household.objects.select_related("node"), "node")
    form = ResidentRegisterForm(request.POST or None, households=households)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: acting.resident_register_for(actor=request.user, **form.cleaned_data),
            lambda person: _("%(name)s is registered.") % {"name": person.real_name},
        )
        if done:
            return redirect("communities:acting_person", done.result.pk)
    return render(request, "communities/acting_register.html", {"form": form})


@login_required
def person(request, user_id: int):
    """What I can do for this resident, and what was done for them (with receipts)."""
    resident = person_for(request, user_id)
    return render(
        request,
        "communities/acting_person.html",
        {
            "person": resident,
            "homes": list(acting.homes_of(resident)),
            "consent": ActingConsent.objects.filter(person=resident).first(),
            "links": acting.acting_links(actor=request.user, person=resident),
            "done": [
                (entry, acting.receipt_label(entry))
                for entry in acting.done_for(person=resident)[:20]
            ],
        },
    )


@login_required
def receipt(request, pk: int):
    """The printable slip for the resident: what was done for them, when and by whom. Open to
    whoever did it, the resident, and those who may act for the resident."""
    entry = get_object_or_404(
        AuditEntry.objects.select_related("actor"), pk=pk, details__for_user__isnull=False
    )
    resident = get_object_or_404(get_user_model(), pk=entry.details["for_user"])
    # may_act_for holds for the resident themself too: they may print their own slip.
    if entry.actor_id != request.user.pk and not acting.may_act_for(
        actor=request.user, person=resident
    ):
        raise Http404
    return render(
        request,
        "communities/acting_receipt.html",
        {
            "entry": entry,
            "label": acting.receipt_label(entry),
            "person": resident,
            "homes": list(acting.homes_of(resident)),
        },
    )
