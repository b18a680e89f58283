"""Site rules: the CMS families and common selectors read from ``data/sites/*.toml``."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from ...agencies import name_key
from ...data import data_path
from ..text import _alt, _words


class _Sel:
    """One selector: CSS (cssselect) or XPath (starts with '/' or '('; '//' is read inside the scope)."""

    def __init__(self, text: str):
        self.text = text
        if text.startswith(("/", "(")):
            expr = re.sub(r"(^|\(|\|\s*)//", r"\1.//", text)
            self._fn = etree.XPath(expr)
        else:
            self._fn = CSSSelector(text, translator="html")

    def __call__(self, el: etree._Element) -> list[etree._Element]:
        return [e for e in self._fn(el) if isinstance(e, etree._Element) and isinstance(e.tag, str)]


@dataclass
class _Family:
    name: str
    domains: tuple[str, ...] = ()
    generator: tuple[str, ...] = ()
    markup: tuple[_Sel, ...] = ()
    select: dict[str, tuple[_Sel, ...]] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)


@dataclass
class _Common:
    select: dict[str, tuple[_Sel, ...]]
    drop: tuple[_Sel, ...]
    body_drop: tuple[_Sel, ...]
    date_meta: tuple[str, ...]
    last_meta: tuple[str, ...]
    date_labels: re.Pattern[str]
    date_words: re.Pattern[str]
    never_words: re.Pattern[str]
    never_tokens: frozenset[str]
    comment_rules: tuple[str, ...]
    related: frozenset[str]
    furniture: tuple[re.Pattern[str], ...]
    site_words: tuple[str, ...]
    end: re.Pattern[str]


def _sels(items: list[str]) -> tuple[_Sel, ...]:
    return tuple(_Sel(s) for s in items)


@lru_cache(maxsize=1)
def families() -> tuple[_Family, ...]:
    """The CMS families of ``data/sites/*.toml`` (all but ``common.toml``), by file name."""
    out = []
    for path in sorted(data_path("sites").glob("*.toml")):
        if path.stem == "common":
            continue
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        det = d.get("detect", {})
        out.append(_Family(
            name=d.get("family", path.stem),
            domains=tuple(x.lower() for x in det.get("domains", [])),
            generator=tuple(x.lower() for x in det.get("generator", [])),
            markup=_sels(det.get("markup", [])),
            select={k: _sels(v) for k, v in d.get("select", {}).items()},
            sites={k.lower(): v for k, v in d.get("sites", {}).items()},
        ))
    return tuple(out)


def _words_re(words: list[str], whole: bool = False) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_\-])(?:{alt})(?:$|[\s_\-])" if whole else f"(?:{alt})", re.I)


@lru_cache(maxsize=1)
def _common() -> _Common:
    d = tomllib.loads(data_path("sites/common.toml").read_text(encoding="utf-8"))
    sel, dt, flt = d["select"], d["dates"], d["filters"]
    ends = [t for t, _ in _scraped_rows("end")]
    labels = sorted(dt["labels"], key=len, reverse=True)
    return _Common(
        select={k: _sels(v) for k, v in sel.items() if k not in ("drop", "body_drop")},
        drop=_sels(sel["drop"]),
        body_drop=_sels(sel["body_drop"]),
        date_meta=tuple(x.lower() for x in dt["meta"]),
        last_meta=tuple(x.lower() for x in dt["last_resort_meta"]),
        date_labels=re.compile("(?:" + "|".join(_alt([x]) for x in labels) + r")[ \t\u200c]*[:：]"),
        date_words=re.compile("|".join(re.escape(w) for w in dt["element_words"]), re.I),
        never_words=re.compile("|".join(re.escape(w) for w in dt["never_words"]), re.I),
        never_tokens=frozenset(dt.get("never_tokens", [])),
        comment_rules=tuple(name_key(x) for x in flt["comment_rules"]),
        related=frozenset(name_key(x) for x in flt["related"])
        | frozenset(k for k, section in _words().chrome.items() if section),
        furniture=tuple(re.compile(x) for x in flt["furniture"]),
        site_words=tuple(name_key(x) for x in d["titles"]["site_words"]),
        end=re.compile(rf"(?:^|(?<=[\s.!؟?»)\]*/\-–—]))[\s*/\-–—]*(?P<marker>{_alt(ends)})"
                       rf"(?:[ \t\u200c]*[/\-–—:]+[ \t]*(?P<code>[^\s/]{{1,12}}(?:[ \t]*/[ \t]*[^\s/]{{1,12}})*))?"
                       r"[\s*/\-–—.]*$"),
    )


def _scraped_rows(kind: str) -> list[tuple[str, str]]:
    rows = []
    for line in data_path("scraped_text.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0] == kind:
            rows.append((cells[1], cells[2] if len(cells) > 2 else ""))
    return rows
