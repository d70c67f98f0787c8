"""Widgets for the browser's own date and time pickers, whatever the page's language.

`<input type="date">` accepts only `YYYY-MM-DD` (`datetime-local` only `YYYY-MM-DDTHH:MM`, `time`
only `HH:MM`). Django's widgets render a preset value in the active language's first input
format, which for Chinese is `2026/01/01`: the browser rejects it, shows an empty box and blocks
the form as if nothing had been entered. These widgets always render the ISO form; the fields
still parse whatever the language accepts (and ISO).
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_TIME)
