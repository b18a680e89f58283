"""``rasad process`` and ``rasad load``: thin layers over :func:`rasad.process.process` and
:func:`rasad.store.load.load`."""
from __future__ import annotations

import sys

import click
from tqdm import tqdm

from ..errors import RasadError


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise click.ClickException("Parquet output needs pyarrow: pip install 'rasad[parquet]'") from None


@click.command("process")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (default: CPU count).")
@click.option("--ray-address", default=None, help="Join this Ray cluster (e.g. 10.0.0.5:6379, or auto).")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1),
              help="Records per batch (row group) in a worker.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-failure lines.")
def process_cmd(inputs: tuple[str, ...], out_dir: str, engine: str, workers: int | None, ray_address: str | None,
                batch_size: int, quiet: bool) -> None:
    """Run the pipeline over files, folders, globs, JSON Lines and WARC files into Parquet datasets.

    Writes articles, entity_mentions, entities, quotes, events and failures
    under OUT (docs/scale.md). Re-running skips the shards already done.
    """
    from . import process

    _need_pyarrow()
    bar = tqdm(total=0, unit="shard", disable=quiet or None, file=sys.stderr)

    def on_plan(n: int) -> None:
        bar.total = n
        bar.refresh()

    def on_shard(_shard, counts) -> None:
        articles["n"] += counts.get("articles", 0)
        bar.set_postfix(articles=articles["n"], refresh=False)
        bar.update()

    articles = {"n": 0}
    try:
        report = process(list(inputs), out_dir, engine=engine, workers=workers, batch_size=batch_size,
                         ray_address=ray_address, on_shard=on_shard, on_plan=on_plan)
    except (ValueError, RuntimeError) as e:
        raise click.ClickException(str(e)) from None
    except KeyboardInterrupt:
        click.echo("\ninterrupted: completed shards are in the manifest; run the same command again to finish",
                   err=True)
        sys.exit(130)
    finally:
        bar.close()
    if not quiet:
        for err in report.errors:
            click.echo(f"error: {err}", err=True)
    click.echo(f"{report.summary()} (output: {out_dir})")
    if report.errors:
        sys.exit(1)


@click.command("load")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help="Database file (default: $RASAD_DB or ./rasad.db).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def load_cmd(out_dir: str, db: str | None, quiet: bool) -> None:
    """Bulk-load the Parquet datasets of `rasad process` into the database (idempotent with ingest)."""
    from ..store import Store, default_db_path
    from ..store.load import load
    from .shards import read_manifest

    _need_pyarrow()
    total = sum(e["counts"].get("articles", 0) for e in read_manifest(out_dir).values())
    try:
        with Store(db or default_db_path()) as store, \
                tqdm(total=total, unit="article", disable=quiet or None, file=sys.stderr) as bar:
            report = load(out_dir, store, on_batch=bar.update)
    except RasadError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{report.summary()} (database: {store.path})")
