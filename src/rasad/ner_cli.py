"""``rasad ner``: named entities from standard input (see docs/ner.md).

``--format conll`` reads one token per line (columns after the first TAB, or
after the first white space when the line has no TAB, are ignored; a blank
line ends a sentence) and writes ``token<TAB>BIO-tag`` lines with a blank line
between sentences. This is the path the model is evaluated through
(``bench/ner_eval.py``).

``--format jsonl`` reads lines of text, or JSON objects with a ``"text"``
field, and writes one JSON object per input line: ``{"text", "entities":
[{"start", "end", "label", "text"}]}`` with offsets over the text as given
(the text is normalized for tagging and the spans mapped back); other fields
of an input object (e.g. ``"id"``) are copied.
"""
from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

import click

from .ner import Tagger, find_entities, load_tagger
from .normalize import normalize


def conll_token(line: str) -> str:
    """The token of a CoNLL line: the first TAB column, else the first white-space column."""
    if "\t" in line:
        return line.split("\t", 1)[0].strip()
    parts = line.split()
    return parts[0] if parts else ""


def tag_conll(lines: Iterable[str], tagger: Tagger) -> Iterator[str]:
    """Output lines (``token\\tTAG``, ``""`` between sentences) for CoNLL input lines."""
    sent: list[str] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if line.strip():
            sent.append(conll_token(line))
            continue
        if sent:
            yield from _tagged(sent, tagger)
            yield ""
            sent = []
    if sent:
        yield from _tagged(sent, tagger)
        yield ""


def _tagged(sent: list[str], tagger: Tagger) -> Iterator[str]:
    for tok, tag in zip(sent, tagger.tag(sent), strict=True):
        yield f"{tok}\t{tag}"


def entities_json(text: str, tagger: Tagger) -> list[dict]:
    """Entity spans over ``text`` as given (tagged on its normalized form)."""
    norm = normalize(text)
    out = []
    for sp in find_entities(norm.text, tagger):
        s, e = norm.raw_span(sp.start, sp.end)
        out.append({"start": s, "end": e, "label": sp.label, "text": text[s:e]})
    return out


def tag_jsonl(lines: Iterable[str], tagger: Tagger) -> Iterator[str]:
    for line in lines:
        line = line.rstrip("\r\n")
        record: dict = {}
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                obj = json.loads(stripped)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict):
                record = obj
                text = str(obj.get("text") or "")
            else:
                text = line
        else:
            text = line
        record = {**record, "text": text, "entities": entities_json(text, tagger) if text.strip() else []}
        yield json.dumps(record, ensure_ascii=False)


@click.command("ner")
@click.option("--format", "fmt", type=click.Choice(["conll", "jsonl"]), default="jsonl", show_default=True,
              help="conll: one token per line in, token<TAB>tag out; jsonl: text (or {\"text\": …}) lines in, "
                   "entity spans out.")
@click.option("--model", "model_dir", default=None, type=click.Path(exists=True, file_okay=False),
              help="Model folder (default: the model shipped with Rasad).")
def ner_cmd(fmt: str, model_dir: str | None) -> None:
    """Named entities (PER, ORG, LOC) in Persian text read from standard input."""
    tagger = load_tagger(model_dir)
    stdin, stdout = _utf8(sys.stdin), _utf8(sys.stdout)
    lines = (tag_conll if fmt == "conll" else tag_jsonl)(stdin, tagger)
    buf: list[str] = []
    try:
        for out in lines:
            buf.append(out)
            if len(buf) >= 512:
                stdout.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            stdout.write("\n".join(buf) + "\n")
        stdout.flush()
    finally:
        for wrapped, original in ((stdin, sys.stdin), (stdout, sys.stdout)):
            if wrapped is not original:
                wrapped.detach()


def _utf8(stream: TextIO) -> TextIO:
    """The stream itself when it is UTF-8, else a UTF-8 view of its bytes."""
    enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if enc == "utf8" or not hasattr(stream, "buffer"):
        return stream
    stream.flush()
    return io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="replace", newline=None)


__all__ = ["conll_token", "entities_json", "ner_cmd", "tag_conll", "tag_jsonl"]
