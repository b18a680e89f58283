"""The ASGI application: JSON API under ``/api``, web pages at ``/``, static files at ``/static``.

Safety (docs/web.md): read-only (GET and HEAD only, anything else 405; there is no write endpoint);
request bodies over :data:`MAX_BODY` bytes get 413; every response carries :data:`SECURITY_HEADERS`
(a Content-Security-Policy allowing only the app's own scripts, styles and images, nosniff, no referrer,
no framing). Errors under ``/api`` are JSON ``{"error": code, "message": text}``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .queries import NotFound, QueryError

HERE = Path(__file__).parent
MAX_BODY = 16 * 1024
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
       " base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
READ_METHODS = ("GET", "HEAD")


def create_app(db: str) -> FastAPI:
    """An app serving the database at ``db`` (raises ``StorageError`` R301 if there is none)."""
    from . import api, pages
    from .deps import open_checked

    open_checked(db)
    app = FastAPI(title="Rasad", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON API over a Rasad database: articles, entities, quotes, events.")
    app.state.db = db
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(NotFound, _query_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(Guard)
    return app


class Guard:
    """ASGI middleware: method and body-size limits, and the security headers on every response."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in READ_METHODS:
            await _plain(send, 405, "method_not_allowed", f"{method} is not allowed: this server is read-only",
                         [(b"allow", b"GET, HEAD")])
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await _plain(send, 413, "too_large", f"request body over {MAX_BODY} bytes")
            return
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def guarded_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, guarded_send)


async def _plain(send: Any, status: int, code: str, message: str, extra: list | None = None) -> None:
    import json

    body = json.dumps({"error": code, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(extra or []), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _error(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
    if request.url.path.startswith("/api") or request.url.path.startswith("/static"):
        return JSONResponse({"error": code, "message": message, **extra}, status_code=status)
    from . import pages

    render = getattr(pages, "error_response", None)  # the pages' own error page, if they have one
    if render is not None:
        return render(request, status, code, message)
    return PlainTextResponse(f"{status} {message}", status_code=status)


async def _query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, (QueryError, NotFound))
    extra = {"candidates": exc.candidates} if getattr(exc, "candidates", None) else {}
    return _error(request, exc.status, exc.code, exc.message, **extra)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return _error(request, 422, "bad_parameter", "; ".join(parts) or "invalid parameters")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    message = "not found" if exc.status_code == 404 else str(exc.detail)
    return _error(request, exc.status_code, code, message)


async def _server_error(request: Request, exc: Exception) -> Response:
    # runs outside Guard (Starlette's outermost middleware), so the headers are added here
    response = _error(request, 500, "internal", f"internal error ({type(exc).__name__})")
    for name, value in SECURITY_HEADERS:
        response.headers[name.decode()] = value.decode()
    return response


def app_from_env() -> FastAPI:
    """Factory for ``rasad serve --workers N`` (each Uvicorn worker builds its app from ``$RASAD_SERVE_DB``)."""
    import os

    return create_app(os.environ["RASAD_SERVE_DB"])
