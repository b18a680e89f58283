"""Bytes to text for HTML pages: BOM, UTF-8, declared charset, windows-1256, mislabelled pages."""
from __future__ import annotations

import codecs
import re

from ...errors import ParseError
from .patterns import _ARABIC, _LETTER, _META_CHARSET


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _persian_share(text: str) -> float:
    letters = _LETTER.findall(text[:40000])
    return len(_ARABIC.findall(text[:40000])) / len(letters) if letters else 0.0


def decode_html(data: bytes | str, content_type: str | None = None, source: str = "") -> tuple[str, str, list[str]]:
    """``(text, encoding, notes)`` of an HTML page; raises ParseError R208 when no charset reads it."""
    if isinstance(data, str):
        return data, "str", []
    if not data.strip():
        raise ParseError("empty HTML document", source, code="R207")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig", []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace"), "utf-16", []
    declared = None
    if content_type:
        m = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.I)
        declared = _codec(m.group(1)) if m else None
    if declared is None:
        m = _META_CHARSET.search(data[:16384])
        declared = _codec(m.group(1).decode("ascii", "ignore")) if m else None
    notes: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if declared not in (None, "utf-8", "ascii"):
            notes.append(f"charset declared as {declared} but the bytes are UTF-8: read as UTF-8")
        return text, "utf-8", notes
    tried: list[tuple[float, str, str]] = []
    for enc in dict.fromkeys(e for e in (declared, "cp1256") if e and e != "utf-8"):
        try:
            cand = data.decode(enc)
        except UnicodeDecodeError:
            continue
        tried.append((_persian_share(cand), enc, cand))
    persian = [t for t in tried if t[0] > 0.3]
    if persian:
        share, enc, cand = persian[0]
        if declared and enc != declared:
            notes.append(f"charset declared as {declared} but the bytes are {enc}: read as {enc}")
        return cand, enc, notes
    loose = data.decode("utf-8", "replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 1000):
        notes.append("a few bytes are not valid UTF-8: replaced")
        return loose, "utf-8", notes
    if tried and tried[0][1] == declared:
        return tried[0][2], declared, notes
    raise ParseError(f"cannot decode the page: not UTF-8, not {declared or 'a declared charset'}, "
                     "not Persian windows-1256", source, code="R208")
