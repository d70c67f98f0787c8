"""Excel import of care tags, with a dry run (检查) before anything is written.

Small files (a community's register, at most MAX_ROWS rows) are checked and written in the
request: the dry run lists what would be added and every row's errors; the real run checks
again and writes all rows in one transaction or none. The file itself is never kept (it holds
sensitive data), so confirming means choosing the same file again.

Reading the sheet is django-import-export's XLSX format through communities' loader, so the
two imports accept and refuse the same files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.phones import normalize_phone
from care.common import care_audit
from care.models import CareTag, CareTagType
from care.selectors import residents_for_tagging
from care.services import care_tag_add
from communities.services.imports import cell, dataset_load

COLUMNS = ["手机号", "标签", "等级", "备注", "法律依据", "同意日期", "保留至"]
REQUIRED = ["手机号", "标签", "法律依据", "保留至"]
MAX_ROWS = 2000
LEVELS = {"1": 1, "2": 2, "3": 3, "一般": 1, "关注": 2, "紧急": 3}
BASES = {
    "同意": CareTag.LegalBasis.CONSENT,
    "书面同意": CareTag.LegalBasis.CONSENT,
    "法定职责": CareTag.LegalBasis.STATUTORY_DUTY,
    "保护生命健康": CareTag.LegalBasis.VITAL_INTEREST,
    **{value: value for value in CareTag.LegalBasis.values},
}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(cell(value).replace("/", "-"))
    except ValueError:
        raise ValidationError(_("%(value)s is not a date (YYYY-MM-DD).") % {"value": cell(value)})


def _check(dataset, user) -> ImportResult:
    result = ImportResult()
    headers = list(dataset.headers or [])
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ValidationError(
            _("The sheet lacks the columns: %(columns)s.") % {"columns": "、".join(missing)},
            code="bad_columns",
        )
    if len(dataset) > MAX_ROWS:
        raise ValidationError(
            _("At most %(count)d rows per file.") % {"count": MAX_ROWS}, code="too_many_rows"
        )
    types = {t.name: t for t in CareTagType.objects.filter(is_active=True)}
    people = residents_for_tagging(user=user)
    for number, raw in enumerate(dataset.dict, start=2):
        values = {column: raw.get(column) for column in COLUMNS}
        try:
            phone = normalize_phone(cell(values["手机号"]))
            found = list(people.filter(user__phone=phone)[:2])
            if len(found) != 1:
                raise ValidationError(
                    _("No confirmed resident with this number in your places.")
                    if not found
                    else _("This number lives in two households; add the tag on the page.")
                )
            tag_type = types.get(cell(values["标签"]))
            if tag_type is None:
                raise ValidationError(_("Unknown tag: %(tag)s.") % {"tag": cell(values["标签"])})
            level = LEVELS.get(cell(values["等级"]) or "1")
            basis = BASES.get(cell(values["法律依据"]))
            if level is None or basis is None:
                raise ValidationError(_("Unknown level or legal basis."))
            result.rows.append(
                {
                    "row": number,
                    "residency": found[0],
                    "tag_type": tag_type,
                    "level": level,
                    "note": cell(values["备注"]),
                    "legal_basis": basis,
                    "consent_on": _date(values["同意日期"]),
                    "retain_until": _date(values["保留至"]),
                }
            )
        except ValidationError as error:
            result.errors.append((number, " ".join(error.messages)))
    return result


def care_tags_import(*, user, content: bytes, dry_run: bool) -> ImportResult:
    """Check every row; unless `dry_run`, write them all (one transaction) when none fails.

    Rows go through `care_tag_add`, so the import obeys every rule of the form (staff of the
    place, legal basis, retention, no duplicate) and each tag has its own audit row.
    """
    result = _check(dataset_load(content), user)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                number = row["row"]
                try:
                    with transaction.atomic():
                        care_tag_add(
                            actor=user,
                            source="import",
                            **{key: value for key, value in row.items() if key != "row"},
                        )
                except ValidationError as error:
                    result.errors.append((number, " ".join(error.messages)))
            if result.errors or dry_run:
                raise _RollBack
            result.written = len(result.rows)
            care_audit(
                actor=user, action="tags.import", target=None, node=None, rows=result.written
            )
    except _RollBack:
        pass
    return result


class _RollBack(Exception):
    """Undo a dry run (it ran every rule for real) or a file with any failing row."""
