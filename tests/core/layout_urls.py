"""A bare page on the base layout (as bench/views.bare_layout): what the layout alone costs."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

_BARE = engines["django"].from_string('{% extends "base.html" %}')


def bare_layout(request):
    return HttpResponse(_BARE.render({}, request))


urlpatterns = [path("bare-layout/", bare_layout), *product_urlpatterns]
