"""The layout's display forms (text size, language), checked by where they come from, not a token.

Every page's footer has two forms that only set the browser's own display cookies. With a CSRF
token in each, every page masked a token and sent the CSRF cookie again (Django renews it with
each use): on a page with no form of its own, that was most of what the layout cost beyond
the layout itself. These two views take no token; instead they accept a POST only when the
browser says it comes from a page of this site, as OWASP's CSRF guidance allows for browsers
that send these headers:

- `Sec-Fetch-Site` (Fetch Metadata, sent by every current browser): it must be `same-origin`;
- else `Origin` (sent with every POST by browsers since 2020), else `Referer` (the portal's
  Referrer-Policy `same-origin` keeps it on its own requests): it must name this site.

A request that says nothing of where it comes from is refused. What a forged request could do
here is make someone's text large or their pages English, which they can undo in one tap;
every other form keeps Django's token.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.views.decorators.csrf import csrf_exempt

from core.errors import csrf_failure


def from_this_site(request) -> bool:
    """Whether the browser says this request was sent by a page of this site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return False
    try:
        parts = urlsplit(source)
        host = request.get_host()
    except (ValueError, DisallowedHost):
        return False
    return parts.scheme == request.scheme and parts.netloc == host


def display_form(view):
    """A view of the layout's display forms: POSTs from this site only, no CSRF token."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and not from_this_site(request):
            return csrf_failure(request, reason="not sent from this site")
        return view(request, *args, **kwargs)

    return checked
