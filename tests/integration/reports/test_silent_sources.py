"""Silent sources end to end on the real Neo4j and the real API: an outlet that publishes all day, every day, stops
one evening; the next morning's warning pass raises a "silent" alert for it (and only for it: a small outlet and a
platform quiet overnight are left alone), the alert is listed by /alerts with its Vietnamese reasons, one alert per
silent episode however many passes run, and the province's crisis level is not raised by it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from neo4j_support import api_client

from casework.schedule import warning_pass
from graph.repository import GraphWriter

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY0 = datetime(2025, 10, 1, tzinfo=TZ)
STOP = DAY0 + timedelta(days=7, hours=21, minutes=30)  # the big outlet's last article: 8 October, 21:30


def _article(outlet: str, i: int, at: datetime) -> dict:
    return {"id": f"https://{outlet}/{i}", "url": f"https://{outlet}/{i}", "title": f"Tin {i} của {outlet}",
            "lead": None, "text": f"Tin {i}", "published_at": at.isoformat(), "modified_at": None,
            "detected_at": at.isoformat(), "section": None, "language": "vi", "tags": [], "content_hash": f"{i}",
            "evidence_sha256": None, "relevance": 0.0, "relevance_reasons": [], "concerns_province": False,
            "outlet_id": outlet, "outlet_name": None, "authors": []}


@pytest.fixture(scope="module")
def graph(neo4j_driver, neo4j_connection):
    database = neo4j_connection[2]
    w = GraphWriter(neo4j_driver, database=database)
    w.write("load/outlets", [{"id": "baolon.vn", "name": "Báo Lớn", "kind": "newspaper", "level": "province",
                              "licence": None, "url": "https://baolon.vn", "revisit_minutes": 10},
                             {"id": "tapchinho.vn", "name": "Tạp chí Nhỏ", "kind": "magazine", "level": "province",
                              "licence": None, "url": "https://tapchinho.vn", "revisit_minutes": 60}])
    arts = []
    t = DAY0 + timedelta(hours=6)
    while t <= STOP:                                   # every 30 min from 6:00 to 22:00, until it stops
        if 6 <= t.hour < 22:
            arts.append(_article("baolon.vn", len(arts), t))
        t += timedelta(minutes=30)
    for d in range(9):                                 # two a day, at 9:00 and 15:00, still publishing
        for h in (9, 15):
            arts.append(_article("tapchinho.vn", 1000 + d * 2 + h, DAY0 + timedelta(days=d, hours=h)))
    w.write("load/articles", arts)
    return neo4j_driver, database


def test_a_stopped_outlet_is_alerted_once_and_the_level_stays(graph, neo4j_connection):
    driver, database = graph
    evening = warning_pass(driver, now=STOP + timedelta(hours=1), database=database)
    assert evening.silent == 0                         # an hour after its last article: not yet
    night = warning_pass(driver, now=DAY0 + timedelta(days=8, hours=5), database=database)
    assert night.silent == 0                           # overnight it never publishes: not silence
    morning = DAY0 + timedelta(days=8, hours=10)       # 12.5 h quiet, ~9 articles due by its rhythm
    out = warning_pass(driver, now=morning, database=database)
    assert out.silent == 1
    assert out.level == 0, out.reasons                # an operational alert does not make a media crisis
    warning_pass(driver, now=morning + timedelta(hours=1), database=database)
    with api_client(neo4j_connection, LANTOA_AUTH_SECRET_KEY="test-secret-for-silent-sources-0123456789") as c:
        from api.auth import Principal, Role, issue_token

        h = {"Authorization": f"Bearer {issue_token(Principal(id='u', name='u', roles=frozenset({Role('analyst')})))}"}
        items = c.get("/alerts", headers=h).json()["items"]
    silent = [a for a in items if a["kind"] == "silent"]
    assert len(silent) == 1, silent                    # one alert for one silent episode, over two passes
    a = silent[0]
    assert a["title"] == "Nguồn tin im lặng bất thường: Báo Lớn" and a["level"] == 1
    assert "Không có tin mới từ Báo Lớn" in a["reasons"][0] and "21:30 08/10/2025" in a["reasons"][0]
    assert "khoảng" in a["reasons"][1]
