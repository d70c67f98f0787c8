"""Helpers for browser tests: log in, accessibility check with axe-core, screenshots."""

import json
from pathlib import Path

from tests.accounts.factories import DEFAULT_PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "var" / "test-artifacts" / "screenshots"


def login(page, base_url: str, phone: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", phone)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"log-in failed for {phone}: {page.url}"


def check_accessibility(page, *, disable: tuple[str, ...] = ()) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; fail on any violation."""
    # Evaluated through the DevTools protocol, not added as an inline <script> (which the
    # Content-Security-Policy rightly refuses, and tests fail on any CSP violation).
    page.evaluate(AXE_JS.read_text())
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    if disable:
        options["rules"] = {rule: {"enabled": False} for rule in disable}
    result = page.evaluate("options => axe.run(document, options)", options)
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"accessibility violations on {page.url}:\n" + json.dumps(
        violations, ensure_ascii=False, indent=2
    )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact (var/test-artifacts/screenshots/)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
