"""Patterns and constants shared by the HTML reader's modules."""
from __future__ import annotations

import re

Span = tuple[int, int]


_STRIP = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u202f\ufeff"


_SEPS = _STRIP + "-–—|/،,:؛*•»«"


_WS = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


_BREAK = "\x00"


_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr td th blockquote section article "
    "header footer figure figcaption pre hr main aside nav center address details summary form fieldset".split())


_MIN_BODY = 150  # characters: less than this and the next step of the chain runs


_ARABIC = re.compile("[\u0600-\u06ff]")


_LETTER = re.compile(r"[^\W\d_]")


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


_ZWNJ_ENT = re.compile(r"&(?:zwnj|#8204|#x200c);", re.I)


_PLACEHOLDERS = "\u16a0\u16a1\u16a2\ua4d0\ua4d1"  # printable letters trafilatura keeps


_ID_LABEL = re.compile(r"(?:[کك]د|شناسه)[ \u200c]*(?:خبر|مطلب)(?!نگار)[ \u200c]*[:：]?")


_ID_VALUE = re.compile(r"[0-9۰-۹٠-٩A-Za-z][0-9۰-۹٠-٩A-Za-z_\-]*(?:[ \t]*/[ \t]*[0-9۰-۹]{1,4}(?![0-9۰-۹/]))?")


_URL_ID = re.compile(r"(?i)(?:/news/|[?&](?:nn|id|newsid|news_id)=|/)"
                     r"((?=[A-Za-z]*\d)[A-Za-z0-9]{5,}(?:/\d{1,4})?)(?=[/?#-]|$)")


_ISO = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:\s*T?\s*([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
                  r"(?:\.[0-9]+)?\s*(Z|[+-][0-9]{1,2}:?[0-9]{2})?)?")


_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_]+/(.+)$", re.I)
