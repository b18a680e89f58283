"""``rasad events``: list stored events as a table, JSON Lines or PLOVER JSONL.

Registered in the main CLI with ``main.add_command(events_cmd)``.
"""
from __future__ import annotations

import json

import click

from .article import Article, Span
from .plover import to_plover

FORMATS = ("table", "jsonl", "plover")


def _short(p: dict | None, width: int = 28) -> str:
    if not p:
        return "-"
    text = p.get("name") or p.get("entity_text") or "-"
    code = f" [{p['code']}]" if p.get("code") else ""
    return (text[:width] + ("…" if len(text) > width else "")) + code


@click.command("events")
@click.option("--actor", default=None, help="ISO3 code (actor or recipient) or a name/alias.")
@click.option("--type", "type_", default=None, help="PLOVER event type (CONSULT, AGREE, ...).")
@click.option("--since", default=None, help="Event date on or after (ISO date).")
@click.option("--until", default=None, help="Event date on or before (ISO date).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
def events_cmd(actor: str | None, type_: str | None, since: str | None, until: str | None, fmt: str,
               db: str | None) -> None:
    """Events coded from stored articles (PLOVER types), oldest first."""
    from .store import Store
    from .store.db import default_db_path
    from .store.events import list_events

    with Store(db or default_db_path()) as store:
        rows = list_events(store, actor=actor, type=type_, since=since, until=until)
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if fmt == "plover":
        for r in rows:
            art = Article(source=_source(r), raw="", text="", news_id=r["news_id"], agency=r["agency"],
                          title=r["title"], url=r["url"], published=r["published"])
            span = Span(r["start"], r["end"], r["type"], r["record"])
            rec = to_plover(art, span, r["idx"])
            rec["event_text"] = [r["evidence"]]
            click.echo(json.dumps(rec, ensure_ascii=False))
        return
    if not rows:
        click.echo("no events")
        return
    for r in rows:
        d = r["record"]
        flags = ("planned " if r["planned"] else "") + ("negated " if r["negated"] else "")
        date = (r["date"] or "-") + ("*" if r["date_flag"] else "")
        place = f" @ {r['location']}" + (f" [{r['country']}]" if r["country"] else "") if r["location"] else ""
        click.echo(f"{date:<11} {r['type']:<9} {(r['mode'] or ''):<12} {_short(d.get('actor'))} → "
                   f"{_short(d.get('recipient'))}{place} {flags}"
                   f"({r['confidence']:.2f}, {r['news_id'] or r['article_id']})")
    click.echo("* date of publication (the sentence gives none)")


def _source(r: dict):
    from .article import Source

    return Source(path=r.get("url") or str(r["article_id"]))


__all__ = ["events_cmd"]
