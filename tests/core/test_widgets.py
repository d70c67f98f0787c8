"""Every date, time and date-time box of every app renders a preset value the browser accepts.

A browser's date picker takes only ISO values (2026-01-01, 2026-01-01T09:30, 09:30); in
Chinese, Django's own widgets render 2026/01/01, which the browser rejects and shows as empty.
"""

import datetime as dt
import inspect
import re
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.utils import timezone, translation

from core import widgets

ISO = {
    "date": (dt.date(2026, 1, 1), r"2026-01-01"),
    "datetime-local": (
        dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        r"2026-01-01T09:30",
    ),
    "time": (dt.time(9, 30), r"09:30"),
}
REPO = Path(__file__).resolve().parents[2]


def _picker_fields():
    """(form, field name, field, input type) of each date/time picker in the apps' forms."""
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != REPO:
            continue  # Django's and third parties' apps
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for form in vars(module).values():
            if not (inspect.isclass(form) and issubclass(form, forms.BaseForm)):
                continue
            if form.__module__ != module.__name__:
                continue
            for name, field in getattr(form, "base_fields", {}).items():
                kind = field.widget.attrs.get("type") or getattr(field.widget, "input_type", "")
                if kind in ISO:
                    found.append((form, name, field, kind))
    return found


PICKERS = _picker_fields()


def test_the_apps_have_date_and_time_pickers_to_check():
    kinds = {kind for _form, _name, _field, kind in PICKERS}
    assert kinds == {"date", "datetime-local", "time"} and len(PICKERS) >= 20


@pytest.mark.parametrize(
    ("form", "name", "field", "kind"),
    PICKERS,
    ids=[f"{form.__module__}.{form.__name__}.{name}" for form, name, _f, _k in PICKERS],
)
def test_a_preset_value_is_rendered_in_the_iso_form_the_browser_accepts(form, name, field, kind):
    preset, expected = ISO[kind]
    with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
        html = field.widget.render(name, field.prepare_value(preset))
    assert f'type="{kind}"' in html
    assert re.search(rf'value="{expected}"', html), html
    assert isinstance(field.widget, widgets.DateInput | widgets.DateTimeInput | widgets.TimeInput)
