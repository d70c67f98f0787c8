"""{% kept "app/_row.html" card %}: a list's row rendered once per process per content;
{% kept_rows "app/_row.html" cards %}: a list's rows so, one after the other.

A row of a resident's list (a session, an offer) costs a dozen template lookups, a link
reversed, a date formatted and labels translated, on every page for every row. Its HTML is a
function of the row's values, the language and the time zone alone, so the view gives the row
template a `card` (a NamedTuple of plain values read from the database on this request) and
the HTML is rendered once per (template, language, time zone, card) and kept in the process.
Nothing goes stale: changed values are another key. A row template used this way reads
nothing but `card` (no request, user or CSRF token). A list page's head (its title, links,
balances, the search form's kept HTML) is rendered the same way from a card of its values. A
fixed piece of a page (its stylesheet and script tags: `{% static %}` looks each one up in the
manifest) is kept with no card.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def kept(template_name: str, card: tuple = ()) -> str:
    return _rendered(template_name, get_language(), timezone.get_current_timezone_name(), card)


@register.simple_tag
def kept_rows(template_name: str, cards) -> str:
    # One tag for the whole list: the language and zone read once, no loop context per row.
    language, zone = get_language(), timezone.get_current_timezone_name()
    return mark_safe("".join(_rendered(template_name, language, zone, card) for card in cards))


@lru_cache(maxsize=8192)
def _rendered(template_name: str, language: str, zone: str, card: tuple) -> str:
    # Rendered in the active language and time zone, both part of the key.
    return mark_safe(render_to_string(template_name, {"card": card}))
