"""What is rendered once per process and kept (widgets, list rows) shows exactly what a fresh
render would: another value, choice or language is another entry, never the old HTML."""

import datetime as dt

from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import KeptWidgetsRenderer
from core.templatetags.kept import kept
from events.selectors import SessionCard


class _Filters(forms.Form):
    sort = forms.ChoiceField(choices=[("new", _("Lecture")), ("cheap", _("Health clinic"))])
    flag = forms.BooleanField(required=False)


def _html(form: forms.Form, name: str) -> str:
    return str(form[name])


def test_a_kept_widget_renders_as_a_fresh_one():
    renderer = KeptWidgetsRenderer()
    fresh = forms.renderers.DjangoTemplates()
    for data in ({"sort": "new"}, {"sort": "cheap"}, {"sort": "cheap", "flag": "on"}, {}):
        for name in ("sort", "flag"):
            kept_html = _html(_Filters(data, renderer=renderer), name)
            assert kept_html == _html(_Filters(data, renderer=fresh), name)
    assert 'value="cheap" selected' in _html(_Filters({"sort": "cheap"}, renderer=renderer), "sort")
    assert 'value="new" selected' in _html(_Filters({"sort": "new"}, renderer=renderer), "sort")


def test_a_kept_widget_follows_the_language_and_the_choices():
    renderer = KeptWidgetsRenderer()
    with translation.override("en"):
        english = _html(_Filters(renderer=renderer), "sort")
    with translation.override("zh-hans"):
        chinese = _html(_Filters(renderer=renderer), "sort")
    assert "Health clinic" in english and "Health clinic" not in chinese
    form = _Filters(renderer=renderer)
    form.fields["sort"].choices = [("new", mark_safe("<b>新</b>"))]
    assert "<b>新</b>" in _html(form, "sort")
    form.fields["sort"].choices = [("new", "<b>新</b>")]
    assert "&lt;b&gt;新&lt;/b&gt;" in _html(form, "sort")


def _card(**changes) -> SessionCard:
    values = {
        "pk": 7,
        "title": "健康讲座",
        "starts_at": dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC),
        "place": "活动室",
        "node_name": "塔坡社区",
        "kind": "lecture",
        "my_status": None,
        "capacity": 10,
        "seats_taken": 3,
        "min_age": None,
    }
    return SessionCard(**{**values, **changes})


def test_a_kept_row_shows_its_values_in_the_language_of_the_request():
    with translation.override("zh-hans"):
        first = kept("events/_session_card.html", _card())
        full = kept("events/_session_card.html", _card(seats_taken=10))
        registered = kept("events/_session_card.html", _card(my_status="confirmed"))
    with translation.override("en"):
        english = kept("events/_session_card.html", _card())
    # Asia/Shanghai: 09:30 on Monday 2 March
    assert "3月2日" in first and "09:30" in first and "/events/7/" in first
    assert "7" in first and "健康讲座" in first
    assert full != first and registered not in (first, full)
    assert english != first and "places left" in english
