"""What is rendered once per process and kept (widgets, forms, list rows) shows exactly what a fresh
render would: another value, choice or language is another entry, never the old HTML."""

import datetime as dt

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import KeptWidgetsRenderer, kept_form_html, kept_form_value
from core.templatetags.kept import kept, kept_rows
from events.selectors import SessionCard
from quizzes.selectors import Standing


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


def test_kept_rows_are_the_kept_rows_one_after_the_other():
    cards = [_card(), _card(pk=8, title="义诊"), _card(my_status="waitlisted")]
    with translation.override("zh-hans"):
        rows = kept_rows("events/_session_card.html", cards)
        assert rows == "".join(kept("events/_session_card.html", card) for card in cards)
        assert kept_rows("events/_session_card.html", []) == ""


def test_a_kept_form_is_the_form_rendered_fresh_for_its_values_and_choices():
    template = "includes/form_fields.html"
    for data in (None, {"sort": "cheap"}, {"sort": "nope"}):
        form = _Filters(data)
        assert kept_form_html(form) == render_to_string(template, {"form": _Filters(data)})
    # A class stands for its unbound form, and is kept apart from a bound one.
    assert kept_form_html(_Filters) == render_to_string(template, {"form": _Filters()})
    assert kept_form_html(_Filters) != kept_form_html(_Filters({}))
    # Another set of choices is another entry.
    other = _Filters({"sort": "new"})
    other.fields["sort"].choices = [("new", "另一个")]
    assert "另一个" in kept_form_html(other, choices_key=(("new", "另一个"),))
    assert "另一个" not in kept_form_html(_Filters({"sort": "new"}))


def test_a_kept_form_value_is_read_from_a_form_built_once_for_its_values_and_choices():
    from django.http import QueryDict

    built = []

    class Counted(_Filters):
        def __init__(self, *args, **kwargs):
            built.append(args)
            super().__init__(*args, **kwargs)

    def read(form):
        return form.cleaned_data["sort"] if form.is_valid() else "refused"

    cheap = QueryDict("sort=cheap&page=2")
    assert kept_form_value(Counted, read, data=cheap, names=("sort",)) == "cheap"
    assert kept_form_value(Counted, read, data=QueryDict("sort=cheap"), names=("sort",)) == "cheap"
    assert len(built) == 1  # the same values: read once, the page number not a filter
    assert kept_form_value(Counted, read, data=QueryDict("sort=nope"), names=("sort",)) == "refused"
    assert kept_form_value(Counted, read, data=QueryDict(""), names=("sort",)) == "refused"
    assert built[-1] == ()  # no values: the unbound form
    changed = kept_form_value(Counted, read, data=cheap, names=("sort",), choices_key=("x",))
    assert changed == "cheap" and len(built) == 4  # other choices: read again
    # The HTML of a class with data is the bound form's, as for the form itself.
    assert kept_form_html(_Filters, data=cheap) == kept_form_html(_Filters(cheap))
    assert kept_form_html(_Filters, data=QueryDict("")) == kept_form_html(_Filters)


def test_the_kept_quiz_standing_shows_its_values_and_the_cap_in_each_language():
    playing = Standing(streak=3, day_points=4, daily_point_cap=5, draws_available=1)
    capped = Standing(streak=3, day_points=5, daily_point_cap=5, draws_available=2)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for standing in (playing, capped):
                html = kept("quizzes/_standing.html", standing.card)
                assert html == render_to_string("quizzes/_standing.html", {"card": standing.card})
                assert f"{standing.day_points} / 5" in html
            assert "cap-notice" not in kept("quizzes/_standing.html", playing.card)
            assert escape(capped.cap_notice) in kept("quizzes/_standing.html", capped.card)
