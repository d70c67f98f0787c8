import pytest

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_issued_for_phone_and_password_and_opens_the_api(api_client):
    user = UserFactory(phone="13600001234")
    response = api_client.post(
        "/api/v1/auth/token/", {"login": "13600001234", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert me["id"] == user.pk
    assert me["phone"] == "136****1234"
    assert "resident" in me["roles"]


def test_a_wrong_password_gets_a_stable_error_code(api_client):
    UserFactory(phone="13600001235")
    response = api_client.post(
        "/api/v1/auth/token/", {"login": "13600001235", "password": "nope-Nope1"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_the_api_lock_is_the_same_as_the_log_in_page(api_client):
    UserFactory(phone="13600001236")
    for _ in range(5):
        api_client.post("/api/v1/auth/token/", {"login": "13600001236", "password": "nope-Nope1"})
    response = api_client.post(
        "/api/v1/auth/token/", {"login": "13600001236", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"


def test_the_api_refuses_anonymous_requests_with_a_code(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "code"}


def test_the_openapi_schema_and_offline_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()


def test_the_api_throttles_one_account_with_a_clear_code_and_audits_it(api_client):
    from audit.models import AuditEntry

    UserFactory(phone="13600001237")
    # the token endpoint allows 10 attempts a minute per account
    codes = [
        api_client.post(
            "/api/v1/auth/token/", {"login": "13600001237", "password": "x"}
        ).status_code
        for _ in range(11)
    ]
    assert codes[-1] == 429
    response = api_client.post("/api/v1/auth/token/", {"login": "13600001237", "password": "x"})
    assert response.json()["code"] == "throttled"
    assert "请求" in response.json()["detail"] or "秒" in response.json()["detail"]
    refused = AuditEntry.objects.filter(action="accounts.login_throttled")
    assert refused.count() == 2
    assert refused.first().details == {"login": "136****1237", "limit": "api_token"}
    assert refused.first().ip_address == "127.0.0.1"
