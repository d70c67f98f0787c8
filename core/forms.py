"""Form glue every app shares: several files from one input, and a service's refusal shown on
the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


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
