"""Accounts cannot be enumerated or sprayed: the same answer whether or not an account exists,
rate limits on the real client address (a spoofed X-Forwarded-For resets nothing), and an
office behind one address is not locked out."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from notifications.sms import LocmemSmsBackend
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    return LocmemSmsBackend.outbox


def _visible(response) -> tuple:
    """What a visitor can tell from an answer: status, where it leads, the page's messages."""
    messages = [str(m) for m in response.context["messages"]] if response.context else []
    return response.status_code, response.get("Location"), messages


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client, mailoutbox):
    UserFactory(email="known@example.cn")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.cn"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.cn"})
    assert _visible(known) == _visible(unknown)
    assert known.status_code == 302
    # only the owner of the account gets a reset link
    reset_mails = [m for m in mailoutbox if "/password/reset/key/" in m.body]
    assert [m.to for m in reset_mails] == [["known@example.cn"]]


def test_log_in_by_code_answers_the_same_for_a_known_and_an_unknown_number(client, sms):
    UserFactory(phone="13700004444")
    known = client.post(reverse("account_request_login_code"), {"phone": "13700004444"})
    known_page = client.get(known["Location"])
    client.cookies.clear()
    unknown = client.post(reverse("account_request_login_code"), {"phone": "13700005555"})
    unknown_page = client.get(unknown["Location"])
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert [str(m) for m in known_page.context["messages"]] == [
        str(m).replace("13700005555", "13700004444") for m in unknown_page.context["messages"]
    ]
    # a code went to the registered number only; no SMS to a number typed in by anyone
    assert [phone for phone, _text in sms] == ["13700004444"]
    # and any code typed for the unknown number is refused like a wrong code
    wrong = client.post(reverse("account_confirm_login_code"), {"code": "123456"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code in (200, 302)


def test_sign_up_with_a_registered_number_is_told_by_sms_when_numbers_are_verified(
    client, settings, sms
):
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    UserFactory(phone="13812345678")
    response = client.post(
        reverse("account_signup"),
        {
            "phone": "13812345678",
            "real_name": "李秀英",
            "password1": "Tapo-2026",
            "password2": "Tapo-2026",
        },
    )
    assert response.status_code == 302  # the same code page as for a new number
    assert User.objects.count() == 1
    [(phone, text)] = sms
    assert phone == "13812345678" and "已有账户" in text


def _token_attempt(api_client, login, password="wrong-Pass1", **headers):
    return api_client.post(
        "/api/v1/auth/token/", {"login": login, "password": password}, **headers
    ).status_code


def test_a_spoofed_forwarded_header_does_not_reset_the_per_address_limits(api_client):
    # given no proxy in front (TRUSTED_PROXY_COUNT=0): X-Forwarded-For is the client's own text
    codes = [
        _token_attempt(api_client, f"1360000{n:04d}", HTTP_X_FORWARDED_FOR=f"10.0.{n // 250}.{n}")
        for n in range(61)
    ]
    # then 30 failed log-ins a minute from one address pass, the rest are refused (429),
    # and at most 60 attempts of any kind, whatever the header said
    assert codes[:30] == [401] * 30
    assert set(codes[30:]) == {429}
    assert AuditEntry.objects.filter(action="accounts.login_throttled").count() == 31
    user = UserFactory(phone="13699990000")
    assert (
        _token_attempt(api_client, user.phone, DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9")
        == 429
    )


def test_behind_the_documented_proxy_the_right_most_forwarded_address_is_the_client(
    api_client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # the client writes anything in front; the proxy appends the address it saw
    codes = [
        _token_attempt(
            api_client, f"1360000{n:04d}", HTTP_X_FORWARDED_FOR=f"1.2.3.{n % 250}, 203.0.113.7"
        )
        for n in range(61)
    ]
    assert codes[30] == codes[60] == 429
    # another client behind the same proxy has its own allowance
    assert _token_attempt(api_client, "13611112222", HTTP_X_FORWARDED_FOR="203.0.113.8") == 401
    entry = AuditEntry.objects.filter(action="accounts.login_failed").order_by("id").last()
    assert entry.ip_address == "203.0.113.8"


def test_a_whole_office_behind_one_address_logs_in_on_the_page_and_through_the_api(
    client, api_client
):
    # given 45 colleagues behind one NAT address (the old limits refused the 31st and 11th)
    staff = [UserFactory(phone=f"1350000{n:04d}") for n in range(45)]
    for user in staff:
        response = client.post(
            reverse("account_login"), {"login": user.phone, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        client.post(reverse("account_logout"))
    for user in staff:
        assert _token_attempt(api_client, user.phone, DEFAULT_PASSWORD) == 200


def test_log_ins_refused_by_the_address_limits_are_audited(client):
    # 30 failures a minute from one address are counted against their accounts ...
    for n in range(30):
        client.post(reverse("account_login"), {"login": f"1340000{n:04d}", "password": "x"})
    assert not AuditEntry.objects.filter(action="accounts.login_throttled").exists()
    # ... the next ones are refused on the form, then (the 61st attempt) with a 429 page
    for n in range(30, 60):
        refused = client.post(
            reverse("account_login"), {"login": f"1340000{n:04d}", "password": "x"}
        )
        assert refused.status_code == 200
    response = client.post(reverse("account_login"), {"login": "13400009999", "password": "x"})
    assert response.status_code == 429
    assert "稍候" in response.content.decode()
    entries = AuditEntry.objects.filter(action="accounts.login_throttled").order_by("id")
    assert entries.count() == 31
    assert {e.outcome for e in entries} == {"refused"}
    assert {e.ip_address for e in entries} == {"127.0.0.1"}
    assert entries.first().details == {"login": "134****0030", "limit": "login_failed"}
    assert entries.last().details["login"] == "134****9999"
