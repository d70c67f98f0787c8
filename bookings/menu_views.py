"""The canteen's menu planning: a week of menus, publishing and changing them, copying the week
before. For the canteen's own staff (phone and counter screen); the rules are the services'."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bookings import services
from bookings.menu_forms import MenuEditForm, MenuPlanForm, WeekForm
from bookings.models import Menu, Provider
from bookings.selectors import canteen as selectors
from bookings.selectors.providers import providers_of_user
from bookings.services.canteen_menus import menu_update, menus_copy_week, week_start
from core.outcomes import run_and_flash, run_on_form


def _canteen(request) -> tuple[Provider, list[Provider]]:
    """The canteen chosen (?provider=), among those the user works for; 404 for anyone else."""
    providers = list(providers_of_user(request.user, kind=Provider.Kind.CANTEEN))
    if not providers:
        raise Http404
    wanted = request.GET.get("provider", "") or request.POST.get("provider", "")
    chosen = next((p for p in providers if wanted.isdigit() and p.pk == int(wanted)), None)
    return chosen or providers[0], providers


def _week(request) -> dt.date:
    """The Monday of ?week= (any day of it), else of next week (what is usually planned)."""
    form = WeekForm(request.GET)
    if form.is_valid() and form.cleaned_data["week"]:
        return week_start(form.cleaned_data["week"])
    return week_start(timezone.localdate()) + dt.timedelta(days=7)


def _page(provider: Provider, week: dt.date) -> str:
    return f"{reverse('bookings:canteen_menus')}?provider={provider.pk}&week={week.isoformat()}"


@login_required
def menus(request):
    provider, providers = _canteen(request)
    week = _week(request)
    form = MenuPlanForm(
        request.POST or None,
        shifts=selectors.delivery_shifts_for(provider),
        initial={"day": week},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.menu_create(
                actor=request.user,
                provider=provider,
                day=data["day"],
                meal=data["meal"],
                dishes=data["dishes"],
                price_fen=form.price_fen(),
                capacity=data["capacity"],
                delivers=data["delivers"],
                delivery_shift=data["delivery_shift"],
                orders_close_at=data["orders_close_at"],
            ),
            _("The menu is published."),
        )
        if done:
            return redirect(_page(provider, week_start(data["day"])))
    rows = list(
        provider.menus.filter(day__gte=week, day__lt=week + dt.timedelta(days=7)).order_by(
            "day", "meal", "pk"
        )
    )
    by_day = {week + dt.timedelta(days=n): [] for n in range(7)}
    for menu in rows:
        by_day[menu.day].append(menu)
    return render(
        request,
        "bookings/canteen/menus.html",
        {
            "provider": provider,
            "providers": providers,
            "week": week,
            "days": list(by_day.items()),
            "previous": week - dt.timedelta(days=7),
            "next": week + dt.timedelta(days=7),
            "now": timezone.now(),
            "form": form,
        },
    )


def _copied_text(copied) -> str:
    text = ngettext(
        "%(n)s menu copied from the week before.",
        "%(n)s menus copied from the week before.",
        len(copied.created),
    ) % {"n": len(copied.created)}
    if copied.skipped:
        text += " " + _("%(n)s left alone (already there, or orders would be closed).") % {
            "n": copied.skipped
        }
    return text


@login_required
@require_POST
def copy_week(request):
    provider, _providers = _canteen(request)
    form = WeekForm(request.POST)
    week = (
        week_start(form.cleaned_data["week"])
        if form.is_valid() and form.cleaned_data["week"]
        else _week(request)
    )
    run_and_flash(
        request,
        lambda: menus_copy_week(actor=request.user, provider=provider, week=week),
        _copied_text,
    )
    return redirect(_page(provider, week))


@login_required
def menu_edit(request, pk: int):
    providers = list(providers_of_user(request.user, kind=Provider.Kind.CANTEEN))
    menu = Menu.objects.filter(provider__in=providers, pk=pk).select_related("provider").first()
    if menu is None:
        raise Http404
    form = MenuEditForm(
        request.POST or None,
        initial={
            "dishes": menu.dishes,
            "price": menu.price_fen / 100,
            "capacity": menu.capacity,
            "orders_close_at": timezone.localtime(menu.orders_close_at),
            "delivers": menu.delivers,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: menu_update(
                actor=request.user,
                menu=menu,
                dishes=data["dishes"],
                price_fen=form.price_fen(),
                capacity=data["capacity"],
                orders_close_at=data["orders_close_at"],
                delivers=data["delivers"],
            ),
            _("The menu is saved."),
        )
        if done:
            return redirect(_page(menu.provider, week_start(menu.day)))
    return render(
        request,
        "bookings/canteen/menu_edit.html",
        {"menu": menu, "form": form, "open": menu.orders_close_at > timezone.now()},
    )
