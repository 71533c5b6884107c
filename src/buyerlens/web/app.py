"""The app factory: ``create_app(database_url=..., secret=...)``.

Nothing happens at import time; :func:`create_app` connects to the database, brings
its schema up to date (the deal tables and the users tables) and mounts the pages,
the JSON API under ``/api`` (OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``)
and the static files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from buyerlens.store import connect, migrate
from buyerlens.web import errors
from buyerlens.web.cache import DiagnosisCache
from buyerlens.web.routes import ROUTERS
from buyerlens.web.settings import WebSettings, resolve_secret, utc_now

API_DESCRIPTION = """\
The buyerlens REST API. Authenticate with a personal token
(`buyerlens user token NAME`) sent as `Authorization: Bearer <token>`.

Every error has one shape: `{"error": {"code", "message", "field"?}}`, with the HTTP
status of its kind (404 not found, 409 conflict, 422 bad input naming the field).
A rep sees only the deals they own (and what belongs to them); another rep's deal is
answered with 404.
"""


def create_app(
    *,
    database_url: str,
    secret: str | None = None,
    https_only: bool = False,
    clock: Callable[[], datetime] | None = None,
    session_ttl: timedelta = timedelta(hours=12),
) -> FastAPI:
    """The buyerlens web app and API on the database at ``database_url``.

    ``secret`` signs CSRF tokens (default: ``BUYERLENS_SECRET``, else random per
    process); ``https_only`` marks cookies Secure; ``clock`` gives "now" (tests fix it).
    """
    settings = WebSettings(
        database_url=database_url,
        secret=resolve_secret(secret),
        https_only=https_only,
        clock=clock or utc_now,
        session_ttl=session_ttl,
    )
    import buyerlens.store.users

    engine = connect(database_url)
    migrate(engine)
    app = FastAPI(
        title="buyerlens",
        version=buyerlens.__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.cache = DiagnosisCache()
    errors.install(app)
    static = str(resources.files("buyerlens.web").joinpath("static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app
