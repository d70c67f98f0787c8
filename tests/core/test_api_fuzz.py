"""Fuzz every operation of the OpenAPI schema with malformed and valid input (schemathesis).

Asserts, for a resident and for community staff of the demo street: no 5xx, malformed input
refused with a 4xx, and every answer (status code, content type, body) what the schema documents.
Then every read is called on the demo street's real objects, and each answer checked against the
schema (fields that can be null must say so).

Bounded for CI: FUZZ_EXAMPLES examples per operation and role (default 5), deterministic, no
shrinking; about two minutes of CPU on the 2-core machine.
"""

import datetime as dt
import io
import json
import os
import re
import zoneinfo

import pytest
import schemathesis
import time_machine
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from tests.core.language import english_in

pytestmark = pytest.mark.fuzz

NOW = dt.datetime(2026, 3, 17, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "5"))
IDS_TRIED_PER_READ = 12
DEMO_PHONES = {
    "resident": "13800000010",
    "staff": "13800000021",
    "captain": "13800000023",
    "merchant": "13800000301",
}
# The demo providers' staff log-in (塔坡's canteen, clinic and barber): fuzzed on the canteen's
# and the providers' operations only, where their counter, menus, sheets and slots are
# (bookings.demo); the residents' side is fuzzed above.
PROVIDER_PHONE = "13800000411"
# Every typed parameter a page reads, each malformed at once.
MALFORMED_QUERY = dict.fromkeys(
    [
        "page",
        "hpage",
        "building",
        "year",
        "month",
        "date",
        "period",
        "show",
        "status",
        "q",
        "code",
        "node",
        "category",
        "root",
        "kind",
    ],
    "abc",
)


def _raw_schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = get_wsgi_application()
schema.config.generation.update(
    modes=["positive", "negative"],
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,
    no_shrink=True,
    database="none",
)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])


def errors_in_chinese(ctx, response, case):
    """An error's detail (and field errors) reach a Chinese reader in Chinese."""
    types = [
        v for k, values in response.headers.items() if k.lower() == "content-type" for v in values
    ]
    if response.status_code >= 400 and types and "json" in types[0]:
        leaked = english_in(response.json())
        assert not leaked, f"English in an error answer: {leaked}"


def malformed_query_refused(ctx, response, case):
    """A query parameter the schema refuses (`page_size=abc`) is refused, not ignored.

    Reads only: DRF deliberately takes a JSON number for a string field of a body ("0" for 0),
    which the negative check would count against every write.
    """
    if case.method.upper() == "GET":
        return negative_data_rejection(ctx, response, case)
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    malformed_query_refused,
    errors_in_chinese,
]


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The demo street, seeded once for the module inside a transaction rolled back at the end."""
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    # As Django's test client does: the WSGI handler must not close the test's connection (it
    # would, seeing a transaction open) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        from accounts.models import User
        from accounts.tokens import api_token_issue

        tokens = {
            role: api_token_issue(user=User.objects.get(phone=DEMO_PHONES[role]))
            for role in ("resident", "staff")
        }
        tokens["provider"] = api_token_issue(user=User.objects.get(phone=PROVIDER_PHONE))
        yield tokens
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    traveller.stop()


@pytest.fixture(params=["resident", "staff"])
def token(request, fuzz_world, db):
    return fuzz_world[request.param]


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_malformed_input_without_a_server_error(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    # A real server (gunicorn) always gives the client's address; werkzeug's test client does not.
    case.call_and_validate(checks=CHECKS, environ_overrides={"REMOTE_ADDR": "127.0.0.1"})


@schema.include(path_regex=r"^/api/v1/bookings/(canteen|provider)").parametrize()
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_providers_own_staff_get_no_server_error_either(case, fuzz_world, db):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {fuzz_world['provider']}"}
    case.call_and_validate(checks=CHECKS, environ_overrides={"REMOTE_ADDR": "127.0.0.1"})


def _ids_in(data) -> list[int]:
    rows = data.get("results", [data]) if isinstance(data, dict) else data
    return [row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)]


def test_real_answers_of_every_read_match_the_schema(token):
    # given: the lists of every app, read first; their ids are then tried on the app's detail reads
    client = Client(schema.app)
    headers = {"Authorization": f"Token {token}"}
    reads = [
        operation
        for result in schema.get_all_operations()
        if (operation := result.ok()) is not None and operation.method.upper() == "GET"
    ]
    lists = [op for op in reads if "{" not in op.path]
    details = [op for op in reads if re.fullmatch(r"[^{}]*\{id\}[^{}]*", op.path)]
    ids: dict[str, set[int]] = {}
    failures = []
    answered = 0

    def read(operation, path):
        nonlocal answered
        response = client.get(path, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert response.status_code < 500, path
        answered += response.status_code == 200
        try:
            operation.validate_response(response)
        except (AssertionError, FailureGroup) as error:
            failures.append(f"GET {path}: {error}")
        return response

    # when
    for operation in lists:
        response = read(operation, operation.path)
        if response.status_code == 200:
            app = operation.path.split("/")[3]
            ids.setdefault(app, set()).update(_ids_in(response.get_json()))
    for operation in details:
        app = operation.path.split("/")[3]
        for pk in sorted(ids.get(app, ()))[:IDS_TRIED_PER_READ]:
            read(operation, operation.path.replace("{id}", str(pk)))
    # then
    assert answered > len(lists)  # real objects were read, not only refusals
    assert not failures, "\n\n".join(failures)


def _pages_without_arguments(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _pages_without_arguments(pattern.url_patterns, prefix + str(pattern.pattern))
        elif not re.search(r"[<(^]", prefix + str(pattern.pattern)):
            yield "/" + prefix + str(pattern.pattern)


@pytest.mark.parametrize("role", list(DEMO_PHONES))
def test_every_page_answers_malformed_query_parameters_without_a_server_error(
    role, fuzz_world, db, client
):
    from accounts.models import User

    client.force_login(User.objects.get(phone=DEMO_PHONES[role]))
    pages = [path for path in _pages_without_arguments() if not path.startswith("/api/")]
    for path in pages:
        for query in (MALFORMED_QUERY, {**MALFORMED_QUERY, "format": "xlsx"}):
            response = client.get(path, query)
            assert response.status_code < 500, path
