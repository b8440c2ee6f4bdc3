"""Rate limits shared by every API worker: token buckets kept in Redis when ``LANTOA_API_REDIS_URL`` is set.

One bucket per key (principal, IP, IP+user name) holds ``burst`` tokens and refills at ``rate`` per second, as the
in-process :class:`api.auth.RateLimiter` does; here the bucket lives in Redis and one small Lua script reads,
refills, takes and stores it atomically on the Redis clock, so two workers (or twenty) spend one budget.

When Redis does not answer, each worker falls back to its own in-process bucket (the limit is then per process
again, never off) and says so in the log at most once a minute.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Protocol

log = logging.getLogger(__name__)

# KEYS[1]: the bucket; ARGV: rate per second, burst. Returns the seconds to wait ("0" when the request may go).
TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class Limiter(Protocol):
    def take(self, key: str, *, now: float | None = None) -> float: ...


class RedisRateLimiter:
    """Token buckets in Redis under ``lantoa:rl:<name>:<key>``, shared by every process using the same Redis."""

    def __init__(self, client: Any, name: str, rate_per_s: float, burst: float, *, fallback: Limiter) -> None:
        self.client = client
        self.name = name
        self.rate = rate_per_s
        self.burst = burst
        self.fallback = fallback
        self._script = client.register_script(TAKE)
        self._warned_at = -1e9
        self._lock = threading.Lock()

    def take(self, key: str, *, now: float | None = None) -> float:
        """0.0 when allowed; otherwise the seconds to wait (``now`` is ignored: the Redis clock is the one clock)."""
        import redis

        try:
            return float(self._script(keys=[f"lantoa:rl:{self.name}:{key}"], args=[self.rate, self.burst]))
        except redis.RedisError as e:
            with self._lock:
                if time.monotonic() - self._warned_at > 60:
                    self._warned_at = time.monotonic()
                    log.warning("rate limit store unavailable (%s); limiting per process meanwhile", e)
            return self.fallback.take(key, now=now)


def redis_client(url: str) -> Any:
    """A client for ``url`` (it connects on first use, never at import), with short timeouts: a slow Redis must
    not hold requests up."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5, health_check_interval=30)


def shared(local: Limiter, name: str, rate_per_s: float, burst: float, url: str | None,
           client: Any | None = None) -> Limiter:
    """The Redis-backed limiter when ``url`` is set, else ``local`` (the in-process buckets)."""
    if not url:
        return local
    return RedisRateLimiter(client if client is not None else redis_client(url), name, rate_per_s, burst,
                            fallback=local)
