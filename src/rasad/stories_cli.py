"""``rasad stories``: story clusters (the same story from several articles or agencies).

Groups the stored articles not grouped yet (:func:`rasad.store.stories.update_stories`),
then lists the stories. Registered in the main group by :mod:`rasad.cli`. Exit codes:
0 success, 1 database error, 2 usage error.
"""
from __future__ import annotations

import json
import re

import click

from .errors import RasadError
from .store import Store, default_db_path
from .store.stories import list_stories, list_story_events, update_stories


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter("expected an ISO date such as 2023-10-01")
    return value


@click.command("stories")
@click.option("--since", default=None, callback=_date, help="Stories with an article on or after this date.")
@click.option("--until", default=None, callback=_date, help="Stories with an article on or before this date.")
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only stories of at least this many articles.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many stories.")
@click.option("--rebuild", is_flag=True, help="Regroup every stored article instead of only the new ones.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story, with its articles and events.")
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
def stories_cmd(since: str | None, until: str | None, min_size: int, limit: int | None, rebuild: bool,
                as_json: bool, db: str | None) -> None:
    """List story clusters, newest first: size, first and last publish time, agencies, title."""
    try:
        with Store(db or default_db_path()) as store:
            grouped = update_stories(store, rebuild=rebuild)
            if grouped:
                click.echo(f"grouped {grouped} article(s)", err=True)
            rows = list_stories(store, since=since, until=until, min_size=min_size, limit=limit)
            if as_json:
                for story in rows:
                    story["events"] = list_story_events(store, story_id=story["story_id"])
    except RasadError as e:
        raise click.ClickException(str(e)) from None
    for story in rows:
        if as_json:
            click.echo(json.dumps(story, ensure_ascii=False))
        else:
            span = f"{(story['first'] or '-')[:16]} .. {(story['last'] or '-')[:16]}"
            click.echo(f"{story['story_id']}\t{story['size']}\t{span}\t{'، '.join(story['agencies']) or '-'}\t"
                       f"{story['title'] or ''}")
    if not rows and not as_json:
        click.echo("no stories", err=True)


__all__ = ["stories_cmd"]
