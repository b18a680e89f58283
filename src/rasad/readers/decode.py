"""Bytes to text: size limits, binary detection, encoding detection.

Order: BOM (UTF-8, UTF-16) → strict UTF-8 → BOM-less UTF-16 (NUL pattern)
→ windows-1256 when the result is mostly Arabic-script text → error.
"""
from __future__ import annotations

import re

from ..errors import ReadError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # one article (text/HTML) or one JSON document
_ARABIC = re.compile("[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


def decode(data: bytes, source: str = "") -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`ReadError` with the reason."""
    if not data.strip():
        raise ReadError("empty file", source, code="R101")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _strict(data, "utf-16", source), "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        _reject_binary(text, source)
        return text, "utf-8"
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM
        le = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        enc = "utf-16-le" if le else "utf-16-be"
        return _strict(data, enc, source), enc
    if b"\x00" in head:
        raise ReadError("binary file (NUL bytes), not text", source, code="R102")
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise ReadError("not UTF-8, UTF-16 or windows-1256 text", source, code="R103") from None
    letters = _LETTER.findall(text[:20000])
    if letters and len(_ARABIC.findall(text[:20000])) / len(letters) > 0.3:
        return text, "windows-1256"
    raise ReadError("not UTF-8 and not Persian windows-1256 text (binary or unknown encoding)", source, code="R103")


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"invalid {encoding} at byte {e.start}", source, code="R103") from None
    _reject_binary(text, source)
    return text


def _reject_binary(text: str, source: str) -> None:
    sample = text[:8192]
    controls = sum(1 for c in sample if c < " " and c not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise ReadError("binary file (control characters), not text", source, code="R102")
