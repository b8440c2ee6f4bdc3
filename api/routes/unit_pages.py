"""A unit's own page (issue 18): an officer of a department or a commune (role ``unit_officer``, a member of one
unit) sees the alerts routed to its unit and the stories behind them, and acknowledges an alert; the information
department sees every unit's response time. Not in the OpenAPI spec (HTML for browsers).

Who sees what: a unit's page is open to its members, to members of the information unit and to administrators
(:func:`api.routes.units.check_unit_access`, the same rule as the API); a ``unit_officer`` sees no other page of the
department's dashboard. The response-time page is open to the department's roles and to the information unit's
members."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from api.auth import Principal, Role, audit
from api.deps import Reader, Writer
from api.routes.pages import ALL, _guard, _html, _not_found
from api.routes.units import check_unit_access, with_timing
from casework.delivery_settings import get_delivery_settings
from casework.reports import plain
from common.errors import NotFoundError, PermissionDeniedError

router = APIRouter(include_in_schema=False)
UNIT_PAGE = (*ALL, Role.UNIT_OFFICER)


def _denied(who: Principal, message: str) -> Response:
    return _html("error.html", 403, principal=who, heading="Không có quyền", message=message)


def _my_units(reader: Reader, who: Principal) -> list[dict[str, Any]]:
    return reader.read("read/user_units", {"user_id": who.id})


@router.get("/trang/don-vi")
def my_unit_page(request: Request, reader: Reader) -> Response:
    """The caller's unit: straight to it when there is one; the list when several; a message when none."""
    who = _guard(request, UNIT_PAGE)
    if isinstance(who, Response):
        return who
    mine = _my_units(reader, who)
    if len(mine) == 1:
        return RedirectResponse(f"/trang/don-vi/{quote(mine[0]['id'], safe=':')}", status_code=303)
    return _html("units.html", principal=who, units=mine)


@router.get("/trang/don-vi/{unit_id}")
def unit_page(unit_id: str, request: Request, reader: Reader,
              trang_thai: Annotated[str, Query(pattern="^(open|acknowledged|)$")] = "") -> Response:
    who = _guard(request, UNIT_PAGE)
    if isinstance(who, Response):
        return who
    try:
        if who.has_any(ALL):  # the department's own staff read every unit's page (acknowledging stays the unit's)
            if not reader.read("read/unit_member_check", {"user_id": who.id, "unit_id": unit_id,
                                                          "info_unit": unit_id})[0]["unit_exists"]:
                raise NotFoundError(unit_id)
        else:
            check_unit_access(reader, who, unit_id)
    except NotFoundError:
        return _not_found(who, "Không có đơn vị này.")
    except PermissionDeniedError as e:
        return _denied(who, str(e))
    unit = next((u for u in reader.read("read/units_list", {"kind": ""}) if u["id"] == unit_id), {"id": unit_id})
    now = datetime.now().astimezone()
    alerts = [with_timing({k: plain(v) for k, v in r.items()}, now)
              for r in reader.read("read/unit_alerts", {"unit_id": unit_id, "status": trang_thai,
                                                         "skip": 0, "limit": 200})]
    stories = [{k: plain(v) for k, v in r.items()}
               for r in reader.read("read/unit_stories", {"unit_id": unit_id, "limit": 100})]
    member = any(u["id"] == unit_id for u in _my_units(reader, who)) or Role.ADMIN in who.roles
    return _html("unit.html", principal=who, unit=unit, alerts=alerts, stories=stories, can_ack=member,
                 shown=trang_thai, done=request.query_params.get("da_xac_nhan"))


@router.post("/trang/don-vi/{unit_id}/xac-nhan/{alert_id}")
def acknowledge_form(unit_id: str, alert_id: str, request: Request, reader: Reader, writer: Writer,
                     note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The page's acknowledgement (same rule and record as ``POST /units/{unit}/alerts/{alert}/acknowledge``)."""
    who = _guard(request, UNIT_PAGE)
    if isinstance(who, Response):
        return who
    try:
        check_unit_access(reader, who, unit_id, acknowledging=True)
    except NotFoundError:
        return _not_found(who, "Không có đơn vị này.")
    except PermissionDeniedError as e:
        return _denied(who, str(e))
    rows = writer.run("load/route_ack", {"alert_id": alert_id, "unit_id": unit_id, "by": who.id,
                                         "at": datetime.now().astimezone().isoformat(), "note": note.strip() or None})
    if not rows:
        return _not_found(who, "Cảnh báo này không được chuyển đến đơn vị.")
    audit(request, who, "alert.acknowledge", alert_id, {"unit": unit_id, "via": "page"})
    return RedirectResponse(f"/trang/don-vi/{quote(unit_id, safe=':')}?da_xac_nhan={quote(alert_id, safe=':')}",
                            status_code=303)


@router.get("/trang/phan-hoi-don-vi")
def response_times_page(request: Request, reader: Reader,
                        tu_ngay: Annotated[date | None, Query()] = None,
                        loai: Annotated[str, Query(pattern="^(department|commune|)$")] = "") -> Response:
    """Per-unit response to routed alerts (the named report ``unit_response_times``), for the department."""
    who = _guard(request, UNIT_PAGE)
    if isinstance(who, Response):
        return who
    info = get_delivery_settings().info_unit
    if not who.has_any(ALL) and not any(u["id"] == info for u in _my_units(reader, who)):
        return _denied(who, "Chỉ Sở Văn hóa, Thể thao và Du lịch (đơn vị thông tin) xem được trang này.")
    since = tu_ngay or (datetime.now().astimezone().date() - timedelta(days=30))
    rows = [{k: plain(v) for k, v in r.items()}
            for r in reader.read("reports/unit_response_times", {"since": since, "kind": loai, "limit": 500})]
    return _html("unit_response.html", principal=who, rows=rows, since=since.isoformat(), kind=loai)



METRICS = {"alert": "mức cảnh báo cao nhất", "volume": "số tin, bài nhắc đến", "negative": "số tin, bài tiêu cực"}


@router.get("/trang/ban-do-tinh")
def province_map_page(request: Request, reader: Reader,
                      theo: Annotated[str, Query(pattern="^(alert|volume|negative)$")] = "alert",
                      ngay: Annotated[int, Query(ge=1, le=365)] = 7) -> Response:
    """The province's 148 communes and wards after the 2025 reform, coloured by ``theo`` over the last ``ngay``
    days, each linked to its unit's page; cells around the centres (approximate boundaries), drawn offline."""
    from nlp.settings import get_settings as get_nlp_settings
    from viz.province_map import (
        APPROXIMATE,
        level_colour,
        province_svg,
        scale_colour,
        unit_centres,
        voronoi_cells,
    )

    who = _guard(request, ALL)
    if isinstance(who, Response):
        return who
    since = datetime.now().astimezone() - timedelta(days=ngay)
    rows = {r["place_id"]: r for r in reader.read("read/province_map_units", {"since": since.isoformat()})}
    centres = {pid: c for pid, c in unit_centres(get_nlp_settings().gazetteer_dir).items() if pid in rows}
    cells = voronoi_cells(centres, margin=0.04) if len(centres) >= 3 else {}
    key = {"alert": "alert_level", "volume": "items", "negative": "negative"}[theo]
    top = max((float(r[key] or 0) for r in rows.values()), default=0.0)
    fills = {pid: level_colour(r["alert_level"]) if theo == "alert" else scale_colour(r[key], 0, top)
             for pid, r in rows.items()}
    hot = {pid for pid, r in rows.items() if (r["alert_level"] or 0) >= 3}
    titles = {pid: f"{r['name']}: {r['items']} tin, bài; {r['negative']} tiêu cực; cảnh báo mức {r['alert_level']}"
              for pid, r in rows.items()}
    svg_text = province_svg(cells, names={p: r["name"] for p, r in rows.items()}, fills=fills,
                            links={p: f"/trang/don-vi/{quote(r['id'], safe=':')}" for p, r in rows.items()},
                            highlight=hot, titles=titles)
    ranked = sorted(rows.values(), key=lambda r: (-(r[key] or 0), r["name"]))[:15]
    return _html("province_map.html", principal=who, map_svg=Markup(svg_text), metric=theo, metrics=METRICS,
                 days=ngay, approximate=APPROXIMATE, ranked=ranked, key=key,
                 hot=[rows[p] for p in sorted(hot, key=lambda p: rows[p]["name"])])
