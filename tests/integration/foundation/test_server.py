"""The local server manager against the real Neo4j test server."""

from __future__ import annotations

import socket
import stat

import pytest

from common.errors import PortInUseError
from graph.server_manager import LocalNeo4j
from graph.settings import LocalServerSettings
from graph.status import database_status


def test_running_server_reports_its_version(neo4j_local, neo4j_driver):
    status = neo4j_local.status()
    assert status.running and status.version.startswith("5.26.")
    mode = stat.S_IMODE(neo4j_local.s.password_file.stat().st_mode)
    assert mode == 0o600
    info = database_status(neo4j_driver)
    assert info["neo4j_version"].startswith("5.26.") and info["edition"] == "community"
    assert set(info["nodes_by_label"]) >= {"Article", "Outlet", "Account", "Post"}


def test_start_is_idempotent(neo4j_local):
    pid = neo4j_local.status().pid
    assert neo4j_local.start().pid == pid


def test_port_taken_is_a_clear_error(neo4j_local, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        settings = LocalServerSettings(home=tmp_path / "n", bolt_port=port, http_port=port + 1,
                                       jar_cache=neo4j_local.s.jar_cache)
        with pytest.raises(PortInUseError, match=f"port {port}"):
            LocalNeo4j(settings).start(wait=False)


def test_bound_to_loopback_only(neo4j_local):
    conf = (neo4j_local.conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
