"""Schemathesis against the real app + real Neo4j: no 500s and no responses outside the OpenAPI spec.

Runs every operation's generated cases (a bounded number each) through ``case.call_and_validate`` with the
checks that matter here; schemathesis' pytest plugin is not used (it does not support this pytest)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

pytestmark = pytest.mark.integration

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


# signing out ends the very token the fuzz runs with (every later call would be a 401): covered by test_sessions.py
SKIP = {("POST", "/auth/logout")}


def _operations(url: str):
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    ops = []
    for result in schema.get_all_operations():
        op = result.ok()
        if (op.method.upper(), op.path) not in SKIP:
            ops.append(op)
    return ops


def _fuzz(live_api, headers: dict[str, str], examples: int) -> tuple[int, list[str]]:
    failures: list[str] = []
    calls = 0
    for op in _operations(live_api.url):
        @given(case=op.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(base_url=live_api.url, headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collect every operation's failures
            failures.append(f"{op.method.upper()} {op.path}: {str(e)[:600]}")
    return calls, failures


def test_openapi_conformance_as_admin(live_api):
    calls, failures = _fuzz(live_api, {"Authorization": f"Bearer {live_api.tokens['admin']}"}, examples=8)
    assert calls > 100
    assert not failures, "\n\n".join(failures)


def test_openapi_conformance_as_analyst_key(live_api):
    calls, failures = _fuzz(live_api, {"X-API-Key": live_api.keys["analyst"]}, examples=3)
    assert not failures, "\n\n".join(failures)
