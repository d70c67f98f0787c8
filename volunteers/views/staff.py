"""Staff pages: the yearly report of verified hours by team and month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from communities.scoping import require_managing_scope
from volunteers import documents, selectors
from volunteers.forms import ReportForm


@login_required
def report(request):
    scope = require_managing_scope(request.user)
    form = ReportForm(request.GET or {"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    rows = selectors.hours_by_team_month(scope=scope, year=year)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            documents.hours_report_xlsx(rows, year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="volunteer-hours-{year}.xlsx"'
        return response
    totals = [sum(row["by_month"][m] for row in rows) for m in range(12)]
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "months": range(1, 13),
        "totals": totals,
        "grand_total": sum(totals),
    }
    return render(request, "volunteers/report.html", context)
