"""The log-in backend (accounts.backends): the session's user read prepared, old sessions kept,
one password check per log-in."""

from unittest import mock

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from accounts.backends import AuthenticationBackend
from accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"


def test_the_session_user_read_gives_the_user_the_orm_reads():
    user = UserFactory(real_name="李秀英", display_name="秀英")
    read = AuthenticationBackend().get_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    assert {k: v for k, v in read.__dict__.items() if k != "_state"} == {
        k: v for k, v in expected.__dict__.items() if k != "_state"
    }
    assert read._state.db == "default" and not read._state.adding


def test_an_unknown_or_inactive_user_is_no_user():
    inactive = UserFactory(is_active=False)
    assert AuthenticationBackend().get_user(inactive.pk) is None
    assert AuthenticationBackend().get_user(inactive.pk + 1000) is None


def test_a_log_in_is_kept_under_this_backend(client):
    user = UserFactory(phone="13900001111")
    response = client.post(
        reverse("account_login"), {"login": user.phone, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"
    assert client.get(reverse("home")).context["user"] == user


def test_a_session_opened_under_allauths_backend_stays_signed_in(client):
    user = UserFactory()
    client.force_login(user, backend=ALLAUTH)
    assert client.session[BACKEND_SESSION_KEY] == ALLAUTH
    assert client.get(reverse("home")).context["user"] == user


def test_a_wrong_password_is_checked_once(client):
    user = UserFactory(phone="13900002222")
    with mock.patch.object(User, "check_password", autospec=True, return_value=False) as check:
        response = client.post(
            reverse("account_login"), {"login": user.phone, "password": "wrong-Pass1"}
        )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert check.call_count == 1
