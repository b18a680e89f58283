"""rasad process: shards, the local engine, Parquet output, the manifest and resume."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from rasad.article import Article  # noqa: E402
from rasad.pipeline import default_pipeline  # noqa: E402
from rasad.process import DATASETS, process  # noqa: E402
from rasad.process.shards import plan, read_manifest, read_shard  # noqa: E402
from rasad.readers import iter_paths, read_file  # noqa: E402
from rasad.store.db import article_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "src" / "rasad" / "sample" / "defapress_620924.txt"


def warc_record(uri: str, status: int, html: bytes, date: str) -> bytes:
    """One WARC response record, written by hand (WARC/1.0: headers, blank line, block, two CRLFs)."""
    http = (f"HTTP/1.1 {status} OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(html)}\r\n\r\n"
            ).encode() + html
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def make_corpus(root: Path) -> list[str]:
    """Text files, a JSON Lines file (with a bad line), a WARC archive and an empty file."""
    text = root / "text"
    text.mkdir()
    for name in ("fars_no_surtitle.txt", "irna_crlf.txt", "mehr_chrome.txt"):
        (text / name).write_bytes((FIXTURES / "text" / name).read_bytes())
    (text / "empty.txt").write_bytes(b"")
    lines = (FIXTURES / "json" / "fars_style.jsonl.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for copy in range(2):
        for line in lines:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:  # the fixture's cut-off line: kept once
                out += [line] if copy == 0 else []
                continue
            if rec.get("link") and copy:
                rec["link"] = re.sub(r"(\d{6,})", r"\g<1>1", rec["link"])  # another news id
            rec["title"] += f" ({copy})"
            out.append(json.dumps(rec, ensure_ascii=False))
    out.insert(3, "{not json")
    out.insert(5, "")
    (root / "news.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    pages = [("https://www.tasnimnews.com/fa/news/1402/07/12/1", FIXTURES / "html" / "tasnim.html"),
             ("https://www.isna.ir/news/1402071208/", FIXTURES / "html" / "nastooh_isna.html")]
    warc = b"".join(warc_record(uri, 200, path.read_bytes(), "2023-10-04T15:23:00Z") for uri, path in pages)
    warc += warc_record("https://www.isna.ir/missing", 404, b"<html>gone</html>", "2023-10-04T15:24:00Z")
    (root / "crawl.warc").write_bytes(warc)
    return [str(SAMPLE), str(text), str(root / "news.jsonl"), str(root / "crawl.warc")]


def reference(inputs: list[str]) -> tuple[dict[str, dict], list[str]]:
    """What the single-article path makes of the inputs: records by key, and failure sources."""
    pipeline = default_pipeline()
    records, failures = {}, []
    for path in iter_paths(inputs):
        for item in pipeline.pipe(read_file(path)):
            if isinstance(item, Article):
                records[article_key(item)] = item.to_dict()
            else:
                failures.append(item.source)
    return records, failures


def table(out: Path, dataset: str) -> list[dict]:
    rows = []
    for path in sorted((out / dataset).glob("*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    inputs = make_corpus(root)
    return root, inputs, reference(inputs)


def test_shards_cover_every_record_once_with_file_line_numbers(corpus):
    root, inputs, _ = corpus
    shards = list(plan(inputs, shard_lines=3))
    jsonl = [s for s in shards if s.units[0].path.endswith(".jsonl")]
    assert len(jsonl) == 3 and [s.units[0].first_line for s in jsonl] == [1, 4, 7]
    by_shards = [x.source.ref if isinstance(x, Article) else x.source for s in shards for x in read_shard(s)]
    whole = [x.source.ref if isinstance(x, Article) else x.source for p in iter_paths(inputs) for x in read_file(p)]
    assert by_shards == whole  # same records, same order, same refs (path#line) as reading whole files
    assert len({s.id for s in shards}) == len(shards) and [s.seq for s in shards] == list(range(len(shards)))


def test_local_engine_outputs(corpus, tmp_path):
    root, inputs, (expected, failed) = corpus
    out = tmp_path / "out"
    report = process(inputs, str(out), workers=2, shard_lines=3)
    assert report.counts["articles"] == len(expected) and not report.errors
    assert {p.name for p in out.iterdir()} == {*DATASETS, "_manifest.jsonl", "_lock"}
    manifest = read_manifest(str(out))
    assert len(manifest) == report.shards
    for name in DATASETS:  # one file per shard per dataset
        assert sorted(p.stem for p in (out / name).iterdir()) == sorted(manifest)
    articles = table(out, "articles")
    assert sorted(a["key"] for a in articles) == sorted(expected)
    for a in articles:
        assert json.loads(a["record"]) == expected[a["key"]]
        assert a["source"] == Article.from_dict(expected[a["key"]]).source.ref
    assert {a["format"] for a in articles} == {"text", "jsonl", "warc"}
    assert sum(1 for a in articles if a["format"] == "warc") == 2
    failures = table(out, "failures")
    assert sorted(f["source"] for f in failures) == sorted(failed)
    bad = next(f for f in failures if f["source"].endswith("news.jsonl#4"))
    assert bad["code"] == "R203" and "\n" not in bad["message"]
    assert any(f["code"] == "R101" and f["source"].endswith("empty.txt") for f in failures)
    # the side datasets hold exactly the article spans
    mentions = table(out, "entity_mentions")
    assert len(mentions) == sum(len(r["spans"].get("mentions", [])) for r in expected.values()) > 0
    m = mentions[0]
    assert json.loads(next(a["record"] for a in articles if a["key"] == m["key"]))["text"][m["start"]:m["end"]] \
        == m["surface"]
    assert len(table(out, "entities")) == sum(len(r["entities"]) for r in expected.values())
    quotes = table(out, "quotes")
    assert len(quotes) == sum(len(r["spans"].get("quotes", [])) for r in expected.values()) > 0
    assert len(table(out, "events")) == sum(len(r["spans"].get("events", [])) for r in expected.values())
    assert all(q["content"] for q in quotes)


def test_rerun_skips_completed_shards(corpus, tmp_path):
    _, inputs, (expected, _) = corpus
    out = tmp_path / "out"
    first = process(inputs, str(out), workers=1, shard_lines=3)
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = process(inputs, str(out), workers=1, shard_lines=3)
    assert again.shards == 0 and again.skipped == first.shards
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == stamp
    assert len(table(out, "articles")) == len(expected)


def test_resume_after_kill_loses_and_duplicates_nothing(corpus, tmp_path):
    _, inputs, (expected, failed) = corpus
    out = tmp_path / "out"
    code = f"import sys, rasad.process as p; p.process(sys.argv[1:], {str(out)!r}, workers=2, shard_lines=3)"
    env = {**os.environ, "RASAD_PROCESS_EXIT_AFTER": "2"}
    run = subprocess.run([sys.executable, "-c", code, *inputs], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 75, run.stderr
    assert len(read_manifest(str(out))) == 2  # killed part-way (workers still busy may have left files)
    report = process(inputs, str(out), workers=2, shard_lines=3)
    assert report.skipped == 2 and report.shards == len(list(plan(inputs, shard_lines=3))) - 2 > 0
    keys = [a["key"] for a in table(out, "articles")]
    assert sorted(keys) == sorted(expected)  # each article exactly once
    assert sorted(f["source"] for f in table(out, "failures")) == sorted(failed)
    assert not list(out.rglob("*.tmp"))


def test_manifest_ignores_a_line_cut_short(corpus, tmp_path):
    _, inputs, (expected, _) = corpus
    out = tmp_path / "out"
    process(inputs, str(out), workers=1, shard_lines=3)
    manifest = out / "_manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]) + lines[-1][:25], encoding="utf-8")  # the last append was cut by a kill
    report = process(inputs, str(out), workers=1, shard_lines=3)
    assert report.shards == 1 and report.skipped == len(lines) - 1
    assert sorted(a["key"] for a in table(out, "articles")) == sorted(expected)
    assert all(json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines())


def test_output_folder_inside_an_input_folder_is_not_read(corpus, tmp_path):
    root, _, _ = corpus
    (tmp_path / "news.jsonl").write_bytes((root / "news.jsonl").read_bytes())
    out = tmp_path / "out"
    first = process([str(tmp_path)], str(out), workers=1)
    again = process([str(tmp_path)], str(out), workers=1)
    assert first.counts["articles"] == 6 and first.counts["failures"] == 2  # the two bad lines
    assert again.shards == 0 and not again.errors
    assert all("/out/" not in f["source"] for f in table(out, "failures"))


def test_one_run_per_output_folder(corpus, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    _, inputs, _ = corpus
    out = tmp_path / "out"
    out.mkdir()
    with open(out / "_lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run holds the folder
        with pytest.raises(ValueError, match="another rasad process is writing"):
            process(inputs, str(out), workers=1)
    assert not (out / "articles").exists()


def test_cli_process(corpus, tmp_path):
    from click.testing import CliRunner

    from rasad.cli import main

    _, inputs, (expected, failed) = corpus
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["process", *inputs, "--out", str(out), "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} articles, {len(failed)} failed records" in result.output
    assert len(table(out, "articles")) == len(expected)
    result = CliRunner().invoke(main, ["process", "-", "--out", str(out)])
    assert result.exit_code == 1 and "not stdin" in result.output
