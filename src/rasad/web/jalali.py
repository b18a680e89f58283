"""Jalali (Solar Hijri) display of ISO dates for the web pages, with Persian digits.

Every function takes what the store holds (ISO 8601 text: ``2023-10-04T23:23:00+03:30``,
``2023-10-04``, ``2023-10`` or ``2023``) and returns display text; text it cannot read is
returned unchanged, so a page never fails on an odd date.
"""
from __future__ import annotations

import datetime as dt
import re

import jdatetime

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?")


def fa_digits(value: object) -> str:
    """``value`` as text with Persian digits."""
    return str(value).translate(_FA_DIGITS)


def _parse(iso: str) -> tuple[int, int | None, int | None, str | None] | None:
    m = _ISO.match(iso or "")
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    return int(y), int(mo) if mo else None, int(d) if d else None, f"{hh}:{mm}" if hh else None


def jalali(iso: str | None, time: bool = False) -> str:
    """``2023-10-04…`` → «۱۲ مهر ۱۴۰۲» (with «، ۲۳:۲۳» when ``time``); a month → «مهر ۱۴۰۲»."""
    if not iso:
        return ""
    parts = _parse(iso)
    if parts is None:
        return iso
    y, mo, d, hm = parts
    try:
        if d is not None:
            j = jdatetime.date.fromgregorian(date=dt.date(y, mo, d))
            text = f"{j.day} {MONTHS[j.month - 1]} {j.year}"
            return fa_digits(text + (f"، {hm}" if time and hm else ""))
        if mo is not None:  # a Gregorian month spans two Jalali months: name the one holding its 15th
            j = jdatetime.date.fromgregorian(date=dt.date(y, mo, 15))
            return fa_digits(f"{MONTHS[j.month - 1]} {j.year}")
        return fa_digits(f"{y - 622}–{y - 621}")
    except ValueError:
        return iso


def jalali_month(key: str | None) -> str:
    """A Jalali month key ``1402-07`` → «مهر ۱۴۰۲» (unchanged when it is not one)."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", key or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return key or ""
    return fa_digits(f"{MONTHS[int(m[2]) - 1]} {m[1]}")


def month_range(key: str) -> tuple[str, str] | None:
    """A Jalali month ``1402-07`` → its first and last days as ISO Gregorian dates."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", key or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    y, mo = int(m[1]), int(m[2])
    first = jdatetime.date(y, mo, 1).togregorian()
    nxt = jdatetime.date(y + (mo == 12), mo % 12 + 1, 1).togregorian()
    return first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()


def to_iso(value: str | None, end: bool = False) -> str | None:
    """A date typed by a user → ISO Gregorian ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY`` as given).

    Jalali dates (year before 1700: ``1402-07-12``, ``۱۴۰۲/۷/۱۲``, ``1402-07``) are converted; a Jalali
    month or year becomes its first day, or its last day when ``end``. Anything else is returned stripped
    (the query layer rejects what is not a date).
    """
    text = (value or "").strip().translate(_LATIN_DIGITS).replace("/", "-")
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m or int(m[1]) >= 1700:
        return text
    y = int(m[1])
    try:
        if m[3]:
            return jdatetime.date(y, int(m[2]), int(m[3])).togregorian().isoformat()
        span = month_range(f"{y}-{m[2]}") if m[2] else (month_range(f"{y}-1")[0], month_range(f"{y}-12")[1])
    except (ValueError, TypeError):
        return text
    return span[1] if end and span else span[0] if span else text


def gregorian(iso: str | None) -> str:
    """The Gregorian date (and time) for a ``title`` hover: ``2023-10-04 23:23``."""
    if not iso:
        return ""
    parts = _parse(iso)
    if parts is None:
        return iso
    y, mo, d, hm = parts
    text = "-".join(f"{v:02d}" for v in (y, mo, d) if v is not None)
    return f"{text} {hm}" if hm else text
