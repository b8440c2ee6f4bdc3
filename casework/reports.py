"""The report runner: named, parameterised, read-only Cypher reports and their exports.

The reports allowed are exactly the files in ``cypher/reports/``; a name is looked up in that list
(never turned into a path), so ``../load/articles`` or ``daily_digest; MATCH …`` are refused. Each
report documents itself in its header::

    // purpose: …                      (English, one line)
    // title: Bản tin hằng ngày         (Vietnamese, shown to people)
    // params: day, limit
    // mode: read
    // param day: date [today] — ngày cần tổng hợp      (type, optional default, description)
    // param story_id: str — mã câu chuyện              (no default: required)
    // columns: story_id, title, items                 (the order of output columns)
    // chart: bar label=title value=items              (optional: bar | line)
    // roles: investigator, inspector, police_liaison  (optional: who may run it; default every staff role)

Parameter types: ``str``, ``int``, ``float``, ``bool``, ``date`` (``YYYY-MM-DD``, or ``today``,
``today-N``), ``month`` (``YYYY-MM`` or ``this_month``). Values are typed and validated here, then
travel as ``$params`` into a read transaction (``GraphReader.read``), so a value is always data and a
report cannot write.

Exports: ``csv``, ``json``, ``html`` (Vietnamese, Jinja2 with autoescape, inline SVG chart), ``xlsx`` — rendered by
:mod:`viz.report_render`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from common.errors import CypherCatalogError, NotFoundError, ReportParameterError
from graph import cypher_loader
from viz.report_render import FORMATS, MEDIA_TYPES, render

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_STR_PARAM = 1000
MAX_INT_PARAM = 1_000_000_000
MAX_LIMIT = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2200

_PARAM_LINE = re.compile(
    r"^//\s*param\s+([a-z_][a-z0-9_]*)\s*:\s*([a-z]+)\s*(?:\[([^\]]*)\])?\s*(?:[—-]+\s*(.*))?$"
)
_TYPES = ("str", "int", "float", "bool", "date", "month")
_TRUE = {"1", "true", "yes", "y", "có", "co", "on"}
_FALSE = {"0", "false", "no", "n", "không", "khong", "off"}


class Reader(Protocol):
    def read(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    type: str
    default: str | None  # None: required
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True, slots=True)
class ChartSpec:
    kind: str  # bar | line
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportSpec:
    name: str  # short name: "daily_digest"
    statement: str  # "reports/daily_digest"
    title: str
    purpose: str
    params: tuple[ParamSpec, ...]
    columns: tuple[str, ...]
    chart: ChartSpec | None
    roles: tuple[str, ...] = ()  # roles admitted (besides admin); empty: every staff role

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "purpose": self.purpose,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                        "description": p.description} for p in self.params],
            "columns": list(self.columns), "roles": list(self.roles),
        }


@dataclass(slots=True)
class ReportResult:
    spec: ReportSpec
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]
    ran_at: datetime = field(default_factory=lambda: datetime.now(LOCAL_TZ))


# ------------------------------------------------------------------ catalogue
def _parse_spec(name: str) -> ReportSpec:
    stmt = cypher_loader.load(f"reports/{name}")
    if stmt.mode != "read":
        raise CypherCatalogError(f"report {name} is declared {stmt.mode}; reports must be read-only")
    params: dict[str, ParamSpec] = {}
    for line in stmt.text.splitlines():
        line = line.strip()
        if not line.startswith("//"):
            if line:
                break
            continue
        m = _PARAM_LINE.match(line)
        if m:
            pname, ptype, default, desc = m.groups()
            if ptype not in _TYPES:
                raise CypherCatalogError(f"report {name}: parameter {pname} has unknown type {ptype!r}")
            params[pname] = ParamSpec(pname, ptype, default.strip() if default is not None else None,
                                      (desc or "").strip())
    if set(params) != set(stmt.params):
        raise CypherCatalogError(
            f"report {name}: '// param' lines {sorted(params)} do not match '// params:' {sorted(stmt.params)}")
    chart = None
    if raw := stmt.header.get("chart"):
        parts = raw.split()
        kv = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        if parts[0] in ("bar", "line") and "label" in kv and "value" in kv:
            chart = ChartSpec(parts[0], kv["label"], tuple(v for v in kv["value"].split(",") if v))
    columns = tuple(c.strip() for c in stmt.header.get("columns", "").split(",") if c.strip())
    roles = tuple(r.strip() for r in stmt.header.get("roles", "").split(",") if r.strip())
    return ReportSpec(
        name=name, statement=stmt.name, title=stmt.header.get("title", name), purpose=stmt.purpose,
        params=tuple(params[p] for p in stmt.params), columns=columns, chart=chart, roles=roles,
    )


def report_names() -> list[str]:
    """The short names of every report (the files in ``cypher/reports/``)."""
    return [n.split("/", 1)[1] for n in cypher_loader.names("reports")]


def get_spec(name: str) -> ReportSpec:
    """The spec of a named report; anything not exactly a file in ``cypher/reports/`` is refused."""
    if not isinstance(name, str):
        raise NotFoundError("report name must be text")
    short = name[len("reports/"):] if name.startswith("reports/") else name
    if short not in report_names():
        raise NotFoundError(f"không có báo cáo tên {name!r}")
    return _parse_spec(short)


def list_reports() -> list[ReportSpec]:
    return [get_spec(n) for n in report_names()]


# ------------------------------------------------------------------ parameters
def _parse_date(raw: str, today: date) -> date:
    s = raw.strip().lower()
    m = re.fullmatch(r"today(?:([+-])(\d{1,4}))?", s)
    if m:
        if not m.group(1):
            return today
        n = int(m.group(2))
        return today + timedelta(days=n if m.group(1) == "+" else -n)
    try:
        return date.fromisoformat(s)
    except ValueError as e:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD, today, today-N)") from e


def coerce_param(spec: ParamSpec, value: Any, *, today: date) -> Any:
    """Type and validate one parameter value (text from the CLI or a query string, or a JSON value)."""
    t = spec.type
    try:
        if t == "str":
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise ValueError("expected text")
            s = str(value)
            if len(s) > MAX_STR_PARAM:
                raise ValueError(f"text longer than {MAX_STR_PARAM} characters")
            if "\x00" in s:
                raise ValueError("text contains a NUL character")
            return s
        if t == "int":
            if isinstance(value, bool):
                raise ValueError("expected an integer")
            if isinstance(value, float):
                if not value.is_integer():
                    raise ValueError("expected an integer")
                value = int(value)
            n = int(str(value).strip())
            if abs(n) > MAX_INT_PARAM:
                raise ValueError("integer out of range")
            if spec.name == "limit" and not 1 <= n <= MAX_LIMIT:
                raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
            return n
        if t == "float":
            if isinstance(value, bool):
                raise ValueError("expected a number")
            x = float(str(value).strip())
            if not math.isfinite(x):
                raise ValueError("expected a finite number")
            return x
        if t == "bool":
            if isinstance(value, bool):
                return value
            s = str(value).strip().lower()
            if s in _TRUE:
                return True
            if s in _FALSE:
                return False
            raise ValueError("expected true or false")
        if t == "date":
            if isinstance(value, datetime):
                d = value.date()
            elif isinstance(value, date):
                d = value
            else:
                d = _parse_date(str(value), today)
            if not MIN_YEAR <= d.year <= MAX_YEAR:
                raise ValueError(f"year outside {MIN_YEAR}-{MAX_YEAR}")
            return d
        if t == "month":
            s = str(value).strip().lower()
            if s == "this_month":
                return f"{today:%Y-%m}"
            m = re.fullmatch(r"(\d{4})-(\d{2})", s)
            if not m or not 1 <= int(m.group(2)) <= 12 or not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
                raise ValueError("expected a month YYYY-MM")
            return s
    except (ValueError, TypeError) as e:
        raise ReportParameterError(f"tham số {spec.name!r} không hợp lệ: {e}") from e
    raise CypherCatalogError(f"unknown parameter type {t!r}")


def coerce_params(spec: ReportSpec, raw: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """All parameters of a report, typed; unknown names and missing required values are refused."""
    today = today or datetime.now(LOCAL_TZ).date()
    known = {p.name for p in spec.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ReportParameterError(
            f"báo cáo {spec.name} không có tham số {', '.join(unknown)} (có: {', '.join(sorted(known)) or 'không'})")
    out: dict[str, Any] = {}
    for p in spec.params:
        if p.name in raw and raw[p.name] is not None:
            out[p.name] = coerce_param(p, raw[p.name], today=today)
        elif p.required:
            raise ReportParameterError(f"báo cáo {spec.name} cần tham số {p.name!r} ({p.description})")
        else:
            out[p.name] = coerce_param(p, p.default, today=today)
    return out


def parse_kv(pairs: Sequence[str]) -> dict[str, str]:
    """``["k=v", …]`` from the command line into a dict (the value may contain ``=``)."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ReportParameterError(f"tham số {pair!r} phải có dạng tên=giá_trị")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


# ------------------------------------------------------------------ running
def plain(value: Any) -> Any:
    """Neo4j temporal values → ISO strings; nodes/relationships never leave as objects."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def run_report(reader: Reader, name: str, raw_params: Mapping[str, Any] | None = None, *,
               today: date | None = None) -> ReportResult:
    """Validate the parameters and run the named report in a read transaction."""
    spec = get_spec(name)
    params = coerce_params(spec, raw_params or {}, today=today)
    rows = [{k: plain(v) for k, v in r.items()} for r in reader.read(spec.statement, params)]
    columns = list(spec.columns) or (list(rows[0]) if rows else [])
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    return ReportResult(spec=spec, params={k: plain(v) for k, v in params.items()}, columns=columns, rows=rows)


__all__ = ["FORMATS", "MEDIA_TYPES", "ReportResult", "ReportSpec", "coerce_params", "get_spec", "list_reports",
           "parse_kv", "plain", "render", "report_names", "run_report"]
