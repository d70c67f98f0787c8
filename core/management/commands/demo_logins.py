import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from core.demo import demo_logins


class Command(BaseCommand):
    help = (
        "Print the demo log-ins. With --wait, first wait until the web server answers (so the "
        "list comes after the web server's and the worker's start-up banners in `make run`), "
        "and with --stay, keep running afterwards (honcho stops everything when one process ends)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wait", action="store_true")
        parser.add_argument("--stay", action="store_true")

    def handle(self, *args, wait=False, stay=False, **options):
        if wait:
            self._wait_for_web()
            time.sleep(4)  # the worker's banner comes a moment after the web server is up
        rows = demo_logins()
        base = settings.PORTAL_BASE_URL.rstrip("/")
        lines = ["", f"  共治 Gongzhi is ready: {base}/  (admin: {base}/admin/)"]
        if rows:
            width = max(len(role) for role, _, _ in rows)
            lines.append("  Demo log-ins (phone, password):")
            lines += [
                f"    {role.ljust(width)}  {login:<24} {password}" for role, login, password in rows
            ]
        else:
            lines.append("  No demo log-ins yet: run `make seed`.")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()
        while stay:
            time.sleep(3600)

    def _wait_for_web(self, timeout: float = 120.0) -> None:
        url = settings.PORTAL_BASE_URL.rstrip("/") + "/healthz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers (perhaps "degraded"): it is up
            except OSError:
                time.sleep(1)
