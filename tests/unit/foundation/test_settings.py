from __future__ import annotations

from graph import settings


def test_env_overrides_and_cache(monkeypatch, tmp_path):
    settings.clear_caches()
    monkeypatch.setenv("LANTOA_NEO4J_BOLT_PORT", "7999")
    monkeypatch.setenv("LANTOA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    try:
        assert settings.get_local_server_settings().bolt_port == 7999
        assert settings.get_local_server_settings().bolt_uri == "bolt://127.0.0.1:7999"
        assert settings.get_path_settings().evidence_dir == tmp_path / "evidence"
        assert not settings.get_neo4j_settings().external
    finally:
        settings.clear_caches()


def test_external_uri(monkeypatch):
    settings.clear_caches()
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    try:
        assert settings.get_neo4j_settings().external
    finally:
        settings.clear_caches()
