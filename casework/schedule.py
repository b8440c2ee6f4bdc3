"""Scheduled jobs: hourly crawl and analysis (with the early-warning pass), daily and weekly reports written
to a folder, and a simple in-process scheduler loop (``lantoa schedule run``).

* ``hourly``: the crawl, NLP and analysis commands (subprocesses, configurable), then :func:`warning_pass`.
* ``daily`` at ``daily_at`` (local time): the daily reports for yesterday, into ``<reports_dir>/<date>/``.
* ``weekly`` on Monday at ``weekly_at``: the weekly reports for the week that ended yesterday.

The scheduler remembers each job's last run in ``<reports_dir>/.schedule.json`` so a restart neither
skips nor repeats a run; a failing job is logged and retried at its next slot, the loop keeps going.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import neo4j
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from casework import handling, refutation, reports, warning
from common.errors import ConfigError, LantoaError
from common.sentiment import Sentiment
from common.sources import OFFICIAL_ACCOUNT_KINDS, account_class, outlet_class
from graph.analytics import silence
from graph.repository import GraphReader, GraphWriter
from graph.settings import get_path_settings

log = logging.getLogger(__name__)
LOCAL_TZ = warning.LOCAL_TZ
_LANTOA = f"{shlex.quote(sys.executable)} -m api.cli"


class JobSettings(BaseSettings):
    """Environment prefix ``LANTOA_JOBS_``."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_JOBS_", env_file=".env", extra="ignore")

    reports_dir: Path | None = None  # default: <data_dir>/reports
    # the hooks run the `lantoa` CLI with this interpreter (no PATH lookup); set a hook to "" to skip it
    crawl_command: str = Field(default_factory=lambda: f"{_LANTOA} crawl")
    nlp_command: str = Field(default_factory=lambda: f"{_LANTOA} nlp run")
    analyze_command: str = Field(default_factory=lambda: f"{_LANTOA} analyze --days 30")
    command_timeout_s: float = 3000.0
    daily_at: str = "06:00"
    weekly_at: str = "07:00"
    daily_reports: list[str] = Field(default_factory=lambda: [
        "daily_digest", "negative_stories_by_place", "alerts_recent"])
    weekly_reports: list[str] = Field(default_factory=lambda: [
        "weekly_summary", "threshold_accounts_spreading_false", "outlets_with_cases"])
    report_formats: list[str] = Field(default_factory=lambda: ["html", "xlsx"])
    warning_lookback_days: int = 42

    def folder(self) -> Path:
        return self.reports_dir or (get_path_settings().data_dir / "reports")


@lru_cache(maxsize=1)
def get_job_settings() -> JobSettings:
    return JobSettings()


# ------------------------------------------------------------------ early-warning pass
@dataclass(slots=True)
class WarningOutcome:
    mentions: int = 0
    stories_assessed: int = 0
    alerts: int = 0
    level: int = 0
    reasons: tuple[str, ...] = ()
    recommendations: dict[str, int] = field(default_factory=dict)
    refutations: int = 0  # REFUTES links proposed by this pass
    silent: int = 0       # sources silent past their usual rhythm (alerts of kind "silent")


def _to_dt(v: Any) -> datetime:
    if hasattr(v, "to_native"):
        v = v.to_native()
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v


def silence_alerts(reader: GraphReader, *, now: datetime,
                   since: datetime) -> tuple[list[warning.Alert], dict[str, str]]:
    """One ``silent`` alert (level: watch, never raising the province's crisis level) per outlet or platform quiet
    past its usual rhythm (:mod:`graph.analytics.silence`), and the sources' names; an alert's id is stable for one silent
    episode (keyed on the last item's time)."""
    rhythms = {}
    for r in reader.read("read/source_rhythms", {"since": since.isoformat(), "until": now.isoformat()}):
        hours = [0] * 24
        for ph in r["per_hour"]:
            hours[int(ph["hour"])] += int(ph["n"])
        rhythms[r["source"]] = silence.Rhythm(tuple(hours), _to_dt(r["first_at"]), _to_dt(r["last_at"]),
                                              str(r["name"] or ""))
    found = silence.silent_sources(rhythms, now=now)
    return ([warning.Alert(kind="silent", scope=s.source, level=warning.CrisisLevel.WATCH, reasons=s.reasons,
                           at=s.last_at, score=round(s.expected, 1)) for s in found],
            {s.source: s.name for s in found})


def refutation_pass(reader: GraphReader, writer: GraphWriter, *, now: datetime,
                    lookback: timedelta = timedelta(hours=48), target_days: int = 30,
                    params: refutation.Params = refutation.Params()) -> int:
    """Propose REFUTES links for official and press denials that appeared in the ``lookback`` before ``now``
    (casework/refutation.py); returns how many links were proposed. Idempotent; undone links stay undone."""
    rows = reader.read("read/refutation_candidates", {
        "since": (now - lookback).isoformat(), "until": now.isoformat(),
        "official_kinds": sorted(OFFICIAL_ACCOUNT_KINDS)})
    cands = []
    for r in rows:
        cls = (outlet_class(r["owner_kind"]) if r["item_kind"] == "article"
               else account_class(r["kind"], owner=r["owner_label"], owner_kind=r["owner_kind"]))
        if refutation.denial(r["text"], cls):
            cands.append(refutation.Candidate(r["id"], _to_dt(r["at"]), r["text"], cls, tuple(r["story_ids"]),
                                              tuple(r["first_of"]), r["source_name"] or ""))
    if not cands:
        return 0
    targets = [refutation.StoryText(r["story_id"], _to_dt(r["first_at"]), tuple(r["texts"]), int(r["size"]))
               for r in reader.read("read/refutation_targets", {
                   "since": (now - timedelta(days=target_days)).isoformat(), "until": now.isoformat(),
                   "texts_per_story": 40})]
    links = refutation.match(cands, targets, params)
    if links:
        writer.write("load/refutations_auto", [x.as_row(linked_at=now) for x in links])
    return len(links)


def warning_pass(driver: neo4j.Driver, *, now: datetime, database: str = "neo4j",
                 lookback_days: int = 42,
                 speed: warning.SpeedThresholds = warning.SpeedThresholds()) -> WarningOutcome:
    """Read recent mentions, raise alerts (scopes and stories), assess every recent story (stage, crisis level,
    handling recommendation) and write them back. Idempotent for the same ``now``.

    A mention is negative when its stored label is (``common.sentiment``: the label of its signed score)."""
    if now.tzinfo is None:
        raise ConfigError("now must carry a time zone")
    reader, writer = GraphReader(driver, database=database), GraphWriter(driver, database=database)
    refuted = refutation_pass(reader, writer, now=now)
    since = now - timedelta(days=lookback_days)
    rows = reader.read_scalars("read/warning_mentions", {"since": since.isoformat(), "until": now.isoformat()})
    mentions = [warning.Mention(
        at=datetime.fromtimestamp(r["at_ms"] / 1000, LOCAL_TZ), scopes=tuple(s for s in r["scopes"] if s), negative=r["sentiment"] == Sentiment.NEGATIVE,
        story_id=r["story_id"], source=r["source"] or "", national=bool(r["national"]),
        followers=int(r["followers"] or 0), local=bool(r["local"]), concerns=bool(r["concerns"]),
        elsewhere=bool(r["elsewhere"])) for r in rows]
    out = WarningOutcome(mentions=len(mentions), refutations=refuted)
    today = now.astimezone(LOCAL_TZ).date()
    alerts = warning.scope_alerts(mentions, since=today - timedelta(days=1))
    first_seen = min((m.at for m in mentions), default=now)  # no data before it: not "zero mentions"
    for scope, (hs, c, n) in warning.hourly_series(mentions, start=first_seen, end=now).items():
        alerts += warning.hourly_volume_alerts(scope, hs, c, n, only_after=now - timedelta(hours=24))
    by_story: dict[str, list[warning.Mention]] = defaultdict(list)
    for m in mentions:
        if m.story_id:
            by_story[m.story_id].append(m)
    recent = now - timedelta(hours=48)
    assessments = {sid: warning.assess_story(sid, ms, now, speed=speed)
                   for sid, ms in by_story.items() if any(m.at >= recent for m in ms)}
    out.stories_assessed = len(assessments)
    alerts += warning.story_alerts(assessments.values(), now=now)
    silent, names = silence_alerts(reader, now=now, since=since)
    out.silent = len(silent)
    facts = {r["story_id"]: r for r in reader.read(
        "read/story_facts", {"since": recent.isoformat()})}
    story_rows = []
    for sid, a in assessments.items():
        f = facts.get(sid)
        sf = handling.StoryFacts(
            sid, negative_share=a.negative_share if f is None else f["negative_share"],
            sentiment=0.0 if f is None else f["sentiment"], speed_per_hour=a.speed_per_hour,
            reach=a.max_followers if f is None else int(f["reach"]), official=bool(f and f["official"]),
            verdict=None if f is None else f["verdict"], crisis_level=int(a.level),
            peak_speed_per_hour=warning.peak_speed(sorted(m.at for m in by_story[sid]), now, speed.window),
            kind="story" if f is None else f["kind"], refutations=0 if f is None else int(f["refutations"]),
            refuted_by=None if f is None else f["refuted_by"], refutes_other=bool(f and f["refutes_other"]))
        rec = handling.recommend(sf)
        out.recommendations[rec.action.value] = out.recommendations.get(rec.action.value, 0) + 1
        story_rows.append({"story_id": sid, "stage": a.stage.value, "crisis_level": int(a.level),
                           "crisis_reasons": list(a.reasons), "recommended": rec.action.value,
                           "handling_reasons": list(rec.reasons), "assessed_at": now.isoformat()})
    if story_rows:
        writer.write("load/story_warning", story_rows)
    alert_rows = []
    for al in alerts + silent:
        row = al.as_row(created_at=now)
        kind_label, _, subject = al.scope.partition(":")
        title = {"volume": "Số lượng đề cập tăng bất thường", "negativity": "Tỷ lệ tin tiêu cực tăng bất thường",
                 "speed": "Câu chuyện lan truyền nhanh", "pickup": "Tin tiêu cực địa phương lan rộng",
                 "silent": "Nguồn tin im lặng bất thường"}[al.kind]
        if kind_label == "story":
            shown = (facts.get(al.story_id or "") or {}).get("title") or subject
        else:
            shown = {"all": "mọi nguồn"}.get(kind_label) or names.get(al.scope) or subject
        row.update({"title": f"{title}: {shown}", "status": "open",
                    "subject_id": (subject or None) if kind_label != "story" else al.story_id,
                    "subject_label": kind_label, "stage": assessments[al.story_id].stage.value
                    if al.story_id in assessments else None, "run_id": None})
        alert_rows.append(row)
    if alert_rows:
        writer.write("load/alerts", alert_rows)
    out.alerts = len(alert_rows)
    level, reasons = warning.overall_level(alerts)
    out.level, out.reasons = int(level), reasons
    return out


def refutation_delays(reader: GraphReader, *, since: datetime) -> list[dict[str, Any]]:
    """Per story with a linked refutation: hours from detection to the first refutation."""
    rows = reader.read("read/refutation_times", {"since": since.isoformat()})
    return [{"story_id": r["story_id"], "title": r["title"],
             "hours": handling.time_to_refutation_hours(_to_dt(r["detected_at"]),
                                                        [_to_dt(x) for x in r["refuted_at"] if x is not None])}
            for r in rows]


def deliver_alerts(driver: neo4j.Driver, *, now: datetime, database: str = "neo4j") -> None:
    """Route the new alerts to units, escalate missed deadlines, plan digests and deliver (casework/delivery.py)."""
    from casework.delivery import alert_delivery_pass

    d = alert_delivery_pass(driver, now=now, database=database)
    log.info("alert delivery: %s routes, %s escalated, %s sent, %s failed", d.routes, d.escalated, d.sent, d.failed)


# ------------------------------------------------------------------ reports to a folder
def write_reports(driver: neo4j.Driver, names: Sequence[str], *, folder: Path, today: date,
                  params: dict[str, dict[str, Any]] | None = None, formats: Sequence[str] = ("html",),
                  database: str = "neo4j") -> list[Path]:
    """Run each named report and write it as ``<folder>/<today>/<name>.<fmt>`` (atomic rename)."""
    reader = GraphReader(driver, database=database)
    day_dir = folder / today.isoformat()
    day_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        result = reports.run_report(reader, name, (params or {}).get(name, {}), today=today)
        for fmt in formats:
            path = day_dir / f"{result.spec.name}.{fmt}"
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(reports.render(result, fmt))
            tmp.replace(path)
            written.append(path)
    return written


# ------------------------------------------------------------------ scheduler
@dataclass(slots=True)
class Job:
    name: str
    kind: str  # hourly | daily | weekly
    run: Callable[[datetime], Any]
    at: str = "00:00"  # HH:MM local, for daily/weekly
    weekday: int = 0  # Monday, for weekly


def _hm(s: str) -> tuple[int, int]:
    try:
        h, m = (int(x) for x in s.split(":"))
    except ValueError as e:
        raise ConfigError(f"time {s!r} is not HH:MM") from e
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ConfigError(f"time {s!r} is not HH:MM")
    return h, m


def last_slot(job: Job, now: datetime) -> datetime:
    """The most recent scheduled time of ``job`` at or before ``now`` (local time)."""
    local = now.astimezone(LOCAL_TZ)
    if job.kind == "hourly":
        return local.replace(minute=0, second=0, microsecond=0)
    h, m = _hm(job.at)
    slot = local.replace(hour=h, minute=m, second=0, microsecond=0)
    if job.kind == "daily":
        return slot if slot <= local else slot - timedelta(days=1)
    if job.kind == "weekly":
        slot -= timedelta(days=(local.weekday() - job.weekday) % 7)
        return slot if slot <= local else slot - timedelta(days=7)
    raise ConfigError(f"unknown job kind {job.kind!r}")


def due(job: Job, last_run: datetime | None, now: datetime) -> bool:
    """A job is due when its latest slot is after its last run (a missed slot runs once, late)."""
    slot = last_slot(job, now)
    return last_run is None or last_run < slot


class Scheduler:
    def __init__(self, jobs: Sequence[Job], *, state_file: Path,
                 clock: Callable[[], datetime] = lambda: datetime.now(LOCAL_TZ)) -> None:
        self.jobs = list(jobs)
        self.state_file = state_file
        self.clock = clock
        self.state: dict[str, str] = {}
        if state_file.is_file():
            try:
                self.state = json.loads(state_file.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                log.warning("schedule state %s unreadable; starting afresh", state_file)

    def _save(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=1), encoding="utf-8")
        tmp.replace(self.state_file)

    def tick(self) -> list[tuple[str, str]]:
        """Run every due job once; returns ``(name, "ok" | error)``."""
        done = []
        for job in self.jobs:
            now = self.clock()
            last = self.state.get(job.name)
            if not due(job, datetime.fromisoformat(last) if last else None, now):
                continue
            try:
                job.run(now)
                status = "ok"
            except (LantoaError, OSError, subprocess.SubprocessError) as e:
                log.error("job %s failed: %s", job.name, e)
                status = f"lỗi: {e}"
            self.state[job.name] = now.isoformat()
            self._save()
            done.append((job.name, status))
        return done

    def run(self, *, poll_s: float = 30.0, max_ticks: int | None = None) -> None:
        n = 0
        while max_ticks is None or n < max_ticks:
            for name, status in self.tick():
                log.info("job %s: %s", name, status)
            n += 1
            if max_ticks is None or n < max_ticks:
                time.sleep(poll_s)


def run_command(command: str, *, timeout_s: float) -> None:
    """Run one configured hook command (no shell); an empty command is skipped."""
    argv = shlex.split(command)
    if not argv:
        return
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, check=False)
    if proc.returncode != 0:
        raise subprocess.SubprocessError(f"{argv[0]} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")


def default_jobs(driver: neo4j.Driver, *, database: str = "neo4j", settings: JobSettings | None = None,
                 with_hooks: bool = True) -> list[Job]:
    s = settings or get_job_settings()
    folder = s.folder()

    def hourly(now: datetime) -> None:
        if with_hooks:
            for cmd in (s.crawl_command, s.nlp_command, s.analyze_command):
                run_command(cmd, timeout_s=s.command_timeout_s)
        outcome = warning_pass(driver, now=now, database=database, lookback_days=s.warning_lookback_days)
        log.info("warning pass: level %s, %s alerts", outcome.level, outcome.alerts)
        deliver_alerts(driver, now=now, database=database)

    def daily(now: datetime) -> None:
        yesterday = now.astimezone(LOCAL_TZ).date() - timedelta(days=1)
        params = {n: {"day": yesterday.isoformat()} for n in s.daily_reports if n == "daily_digest"}
        write_reports(driver, s.daily_reports, folder=folder, today=yesterday, params=params,
                      formats=s.report_formats, database=database)
        run_command(shlex.join([sys.executable, "-m", "api.cli", "retention", "run"]), timeout_s=s.command_timeout_s)

    def weekly(now: datetime) -> None:
        yesterday = now.astimezone(LOCAL_TZ).date() - timedelta(days=1)
        params = {n: {"end": yesterday.isoformat()} for n in s.weekly_reports if n == "weekly_summary"}
        write_reports(driver, s.weekly_reports, folder=folder / "weekly", today=yesterday, params=params,
                      formats=s.report_formats, database=database)

    return [Job("hourly", "hourly", hourly), Job("daily_reports", "daily", daily, at=s.daily_at),
            Job("weekly_reports", "weekly", weekly, at=s.weekly_at, weekday=0)]
