"""Question bank importers: Excel, Moodle GIFT and Moodle XML, all to ParsedQuestion lists."""

from quizzes.importers.base import ParsedQuestion, ParseResult
from quizzes.importers.excel import parse_excel
from quizzes.importers.gift import parse_gift
from quizzes.importers.moodle_xml import parse_moodle_xml

FORMATS = ("excel", "gift", "moodle_xml")


def detect_format(filename: str) -> str | None:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return "excel"
    if name.endswith((".gift", ".txt")):
        return "gift"
    if name.endswith(".xml"):
        return "moodle_xml"
    return None


def parse_file(fmt: str, content: bytes, *, default_category: str = "") -> ParseResult:
    if fmt == "excel":
        return parse_excel(content, default_category=default_category)
    if fmt == "moodle_xml":
        return parse_moodle_xml(content, default_category=default_category)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Files saved by Chinese Windows editors are often GBK (a subset of GB 18030).
        text = content.decode("gb18030", errors="replace")
    return parse_gift(text, default_category=default_category)


__all__ = [
    "FORMATS",
    "ParseResult",
    "ParsedQuestion",
    "detect_format",
    "parse_excel",
    "parse_file",
    "parse_gift",
    "parse_moodle_xml",
]
