"""Monthly figures of providers: appointments per service and per grid (served, did not come,
cancelled, still booked), and for canteens the meals and subsidy figures of canteen_reports,
on the page and in one Excel workbook. Counts only: no one's name leaves in the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from bookings import canteen_reports
from bookings.models import Appointment, Provider
from bookings.reports import month_bounds
from core.exports import escape_row, workbook_bytes

STATUS = Appointment.Status


@dataclass
class ServiceLine:
    label: str  # the service (with its provider) or the grid
    served: int
    no_show: int
    cancelled: int
    booked: int

    @property
    def total(self) -> int:
        return self.served + self.no_show + self.cancelled + self.booked


def _counts() -> dict:
    return {
        "served": Count("pk", filter=Q(status=STATUS.DONE)),
        "no_show": Count("pk", filter=Q(status=STATUS.NO_SHOW)),
        "cancelled": Count("pk", filter=Q(status=STATUS.CANCELLED)),
        "booked": Count("pk", filter=Q(status=STATUS.BOOKED)),
    }


def _month_appointments(providers, month: dt.date):
    start, end = month_bounds(month)
    return Appointment.objects.filter(
        slot__offer__provider__in=providers, slot__starts_at__gte=start, slot__starts_at__lt=end
    ).order_by()


def services_per_service(providers, month: dt.date) -> list[ServiceLine]:
    """One line per service of `providers` with appointments in the month (one query)."""
    rows = (
        _month_appointments(providers, month)
        .values_list("slot__offer__provider__name", "slot__offer__name")
        .annotate(**_counts())
        .order_by("slot__offer__provider__name", "slot__offer__name")
    )
    return [ServiceLine(f"{provider} · {service}", *counts) for provider, service, *counts in rows]


def services_per_grid(providers, month: dt.date) -> list[ServiceLine]:
    """One line per grid of the people's homes (kept at booking) in the month (one query)."""
    rows = (
        _month_appointments(providers, month)
        .values_list("grid__full_name")
        .annotate(**_counts())
        .order_by("grid__full_name")
    )
    return [ServiceLine(grid or _("No grid"), *counts) for grid, *counts in rows]


@dataclass
class MonthReport:
    month: dt.date
    per_service: list[ServiceLine]
    per_grid: list[ServiceLine]
    meal_days: list
    meal_grids: list
    budgets: list | None  # the streets' subsidy budgets: for staff only, not for a provider

    @property
    def meals(self) -> int:
        return sum(line.meals for line in self.meal_days)

    @property
    def rows(self) -> int:
        return len(self.per_service) + len(self.per_grid) + len(self.meal_days)


def month_report(providers, month: dt.date, *, budgets: list | None = None) -> MonthReport:
    canteens = providers.filter(kind=Provider.Kind.CANTEEN)
    return MonthReport(
        month=month,
        per_service=services_per_service(providers, month),
        per_grid=services_per_grid(providers, month),
        meal_days=canteen_reports.meals_per_day(canteens, month),
        meal_grids=canteen_reports.meals_per_grid(canteens, month),
        budgets=budgets,
    )


def _lines_sheet(sheet, first: str, lines: list[ServiceLine]) -> None:
    sheet.append(
        [first, _("Served"), _("Did not come"), _("Cancelled"), _("Still booked"), _("Total")]
    )
    for line in lines:
        sheet.append(
            escape_row(
                [line.label, line.served, line.no_show, line.cancelled, line.booked, line.total]
            )
        )


def report_workbook(report: MonthReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Services per service")
    _lines_sheet(sheet, _("Service"), report.per_service)
    _lines_sheet(book.create_sheet(_("Services per grid")), _("Grid"), report.per_grid)
    if report.meal_days or report.budgets:
        canteen_reports.add_canteen_sheets(
            book, report.meal_days, report.meal_grids, report.budgets
        )
    return workbook_bytes(book)
