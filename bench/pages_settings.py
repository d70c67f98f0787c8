"""Bench settings for bench/bench_pages.py: bench.settings plus the pages' ceilings."""

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_views"
