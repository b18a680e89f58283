"""The CLI, run in process."""
import json

from click.testing import CliRunner
from conftest import SEED

from rasad.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_ingest_search_show_export_stats(tmp_path):
    db = str(tmp_path / "cli.db")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = run("ingest", str(SEED), "tests/fixtures/json/fars_style.json", str(empty), "--db", db)
    assert r.exit_code == 1  # one input failed
    assert "3 ingested" in r.output and "1 failed" in r.output
    assert f"[R101] {empty}: empty file" in r.output

    r = run("search", "قرهباغ", "--db", db)
    assert r.exit_code == 0 and "1 result(s)" in r.output and "[قره‌باغ]" in r.output

    r = run("search", "قره باغ", "--db", db, "--json")
    data = json.loads(r.output)
    assert data["total"] == 1 and data["hits"][0]["news_id"] == "620924"

    r = run("show", "620924", "--db", db)
    assert r.exit_code == 0 and "# زبان صلح و امنیت" in r.output and "published: 2023-10-04T23:23:00+03:30" in r.output
    internal = data["hits"][0]["id"]
    assert run("show", str(internal), "--db", db).output == r.output
    r = run("show", "999999999", "--db", db)
    assert r.exit_code == 4 and "no article" in r.output

    out = tmp_path / "all.jsonl"
    r = run("export", "--format", "jsonl", "--out", str(out), "--db", db)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    rec = next(json.loads(x) for x in lines if json.loads(x)["news_id"] == "620924")
    for key in ("surtitle", "title", "lead", "body", "agency", "desk", "news_id", "author", "tags", "url",
                "published", "published_jalali", "end_marker", "content_hash", "version", "raw", "text"):
        assert key in rec

    r = run("stats", "--db", db)
    assert "articles: 3" in r.output and "failures: 1" in r.output and "R101" in r.output


def test_normalize_line_by_line():
    r = run("normalize", input="علي اكبر\n\nمي\u200cگويد\r\nسه\rچهار\n")
    assert r.output.split("\n") == ["علی اکبر", "", "می\u200cگوید", "سه چهار", ""]


def test_ingest_stdin(tmp_path):
    db = str(tmp_path / "stdin.db")
    r = run("ingest", "-", "--db", db, input=SEED.read_text(encoding="utf-8"))
    assert r.exit_code == 0 and "1 ingested" in r.output


def test_demo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("demo")
    assert r.exit_code == 0
    assert "1 result(s)" in r.output and "news id: 620924" in r.output


def test_every_command_has_help():
    for cmd in main.commands:
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.output
