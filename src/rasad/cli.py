"""The ``rasad`` command: a thin layer over the library.

Exit codes: 0 success; 1 some inputs failed (each failure printed as one
line and stored in the ``failures`` table); 2 usage error; 4 not found.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from . import __version__
from .article import Article
from .entities_cli import entities as entities_cmd
from .entities_cli import entity as entity_cmd
from .errors import RasadError
from .events_cli import events_cmd
from .fetch import PoliteClient, fetch_all, follower
from .ingest import IngestReport, ingest, interrupt_between_items, store_items
from .ner_cli import ner_cmd as ner_cmd
from .normalize import normalize_text
from .process.cli import load_cmd, process_cmd
from .quotes_cli import quotes_cmd
from .readers import iter_paths
from .store import Store, default_db_path
from .stories_cli import stories_cmd
from .web.cli import serve_cmd

SAMPLE = Path(__file__).parent / "sample" / "defapress_620924.txt"
DB_OPTION = click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")


def _store(db: str | None) -> Store:
    try:
        return Store(db or default_db_path())
    except RasadError as e:
        raise click.ClickException(str(e)) from None


@click.group()
@click.version_option(__version__, prog_name="rasad")
def main() -> None:
    """Rasad (رصد): structured, searchable knowledge from Persian news."""


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--follow", is_flag=True, help="For feed files: fetch and extract each item's linked page.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-failure lines.")
def ingest_cmd(paths: tuple[str, ...], db: str | None, follow: bool, quiet: bool) -> None:
    """Ingest files, folders, globs or - (stdin): text, JSON, JSON Lines, HTML, WARC, RSS/Atom."""
    files = list(iter_paths(list(paths)))
    with _store(db) as store, tqdm(total=len(files), unit="file", disable=quiet or None, file=sys.stderr) as bar:
        client = PoliteClient() if follow else None
        try:
            with interrupt_between_items():
                report = ingest(files, store, on_file=lambda _p: bar.update(),
                                follow=follower(store, client) if client else None)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: the batch in flight was rolled back; run the same command again to finish",
                       err=True)
            sys.exit(130)
        finally:
            if client:
                client.close()
    _finish(report, store, quiet)


def _finish(report: IngestReport, store: Store, quiet: bool) -> None:
    if not quiet:
        for err in report.failures:
            click.echo(f"error: {err}", err=True)
    click.echo(f"{report.summary()} (database: {store.path})")
    if report.failures:
        sys.exit(1)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@DB_OPTION
@click.option("--follow", is_flag=True, help="For feeds: fetch and extract each item's linked page.")
@click.option("--refetch", is_flag=True, help="Fetch again even when the page is stored.")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0),
              help="Seconds between requests to one host.")
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per request.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10))
@click.option("--max-bytes", default=10 * 2**20, show_default=True, type=click.IntRange(1024), help="Largest response.")
@click.option("--quiet", "-q", is_flag=True, help="No per-failure lines.")
def fetch(urls: tuple[str, ...], db: str | None, follow: bool, refetch: bool, delay: float, timeout: float,
          retries: int, max_bytes: int, quiet: bool) -> None:
    """Fetch pages or feeds politely, store the raw pages, extract and store the articles."""
    client = PoliteClient(host_delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes)
    with _store(db) as store, client:
        report = store_items(fetch_all(list(urls), store, follow=follow, client=client, refetch=refetch), store)
    _finish(report, store, quiet)


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--agency", default=None, help="Only this agency.")
@click.option("--since", default=None, help="Published on or after (ISO date).")
@click.option("--until", default=None, help="Published on or before (ISO date).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def search(query: str, db: str | None, limit: int, offset: int, agency: str | None, since: str | None,
           until: str | None, as_json: bool) -> None:
    """Full-text search; «قره باغ», «قرهباغ» and «قره‌باغ» find the same articles."""
    with _store(db) as store:
        try:
            result = store.search(query, limit=limit, offset=offset, agency=agency, since=since, until=until)
        except RasadError as e:
            raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps({"query": query, "total": result.total, "hits": [
            {"id": h.id, "news_id": h.news_id, "agency": h.agency, "title": h.title, "published": h.published,
             "score": round(h.score, 4), "snippet": h.snippet.text, "highlights": h.snippet.highlights}
            for h in result.hits]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.total} result(s) for «{query}»")
    for h in result.hits:
        meta = " · ".join(x for x in (h.agency, (h.published or "")[:10], f"id {h.id}",
                                      f"news id {h.news_id}" if h.news_id else "") if x)
        click.echo(f"\n{h.title or '(untitled)'}\n  {meta}\n  {h.snippet.marked('[', ']')}")


@main.command()
@click.argument("ident")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON.")
def show(ident: str, db: str | None, as_json: bool) -> None:
    """Show one article by internal id or agency news id."""
    with _store(db) as store:
        try:
            art = store.get(ident)
        except KeyError as e:
            click.echo(f"error: {e.args[0]}", err=True)
            sys.exit(4)
    if as_json:
        click.echo(json.dumps(art.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(art))


def render(art: Article) -> str:
    """A readable plain-text view of an article."""
    lines = []
    if art.surtitle:
        lines.append(art.surtitle)
    lines.append(f"# {art.title or '(untitled)'}")
    if art.lead:
        lines += ["", art.lead]
    meta = [("agency", art.agency), ("desk", art.desk), ("news id", art.news_id), ("author", art.author),
            ("published", art.published), ("published (Jalali)", art.published_jalali), ("url", art.url),
            ("tags", "، ".join(art.tags) if art.tags else None), ("end marker", art.end_marker),
            ("source", art.source.ref)]
    lines += [""] + [f"{k}: {v}" for k, v in meta if v]
    lines += [""] + [p + "\n" for p in art.body]
    lines += _render_annotations(art)
    dates = art.spans.get("dates", [])
    if dates:
        lines.append("dates mentioned:")
        lines += [f"  {art.text[d.start:d.end]} → {d.data.get('value')} ({d.label})" for d in dates]
    if art.notes:
        lines += ["notes:"] + [f"  {n}" for n in art.notes]
    return "\n".join(lines).rstrip()


def _render_annotations(art: Article) -> list[str]:
    lines = []
    if art.entities:
        lines.append("entities:")
        for e in art.entities:
            roles = "، ".join(dict.fromkeys(r["text"] for r in e.get("roles", [])))
            code = "/".join(x for x in (e.get("country"), e.get("sector")) if x)
            name = e.get("name") or (e.get("roles") or [{}])[0].get("text") or "?"
            lines.append(f"  {e['type']} {name}" + (f" [{code}]" if code else "") + (f" — {roles}" if roles else "")
                         + f" ({len(e.get('mentions', []))} mentions)")
    quotes = art.spans.get("quotes", [])
    if quotes:
        lines.append("quotes:")
        for q in quotes:
            d = q.data
            s, e = d.get("content") or (q.start, q.end)
            content = art.text[s:e]
            content = content if len(content) <= 120 else content[:117] + "…"
            speaker = d.get("speaker_name") or d.get("speaker_text") or "?"
            lines.append(f"  {speaker} ({q.label}, {d.get('verb')}): {content}")
    events = art.spans.get("events", [])
    if events:
        lines.append("events:")
        for ev in events:
            d = ev.data

            def who(p):
                return (p or {}).get("name") or (p or {}).get("entity_text") or "?"

            where = (d.get("location") or {}).get("text")
            date = (d.get("date") or {}).get("value")
            flags = [f for f in ("negated", "planned") if d.get(f)]
            lines.append(f"  {ev.label}/{d.get('mode') or '-'}: {who(d.get('actor'))} → {who(d.get('recipient'))}"
                         + (f" @ {where}" if where else "") + (f" on {date}" if date else "")
                         + (f" [{', '.join(flags)}]" if flags else ""))
    return lines


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="File (default stdout).")
def export(db: str | None, fmt: str, out: str | None) -> None:
    """Export every article, every field, one JSON object per line."""
    stream = open(out, "w", encoding="utf-8") if out else sys.stdout
    n = 0
    try:
        with _store(db) as store:
            for art in store.iter_articles():
                stream.write(json.dumps(art.to_dict(), ensure_ascii=False) + "\n")
                n += 1
    finally:
        if out:
            stream.close()
    if out:
        click.echo(f"{n} article(s) written to {out}", err=True)


@main.command()
def normalize() -> None:
    """Normalize stdin to stdout, line by line (one output line per input line)."""
    out = sys.stdout.buffer
    for raw in sys.stdin.buffer:
        line = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="surrogateescape")
        text = normalize_text(line).replace("\n", " ")
        out.write(text.encode("utf-8", errors="surrogateescape") + b"\n")
    out.flush()


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def stats(db: str | None, as_json: bool) -> None:
    """Counts: articles, agencies, date range, failures with their reasons."""
    with _store(db) as store:
        s = store.stats()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    click.echo(f"database: {s['database']}\narticles: {s['articles']}")
    lo, hi = s["published"]
    if lo:
        click.echo(f"published: {lo[:10]} … {hi[:10]}")
    for agency, n in list(s["agencies"].items())[:15]:
        click.echo(f"  {agency}: {n}")
    click.echo(f"failures: {s['failures']}")
    for code, n in s["failures_by_code"].items():
        click.echo(f"  {code}: {n}")
    for f in s["recent_failures"]:
        click.echo(f"  [{f['code']}] {f['source']}: {f['message']}")


@main.command()
@DB_OPTION
@click.option("--query", default="قره باغ", show_default=True)
def demo(db: str | None, query: str) -> None:
    """Ingest the bundled sample article, then search it and show it."""
    sample = str(SAMPLE)
    db = db or "rasad-demo.db"
    with _store(db) as store:
        report = ingest([sample], store)
    click.echo(f"$ rasad ingest {sample} --db {db}\n{report.summary()}\n")
    ctx = click.get_current_context()
    click.echo(f"$ rasad search «{query}» --db {db}")
    ctx.invoke(search, query=query, db=db, limit=10, offset=0, agency=None, since=None, until=None, as_json=False)
    click.echo(f"\n$ rasad show 620924 --db {db}")
    ctx.invoke(show, ident="620924", db=db, as_json=False)

main.add_command(entities_cmd)
main.add_command(entity_cmd)
main.add_command(events_cmd)
main.add_command(quotes_cmd)
main.add_command(ner_cmd)
main.add_command(serve_cmd)
main.add_command(process_cmd)
main.add_command(load_cmd)
main.add_command(stories_cmd)

if __name__ == "__main__":
    main()
