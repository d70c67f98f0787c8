"""The Content-Security-Policy in a real browser: pages, the admin and the API docs load with no
violation (every browser test fails on one, see conftest), and what it refuses stays refused."""

import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import make_tree
from tests.e2e.helpers import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_policy_refuses_an_injected_inline_script(phone_page, base_url):
    page = phone_page
    response = page.goto(base_url + "/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    # an inline script someone managed to inject would not run
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.injected === undefined")
    # (the refusal is the one violation this test expects)
    assert any("inline script" in v for v in page.csp_violations)
    page.csp_violations.clear()


def test_the_building_board_prints_from_a_static_script(phone_page, base_url):
    tree = make_tree()
    building = tree["塔坡社区"]["building"]
    page = phone_page
    page.goto(f"{base_url}/community/board/{building.code}/")
    # window.print is replaced so the headless browser does not open a dialog
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印（A4）").click()
    assert page.evaluate("window.printed") == 1
    screenshot(page, "security-board-phone")


def test_staff_pages_the_admin_and_the_api_docs_load_without_violations(desktop_page, base_url):
    staff = UserFactory(is_staff=True, is_superuser=True)
    page = desktop_page
    login(page, base_url, staff.phone)
    for path in ("/admin/", "/admin/communities/node/", "/admin/core/outboxtask/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").is_visible(), path
    page.goto(base_url + "/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    screenshot(page, "security-api-docs-desktop")
