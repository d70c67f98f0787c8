"""A provider's own pages (the counter's PC, a phone, a 1366 px screen): its home, its
catalogue of services and the slots it opens. Thin: the rules are in bookings.services."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import PhoneColumn, audit_export
from bookings import canteen_reports, provider_reports, services
from bookings.forms import month_chosen
from bookings.models import Provider, Slot
from bookings.provider_forms import (
    ServiceOfferEditForm,
    ServiceOfferForm,
    SlotCancelForm,
    SlotForm,
    WeeklySlotsForm,
)
from bookings.selectors import appointments as selectors
from bookings.selectors.providers import (
    may_run_provider,
    provider_get_for_runner,
    provider_ids_managed,
    providers_of_user,
)
from communities.scoping import require_managing_scope
from core.http import client_ip
from core.outcomes import act_and_redirect, run_on_form


@login_required
def home(request):
    """Where a provider's staff start: each provider they work for, and its pages."""
    providers = list(providers_of_user(request.user))
    if not providers:
        raise Http404
    today = timezone.localdate()
    managed = provider_ids_managed(request.user)
    return render(
        request,
        "bookings/provider/home.html",
        {
            "providers": [(provider, provider.pk in managed) for provider in providers],
            "today": today,
            "canteen": Provider.Kind.CANTEEN,
        },
    )


@login_required
def offers(request, pk: int):
    """The provider's catalogue, and a form to add a service to it."""
    provider = provider_get_for_runner(user=request.user, pk=pk)
    form = ServiceOfferForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        added = run_on_form(
            request,
            form,
            lambda: services.service_offer_create(
                actor=request.user,
                provider=provider,
                places=form.cleaned_data["places"],
                **form.service_fields(),
            ),
            _("The service is added; now open times for it."),
        )
        if added:
            return redirect("bookings:provider_offer", pk=added.result.pk)
    return render(
        request,
        "bookings/provider/offers.html",
        {
            "provider": provider,
            "offers": selectors.offers_of_provider(provider)[:100],
            "form": form,
        },
    )


def _offer_page(request, offer, **forms):
    today = timezone.localdate()
    edit = forms.get("edit") or ServiceOfferEditForm(
        provider=offer.provider, initial=ServiceOfferEditForm.initial_for(offer)
    )
    single = forms.get("single") or SlotForm(prefix="one")
    weekly = forms.get("weekly") or WeeklySlotsForm(prefix="week", initial={"first_day": today})
    return render(
        request,
        "bookings/provider/offer.html",
        {
            "offer": offer,
            "provider": offer.provider,
            "edit": edit,
            "single": single,
            "weekly": weekly,
            "slots": selectors.slots_of_offer(offer, since=today)[:200],
            "now": timezone.now(),
        },
        status=400 if forms else 200,
    )


@login_required
def offer(request, pk: int):
    """One service: change it, open single or weekly slots, see and call off the slots ahead."""
    offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
    if request.method != "POST":
        return _offer_page(request, offer)
    form = ServiceOfferEditForm(request.POST, provider=offer.provider)
    if form.is_valid() and run_on_form(
        request,
        form,
        lambda: services.service_offer_update(
            actor=request.user,
            offer=offer,
            places=form.cleaned_data["places"],
            **form.service_fields(),
        ),
        _("The service is saved."),
    ):
        return redirect("bookings:provider_offer", pk=offer.pk)
    return _offer_page(request, offer, edit=form)


@login_required
@require_POST
def slot_add(request, pk: int):
    offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
    form = SlotForm(request.POST, prefix="one")
    if form.is_valid():
        starts_at, ends_at = form.times()
        if run_on_form(
            request,
            form,
            lambda: services.slot_create(
                actor=request.user,
                offer=offer,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=form.cleaned_data["capacity"],
            ),
            _("The time is open for booking."),
        ):
            return redirect("bookings:provider_offer", pk=offer.pk)
    return _offer_page(request, offer, single=form)


@login_required
@require_POST
def slots_weekly(request, pk: int):
    offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
    form = WeeklySlotsForm(request.POST, prefix="week")
    if form.is_valid():
        data = form.cleaned_data
        if run_on_form(
            request,
            form,
            lambda: services.slots_create_weekly(
                actor=request.user,
                offer=offer,
                first_day=data["first_day"],
                weekdays=data["weekdays"],
                starts=data["starts"],
                ends=data["ends"],
                weeks=data["weeks"],
                capacity=data["capacity"],
                split=data["split"],
            ),
            lambda slots: _("%(count)s times are open for booking.") % {"count": len(slots)},
        ):
            return redirect("bookings:provider_offer", pk=offer.pk)
    return _offer_page(request, offer, weekly=form)


@login_required
@require_POST
def slot_cancel(request, pk: int):
    """Call a slot off; those booked are told and any hours paid given back."""
    slot = get_object_or_404(Slot.objects.select_related("offer__provider__node"), pk=pk)
    if not may_run_provider(request.user, slot.offer.provider):
        raise Http404
    form = SlotCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act_and_redirect(
        request,
        lambda: services.slot_cancel(actor=request.user, slot=slot, reason=reason),
        _("The time is called off; those booked are told."),
        "bookings:provider_offer",
        pk=slot.offer_id,
    )


# --- monthly figures ---------------------------------------------------------------------


def _month(request):
    return month_chosen(request.GET)


def _report(request, *, providers, budgets, title: str, scope_path: str, back: str, listed=None):
    """The page, or with ?format=xlsx the workbook (an audited export of counts only)."""
    form, month = _month(request)
    report = provider_reports.month_report(providers, month, budgets=budgets)
    if request.GET.get("format") == "xlsx" and (form.is_valid() or not request.GET.get("month")):
        audit_export(
            actor=request.user,
            export="provider_report",
            rows=report.rows,
            phones=PhoneColumn.NONE,
            ip_address=client_ip(request),
            scope_path=scope_path,
            details={"month": f"{month:%Y-%m}", "providers": providers.count()},
        )
        response = HttpResponse(
            provider_reports.report_workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="services-{month:%Y-%m}.xlsx"'
        return response
    return render(
        request,
        "bookings/provider/report.html",
        {"form": form, "report": report, "title": title, "back": back, "listed": listed},
    )


@login_required
def report(request, pk: int):
    """A provider's own month: its staff (or staff looking after it) see only this provider."""
    provider = provider_get_for_runner(user=request.user, pk=pk)
    return _report(
        request,
        providers=Provider.objects.filter(pk=provider.pk),
        budgets=None,
        title=provider.name,
        scope_path=provider.node.path,
        back=reverse("bookings:provider"),
    )


@login_required
def staff_report(request):
    """Street or community staff: every provider registered in their scope (district staff:
    the district), with the streets' canteen subsidy budgets; others get 404."""
    scope = require_managing_scope(request.user)
    providers = scope.filter(Provider.objects.all(), "node").order_by()
    return _report(
        request,
        providers=providers,
        budgets=canteen_reports.budgets(scope, _month(request)[1]),
        title=_("Providers in my area"),
        scope_path=scope.root_paths[0] if scope.root_paths else "",
        back=reverse("workbench:home"),
        # Each with its staff page: staff looking after a provider add and remove its log-ins.
        listed=providers.filter(is_active=True).order_by("name", "pk")[:100],
    )
