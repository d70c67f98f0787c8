"""Form glue every app shares: several files from one input, a service's refusal shown on the
form that asked for it, and a model choice field read in one plain query."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator


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
