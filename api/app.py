"""The FastAPI application. One driver per process, owned by the lifespan."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, ORJSONResponse

from api.auth import check_production_secret, install_openapi_security
from api.errors import install_error_handlers
from api.routes import (
    alerts,
    alerts_admin,
    auth,
    cases,
    communities,
    entities,
    evidence,
    explore,
    feedback,
    handling,
    health,
    maps,
    outlet_report_pages,
    outlet_reports,
    pages,
    rankings,
    registry,
    reports,
    stories,
    unit_pages,
    units,
)
from api.settings import get_api_settings, get_runtime_settings
from common.errors import ConfigError
from graph.driver import open_driver, resolve_connection
from graph.logging_setup import configure_logging


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    app.state.driver = open_driver()
    app.state.database = resolve_connection()[2]
    try:
        yield
    finally:
        app.state.driver.close()


def create_app() -> FastAPI:
    """The application. In production (``LANTOA_ENV=production``) raises :class:`ConfigError` when the token
    signing secret is missing, too short, the example's placeholder or mistyped (see ``check_production_secret``)."""
    if get_runtime_settings().production:
        check_production_secret()
    settings = get_api_settings()
    # the server's notifications (e.g. "property key does not exist" before an analysis has run) are for
    # developers; logged per request they cost more than the query
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    app = FastAPI(
        title=settings.title,
        version="0.1.0",
        description="Lan Tỏa: bản đồ lan truyền thông tin báo chí và mạng xã hội về tỉnh Phú Thọ.",
        default_response_class=ORJSONResponse,
        lifespan=lifespan,
        docs_url=None,  # served below from local Swagger UI files: the default loads them from a CDN
    )
    install_error_handlers(app)
    app.include_router(health.router)
    for module in (auth, rankings, stories, communities, entities, alerts, evidence, maps, pages):
        app.include_router(module.router)
    # issue 7: reports, registry, citizens' feedback, cases, handling
    for module in (reports, registry, feedback, cases, handling, alerts_admin):
        app.include_router(module.router)
    # issue 18: units as users of alerts
    app.include_router(units.router)
    app.include_router(unit_pages.router)
    app.include_router(outlet_reports.router)  # issue 18: press outlets' online reports
    app.include_router(outlet_report_pages.router)
    # issue 17: the investigator's map
    app.include_router(explore.router)
    app.include_router(explore.page_router)
    install_openapi_security(app)
    install_offline_docs(app)
    return app


def install_offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the ``swagger-ui-bundle-v2`` package (Swagger UI 5: OpenAPI 3.1) (works without internet)."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} — tài liệu API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _app_or_exit() -> FastAPI:
    """``uvicorn api.app:app`` imports this module: a configuration error ends the process with one clear line and
    uvicorn's start-up failure code (its supervisor then stops instead of restarting workers), not a traceback."""
    try:
        return create_app()
    except ConfigError as e:
        print(f"Lan Tỏa API không khởi động: {e}", file=sys.stderr, flush=True)
        raise SystemExit(3) from None


app = _app_or_exit()
