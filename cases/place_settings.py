"""The cases app's settings per place (registered in CasesConfig.ready()): office hours, which
count working hours and days for deadlines; the categories a place does not handle and its own
deadlines per category (the Category rows stay the deployment's defaults); and the Open311
jurisdiction_id of a street."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.models import Node
from communities.place_settings import PlaceSettingSpec, register_place_setting
from core.widgets import TimeInput

OFFICE_HOURS = "cases.office_hours"
OPEN311 = "cases.open311"
CATEGORIES = "cases.categories"

# "12h" calendar hours, "8wh" working hours, "3wd" working days (short, for one line per category).
UNIT_SUFFIXES = {"h": "calendar_hours", "wh": "working_hours", "wd": "working_days"}
_AMOUNT = re.compile(r"^(\d{1,4})(h|wh|wd)$")


class OfficeHoursForm(forms.Form):
    morning_start = forms.TimeField(widget=TimeInput, label=_("morning from"))
    morning_end = forms.TimeField(widget=TimeInput, label=_("morning until"))
    afternoon_start = forms.TimeField(widget=TimeInput, label=_("afternoon from"))
    afternoon_end = forms.TimeField(widget=TimeInput, label=_("afternoon until"))

    def clean(self):
        data = super().clean()
        times = [data.get(name) for name in self.fields]
        if all(times) and not (times[0] < times[1] <= times[2] < times[3]):
            raise forms.ValidationError(_("The office hours must follow each other in order."))
        return data


def office_hours_default() -> dict:
    """The deployment's office hours: the one row staff edit in the admin (or its defaults)."""
    from cases.models import OfficeHours

    hours = OfficeHours.objects.order_by("pk").first() or OfficeHours()
    return {name: getattr(hours, name) for name in OfficeHoursForm.base_fields}


class Open311Form(forms.Form):
    jurisdiction_id = forms.CharField(
        label=_("Open311 jurisdiction_id"),
        max_length=32,
        required=False,
        help_text=_("Empty: the street's code."),
    )


def _parse_amount(text: str) -> tuple[int, str]:
    match = _AMOUNT.match(text.lower())
    if match is None or int(match[1]) < 1:
        raise ValueError(text)
    return int(match[1]), UNIT_SUFFIXES[match[2]]


def parse_deadlines(text: str) -> dict[str, tuple[int, str, int, str]]:
    """`code respond resolve` per line ("A0101 12h 3wd") -> {code: (limit, unit, limit, unit)}."""
    deadlines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        try:
            if len(parts) != 3:
                raise ValueError(line)
            deadlines[parts[0]] = (*_parse_amount(parts[1]), *_parse_amount(parts[2]))
        except ValueError:
            raise ValidationError(
                _(
                    "Line %(number)d: write a category code, the time to respond and the time to "
                    "resolve, e.g. A0101 12h 3wd."
                )
                % {"number": number},
                code="bad_deadline",
            ) from None
    return deadlines


class CategoriesForm(forms.Form):
    hidden = forms.CharField(
        label=_("categories not handled here"),
        required=False,
        max_length=2000,
        help_text=_("Category codes separated by spaces; residents cannot file these here."),
    )
    deadlines = forms.CharField(
        label=_("deadlines of this place"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per category: its code, the time to respond and the time to resolve, "
            "e.g. A0101 12h 3wd (h: hours, wh: working hours, wd: working days). Categories "
            "not listed keep their own deadlines."
        ),
    )

    def clean_hidden(self):
        return " ".join(self.cleaned_data["hidden"].split())

    def clean_deadlines(self):
        text = self.cleaned_data["deadlines"]
        parse_deadlines(text)
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def check_category_codes(value: dict) -> None:
    """Every code named must be a category one can file under (a typo would do nothing)."""
    from cases.models import Category

    named = set(value["hidden"].split()) | set(parse_deadlines(value["deadlines"]))
    # Leaves in use, as selectors.leaf_categories() (not imported: it reads this module).
    leaves = Category.objects.filter(code__in=named, is_active=True, children=None)
    unknown = named - set(leaves.values_list("code", flat=True))
    if unknown:
        raise ValidationError(
            _("Unknown category codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            code="unknown_category",
        )


@dataclass(frozen=True)
class CategoryRules:
    """What a place does with the categories: those it does not handle, its own deadlines."""

    hidden: frozenset[str]
    deadlines: dict[str, tuple[int, str, int, str]]

    def handles(self, category) -> bool:
        return category.code not in self.hidden

    def limits(self, category) -> tuple[int, str, int, str]:
        """(respond within, unit, resolve within, unit) for a case filed here."""
        return self.deadlines.get(
            category.code,
            (
                category.response_limit,
                category.response_unit,
                category.resolve_limit,
                category.resolve_unit,
            ),
        )


def category_rules(node) -> CategoryRules:
    """The category rules at `node`: the nearest place that sets them, else none (cached)."""
    from communities.place_settings import place_setting

    value = place_setting(node, CATEGORIES)
    return CategoryRules(
        hidden=frozenset(value["hidden"].split()), deadlines=parse_deadlines(value["deadlines"])
    )


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=OFFICE_HOURS,
            label=_("Office hours"),
            form=OfficeHoursForm,
            default=office_hours_default,
            help_text=_("Working hours and days of case deadlines count these hours."),
        )
    )
    register_place_setting(
        PlaceSettingSpec(
            key=OPEN311,
            label=_("Open311"),
            form=Open311Form,
            default=lambda: {"jurisdiction_id": ""},
            kinds=frozenset({Node.Kind.STREET}),
        )
    )
    register_place_setting(
        PlaceSettingSpec(
            key=CATEGORIES,
            label=_("Case categories and deadlines"),
            form=CategoriesForm,
            default=lambda: {"hidden": "", "deadlines": ""},
            check=check_category_codes,
        )
    )
