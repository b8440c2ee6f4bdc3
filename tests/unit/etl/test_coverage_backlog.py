"""`lantoa coverage` after a one-shot crawl: what was already published is a backlog, not a detection delay."""

from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from etl.coverage import coverage
from etl.state import ItemRow, StateStore


def _item(i: int, published: datetime, detected: datetime) -> ItemRow:
    return ItemRow(f"https://a.vn/{i}", f"https://a.vn/{i}", "a.vn", "a.vn", "t", published.isoformat(),
                   detected.isoformat(), str(i), None, None, "loaded", True, 1.0, [])


def test_one_shot_crawl_reports_a_backlog_and_no_latency(tmp_path) -> None:
    st = StateStore(tmp_path / "s.sqlite")
    crawl = datetime(2025, 7, 4, 0, 5, tzinfo=UTC)
    st.mark_items([_item(i, crawl - timedelta(hours=3 + i), crawl) for i in range(40)])   # 3 h to 2 days old
    st.record_poll("a.vn", "f", crawl.isoformat(), 200, 40)
    rep = coverage(st)
    a = rep.sources[0]
    assert a.backlog == 40 and a.dated == 0 and a.p50_min is None         # not "p50 = 1,500 minutes"
    assert rep.overall.backlog == 40
    assert any("tồn đọng" in n for n in rep.notes) and any("chưa đo được độ trễ" in n for n in rep.notes)


def test_items_published_after_the_first_poll_are_measured(tmp_path) -> None:
    st = StateStore(tmp_path / "s.sqlite")
    t0 = datetime(2025, 7, 3, 8, 0, tzinfo=UTC)
    old = [_item(i, t0 - timedelta(days=1), t0) for i in range(5)]
    new = [_item(100 + i, t0 + timedelta(hours=i), t0 + timedelta(hours=i, minutes=12)) for i in range(1, 6)]
    st.mark_items(old + new)
    for k in range(7):
        st.record_poll("a.vn", "f", (t0 + timedelta(hours=k, minutes=12)).isoformat(), 200, 1)
    rep = coverage(st)
    a = rep.sources[0]
    assert a.backlog == 5 and a.dated == 5 and a.p50_min == 12.0 and a.within_1h == 1.0
    assert any("đo trên 5 bài" in n for n in rep.notes)


def test_cli_prints_what_it_measured(tmp_path, monkeypatch) -> None:
    import api.cli_etl as cli

    st = StateStore(tmp_path / "s.sqlite")
    crawl = datetime(2025, 7, 4, 0, 5, tzinfo=UTC)
    st.mark_items([_item(i, crawl - timedelta(days=1), crawl) for i in range(3)])
    st.record_poll("a.vn", "f", crawl.isoformat(), 200, 3)
    monkeypatch.setattr(cli, "_state", lambda: st)
    out = CliRunner().invoke(cli.app, ["coverage"])
    assert out.exit_code == 0, out.output
    assert "tồn đọng" in out.output and "chưa đo được độ trễ phát hiện" in out.output
