"""Excel export of a consultation's result (openpyxl), for the council's records."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from consultations.selectors import Tally
from core.exports import workbook_bytes


def _yes_no(value: bool) -> str:
    return _("met") if value else _("not met")


def tally_workbook(tally: Tally) -> bytes:
    """One sheet: the question, turnout, each option by head (and area for owners), and for
    owners' decisions the four art. 278 thresholds. Never who voted how (secret ballot)."""
    c = tally.consultation
    book = Workbook()
    sheet = book.active
    sheet.title = _("Result")
    bold = Font(bold=True)
    rows = [
        [pgettext("consultations", "Question"), c.question],
        [_("Place voting"), c.node.full_name],
        [_("Who votes"), str(c.get_electorate_display())],
        [_("Voting opens"), timezone.localtime(c.opens_at).strftime("%Y-%m-%d %H:%M")],
        [_("Voting closes"), timezone.localtime(c.closes_at).strftime("%Y-%m-%d %H:%M")],
        [_("Electorate"), tally.electorate_size],
        [_("Ballots"), tally.ballots],
        [_("of which on paper"), tally.paper_ballots],
        [_("Turnout, percent"), float(tally.turnout_percent)],
    ]
    owners = tally.art278 is not None
    if owners:
        rows += [
            [_("Total floor area (m²)"), float(tally.electorate_area)],
            [_("Participating floor area (m²)"), float(tally.ballots_area)],
        ]
    for row in rows:
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    header = [_("Option"), _("Ballots"), _("Share of ballots, percent")]
    if owners:
        header.append(_("Floor area (m²)"))
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for result in tally.options:
        line = [result.option.label, result.heads, float(result.percent)]
        if owners:
            line.append(float(result.area))
        sheet.append(line)
    if owners:
        a = tally.art278
        sheet.append([])
        for label, met in [
            (_("Participation by area (at least 2/3)"), a.participation_area_met),
            (_("Participation by owners (at least 2/3)"), a.participation_heads_met),
            (_("Approval by area"), a.approval_area_met),
            (_("Approval by owners"), a.approval_heads_met),
        ]:
            sheet.append([label, _yes_no(met)])
        sheet.append(
            [pgettext("consultations", "Outcome"), _("Passed") if a.passed else _("Not passed")]
        )
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 40
    return workbook_bytes(book)
