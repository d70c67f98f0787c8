"""Pages of the elders' canteen: residents and relatives order on the phone, the canteen works
its counter and prints its sheets, volunteers deliver, staff follow it from the workbench."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_get_by_login
from audit.services import audit_record
from bookings import canteen_reports, services
from bookings.canteen_forms import BudgetForm, DeliveryForm, DinerForm, MenuForm, OrderForm
from bookings.forms import month_chosen
from bookings.models import MealOrder, Menu, Provider
from bookings.selectors import canteen as selectors
from bookings.selectors.canteen import people_to_book_for, person_chosen
from bookings.selectors.providers import providers_of_user
from communities.models import Node
from communities.scoping import require_managing_scope
from core.outcomes import act_and_redirect, run_and_flash, run_on_form
from core.request_keys import request_key_new


@login_required
def home(request):
    """Order a meal for oneself or a relative: the menus of the canteens serving their home."""
    people = people_to_book_for(request.user)
    wanted = request.GET.get("for", "")
    chosen = person_chosen(people, wanted)
    household = selectors.home_of(chosen)
    if household is None and not wanted:
        # A relative without a home here (a daughter living elsewhere) orders for her parent.
        for person in people[1:]:
            household = selectors.home_of(person)
            if household is not None:
                chosen = person
                break
    now = timezone.now()
    menus = []
    if household is not None:
        menus = list(
            selectors.menus_open_for(household, since=timezone.localdate(now)).filter(
                orders_close_at__gt=now
            )[:14]
        )
    ordered = set(
        MealOrder.objects.filter(elder=chosen, menu__in=menus)
        .exclude(status=MealOrder.Status.CANCELLED)
        .values_list("menu_id", flat=True)
    )
    form = OrderForm(initial={"elder": chosen.pk})
    orders = selectors.orders_for_user(request.user).filter(menu__day__gte=timezone.localdate())
    return render(
        request,
        "bookings/canteen/home.html",
        {
            "people": people,
            "chosen": chosen,
            "household": household,
            "menus": [(menu, menu.pk in ordered) for menu in menus],
            "form": form,
            "orders": orders[:20],
            "works": providers_of_user(request.user, kind=Provider.Kind.CANTEEN).exists(),
        },
    )


@login_required
@require_POST
def order(request, pk: int):
    menu = get_object_or_404(Menu.objects.select_related("provider"), pk=pk)
    form = OrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose dine-in or delivery."))
        return redirect("bookings:canteen")
    elder = get_user_model().objects.filter(pk=form.cleaned_data["elder"]).first()
    if elder is None:
        raise Http404
    outcome = run_and_flash(
        request,
        lambda: services.meal_order_place(
            actor=request.user,
            elder=elder,
            menu=menu,
            mode=form.cleaned_data["mode"],
            note=form.cleaned_data["note"],
        ),
        _("The meal is ordered."),
    )
    if not outcome:
        return redirect(f"{reverse('bookings:canteen')}?for={elder.pk}")
    return redirect("bookings:canteen_order", pk=outcome.result.pk)


@login_required
def order_detail(request, pk: int):
    placed = selectors.order_get_for_user(user=request.user, pk=pk)
    open_ = placed.status == MealOrder.Status.ORDERED and timezone.now() < (
        placed.menu.orders_close_at
    )
    return render(
        request,
        "bookings/canteen/order.html",
        {
            "order": placed,
            "can_cancel": open_ and request.user.pk in (placed.elder_id, placed.ordered_by_id),
        },
    )


@login_required
@require_POST
def order_cancel(request, pk: int):
    placed = selectors.order_get_for_user(user=request.user, pk=pk)
    return act_and_redirect(
        request,
        lambda: services.meal_order_cancel(actor=request.user, order=placed),
        _("The order is cancelled."),
        "bookings:canteen_order",
        pk=placed.pk,
    )


# --- the counter -------------------------------------------------------------------------


def _canteens_worked(user):
    providers = list(providers_of_user(user, kind=Provider.Kind.CANTEEN))
    if not providers:
        raise Http404
    return providers


@login_required
def counter(request):
    """The canteen's counter: today's meals, dine-in orders to serve and be paid, new menus."""
    providers = _canteens_worked(request.user)
    provider = providers[0]
    wanted = request.GET.get("provider", "")
    if wanted.isdigit():
        provider = next((p for p in providers if p.pk == int(wanted)), provider)
    form = MenuForm(request.POST or None, shifts=selectors.delivery_shifts_for(provider))
    if request.method == "POST" and form.is_valid():
        published = run_on_form(
            request,
            form,
            lambda: services.menu_create(
                actor=request.user,
                provider=provider,
                day=form.cleaned_data["day"],
                meal=form.cleaned_data["meal"],
                dishes=form.cleaned_data["dishes"],
                price_fen=form.price_fen(),
                capacity=form.cleaned_data["capacity"],
                delivers=form.cleaned_data["delivers"],
                delivery_shift=form.cleaned_data["delivery_shift"],
            ),
            _("The menu is published."),
        )
        if published:
            return redirect(request.get_full_path())
    today = timezone.localdate()
    menus = list(selectors.menus_of_provider(provider, since=today)[:14])
    today_menus = [menu for menu in menus if menu.day == today]
    waiting = selectors.counter_waiting(today_menus)
    return render(
        request,
        "bookings/canteen/counter.html",
        {
            "provider": provider,
            "providers": providers,
            "menus": menus,
            "waiting": waiting[:200],
            "form": form,
            "today": today,
        },
    )


@login_required
@require_POST
def counter_action(request, pk: int, action: str):
    placed = get_object_or_404(MealOrder.objects.select_related("menu__provider"), pk=pk)
    if not selectors.may_work_menu(request.user, placed.menu):
        raise Http404
    call = {"serve": services.meal_order_serve, "pay": services.meal_order_pay}.get(action)
    if call is None:
        raise Http404
    run_and_flash(request, lambda: call(actor=request.user, order=placed))
    return redirect(f"{reverse('bookings:canteen_counter')}?provider={placed.menu.provider_id}")


# --- the sheets and deliveries --------------------------------------------------------------


@login_required
def kitchen(request, pk: int):
    menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
    if not selectors.may_work_menu(request.user, menu):
        raise Http404
    return render(
        request,
        "bookings/canteen/kitchen.html",
        {"menu": menu, "sheet": selectors.kitchen_sheet(menu)},
    )


@login_required
def routes(request, pk: int):
    menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
    return render(
        request,
        "bookings/canteen/routes.html",
        {
            "menu": menu,
            "sheets": selectors.route_sheets(menu),
            "form": DeliveryForm(),
            "volunteer": menu.delivery_shift_id is not None
            and not selectors.may_work_menu(request.user, menu),
        },
    )


@login_required
@require_POST
def deliver(request, pk: int):
    placed = get_object_or_404(MealOrder.objects.select_related("menu"), pk=pk)
    if not selectors.may_deliver(request.user, placed.menu):
        raise Http404
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose delivered or nobody at home."))
    else:
        run_and_flash(
            request,
            lambda: services.meal_delivery_mark(
                actor=request.user,
                order=placed,
                delivered=form.cleaned_data["outcome"] == "delivered",
            ),
            _("Marked."),
        )
    return redirect("bookings:canteen_routes", pk=placed.menu_id)


@login_required
@require_POST
def finish_round(request, pk: int):
    menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
    return act_and_redirect(
        request,
        lambda: services.delivery_round_finish(actor=request.user, menu=menu),
        _("Your time was recorded; the team leader will verify it."),
        "bookings:canteen_routes",
        pk=menu.pk,
    )


@login_required
def deliveries(request):
    """A volunteer's (or the canteen's) delivery rounds from today on."""
    menus = selectors.menus_delivered_by(request.user, since=timezone.localdate())[:30]
    return render(request, "bookings/canteen/deliveries.html", {"menus": menus})


@login_required
def staff(request):
    """Staff follow the canteens in their scope: today's meals and each one's sheets."""
    today = timezone.localdate()
    menus = selectors.menus_for_staff(request.user, since=today - dt.timedelta(days=1))[:100]
    return render(request, "bookings/canteen/staff.html", {"menus": menus, "today": today})


@login_required
def report(request):
    """Staff: meals per day and grid in a month, and the subsidy budget; Excel with
    ?format=xlsx (figures only, no one's name)."""
    scope = require_managing_scope(request.user)
    form, month = month_chosen(request.GET)
    canteens = canteen_reports.canteens_in(scope)
    days = canteen_reports.meals_per_day(canteens, month)
    grids = canteen_reports.meals_per_grid(canteens, month)
    budget_lines = canteen_reports.budgets(scope, month)
    if request.GET.get("format") == "xlsx" and (form.is_valid() or not request.GET.get("month")):
        response = HttpResponse(
            canteen_reports.report_workbook(month, days, grids, budget_lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"canteen-{month:%Y-%m}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "bookings/canteen/report.html",
        {
            "form": form,
            "month": month,
            "days": days,
            "grids": grids,
            "budgets": budget_lines,
            "total": sum(line.meals for line in days),
        },
    )


@login_required
def diners(request):
    """Community staff register elders for the subsidy (year of birth, status). The list
    shows statuses such as 低保: reading it is audited."""
    scope = require_managing_scope(request.user)
    form = DinerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = user_get_by_login(form.cleaned_data["login"])
        if person is None:
            form.add_error("login", _("No account was found for this phone number."))
        else:
            registered = run_on_form(
                request,
                form,
                lambda: services.diner_register(
                    actor=request.user,
                    user=person,
                    birth_year=form.cleaned_data["birth_year"],
                    status=form.cleaned_data["status"],
                ),
                _("The elder is registered for the subsidy."),
            )
            if registered:
                return redirect("bookings:canteen_diners")
    registered = list(selectors.diners_in(scope)[:200])
    audit_record(
        actor=request.user,
        action="bookings.diners.read",
        details={"rows": len(registered)},
        scope_path=scope.root_paths[0] if scope.root_paths else "",
    )
    return render(request, "bookings/canteen/diners.html", {"form": form, "diners": registered})


@login_required
def budget(request):
    """Street staff put money into a street's canteen subsidy budget (once per form)."""
    scope = require_managing_scope(request.user)
    streets = scope.managed_places([Node.Kind.STREET])
    form = BudgetForm(request.POST or None, streets=streets)
    if request.method == "POST" and form.is_valid():
        funded = run_on_form(
            request,
            form,
            lambda: services.subsidy_budget_fund(
                actor=request.user,
                street=form.cleaned_data["street"],
                amount_fen=form.amount_fen(),
                key=form.cleaned_data["request_key"],
            ),
            _("The budget is funded."),
        )
        if funded:
            return redirect("bookings:canteen_report")
    if not form.is_bound:
        form = BudgetForm(streets=streets, initial={"request_key": request_key_new()})
    return render(request, "bookings/canteen/budget.html", {"form": form})
