"""The canteen's figures for staff: meals per day and per grid in a month, and each street's
subsidy spent against its budget (read from the ledger), on the page and as Excel.

The meal figures take the canteens to count (those in a staff member's scope, or the one a
provider's staff work for), so the providers' monthly report (bookings/provider_reports.py)
reads them from here too and puts the same sheets in its workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from bookings.models import MealOrder, Provider
from bookings.services.canteen import FUNDING, budget_code
from communities.models import Node
from communities.scoping import Scope
from core.exports import escape_row, workbook_bytes
from points.models import Account, Currency, Posting

SERVED = ~Q(status=MealOrder.Status.CANCELLED)


@dataclass
class DayLine:
    provider: str
    day: dt.date
    meals: int
    dine_in: int
    delivered: int
    not_home: int
    subsidy_fen: int
    paid_fen: int


@dataclass
class BudgetLine:
    street: Node
    funded_fen: int
    spent_month_fen: int
    balance_fen: int


def canteens_in(scope: Scope):
    """The canteens registered in a staff member's scope."""
    return scope.filter(Provider.objects.filter(kind=Provider.Kind.CANTEEN), "node")


def _month_orders(providers, month: dt.date):
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return MealOrder.objects.filter(
        SERVED, menu__provider__in=providers, menu__day__gte=month, menu__day__lt=following
    ).order_by()


def meals_per_day(providers, month: dt.date) -> list[DayLine]:
    """One line per canteen (of `providers`) and day (one query)."""
    rows = (
        _month_orders(providers, month)
        .values_list("menu__provider__name", "menu__day")
        .annotate(
            meals=Count("pk"),
            dine_in=Count("pk", filter=Q(mode=MealOrder.Mode.DINE_IN)),
            delivered=Count("pk", filter=Q(status=MealOrder.Status.DELIVERED)),
            not_home=Count("pk", filter=Q(status=MealOrder.Status.NOT_HOME)),
            subsidy=Sum("subsidy_fen"),
            paid=Sum("price_fen", filter=Q(paid_at__isnull=False)),
            paid_subsidy=Sum("subsidy_fen", filter=Q(paid_at__isnull=False)),
        )
        .order_by("menu__provider__name", "menu__day")
    )
    return [
        DayLine(
            name, day, meals, dine_in, delivered, not_home, subsidy or 0, (paid or 0) - (ps or 0)
        )
        for name, day, meals, dine_in, delivered, not_home, subsidy, paid, ps in rows
    ]


def meals_per_grid(providers, month: dt.date) -> list[tuple[str, int, int]]:
    """(grid, meals, of which delivered to the home) for the month (one query)."""
    rows = (
        _month_orders(providers, month)
        .values_list("grid__full_name")
        .annotate(meals=Count("pk"), delivery=Count("pk", filter=Q(mode=MealOrder.Mode.DELIVERY)))
        .order_by("grid__full_name")
    )
    return [(grid or _("No grid"), meals, delivery) for grid, meals, delivery in rows]


def budgets(scope: Scope, month: dt.date) -> list[BudgetLine]:
    """Each street in the scope: what was put into its canteen budget, what the month's meals
    took from it (subsidies less the ones given back on cancelling), and what is left."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    lines = []
    for street in scope.places([Node.Kind.STREET]):
        # Read, never created here: a street whose budget was never funded shows zeros.
        account = Account.objects.filter(
            owner=None, code=budget_code(street), currency=Currency.FEN
        ).first()
        if account is None:
            lines.append(BudgetLine(street, 0, 0, 0))
            continue
        postings = Posting.objects.filter(Q(debit=account) | Q(credit=account))
        funded = (
            postings.filter(credit=account, debit__code=FUNDING).aggregate(s=Sum("amount"))["s"]
            or 0
        )
        in_month = postings.filter(
            key__startswith="canteen:order:",
            created_at__date__gte=month,
            created_at__date__lt=following,
        )
        out = in_month.filter(debit=account).aggregate(s=Sum("amount"))["s"] or 0
        back = in_month.filter(credit=account).aggregate(s=Sum("amount"))["s"] or 0
        lines.append(BudgetLine(street, funded, out - back, account.balance))
    return lines


def report_workbook(month: dt.date, days, grids, budget_lines) -> bytes:
    book = Workbook()
    add_canteen_sheets(book, days, grids, budget_lines, sheet=book.active)
    return workbook_bytes(book)


def add_canteen_sheets(book: Workbook, days, grids, budget_lines, *, sheet=None) -> None:
    """The canteen's sheets (meals per day, per grid, the subsidy budget when given)."""
    sheet = sheet if sheet is not None else book.create_sheet()
    sheet.title = _("Meals per day")
    sheet.append(
        [
            _("Canteen"),
            pgettext("canteen", "Day"),
            _("Meals"),
            _("Eat at the canteen"),
            _("Delivered"),
            _("Nobody at home"),
            _("Subsidy (yuan)"),
            _("Paid at the counter (yuan)"),
        ]
    )
    for line in days:
        sheet.append(
            escape_row(
                [
                    line.provider,
                    line.day.isoformat(),
                    line.meals,
                    line.dine_in,
                    line.delivered,
                    line.not_home,
                    line.subsidy_fen / 100,
                    line.paid_fen / 100,
                ]
            )
        )
    per_grid = book.create_sheet(_("Meals per grid"))
    per_grid.append([_("Grid"), _("Meals"), _("Deliver to the home")])
    for row in grids:
        per_grid.append(escape_row(list(row)))
    if budget_lines is None:
        return
    budget = book.create_sheet(_("Subsidy budget"))
    budget.append(
        [_("Street"), _("Budget funded (yuan)"), _("Spent this month (yuan)"), _("Left (yuan)")]
    )
    for line in budget_lines:
        budget.append(
            escape_row(
                [
                    line.street.full_name,
                    line.funded_fen / 100,
                    line.spent_month_fen / 100,
                    line.balance_fen / 100,
                ]
            )
        )
