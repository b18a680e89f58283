"""``rasad serve``: run the explorer with Uvicorn."""
from __future__ import annotations

import click


@click.command("serve")
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Uvicorn worker processes.")
def serve_cmd(db: str | None, host: str, port: int, workers: int) -> None:
    """Serve the JSON API (/api) and the web interface (/), read-only."""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as e:
        raise click.ClickException(f"rasad serve needs the web extra: pip install 'rasad[web]' ({e})") from e
    from ..errors import RasadError
    from ..store.db import default_db_path

    path = db or default_db_path()
    try:
        create_app(path)  # fails early, with the reason, when there is no database
    except RasadError as e:
        raise click.ClickException(str(e)) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach it can read the database", err=True)
    if workers == 1:
        uvicorn.run(create_app(path), host=host, port=port, log_level="warning")
    else:
        import os

        os.environ["RASAD_SERVE_DB"] = path
        uvicorn.run("rasad.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
