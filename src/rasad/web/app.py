"""The ASGI application: JSON API under ``/api``, web pages at ``/``, static files at ``/static``."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__

HERE = Path(__file__).parent


def create_app(db: str, *, write_token: str | None = None) -> FastAPI:
    """An app serving the database at ``db``; read-only unless ``write_token`` is given."""
    from . import api, pages

    app = FastAPI(title="Rasad", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json",
                  redoc_url=None)
    app.state.db = db
    app.state.write_token = write_token
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
