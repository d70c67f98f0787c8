"""Recount the per-place counters from the rows (after a bulk load, or to check them)."""

import time

from django.core.management.base import BaseCommand, CommandError

from communities.counters import SOURCES, counters_rebuild


class Command(BaseCommand):
    help = "Recount the per-place counters (open cases, captained buildings) from scratch."

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="*", help=f"only these sources (of: {', '.join(sorted(SOURCES))})"
        )

    def handle(self, *args, **options):
        unknown = set(options["sources"]) - set(SOURCES)
        if unknown:
            raise CommandError(f"unknown counter sources: {', '.join(sorted(unknown))}")
        started = time.monotonic()
        written = counters_rebuild(options["sources"] or None)
        for name, rows in written.items():
            self.stdout.write(f"  {name}: {rows} counter rows")
        self.stdout.write(
            self.style.SUCCESS(f"Counters rebuilt in {time.monotonic() - started:.1f} s.")
        )
