import pytest

from config.celery import app


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_and_broker_are_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    # given a broker address where nothing listens
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app, "_pool", None, raising=False)
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unreachable"
