"""Form glue every app shares: several files from one input, a service's refusal shown on the
form that asked for it, a model choice field read in one plain query, and the form renderer
that renders each state of Django's widgets once per process."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import get_language


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, each cleaned like a single file; the service that takes
    them checks what they hold (`core.images` for photos) and how many.

    `accept` is what the phone's picker offers; `capture="environment"` opens the back camera
    first (the album stays one tap away).
    """

    default_accept = "image/*,application/pdf"

    def __init__(self, *args, accept: str | None = None, capture: str | None = None, **kwargs):
        attrs = {"accept": accept or self.default_accept}
        if capture:
            attrs["capture"] = capture
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MultiplePhotoField(MultipleFileField):
    """Several photos from the camera or the album."""

    default_accept = "image/*"


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form above its fields, the entries kept."""
    for message in error.messages:
        form.add_error(None, message)


def refusal_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a flash message."""
    return " ".join(error.messages)


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices read by one ordinary query. Django's iterator reads them with
    QuerySet.iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE): three
    round trips for a few dozen rows on every page that shows the field."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices come from one plain query (ListedChoiceIterator)."""

    iterator = ListedChoiceIterator


class _NotPlain(Exception):
    """A widget's context holds something other than plain values: rendered, not kept."""


_PLAIN = (str, int, float, bool, Decimal, datetime.date, datetime.time, type(None))


def _frozen(value):
    """A hashable copy of a widget's context that tells apart everything its template shows.

    Each value keeps its type (True and 1, a safe string and a plain one render differently);
    lazy translations are read (the language is part of the key); a model choice's value is
    shown as its text. Anything else (a file, a model instance) raises _NotPlain.
    """
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return (kind, value)
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in sorted(value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Promise):
        return (Promise, str(value))
    if isinstance(value, ModelChoiceIteratorValue):
        return (ModelChoiceIteratorValue, str(value))
    if isinstance(value, _PLAIN):
        return (type(value), value)
    raise _NotPlain


class KeptWidgetsRenderer(DjangoTemplates):
    """Django's form renderer; the HTML of Django's own widget templates is kept per process.

    A widget's HTML is a function of its context (name, value, attributes, choices) and the
    language: a select renders an included template and an attribute loop per option, which
    cost a search form more than the rest of its page (the market's filters: about a third of
    the page's CPU). Each state is rendered once and kept (a bounded number of entries, dropped
    all at once when full); a context with anything but plain values is rendered every time.
    Only `django/forms/widgets/` templates, which read nothing but their context.
    """

    WIDGETS = "django/forms/widgets/"
    MAX_KEPT = 4096

    def __init__(self):
        super().__init__()
        self._kept: dict = {}
        self._lock = threading.Lock()

    def render(self, template_name, context, request=None):
        if request is not None or not template_name.startswith(self.WIDGETS):
            return super().render(template_name, context, request)
        try:
            key = (template_name, get_language(), _frozen(context))
        except _NotPlain:
            return super().render(template_name, context, request)
        html = self._kept.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            with self._lock:
                if len(self._kept) >= self.MAX_KEPT:
                    self._kept.clear()
                self._kept[key] = html
        return html


_KEPT_FIELDS: dict = {}
_KEPT_FIELDS_LOCK = threading.Lock()


def kept_form_html(
    form: forms.BaseForm | type[forms.BaseForm],
    template_name: str = "includes/form_fields.html",
    *,
    names=None,
    choices_key: tuple = (),
    data=None,
) -> str:
    """A form as `template_name` renders it (every form's fields' one way), kept per state.

    The HTML of a form's fields (their widgets, options, labels, aria-invalid when a value is
    refused) is a function of the form's class, the language, the values the request gave for
    the fields and the choices they offer: kept per (form class, template, language, those
    values). `names` are the fields the template shows (all by default); a model choice
    field's choices are read from the database, so `choices_key` must tell apart every set of
    choices it may offer (its rows, read by the caller). The template reads nothing but `form`
    (no request, clock or other rows). On a hit nothing is rendered, nor any choices read.
    A form class stands for its form, built only when rendered: bound to `data` when that is
    given and not empty, else unbound (a page opened without filters need not build one).
    """
    form, key = _kept_key(form, names, choices_key, data, template_name)
    html = _KEPT_FIELDS.get(key)
    if html is None:
        html = render_to_string(template_name, {"form": form()})
        _keep(key, html)
    return html


def kept_form_value(
    form_class: type[forms.BaseForm], read, *, data=None, names=None, choices_key: tuple = ()
):
    """read(form) of the form of `form_class` bound to `data`, kept per state as kept_form_html
    keeps its HTML: for what is a function of the values given and the choices offered alone
    (a search form's filters). The form is built and validated only on a miss; the value is
    shared by the requests that give the same values, so it must be read-only."""
    form, key = _kept_key(form_class, names, choices_key, data, read)
    found = _KEPT_FIELDS.get(key, _MISSING)
    if found is _MISSING:
        found = read(form())
        _keep(key, found)
    return found


_MISSING = object()


def _kept_key(form, names, choices_key, data, use):
    """(a function giving the form, the key of its state for `use`)."""
    if isinstance(form, type):
        form_class, built = form, None
        bound = bool(data)
        data = data if bound else {}
        fields = form_class.base_fields
    else:
        form_class, built, data, bound, fields = (
            type(form),
            form,
            form.data,
            form.is_bound,
            form.fields,
        )
    values = tuple(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name))
        for name in (fields if names is None else names)
    )

    def make():
        if built is not None:
            return built
        return form_class(data) if bound else form_class()

    return make, (form_class, use, get_language(), bound, values, choices_key)


def _keep(key, value) -> None:
    with _KEPT_FIELDS_LOCK:
        if len(_KEPT_FIELDS) >= KeptWidgetsRenderer.MAX_KEPT:
            _KEPT_FIELDS.clear()
        _KEPT_FIELDS[key] = value
