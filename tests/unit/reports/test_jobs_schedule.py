"""The in-process scheduler: slots, due jobs, persisted state, failures that do not stop the loop."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casework.schedule import Job, Scheduler, due, last_slot, run_command
from common.errors import ConfigError, DatabaseError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_slots():
    now = datetime(2025, 8, 13, 5, 30, tzinfo=TZ)  # a Wednesday, before 06:00
    assert last_slot(Job("h", "hourly", print), now) == datetime(2025, 8, 13, 5, 0, tzinfo=TZ)
    assert last_slot(Job("d", "daily", print, at="06:00"), now) == datetime(2025, 8, 12, 6, 0, tzinfo=TZ)
    assert last_slot(Job("w", "weekly", print, at="07:00"), now) == datetime(2025, 8, 11, 7, 0, tzinfo=TZ)
    with pytest.raises(ConfigError):
        last_slot(Job("x", "daily", print, at="25:00"), now)
    d = Job("d", "daily", print, at="06:00")
    assert due(d, None, now)
    assert not due(d, datetime(2025, 8, 12, 6, 1, tzinfo=TZ), now)
    assert due(d, datetime(2025, 8, 12, 6, 1, tzinfo=TZ), now + timedelta(hours=1))


def test_scheduler_runs_due_jobs_once_persists_and_survives_failures(tmp_path):
    clock = [datetime(2025, 8, 13, 6, 5, tzinfo=TZ)]
    ran: list[str] = []

    def ok(now):
        ran.append(f"ok@{now:%H:%M}")

    def bad(now):
        raise DatabaseError("Neo4j is down")

    jobs = [Job("hourly", "hourly", ok), Job("daily", "daily", bad, at="06:00")]
    s = Scheduler(jobs, state_file=tmp_path / "state.json", clock=lambda: clock[0])
    assert [n for n, _ in s.tick()] == ["hourly", "daily"]
    assert s.tick() == []  # nothing due again within the hour
    clock[0] += timedelta(hours=1)
    again = Scheduler(jobs, state_file=tmp_path / "state.json", clock=lambda: clock[0])  # a restart
    done = again.tick()
    assert done == [("hourly", "ok")] and ran == ["ok@06:05", "ok@07:05"]


def test_run_command_reports_failures():
    run_command("", timeout_s=5)  # an empty hook is skipped
    run_command("true", timeout_s=5)
    with pytest.raises(Exception, match="exited 1"):
        run_command("false", timeout_s=5)
