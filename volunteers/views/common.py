"""What the volunteers pages share: run a service for a button or a posted form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.forms import show_refusal


def act_and_redirect(request, call, success: str, to: str):
    """Run a service for a POST button: a message either way, then back to a page."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(to)


def submit_form(request, form, call, success: str, to: str, page):
    """Run a service for a posted form: done, a message and back to `to`; invalid or refused,
    `page()` shows the page again with the form as it was typed and the reason on it."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, success)
            return redirect(to)
    return page()
