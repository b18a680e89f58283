"""``rasad entities`` and ``rasad entity``: canonical entities across articles.

Registered in the main group by :mod:`rasad.cli`. Exit codes as there: 0
success, 2 usage error, 4 unknown (or ambiguous) entity.
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any

import click

from .errors import RasadError
from .store import Store, default_db_path
from .store.entities import AmbiguousEntity, UnknownEntity, get_entity, list_entities

DB_OPTION = click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="JSON output.")


def _store(db: str | None) -> Store:
    try:
        return Store(db or default_db_path())
    except RasadError as e:
        raise click.ClickException(str(e)) from None


def _date(value: str | None) -> str:
    return (value or "")[:10] or "-"


def _codes(e: dict[str, Any]) -> str:
    return "/".join(x for x in (e.get("country"), e.get("sector")) if x) or "-"


def _check_since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?", value):
        raise click.BadParameter("expected an ISO date such as 2023-10-01")
    return value


@click.command("entities")
@click.option("--type", "etype", default=None, metavar="PER|ORG|LOC", help="Only this entity type.")
@click.option("--top", default=None, type=click.IntRange(1), help="At most N entities (most articles first).")
@click.option("--since", default=None, callback=_check_since,
              help="Count only articles published on or after this ISO date.")
@JSON_OPTION
@DB_OPTION
def entities(etype: str | None, top: int | None, since: str | None, as_json: bool, db: str | None) -> None:
    """Canonical entities (people, organisations, places) across articles, most articles first."""
    with _store(db) as store:
        rows = list_entities(store, type=etype, top=top, since=since)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no entities")
        return
    click.echo(f"{'articles':>8}  {'type':<5} {'country/sector':<14} {'first seen':<10}  {'last seen':<10}  name")
    for e in rows:
        name = e["name"] + (" (surname only)" if e["surname_only"] else "")
        click.echo(f"{e['articles']:>8}  {e['type']:<5} {_codes(e):<14} {_date(e['first_seen']):<10}"
                   f"  {_date(e['last_seen']):<10}  {name}")


@click.command("entity")
@click.argument("name")
@JSON_OPTION
@DB_OPTION
def entity(name: str, as_json: bool, db: str | None) -> None:
    """One canonical entity by name, alias or #id: aliases, roles over time, articles by month, co-mentions."""
    with _store(db) as store:
        try:
            d = get_entity(store, name)
        except (UnknownEntity, AmbiguousEntity) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(4)
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    click.echo(render_entity(d))


def render_entity(d: dict[str, Any]) -> str:
    """A readable plain-text view of :func:`rasad.store.entities.get_entity`'s result."""
    kind = ", surname only" if d["surname_only"] else ""
    lines = [f"{d['name']}  ({d['type']}{kind} · {_codes(d)} · #{d['id']})",
             f"articles: {d['articles']} · mentions: {d['mentions']} · first seen {_date(d['first_seen'])}"
             f" · last seen {_date(d['last_seen'])}"]
    if d.get("candidates"):
        lines.append("may be: " + "; ".join(f"#{c['id']} {c['name']}" for c in d["candidates"]))
    if d["names"]:
        lines.append("names: " + "، ".join(f"{n['name']} ({n['articles']})" for n in d["names"]))
    others = [a for a in d["aliases"] if a["alias"] not in {n["name"] for n in d["names"]}]
    if others:
        lines.append("aliases: " + "، ".join(f"{a['alias']} ({a['articles']})" for a in others))
    if d["roles"]:
        lines.append("roles:")
        for r in d["roles"]:
            where = ", ".join(x for x in (r["org"], r["country"]) if x)
            lines.append(f"  {_date(r['first_date'])} … {_date(r['last_date'])}  {r['count']:>5}×  {r['role']}"
                         + (f" ({where})" if where else ""))
    if d["by_month"]:
        lines.append("articles by month:")
        lines += [f"  {m}  {n}" for m, n in d["by_month"].items()]
    if d["co_mentioned"]:
        lines.append("most co-mentioned:")
        lines += [f"  {c['articles']:>5}  {c['name']} ({c['type']}, #{c['id']})" for c in d["co_mentioned"]]
    return "\n".join(lines)


COMMANDS = (entities, entity)

__all__ = ["COMMANDS", "entities", "entity", "render_entity"]
