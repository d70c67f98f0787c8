"""Excel (.xlsx) question sheets, as street offices keep them.

The first row names the columns (Chinese or English, any order):
题型/kind · 题目/question · A B C D E F (options) · 答案/answer · 解析/explanation ·
分类/category · 难度/difficulty. 题型 is 单选/多选/判断 (or single/multiple/true_false); the
answer is letters ("B", "ACD", "A,C") or, for 判断, 对/错 (正确/错误, T/F, √/×).
"""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from quizzes.importers.base import (
    KIND_MULTIPLE,
    KIND_SINGLE,
    KIND_TRUE_FALSE,
    ParsedQuestion,
    ParseResult,
    check_choices,
    problem_at,
    true_false_choices,
)

HEADERS = {
    "kind": {"题型", "类型", "kind", "type"},
    "text": {"题目", "题干", "question", "text"},
    "answer": {"答案", "正确答案", "answer"},
    "explanation": {"解析", "答案解析", "explanation"},
    "category": {"分类", "类别", "category"},
    "difficulty": {"难度", "difficulty"},
}
OPTION_LETTERS = "ABCDEF"
KINDS = {
    "单选": KIND_SINGLE,
    "单选题": KIND_SINGLE,
    "single": KIND_SINGLE,
    "多选": KIND_MULTIPLE,
    "多选题": KIND_MULTIPLE,
    "multiple": KIND_MULTIPLE,
    "判断": KIND_TRUE_FALSE,
    "判断题": KIND_TRUE_FALSE,
    "true_false": KIND_TRUE_FALSE,
}
TRUE_WORDS = {"对", "正确", "是", "t", "true", "√", "✓", "a"}
FALSE_WORDS = {"错", "错误", "否", "f", "false", "×", "✗", "b"}
DIFFICULTIES = {"易": 1, "简单": 1, "easy": 1, "中": 2, "中等": 2, "medium": 2}
DIFFICULTIES |= {"难": 3, "困难": 3, "hard": 3, "1": 1, "2": 2, "3": 3}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_excel(content: bytes, *, default_category: str = "") -> ParseResult:
    result = ParseResult()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        result.errors.append(_("The file is not an Excel workbook (.xlsx)."))
        return result
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    columns: dict[str, int] = {}
    for index, title in enumerate(header or ()):
        name = _cell(title).lower()
        for key, names in HEADERS.items():
            if name in names:
                columns.setdefault(key, index)
        if name.upper() in OPTION_LETTERS and len(name) == 1:
            columns.setdefault(name.upper(), index)
        elif re.fullmatch(r"选项\s*[a-fA-F]", name):
            columns.setdefault(name[-1].upper(), index)
    missing = [key for key in ("text", "answer") if key not in columns]
    if missing:
        result.errors.append(
            _("The first row must name the columns 题目 (question) and 答案 (answer).")
        )
        return result

    number = 0
    for row_number, row in enumerate(rows, start=2):
        values = {key: _cell(row[i]) if i < len(row) else "" for key, i in columns.items()}
        if not any(values.values()):
            continue
        number += 1
        question, problem = _parse_row(values, number, row_number, default_category)
        if problem:
            result.errors.append(problem_at(number, row_number, problem))
        else:
            result.questions.append(question)
    workbook.close()
    if not result.questions and not result.errors:
        result.errors.append(_("The file contains no questions."))
    return result


def _parse_row(values: dict, number: int, row: int, default_category: str):
    text = values.get("text", "")
    if not text:
        return None, _("the question text is empty")
    options = [(letter, values.get(letter, "")) for letter in OPTION_LETTERS]
    options = [(letter, option) for letter, option in options if option]
    answer = values.get("answer", "").replace(",", "").replace("，", "").replace(" ", "")
    kind_word = values.get("kind", "").lower()
    if kind_word and kind_word not in KINDS:
        return None, _("unknown question type %(kind)s (use 单选, 多选 or 判断)") % {
            "kind": values["kind"]
        }
    kind = KINDS.get(kind_word)
    if kind is None:
        kind = KIND_TRUE_FALSE if not options else KIND_MULTIPLE if len(answer) > 1 else KIND_SINGLE
    if kind == KIND_TRUE_FALSE:
        word = answer.lower()
        if word in TRUE_WORDS:
            choices = true_false_choices(True)
        elif word in FALSE_WORDS:
            choices = true_false_choices(False)
        else:
            return None, _("the answer of a true/false question must be 对 or 错")
    else:
        letters = set(answer.upper())
        known = {letter for letter, _option in options}
        if not letters or not letters <= known:
            return None, _("the answer %(answer)s does not name filled-in options") % {
                "answer": answer or "—"
            }
        choices = [(option, letter in letters) for letter, option in options]
    problem = check_choices(kind, choices)
    if problem:
        return None, problem
    difficulty = None
    if values.get("difficulty"):
        difficulty = DIFFICULTIES.get(values["difficulty"].lower())
        if difficulty is None:
            return None, _("unknown difficulty %(value)s (use 易, 中 or 难)") % {
                "value": values["difficulty"]
            }
    category = values.get("category") or default_category
    if not category:
        return None, _("no category: fill in 分类 or choose one on the form")
    return (
        ParsedQuestion(
            number=number,
            line=row,
            text=text,
            kind=kind,
            choices=choices,
            explanation=values.get("explanation", ""),
            category=category,
            difficulty=difficulty,
        ),
        None,
    )
