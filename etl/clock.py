"""The crawler's clock: wall time, or the sandbox's accelerated simulated time (``/__clock``), so that
detection latency is measured in the same time as the sandbox's ``published_at``."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from common.errors import ConfigError
from etl.extraction.dates import VN_TZ


class Clock:
    speed: float = 1.0

    def now(self) -> datetime:
        return datetime.now(VN_TZ)

    def real_seconds(self, simulated_seconds: float) -> float:
        """How long to wait in real time for ``simulated_seconds`` to pass."""
        return simulated_seconds / self.speed


@dataclass
class SimulatedClock(Clock):
    start: datetime
    t0: float
    speed: float = 1.0
    end: datetime | None = None

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.t0) * self.speed)


def sandbox_clock(url: str, *, proxy: str | None = None, timeout: float = 10.0) -> SimulatedClock:
    """Read ``/__clock`` from a sandbox host (``http://HOST/__clock``, through the sandbox proxy)."""
    try:
        with httpx.Client(proxy=proxy, timeout=timeout) as client:
            data = client.get(url).raise_for_status().json()
    except (httpx.HTTPError, ValueError) as e:
        raise ConfigError(f"cannot read the sandbox clock at {url}: {e}") from e
    end = data.get("world_end")
    return SimulatedClock(start=datetime.fromisoformat(data["now"]).astimezone(VN_TZ),
                          speed=float(data.get("speed") or 1.0), t0=time.monotonic(),
                          end=datetime.fromisoformat(end).astimezone(VN_TZ) if end else None)
