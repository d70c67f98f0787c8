"""The draw log of a campaign as an Excel workbook (staff, scoped by the view)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from accounts.masking import mask_phone, name_in_full
from core.exports import escape_row
from quizzes import selectors
from quizzes.models import Campaign


def draw_log_xlsx(campaign: Campaign) -> tuple[bytes, int]:
    """The workbook and its number of draw rows."""
    rows = 0
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Draw log")[:31])
    sheet.append(
        [
            _("Time"),
            _("Resident"),
            pgettext("quizzes", "Phone"),
            _("Outcome"),
            _("Kind"),
            _("Points"),
        ]
    )
    for draw in selectors.draw_log(campaign).order_by("created_at", "pk").iterator(2000):
        rows += 1
        sheet.append(
            escape_row(
                [
                    timezone.localtime(draw.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    name_in_full(draw.user),
                    # Staff hand out prizes against the masked number and the resident's ID.
                    mask_phone(draw.user.phone),
                    draw.prize_name,
                    draw.get_kind_display(),
                    draw.points,
                ]
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), rows
