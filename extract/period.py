"""The reporting period a report or plan covers, from its title (or opening sentence).

    "6 tháng đầu năm 2024"           → 2024-01-01 .. 2024-06-30
    "6 tháng cuối năm 2024"          → 2024-07-01 .. 2024-12-31
    "9 tháng năm 2025"               → 2025-01-01 .. 2025-09-30
    "quý I năm 2026", "quý 2/2025"   → the quarter
    "tháng 11/2025", "tháng 10 năm 2025" → the month
    "năm 2025"                       → the year
    "giai đoạn 2021 - 2030"          → 2021-01-01 .. 2030-12-31
    "tính đến ngày 20/10/2025"       → a cut-off: the period ends there

A phrase whose year is missing ("6 tháng đầu năm và phương hướng … 6 tháng cuối năm 2024") takes the
next year written after it. Dates of cited documents ("ngày 02 tháng 01 năm 2025") are not periods.

Public API: `find_period(text) -> Period | None`.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

import regex

from extract.dates import find_dates

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_YEAR = r"(?:19|20)\d\d"
_YEAR_AFTER = rf"(?:\s*(?:năm|/)\s*(?P<year>{_YEAR}))?"

_PERIOD = regex.compile(
    rf"""
      (?P<half>(?P<months>6|06|sáu|9|09|chín)\s+tháng\s+(?P<side>đầu|cuối)?\s*năm(?:\s+(?P<year>{_YEAR}))?)
    | (?P<quarter>quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:năm|/)\s*(?P<year>{_YEAR}))?)
    | (?P<month>tháng\s+(?P<m>1[0-2]|0?[1-9])\s*(?:năm|/)\s*(?P<year>{_YEAR}))
    | (?P<span>giai\s+đoạn\s+(?P<y1>{_YEAR})\s*-\s*(?P<y2>{_YEAR}))
    | (?P<whole>năm\s+(?P<year>{_YEAR}))
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_CUTOFF = regex.compile(r"tính\s+đến(?:\s+ngày)?\s*", regex.IGNORECASE)
_NEXT_YEAR = regex.compile(rf"(?<!\d){_YEAR}(?!\d)")


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: datetime.date | None
    end: datetime.date | None
    char_start: int
    char_end: int


def find_period(text: str) -> Period | None:
    """The first reporting period written in `text` (a title or an opening sentence)."""
    if not text:
        return None
    dates = [(d.start, d.end) for d in find_dates(text)]
    for m in _PERIOD.finditer(text):
        if any(s <= m.start() < e for s, e in dates):
            continue
        period = _period_of(m, text)
        if period:
            return _with_cutoff(period, text)
    return None


def _period_of(m: regex.Match, text: str) -> Period | None:
    year = _year_of(m, text)
    label = " ".join(m.group().split())
    if m.group("span"):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        return Period(label, datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), m.start(), m.end())
    if year is None:
        return None
    if not m.group("year"):
        label = f"{label} {year}"
    if m.group("half"):
        months = 9 if m.group("months") in ("9", "09", "chín") else 6
        first = 7 if (m.group("side") or "").lower() == "cuối" and months == 6 else 1
        return _months(label, year, first, first + months - 1, m)
    if m.group("quarter"):
        q = m.group("q").upper()
        q = ROMAN.get(q) or int(q)
        return _months(label, year, 3 * q - 2, 3 * q, m)
    if m.group("month"):
        month = int(m.group("m"))
        return _months(label, year, month, month, m)
    return _months(label, year, 1, 12, m)


def _year_of(m: regex.Match, text: str) -> int | None:
    if m.group("year"):
        return int(m.group("year"))
    nxt = _NEXT_YEAR.search(text, m.end())
    return int(nxt.group()) if nxt else None


def _months(label: str, year: int, first: int, last: int, m: regex.Match) -> Period:
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return Period(label, datetime.date(year, first, 1), end, m.start(), m.end())


def _with_cutoff(period: Period, text: str) -> Period:
    """"… năm 2025 (tính đến ngày 20/10/2025)": the period ends at the cut-off date."""
    for m in _CUTOFF.finditer(text):
        for d in find_dates(text, m.end(), m.end() + 30):
            fits = d.start <= m.end() + 1 and d.complete and period.start and d.date >= period.start
            if fits and (period.end is None or d.date < period.end):
                return Period(period.label, period.start, d.date, period.char_start, period.char_end)
    return period
