"""Per-user rate limits on answering and drawing, shared by the pages and the API.

A person answers a question in a few seconds at best; faster than the limit is a script.
The rates are settings so a load test (bench/) can lift them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

DEFAULT_RATES = {"answer": "30/m", "draw": "20/m"}


def rate_for(action: str) -> str:
    return getattr(settings, "QUIZZES_RATES", {}).get(action, DEFAULT_RATES[action])


class RateLimited(ValidationError):
    pass


def check_rate(request, action: str) -> None:
    """Count one `action` for the user; RateLimited (code "rate_limited") past the rate."""
    if is_ratelimited(
        request,
        group=f"quizzes.{action}",
        key="user",
        rate=rate_for(action),
        method=ALL,
        increment=True,
    ):
        raise RateLimited(
            _("You are going too fast. Please wait a minute and try again."),
            code="rate_limited",
        )
