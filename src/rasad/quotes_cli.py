"""``rasad quotes``: who said what, from the stored articles.

Registered in the main group by :mod:`rasad.cli`. Exit codes: 0 success, 2
usage error.
"""
from __future__ import annotations

import json
import re

import click

from .errors import RasadError
from .store import Store, default_db_path
from .store.quotes import list_quotes


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter("expected an ISO date such as 2023-10-01")
    return value


@click.command("quotes")
@click.option("--speaker", default=None, help="Speaker name, surname or alias.")
@click.option("--since", default=None, callback=_since, help="Only articles published on or after this date.")
@click.option("--limit", type=int, default=None, help="At most this many quotes.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
def quotes_cmd(speaker: str | None, since: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """List stored quotes: date, speaker, role, verb and what was said."""
    try:
        store = Store(db or default_db_path())
    except RasadError as e:
        raise click.ClickException(str(e)) from None
    with store:
        rows = list_quotes(store, speaker=speaker, since=since, limit=limit)
    for q in rows:
        if fmt == "jsonl":
            click.echo(json.dumps(q, ensure_ascii=False))
        else:
            who = q["speaker_name"] or "?"
            if q["role"] and q["role"] != who:
                who += f" ({q['role']})"
            content = q["content"] if len(q["content"]) <= 100 else q["content"][:99] + "…"
            click.echo(f"{(q['published'] or '-')[:10]}\t{q['news_id'] or q['article_id']}\t{who}\t"
                       f"{q['verb']} [{q['kind']}]\t{content}")
    if fmt == "table" and not rows:
        click.echo("no quotes", err=True)


__all__ = ["quotes_cmd"]
