"""A resident on a phone: home page, sign up, log out and in again, the inbox."""

import os

import pytest

from accounts.models import User
from notifications.services import notify
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_on_a_phone_offers_log_in_and_sign_up(phone_page, base_url):
    phone_page.goto(base_url + "/")
    assert phone_page.get_by_role("link", name="登录").first.is_visible()
    assert phone_page.get_by_role("link", name="注册").first.is_visible()
    # nothing spills sideways at phone width
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(phone_page)
    screenshot(phone_page, "foundation-home-phone")


def test_a_resident_signs_up_logs_in_and_reads_the_inbox(phone_page, base_url):
    page = phone_page
    # sign up
    page.goto(base_url + "/accounts/signup/")
    check_accessibility(page)
    page.fill("input[name=phone]", "13812340001")
    page.fill("input[name=real_name]", "王建国")
    page.fill("input[name=password1]", "Wjg-19520601")
    page.fill("input[name=password2]", "Wjg-19520601")
    screenshot(page, "foundation-signup-phone")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "您好" in page.content()
    user = User.objects.get(phone="13812340001")
    # log out, then in again with the phone number
    page.get_by_role("link", name="我的", exact=True).click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/accounts/login/")
    check_accessibility(page)
    screenshot(page, "foundation-login-phone")
    login(page, base_url, "138 1234 0001", "Wjg-19520601")
    # a message arrives; the navigation shows it as unread, the inbox lists it
    notify(
        user, title="您报名的义诊活动明天上午9点开始", body="地点：塔坡社区服务中心", email=False
    )
    page.goto(base_url + "/")
    assert page.locator(".nav-links .badge").inner_text() == "1"
    page.get_by_role("link", name="消息").first.click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "foundation-inbox-phone")
    page.get_by_text("您报名的义诊活动明天上午9点开始").click()
    assert "塔坡社区服务中心" in page.content()
    assert page.locator(".nav-links .badge").count() == 0


def test_a_bad_phone_number_is_explained_in_chinese(phone_page, base_url):
    page = phone_page
    page.goto(base_url + "/accounts/signup/")
    page.fill("input[name=phone]", "1234")
    page.fill("input[name=real_name]", "赵老伯")
    page.fill("input[name=password1]", "Zhao-2026x")
    page.fill("input[name=password2]", "Zhao-2026x")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "请输入有效的大陆手机号" in page.content()
    check_accessibility(page)
    screenshot(page, "foundation-signup-error-phone")
    assert not User.objects.exists()


def test_large_text_mode_and_english(phone_page, base_url):
    page = phone_page
    page.goto(base_url + "/")
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_load_state("networkidle")
    assert "large-text" in page.locator("html").get_attribute("class")
    screenshot(page, "foundation-home-large-text")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").first.is_visible()


def test_the_demo_street_resident_home_on_a_phone(phone_page, base_url):
    """`seed_demo` loads every app's demo; a resident's home shows the large tiles, uncluttered."""
    from django.core.management import call_command

    from core.demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = phone_page
    login(page, base_url, "13800000010", DEMO_PASSWORD)
    page.goto(base_url + "/")
    assert page.locator(".tile").count() >= 8
    # the phone header keeps to home, messages and me; apps are reached from the tiles
    assert not page.locator(".nav-apps").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "foundation-demo-resident-home-phone")
