"""The base layout on a phone: messages of each kind, form errors and checkboxes, as drawn."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.core.test_layout import SampleForm
from tests.e2e.helpers import check_accessibility, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KINDS = ["error", "warning", "success", "info"]


def _page_with_every_message_kind() -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    messages = [
        Message(constants.ERROR, "这套房已有人认领，请联系社区。"),
        Message(constants.WARNING, "今天的答题积分已达上限。"),
        Message(constants.SUCCESS, "报名成功，活动前一天会提醒您。"),
        Message(constants.INFO, "您的认领正在等待社区审核。"),
    ]
    with translation.override("zh-hans"):
        html = render_to_string("home.html", {"messages": messages}, request=request)
        form = render_to_string(
            "includes/form_fields.html", {"form": SampleForm(data={"name": ""})}
        )
    return html.replace("</main>", f"<form>{form}</form></main>")


def test_each_message_kind_looks_different_and_reads_well_on_a_phone(phone_page, base_url):
    page = phone_page
    html = _page_with_every_message_kind()
    # The page is the real layout with its real stylesheets, served as one answer.
    page.route(
        f"{base_url}/layout-check/",
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    page.goto(f"{base_url}/layout-check/")
    looks = page.evaluate(
        """() => Array.from(document.querySelectorAll('.messages .message')).map(m => ({
            background: getComputedStyle(m).backgroundColor,
            border: getComputedStyle(m).borderLeftColor,
            icon: m.querySelector('.message-icon').innerText,
            word: m.querySelector('.message-kind').innerText}))"""
    )
    assert len(looks) == 4
    for aspect in ("background", "border", "icon", "word"):
        assert len({look[aspect] for look in looks}) == 4, (aspect, looks)
    assert [look["word"] for look in looks] == ["错误：", "注意：", "成功：", "提示："]
    # the form's own error is drawn as an error too
    form_error = page.locator("form .message-error")
    assert form_error.is_visible()
    assert form_error.evaluate("e => getComputedStyle(e).backgroundColor") == looks[0]["background"]
    # the checkbox sits on the same row as its words, and the row is a finger's height
    box = page.locator("#id_owner").bounding_box()
    words = page.get_by_text("我是这套房的产权人").bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (words["y"] + words["height"] / 2)) < 6
    assert words["x"] > box["x"] + box["width"]
    assert page.locator("label.check").bounding_box()["height"] >= 44
    # colour contrast and the rest of WCAG AA, by axe-core
    check_accessibility(page)
    screenshot(page, "layout-messages-phone")
