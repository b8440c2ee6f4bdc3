#!/usr/bin/env bash
# Runs every test: unit and property tests in parallel, then integration tests (one shared real Neo4j test server),
# then stops the test server. Exit code is non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
$BIN/pytest -q tests/unit tests/property -n "${PYTEST_WORKERS:-2}" -p no:cacheprovider || status=$?
$BIN/pytest -q tests/integration -p no:cacheprovider --timeout=900 || { s=$?; [ $status -eq 0 ] && status=$s; }
# stop the test server this run started (the demo server, on other ports, is left alone)
$BIN/python - <<'PY' || true
import sys
sys.path.insert(0, "tests")
from conftest import _test_server_settings
from graph.server_manager import LocalNeo4j
LocalNeo4j(_test_server_settings()).stop()
PY
exit $status
