"""Every demo role's first steps on a phone: the home page and every link on it work, in Chinese.

`seed_demo` loads the demo street once; each of its log-ins opens its home page at 375 px and
follows every same-site link (GET only; log-out, language switch and downloads left alone). Any
answer but 200, a technical or mostly-English page, a page without a heading, a radio outside a
fieldset, a checkbox away from its label, an axe-core violation of serious or critical impact,
a tap target under 44 px or text under 16 px (measured as laid out, Django's admin excepted)
fails the walk.
"""

import os

import pytest
from django.core.management import call_command

from core.management.commands import seed_demo as seed_demo_command
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.helpers import AXE_JS, login, screenshot
from tests.e2e.walk import walk_from_home

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The demo resident (accounts/demo.py) also walks one level further: the detail pages a
# resident reaches next (an activity, a quiz, an offer) are the main resident pages.
RESIDENT = "13800000010"


@pytest.fixture
def demo_logins(monkeypatch):
    """Run seed_demo as `make run` does; answer its (role, phone, password) rows."""
    contexts = []

    class RecordingContext(seed_demo_command.DemoContext):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            contexts.append(self)

    monkeypatch.setattr(seed_demo_command, "DemoContext", RecordingContext)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return contexts[0].credentials


def test_every_demo_role_walks_from_its_home_page_without_a_dead_end(
    browser, base_url, demo_logins
):
    # every log-in seed_demo prints is walked: a role added there is walked without a change here
    assert len(demo_logins) >= 14
    axe_source = AXE_JS.read_text()
    axe_done: set[str] = set()
    failures = []
    pages = 0
    for role, phone, password in demo_logins:
        context = browser.new_context(
            base_url=base_url,
            locale="zh-CN",
            viewport=PHONE_VIEWPORT,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            login(page, base_url, phone, password)
            walked = walk_from_home(
                page,
                base_url,
                axe_source,
                axe_done,
                measure=True,
                deeper=3 if phone == RESIDENT else 0,
            )
            page.goto(base_url + "/")
            screenshot(page, f"walk-home-{phone}")
        finally:
            context.close()
        pages += len(walked.visited)
        for finding in walked.findings:
            path = finding.url.removeprefix(base_url)
            failures.append(f"{role} ({phone}): {path}: {finding.problem}")
    assert pages > 100, f"the walk opened only {pages} pages"
    assert failures == [], "\n".join(failures)
