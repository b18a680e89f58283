"""``rasad serve``: run the explorer with Uvicorn."""
from __future__ import annotations

import click


@click.command("serve")
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve_cmd(db: str | None, host: str, port: int) -> None:
    """Serve the JSON API and the web interface (read-only)."""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as e:
        raise click.ClickException(f"rasad serve needs the web extra: pip install 'rasad[web]' ({e})") from e
    from ..store.db import default_db_path

    uvicorn.run(create_app(db or default_db_path()), host=host, port=port, log_level="info")
