"""Browser tests: Playwright driving Debian's headless Chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE_VIEWPORT = {"width": 375, "height": 812}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
    # around it are still synchronous, so Django's async-safety guard must stand aside here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed: apt-get install chromium (CI does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server):
    return live_server.url


def _new_page(browser, base_url, **context_options):
    context = browser.new_context(base_url=base_url, locale="zh-CN", **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every browser test also checks the Content-Security-Policy: Chromium reports a refused
    # script, style or image as a console error, and the test fails on any (see _close).
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page


def _close(context, page):
    violations = page.csp_violations
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def phone_page(browser, base_url):
    """A page on a phone-sized viewport (375 x 812, touch), in Chinese."""
    context, page = _new_page(
        browser,
        base_url,
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield page
    _close(context, page)


@pytest.fixture
def desktop_page(browser, base_url):
    context, page = _new_page(browser, base_url, viewport={"width": 1366, "height": 768})
    yield page
    _close(context, page)
