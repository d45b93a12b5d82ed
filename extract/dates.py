"""Vietnamese dates as reports write them.

Forms recognized (with or without the word "ngày" in front):
    "ngày 29/12/2023", "05/5/2014", "29-12-2023", "29.12.2023"
    "ngày 19 tháng 01 năm 2024", "ngày 19 tháng 01, năm 2024"
    "ngày tháng năm 2024", "ngày   /   /2024" (blank day and month: an unsigned draft → year only)
    "ngày 15/6" (no year: day and month only)

Public API (stable):
    VnDate                                   (start, end, day, month, year, text) + .date / .complete
    DATE_PATTERN                             the compiled `regex` pattern (named groups day/month/year)
    find_dates(text, start=0, end=None)      every VnDate in text[start:end], in order (offsets in text)
    date_at(text, pos, max_gap=0)            the VnDate starting at pos (after up to max_gap spaces), or None
    parse_date(s) -> datetime.date | None    the first complete date in s
    to_date(day, month, year) -> date | None a checked date (None for 31/2 or blanks)
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import regex

_DAY = r"(?P<day>[0-3]?\d)"
_MONTH = r"(?P<month>[01]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NGAY = r"(?:[Nn]gày|NGÀY)"
_THANG = r"(?:tháng|THÁNG|Tháng)"
_NAM = r"(?:năm|NĂM|Năm)"

_S = r"[ \n]"  # PDF text wraps lines anywhere, even inside a date
DATE_PATTERN = regex.compile(
    rf"""
    # ngày 19 tháng 01 năm 2024 | ngày tháng năm 2024 | 29/12/2023 | ngày  /  /2024 | ngày 15/6
    (?:
        {_NGAY}{_S}*{_DAY}{_S}+{_THANG}{_S}*{_MONTH}{_S}*,?{_S}*{_NAM}{_S}*{_YEAR}
      | {_NGAY}{_S}*(?:[.…_ ]*){_S}*{_THANG}{_S}*(?:[.…_ ]*){_S}*{_NAM}{_S}*{_YEAR}
      | (?:{_NGAY}{_S}*)?(?<![\d/.-]){_DAY}\ ?(?P<sep>[/.-])\ ?{_MONTH}\ ?(?P=sep)\ ?{_YEAR}(?!\d)
      | {_NGAY}{_S}*(?:\.{{2,}}|…|_+|\ )*/\ *(?:\.{{2,}}|…|_+|\ )*/\ *{_YEAR}       # ngày   /  /2024
      | {_NGAY}{_S}*{_DAY}/{_MONTH}(?![\d/])                                           # ngày 15/6
    )
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class VnDate:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    text: str

    @property
    def date(self) -> datetime.date | None:
        return to_date(self.day, self.month, self.year)

    @property
    def complete(self) -> bool:
        return self.date is not None


def to_date(day: int | None, month: int | None, year: int | None) -> datetime.date | None:
    if not (day and month and year):
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _from_match(m: regex.Match) -> VnDate:
    day, month, year = m.group("day", "month", "year")  # one call: a lookup by name is not cheap
    start, end = m.span()
    return VnDate(start, end, int(day) if day else None, int(month) if month else None,
                  int(year) if year else None, m.group())


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[VnDate]:
    end = len(text) if end is None else end
    return [_from_match(m) for m in DATE_PATTERN.finditer(text, start, end)]


def date_at(text: str, pos: int, max_gap: int = 0) -> VnDate | None:
    """The date that begins at `pos` (skipping at most `max_gap` spaces)."""
    i = pos
    while i < len(text) and i - pos < max_gap and text[i] == " ":
        i += 1
    m = DATE_PATTERN.match(text, i)
    return _from_match(m) if m else None


def parse_date(s: str) -> datetime.date | None:
    for d in find_dates(s):
        if d.complete:
            return d.date
    return None
