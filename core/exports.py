"""Spreadsheets that leave the portal: no cell may carry a formula.

A resident chooses their own name; a name such as `=HYPERLINK("http://x", "点此")` written into an
export opens as a live formula in Excel or WPS on a staff computer (CSV injection, OWASP). Every
export therefore goes through this module:

- `workbook_bytes(book)` escapes every text cell of an openpyxl workbook, then saves it;
- `escape_row(values)` for rows written one by one (write-only workbooks, CSV writers);
- `SafeCSV` and `SafeXLSX`, django-import-export formats for the admin's exports.

A text cell that begins with = + - @, a tab or a carriage return gets a leading apostrophe, the
escape OWASP recommends: the sheet shows the text as typed and never evaluates it. Numbers and
dates are left alone (a negative number is not text).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from import_export.formats.base_formats import CSV, XLSX
from openpyxl import Workbook
from tablib import Dataset

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """The value as a sheet may show it: text that a spreadsheet would run becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def escape_row(values: Iterable[Any]) -> list[Any]:
    return [escape_formula(value) for value in values]


def workbook_bytes(book: Workbook) -> bytes:
    """Escape every text cell of a (not write-only) workbook and return the saved file.

    openpyxl stores a string beginning with "=" as a formula; after the escape it is text again.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                escaped = escape_formula(cell.value)
                if escaped is not cell.value:
                    cell.value = escaped
                    cell.data_type = "s"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _escaped_dataset(dataset: Dataset) -> Dataset:
    escaped = Dataset(headers=escape_row(dataset.headers or []), title=dataset.title)
    for row in dataset:
        escaped.append(escape_row(row))
    return escaped


class SafeCSV(CSV):
    """django-import-export's CSV with every formula-leading cell escaped.

    The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (also on) only strips a leading
    "=", which leaves "+cmd|..." and "@SUM(...)" live; this runs first, so nothing is left to it.
    """

    def export_data(self, dataset, **kwargs):
        return super().export_data(_escaped_dataset(dataset), **kwargs)


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_escaped_dataset(dataset), **kwargs)
