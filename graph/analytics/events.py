"""Event records: the plain input of cascade, origin, amplifier and coordination analyses.

An event is one observed item (post, share, article) as a mapping::

    {"id": "fb:123", "story": "s1", "account": "fb:alice", "created_at": "2025-07-01T08:00:00+07:00",
     "parent_id": "fb:100", "url": "http://baodatto.vn/a.html", "fingerprint": "9c41…"}

``story``, ``parent_id``, ``url``, ``fingerprint``, ``kind`` (post|share|quote|reply), ``places`` and ``topics`` (lists
of ids) are optional (other fields, such as ``text``, are ignored). ``url`` (the link the item carries or shares) is compared in :func:`canonical_url` form. ``created_at`` is ISO 8601 (a time
without zone is read as Asia/Ho_Chi_Minh, UTC+07:00) or epoch seconds. :func:`parse_event` turns a
mapping into a compact :class:`Event`. ``fingerprint`` is the item's stored text fingerprint
(:mod:`nlp.fingerprint` makes it at ingest; hex text or bytes; ``""`` when the text is too short to call a
copy), compared with :mod:`graph.analytics.lsh`: analyses never read text. Bad input raises :class:`~common.errors.ValidationError` naming the field.

>>> e = parse_event({"id": 1, "account": "a", "created_at": "2025-07-01T08:00:00+07:00", "fingerprint": "00" * 128})
>>> e.id, e.account, e.t, e.story, e.parent_id, len(e.sig)
('1', 'a', 1751331600.0, None, None, 128)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from common.errors import ValidationError
from graph.analytics.lsh import as_bytes

LOCAL_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


@dataclass(slots=True)
class Event:
    """One observed item, compact. ``t`` is epoch seconds; ``sig`` the raw bytes of its fingerprint (or None)."""

    id: str
    account: str
    t: float
    story: str | None = None
    parent_id: str | None = None
    url: str | None = None
    sig: bytes | None = None
    kind: str | None = None          # post | share | quote | reply (how the platform says it was made)
    places: tuple[str, ...] = ()     # ids of the places it mentions (for events: bursts about one place)
    topics: tuple[str, ...] = ()


_TRACKING = ("utm_", "fbclid", "gclid", "zarsrc", "igshid", "mc_cid", "mc_eid")


def canonical_url(url: str) -> str:
    """A light canonical form for matching links: lower-case scheme and host, no fragment, no tracking
    parameters (``utm_*``, ``fbclid`` …), no trailing ``?``; anything that is not an http(s) URL is kept.

    >>> canonical_url("HTTP://Bao.VN/a.html?utm_source=fb&id=3&fbclid=x#top")
    'http://bao.vn/a.html?id=3'
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    query = "&".join(
        kv for kv in parts.query.split("&") if kv and not kv.lower().startswith(_TRACKING)
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def parse_time(value: Any) -> float:
    """Epoch seconds from ISO 8601 text (naive → UTC+07:00), a datetime or a number.

    >>> parse_time("2025-07-01T01:00:00Z"), parse_time("2025-07-01 08:00"), parse_time(1751331600)
    (1751331600.0, 1751331600.0, 1751331600.0)
    """
    if isinstance(value, bool):
        raise ValidationError(f"created_at: {value!r} is not a time")
    if isinstance(value, int | float):
        if not np.isfinite(value):
            raise ValidationError(f"created_at: {value!r} is not a time")
        return float(value)
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError as e:
            raise ValidationError(f"created_at: {value!r} is not ISO 8601") from e
    else:
        raise ValidationError(f"created_at: {value!r} is not a time")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    return dt.timestamp()


def iso(t: float) -> str:
    """Epoch seconds → ISO 8601 in Asia/Ho_Chi_Minh (the display zone).

    >>> iso(1751331600.0)
    '2025-07-01T08:00:00+07:00'
    """
    return datetime.fromtimestamp(t, UTC).astimezone(LOCAL_TZ).isoformat()


def _opt_str(rec: Mapping[str, Any], key: str) -> str | None:
    v = rec.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, str | int):
        return sys.intern(str(v)) if key in ("story", "account") else str(v)
    raise ValidationError(f"{key}: expected a string, got {type(v).__name__}")


def parse_event(rec: Mapping[str, Any], *, with_fingerprint: bool = True) -> Event:
    """Validate one event mapping and make it an :class:`Event` (``with_fingerprint=False`` drops the
    fingerprint: no copy detection)."""
    if not isinstance(rec, Mapping):
        raise ValidationError(f"event must be an object, got {type(rec).__name__}")
    for key in ("id", "account", "created_at"):
        if rec.get(key) in (None, ""):
            raise ValidationError(f"{key}: missing")
    ev_id = _opt_str(rec, "id")
    account = _opt_str(rec, "account")
    assert ev_id is not None and account is not None
    parent = _opt_str(rec, "parent_id")
    if parent == ev_id:
        raise ValidationError(f"parent_id: event {ev_id!r} cannot be its own parent")
    return Event(
        id=ev_id,
        account=account,
        t=parse_time(rec["created_at"]),
        story=_opt_str(rec, "story"),
        parent_id=parent,
        url=sys.intern(canonical_url(url)) if (url := _opt_str(rec, "url")) else None,
        sig=as_bytes(rec.get("fingerprint")) if with_fingerprint else None,
        kind=_opt_str(rec, "kind"),
        places=_id_tuple(rec, "places"),
        topics=_id_tuple(rec, "topics"),
    )


def _id_tuple(rec: Mapping[str, Any], key: str) -> tuple[str, ...]:
    v = rec.get(key)
    if v is None:
        return ()
    if isinstance(v, str) or not isinstance(v, list | tuple | set | frozenset):
        raise ValidationError(f"{key}: expected a list of ids, got {type(v).__name__}")
    return tuple(sorted({sys.intern(str(x)) for x in v if x not in (None, "")}))


def filter_records(
    records: Iterable[Mapping[str, Any]],
    *,
    since: Any = None,
    until: Any = None,
    time_key: str = "created_at",
    **equals: Any,
) -> list[Mapping[str, Any]]:
    """Keep the records inside ``[since, until)`` whose fields match ``equals`` (a value or a set of values).

    Works for events (``created_at``) and edge records alike (pass ``time_key="first_at"`` …). A field
    whose value is a list (e.g. ``topics``) matches when it contains any wanted value. Use it to window
    the input of any analysis by time, topic, community or platform.

    >>> recs = [{"id": 1, "created_at": "2025-07-01T08:00+07:00", "platform": "fb", "topics": ["flood"]},
    ...         {"id": 2, "created_at": "2025-07-02T08:00+07:00", "platform": "yt", "topics": ["health"]}]
    >>> [r["id"] for r in filter_records(recs, since="2025-07-01T00:00+07:00", platform={"fb", "tt"})]
    [1]
    >>> [r["id"] for r in filter_records(recs, topics="health")]
    [2]
    """
    lo = parse_time(since) if since is not None else None
    hi = parse_time(until) if until is not None else None
    wanted = {k: (v if isinstance(v, set | frozenset | list | tuple) else {v}) for k, v in equals.items()}
    out = []
    for r in records:
        if lo is not None or hi is not None:
            if r.get(time_key) is None:
                continue
            t = parse_time(r[time_key])
            if (lo is not None and t < lo) or (hi is not None and t >= hi):
                continue
        ok = True
        for k, vals in wanted.items():
            v = r.get(k)
            if isinstance(v, list | tuple | set):
                if not any(x in vals for x in v):
                    ok = False
                    break
            elif v not in vals:
                ok = False
                break
        if ok:
            out.append(r)
    return out
