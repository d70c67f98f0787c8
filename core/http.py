"""The real client address behind the documented reverse proxies.

`TRUSTED_PROXY_COUNT` (environment, default 0) says how many proxies we run in front of gunicorn,
each appending the address it received the request from to `X-Forwarded-For`. The client is then
the entry that many places from the right: whatever a client writes into the header itself lies
further left and is never believed. With 0 (no proxy), the header is ignored altogether.

The same count configures DRF's throttles (`NUM_PROXIES`) and allauth
(`ALLAUTH_TRUSTED_PROXY_COUNT`); the account adapter, the audit log and the quiz limits call
`client_ip()`, so every rate limit and every audit row names the same address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the right entry of X-Forwarded-For behind proxies.

    Chosen as DRF's throttles choose it (the entry `TRUSTED_PROXY_COUNT` from the right, the
    leftmost when the header is shorter), so a throttle and the audit agree on who it was.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    addresses = forwarded.split(",")
    return _valid(addresses[-min(count, len(addresses))]) or remote
