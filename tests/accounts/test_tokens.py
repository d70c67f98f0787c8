"""API tokens expire, end with a password change, and do not work while the account is locked."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import user_unlock
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _log_in(api_client, user) -> str:
    response = api_client.post(
        "/api/v1/auth/token/", {"login": user.phone, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    return response.json()["token"]


def _me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get("/api/v1/me/")


def test_a_token_is_kept_only_as_a_digest(api_client):
    with time_machine.travel(START, tick=False):
        user = UserFactory()
        key = _log_in(api_client, user)
        token = ApiToken.objects.get(user=user)
        assert key not in (token.digest, token.password_fingerprint)
        assert token.expires_at == START + dt.timedelta(days=30)


def test_a_token_expires_after_its_documented_lifetime(api_client, settings):
    with time_machine.travel(START, tick=False) as clock:
        user = UserFactory()
        key = _log_in(api_client, user)
        clock.move_to(
            START + dt.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS) - dt.timedelta(minutes=1)
        )
        assert _me(api_client, key).status_code == 200
        clock.move_to(START + dt.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS))
        refused = _me(api_client, key)
        assert refused.status_code in (401, 403)
        assert "过期" in refused.json()["detail"]


def test_a_password_change_ends_every_token_of_the_account(api_client, client):
    with time_machine.travel(START, tick=False):
        user = UserFactory()
        phone_key, tablet_key = _log_in(api_client, user), _log_in(api_client, user)
        # when the resident changes the password on the web page
        client.force_login(user)
        client.post(
            reverse("account_change_password"),
            {
                "oldpassword": DEFAULT_PASSWORD,
                "password1": "New-Pass-2026",
                "password2": "New-Pass-2026",
            },
        )
        # then both devices must log in again, and a new log-in works
        for key in (phone_key, tablet_key):
            assert _me(api_client, key).status_code in (401, 403)
        api_client.credentials()
        new = api_client.post(
            "/api/v1/auth/token/", {"login": user.phone, "password": "New-Pass-2026"}
        ).json()["token"]
        assert _me(api_client, new).status_code == 200


def test_a_password_set_by_staff_in_the_admin_also_ends_the_tokens(api_client):
    with time_machine.travel(START, tick=False):
        user = UserFactory()
        key = _log_in(api_client, user)
        user.set_password("Reset-By-Staff-1")
        user.save()
        assert _me(api_client, key).status_code in (401, 403)


def test_a_token_stops_working_while_the_account_is_locked(api_client):
    with time_machine.travel(START, tick=False):
        user, staff = UserFactory(), UserFactory(is_staff=True)
        key = _log_in(api_client, user)
        api_client.credentials()
        for _ in range(5):
            api_client.post("/api/v1/auth/token/", {"login": user.phone, "password": "no-No-123"})
        refused = _me(api_client, key)
        assert refused.status_code in (401, 403)
        assert "锁定" in refused.json()["detail"]
        user_unlock(user=user, actor=staff)
        assert _me(api_client, key).status_code == 200


def test_revoking_ends_only_the_token_used(api_client):
    with time_machine.travel(START, tick=False):
        user = UserFactory()
        first, second = _log_in(api_client, user), _log_in(api_client, user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
        assert api_client.delete("/api/v1/auth/token/").status_code == 204
        assert _me(api_client, first).status_code in (401, 403)
        assert _me(api_client, second).status_code == 200


def test_the_quiz_answers_hand_written_token_log_in_keeps_the_same_rules(api_client):
    with time_machine.travel(START, tick=False) as clock:
        user = UserFactory()
        key = _log_in(api_client, user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        answer = reverse("api-quizzes-answer")
        assert api_client.post(answer, {}, format="json").status_code == 400  # logged in
        clock.move_to(START + dt.timedelta(days=31))
        refused = api_client.post(answer, {}, format="json")
        assert (refused.status_code, refused.json()["code"]) == (403, "authentication_failed")
