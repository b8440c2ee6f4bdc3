"""Every write operation is safe to retry (issue 15): with an ``Idempotency-Key`` a retry writes nothing and
answers with what the first request stored; without one, ids derived from the content and state changes that
skip a state already reached keep a retried request from being stored twice. Real app, real Neo4j."""

from __future__ import annotations

import pytest
from neo4j_support import api_client

pytestmark = pytest.mark.integration
SECRET = "idempotency-test-secret-0123456789abcdef"
STORY = "story:idem:1"
ITEM = "https://baophutho.vn/bac-bo-tin-sai"


def _token(*roles: str, uid: str = "thanh.tra") -> dict[str, str]:
    from api.auth import Principal, Role, issue_token

    p = Principal(id=uid, name=uid, roles=frozenset(Role(r) for r in roles))
    return {"Authorization": f"Bearer {issue_token(p)}"}


def _one(driver, query: str, **params):
    rec, _, _ = driver.execute_query(query, params)
    return rec[0]


@pytest.fixture(scope="module")
def client(neo4j_driver, neo4j_connection):
    with api_client(neo4j_connection, LANTOA_AUTH_SECRET_KEY=SECRET, LANTOA_AUTH_RATE_PER_S="100000",
                    LANTOA_AUTH_RATE_BURST="100000") as c:
        yield c


@pytest.fixture()
def graph(clean_db, client):
    clean_db.execute_query(
        "CREATE (s:Story {id: $story, title: 'Tin sai về lũ quét', first_seen_at: datetime('2025-08-01T08:00:00+07:00'),"
        "                 status: 'active'})"
        " CREATE (a:Article {id: $item, url: $item, title: 'Bác bỏ tin sai', published_at: datetime()})"
        " CREATE (o:Outlet {id: 'baophutho.vn', name: 'Báo Phú Thọ'})"
        " CREATE (a)-[:PUBLISHED_BY]->(o)"
        " CREATE (:Alert {id: 'alert:idem:1', level: 3, kind: 'story', title: 'Cảnh báo', status: 'open',"
        "                 created_at: datetime()})-[:ON]->(s)",
        {"story": STORY, "item": ITEM})
    return clean_db


def _decisions(driver) -> int:
    return _one(driver, "MATCH (d:Decision)-[:ON]->(:Story {id: $s}) RETURN count(d) AS n", s=STORY)["n"]


def test_a_retried_decision_is_stored_once(client, graph):
    insp = _token("inspector")
    body = {"decided": "refute", "verdict": "false", "note": "Đã xác minh với UBND huyện"}
    first = client.post(f"/handling/{STORY}/decision", json=body, headers=insp | {"Idempotency-Key": "d-1"})
    assert first.status_code == 200, first.text
    assert "Idempotent-Replayed" not in first.headers
    again = client.post(f"/handling/{STORY}/decision", json=body, headers=insp | {"Idempotency-Key": "d-1"})
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["decisions"] == first.json()["decisions"]
    assert _decisions(graph) == 1
    # the same key with another request is refused and writes nothing
    other = client.post(f"/handling/{STORY}/decision", json=body | {"decided": "watch"},
                        headers=insp | {"Idempotency-Key": "d-1"})
    assert other.status_code == 422
    assert _decisions(graph) == 1
    # another inspector's key of the same name is his own
    mine = client.post(f"/handling/{STORY}/decision", json=body | {"decided": "limit"},
                       headers=_token("inspector", uid="khac") | {"Idempotency-Key": "d-1"})
    assert mine.status_code == 200 and _decisions(graph) == 2


def test_without_a_key_a_repeated_decision_is_not_stored_twice(client, graph):
    insp = _token("inspector")
    body = {"decided": "refute", "verdict": "false", "note": None}
    for _ in range(3):  # the client lost the answers and sent it again
        assert client.post(f"/handling/{STORY}/decision", json=body, headers=insp).status_code == 200
    assert _decisions(graph) == 1
    # a real change of mind is a new decision, and going back is one more
    assert client.post(f"/handling/{STORY}/decision", json=body | {"decided": "watch"}, headers=insp).status_code == 200
    assert client.post(f"/handling/{STORY}/decision", json=body, headers=insp).status_code == 200
    assert _decisions(graph) == 3
    h = client.get(f"/handling/{STORY}", headers=insp).json()
    assert h["handling"] == "refute"


def test_refutation_confirm_and_undo_retried(client, graph):
    insp = _token("inspector")
    url = f"/handling/{STORY}/refutations"
    r = client.post(url, json={"item_id": ITEM}, headers=insp | {"Idempotency-Key": "link-1"})
    assert r.status_code == 200, r.text
    first = _one(graph, "MATCH ()-[r:REFUTES]->() RETURN r.confirmed_at AS at, count(r) AS n")
    assert first["n"] == 1
    # retried without a key: the first confirmation's time is kept
    assert client.post(url, json={"item_id": ITEM}, headers=insp).status_code == 200
    assert _one(graph, "MATCH ()-[r:REFUTES]->() RETURN r.confirmed_at AS at")["at"] == first["at"]
    undo = client.delete(url, params={"item_id": ITEM}, headers=insp | {"Idempotency-Key": "undo-1"})
    assert undo.status_code == 200
    undone = _one(graph, "MATCH ()-[r:REFUTES]->() RETURN r.status AS s, r.rejected_at AS at")
    assert undone["s"] == "rejected"
    # the confirmation's retry arrives late: it must not bring the undone link back
    late = client.post(url, json={"item_id": ITEM}, headers=insp | {"Idempotency-Key": "link-1"})
    assert late.status_code == 200 and late.headers["Idempotent-Replayed"] == "true"
    again = client.delete(url, params={"item_id": ITEM}, headers=insp)
    assert again.status_code == 200
    assert _one(graph, "MATCH ()-[r:REFUTES]->() RETURN r.status AS s, r.rejected_at AS at") == undone
    # a missing item is still a 404, and the key of a refused request stays free
    missing = client.post(url, json={"item_id": "facebook:nope"}, headers=insp | {"Idempotency-Key": "link-2"})
    assert missing.status_code == 404
    assert _one(graph, "MATCH (k:IdempotencyKey) RETURN count(k) AS n")["n"] == 2


def test_cases_created_and_updated_once(client, graph):
    insp = _token("inspector")
    body = {"title": "Đăng tin sai sự thật về lũ quét", "violation": "Điều 9 Luật Báo chí", "outlets": ["baophutho.vn"]}
    a = client.post("/cases", json=body, headers=insp | {"Idempotency-Key": "case-1"})
    b = client.post("/cases", json=body, headers=insp | {"Idempotency-Key": "case-1"})
    assert a.status_code == b.status_code == 201, a.text
    assert a.json()["id"] == b.json()["id"] and b.headers["Idempotent-Replayed"] == "true"
    # without a key the same case opened twice is one case
    c = client.post("/cases", json=body | {"title": "Hồ sơ thứ hai"}, headers=insp)
    d = client.post("/cases", json=body | {"title": "Hồ sơ thứ hai"}, headers=insp)
    assert c.json()["id"] == d.json()["id"] != a.json()["id"]
    assert _one(graph, "MATCH (c:Case) RETURN count(c) AS n")["n"] == 2
    cid = a.json()["id"]
    up = client.patch(f"/cases/{cid}", json={"status": "investigating"}, headers=insp | {"Idempotency-Key": "p-1"})
    assert up.status_code == 200 and up.json()["status"] == "investigating"
    assert client.patch(f"/cases/{cid}", json={"status": "closed"}, headers=insp).json()["status"] == "closed"
    late = client.patch(f"/cases/{cid}", json={"status": "investigating"}, headers=insp | {"Idempotency-Key": "p-1"})
    assert late.status_code == 200 and late.json()["status"] == "closed"
    stamp = _one(graph, "MATCH (c:Case {id: $id}) RETURN c.updated_at AS at, c.history AS h", id=cid)
    # an update that changes nothing writes nothing
    assert client.patch(f"/cases/{cid}", json={"outlets": ["baophutho.vn"]}, headers=insp).status_code == 200
    assert _one(graph, "MATCH (c:Case {id: $id}) RETURN c.updated_at AS at, c.history AS h", id=cid) == stamp


def test_registry_edit_retried(client, graph):
    press = _token("press_officer", uid="can.bo")
    rows = {"rows": [{"id": "baophutho.vn", "name": "Báo Phú Thọ", "level": "provincial", "kind": "newspaper"}]}
    r = client.put("/registry/outlets", json=rows, headers=press | {"Idempotency-Key": "reg-1"})
    assert r.status_code == 200 and r.json()["written"] == 1, r.text
    at = _one(graph, "MATCH (o:Outlet {id: 'baophutho.vn'}) RETURN o.registry_updated_at AS at")["at"]
    again = client.put("/registry/outlets", json=rows, headers=press | {"Idempotency-Key": "reg-1"})
    assert again.json() == r.json() and again.headers["Idempotent-Replayed"] == "true"
    assert _one(graph, "MATCH (o:Outlet {id: 'baophutho.vn'}) RETURN o.registry_updated_at AS at")["at"] == at
    assert _one(graph, "MATCH (o:Outlet) RETURN count(o) AS n")["n"] == 1
    csv = "id,name\nbaophutho.vn,Báo Phú Thọ điện tử\n".encode()
    files = {"file": ("danh-muc.csv", csv, "text/csv")}
    one = client.post("/registry/outlets/import", files=files, headers=press | {"Idempotency-Key": "imp-1"})
    two = client.post("/registry/outlets/import", files=files, headers=press | {"Idempotency-Key": "imp-1"})
    assert one.status_code == two.status_code == 200 and two.headers["Idempotent-Replayed"] == "true"
    assert _one(graph, "MATCH (o:Outlet) RETURN count(o) AS n, collect(o.name) AS names") == [1, ["Báo Phú Thọ điện tử"]]


def test_alert_status_retried(client, graph):
    analyst = _token("analyst", uid="phan.tich")
    url = "/alerts/alert:idem:1/status"
    assert client.post(url, json={"status": "acknowledged"}, headers=analyst | {"Idempotency-Key": "ack"}
                       ).status_code == 200
    first = _one(graph, "MATCH (a:Alert) RETURN a.status_at AS at")["at"]
    # without a key, the same status again keeps who and when
    assert client.post(url, json={"status": "acknowledged"}, headers=analyst).json()["status"] == "acknowledged"
    assert _one(graph, "MATCH (a:Alert) RETURN a.status_at AS at")["at"] == first
    assert client.post(url, json={"status": "closed"}, headers=analyst).json()["status"] == "closed"
    late = client.post(url, json={"status": "acknowledged"}, headers=analyst | {"Idempotency-Key": "ack"})
    assert late.status_code == 200 and late.json()["status"] == "closed"


def test_every_write_operation_documents_the_key(client):
    spec = client.get("/openapi.json").json()
    writes = {(path, m) for path, ops in spec["paths"].items() for m in ops
              if (path.startswith(("/handling", "/cases", "/registry")) or path.endswith("/status") and
                  path.startswith("/alerts")) and m in ("post", "put", "patch", "delete")}
    assert writes == {("/handling/{story_id}/decision", "post"), ("/handling/{story_id}/refutations", "post"),
                      ("/handling/{story_id}/refutations", "delete"), ("/cases", "post"), ("/cases/{cid}", "patch"),
                      ("/registry/{kind}", "put"), ("/registry/{kind}/import", "post"),
                      ("/alerts/{alert_id}/status", "post")}
    for path, m in writes:
        op = spec["paths"][path][m]
        names = {p["name"] for p in op.get("parameters", [])}
        assert "Idempotency-Key" in names, (path, m)
        assert "Idempotency-Key" in op["description"], (path, m)
