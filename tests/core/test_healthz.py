"""/healthz: 503 only without a database; a broker or cache outage is "degraded" with 200."""

import pytest
from django.db.utils import OperationalError

from config.celery import app


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_broker_and_cache_are_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
    assert body["queued_tasks_unsent"] == 0


@pytest.mark.django_db
def test_healthz_is_degraded_but_200_when_the_broker_is_unreachable(client, monkeypatch):
    # given a broker address where nothing listens
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app, "_pool", None, raising=False)
    # when
    response = client.get("/healthz")
    # then the load balancer keeps the instance: pages still work from the database
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"] == "unreachable"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from core import views

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "unreachable"
