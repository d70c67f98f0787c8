"""The ceilings of the resident pages bench (bench/bench_pages.py), and its URLconf.

- `ok`: HttpResponse("ok"), the least a Django request costs through the product's middleware;
- `layout`: a bare page on the base layout (empty content block), rendered like every page:
  what the layout itself costs (its per-user data comes from core.layout).
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from bench.urls import urlpatterns as bench_urlpatterns

_BARE = engines["django"].from_string('{% extends "base.html" %}')


def ok(request):
    return HttpResponse("ok")


def layout(request):
    return HttpResponse(_BARE.render({}, request))


urlpatterns = [
    path("bench/ok/", ok),
    path("bench/layout/", layout),
    *bench_urlpatterns,
]
