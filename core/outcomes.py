"""A service run for a page: its refusal (`ValidationError`) said to the user, never a 500.

Every view that runs a service for a POST button or a posted form goes through these, so the
refusal reads the same everywhere: flashed for a button, on the form (what was typed kept)
for a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.forms import refusal_text, show_refusal

Success = str | Callable[[Any], str] | None


@dataclass(frozen=True)
class Outcome:
    """What running the service gave: `done` (truthy) with its `result`, or refused with its
    `error` (a view may branch on `error.code`, e.g. to send the user to verify a phone)."""

    done: bool
    result: Any = None
    error: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.done


def _say_success(request, success: Success, result) -> None:
    if success is None:
        return
    text = success(result) if callable(success) else success
    messages.success(request, text)


def run_and_flash(request, call: Callable[[], Any], success: Success = None) -> Outcome:
    """Run a service for a POST button: refused, its reason is flashed as an error; done,
    `success` is flashed (a text, or a function of the service's result)."""
    try:
        result = call()
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return Outcome(False, error=error)
    _say_success(request, success, result)
    return Outcome(True, result)


def act_and_redirect(request, call: Callable[[], Any], success: Success, to, *args, **kwargs):
    """`run_and_flash`, then back to a page (`redirect(to, *args, **kwargs)`) either way."""
    run_and_flash(request, call, success)
    return redirect(to, *args, **kwargs)


def run_on_form(request, form, call: Callable[[], Any], success: Success = None) -> Outcome:
    """Run a service for a posted (valid) form: refused, its reason goes on the form above
    the fields, what was typed kept; done, `success` is flashed."""
    try:
        result = call()
    except ValidationError as error:
        show_refusal(form, error)
        return Outcome(False, error=error)
    _say_success(request, success, result)
    return Outcome(True, result)


def submit_form(request, form, call: Callable[[dict], Any], success: Success, to, page):
    """A posted form run through a service: valid and done, `success` flashed and back to
    `to`; invalid or refused, `page()` shows the page again with the form as typed and the
    reason on it. `call` takes the form's cleaned data."""
    if form.is_valid() and run_on_form(request, form, lambda: call(form.cleaned_data), success):
        return redirect(to)
    return page()
