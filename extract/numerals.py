"""Vietnamese numerals as reports write them.

"." groups thousands and "," is the decimal mark: "1.317" → 1317, "91,87" → 91.87,
"4.048,546" → 4048.546; leading zeros ("08") are plain integers. A comma followed by exactly three
digits ("133,370", "698,445/871,321") reads as a decimal mark but may be an English thousands
separator: `parse_number` returns a warning for it instead of guessing silently.

Public API (stable):
    NUMBER                      regex source of one numeral (digits with "." / "," groups)
    parse_number(s)             (value, warning | None) for one numeral; ValueError if not one
    find_numerals(text, s, e)   every Numeral in text[s:e]: plain, percent, fraction (x/y), range
                                (a - b), with dates, document numbers, ISO codes and times left out
    numerals_of(text)           find_numerals(text) of a document's text, found once per text
    Numeral                     start, end, value, of, high, kind, percent, warnings
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import regex

NUMBER = r"\d+(?:[.,]\d+)*"

# One figure: x, x/y, a - b, each optionally followed by "%". A numeral never starts inside a word
# ("tỉnh1" in PDF text is a footnote mark), a symbol or another numeral.
_FIGURE = regex.compile(
    rf"""(?<![\p{{L}}\d.,/\-–])
    (?P<a>{NUMBER})
    (?:
        (?P<slash>\ ?/\ ?\n?)(?P<b>{NUMBER})(?![\d/]|\ ?-\ ?\p{{Lu}})     # x/y (not a date or a symbol)
      | \ ?-\ ?(?P<hi>{NUMBER})(?![\d/])                                    # range a - b
    )?
    (?P<pct>\ ?%)?
    (?![\p{{L}}\d]|\ ?/|-\ ?\p{{Lu}}|:\d|[.,]\d)
    """,
    regex.VERBOSE,
)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_NUMBER_RE = regex.compile(NUMBER)
_SLASH_OR_HOUR = regex.compile(r"/\d|h\d")
_COLON_CODE = regex.compile(r"\d:$")


@dataclass(slots=True)
class Numeral:
    start: int
    end: int
    value: float
    kind: str = "plain"  # plain | fraction | range
    of: float | None = None
    high: float | None = None
    percent: bool = False
    raw: str = ""
    warnings: list[str] = field(default_factory=list)


def parse_number(s: str) -> tuple[float, str | None]:
    """One Vietnamese numeral → (value, warning or None)."""
    s = s.strip()
    if not _NUMBER_RE.fullmatch(s):
        raise ValueError(f"not a numeral: {s!r}")
    return _read_number(s)


def _read_number(s: str) -> tuple[float, str | None]:
    """parse_number of a string known to be a NUMBER (a group of a _FIGURE match)."""
    if "," in s:
        whole, _, frac = s.rpartition(",")
        if "," in whole or not _thousands_ok(whole):
            raise ValueError(f"not a Vietnamese numeral: {s!r}")
        value = float(whole.replace(".", "") + "." + frac)
        warning = (f"ambiguous numeral {s!r}: read as {value:g} (decimal comma), "
                   "could be a thousands separator") if len(frac) == 3 and "." not in whole else None
        return value, warning
    if "." in s:
        if _thousands_ok(s):
            return float(s.replace(".", "")), None
        # "9.5": a decimal point in the English way: read it, say so. "1.013947" is a code.
        if s.count(".") == 1 and len(s.split(".")[1]) <= 2:
            return float(s), f"numeral {s!r} uses a decimal point, read as {float(s):g}"
        raise ValueError(f"not a Vietnamese numeral: {s!r}")
    return float(int(s)), None


def _thousands_ok(s: str) -> bool:
    groups = s.split(".")
    return len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))


def find_numerals(text: str, start: int = 0, end: int | None = None) -> list[Numeral]:
    """Every figure in text[start:end] that is not a date, a document number, a code or a time.
    A part of a text (a statement, a table cell) is read off the numerals of the whole text, found
    once (see numerals_of): the Numerals are shared, callers must not change them."""
    end = len(text) if end is None else end
    if start > 0 or end < len(text):
        found = _index(text).between(text, start, end)
        if found is not None:
            return found
    return _scan(text, start, end)


def numerals_of(text: str) -> tuple[Numeral, ...]:
    """find_numerals(text) for a document's text: scanned once, then shared by its statements and
    table cells (and by the tasks, metrics and checks of the document). Do not change the Numerals."""
    return _index(text).numerals


def _scan(text: str, start: int, end: int) -> list[Numeral]:
    out = []
    for m in _FIGURE.finditer(text, start, end):
        num = _numeral(text, m)
        if num is not None:
            out.append(num)
    return out


@functools.lru_cache(maxsize=2)  # the document being extracted (and the one before it)
def _index(text: str) -> _Index:
    return _Index(text)


class _Index:
    """Every _FIGURE match of one text, in order, with its Numeral (None when it is not a figure)."""

    def __init__(self, text: str) -> None:
        matches = list(_FIGURE.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.per_match = [_numeral(text, m) for m in matches]
        self.numerals = tuple(n for n in self.per_match if n is not None)

    def between(self, text: str, start: int, end: int) -> list[Numeral] | None:
        """The numerals a scan of text[start:end] alone finds, or None when its bounds may change
        what the scan reads: a match of the whole text crosses one, or the character at `end` could
        extend a numeral or veto it (a scan bounded at `end` sees the end of the text there)."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end, i)
        if (i and self.ends[i - 1] > start) or (j and self.ends[j - 1] > end) or _read_past(text, end):
            return None
        return [n for n in self.per_match[i:j] if n is not None]


def _read_past(text: str, end: int) -> bool:
    """Whether a scan stopping at `end` may see something else than the whole text shows there.
    At a numeral's end _FIGURE reads a space only before "/" or "-" or after "-" ("12 /", "12- Ban"),
    other white space only in "x/\\ny" (a match crossing `end`, which the caller rules out); any other
    character may continue the numeral or veto it."""
    if end >= len(text):
        return False
    if text[end] == " ":
        return text[end + 1:end + 2] in ("/", "-") or text[end - 1:end] == "-"
    return not text[end].isspace()


def _numeral(text: str, m: regex.Match) -> Numeral | None:
    a, _, b, hi, pct = m.groups()
    start, end = m.span()
    if _is_date_or_code(text, start, end, a, b):
        return None
    if a.isdigit() and not (b or hi):  # most figures: a plain count, nothing to check or warn about
        return Numeral(start, end, float(int(a)), "plain", None, None, bool(pct), m.group(), [])
    try:
        value, warn = _read_number(a)
        second, warn2 = _read_number(b or hi) if b or hi else (None, None)
    except ValueError:
        return None
    if hi and _YEAR.fullmatch(a) and _YEAR.fullmatch(hi):
        return None  # "2021 - 2030": a period
    warnings = [warn] if warn else []
    if warn2 and warn2 not in warnings:
        warnings.append(warn2)
    if b:
        return Numeral(start, end, value, "fraction", second, None, bool(pct), m.group(), warnings)
    if hi:
        return Numeral(start, end, value, "range", None, second, bool(pct), m.group(), warnings)
    return Numeral(start, end, value, "plain", None, None, bool(pct), m.group(), warnings)


# the "…$" patterns below are tried where `before` ends: compiled REVERSE, .match() anchors there
# (instead of .search() trying every position of `before`)
_DATE_WORDS = regex.compile(r"(?:ngày|tháng|năm|quý|đến|từ|hết)\s*$", regex.I | regex.REVERSE)
_STANDARD_BEFORE = regex.compile(r"(?:ISO|TCVN)\s*$", regex.REVERSE)


def _is_date_or_code(text: str, start: int, end: int, a: str, b: str | None) -> bool:
    if text.startswith(("/", "h"), end) and _SLASH_OR_HOUR.match(text, end):
        return True  # 15/6/2024 (third part), 17h58
    before = text[max(0, start - 12):start]
    if b is not None:
        if "," in a + b or "." in a + b:
            return False
        x, y = int(a), int(b)
        if _YEAR.fullmatch(b) and 1 <= x <= 12:
            return True  # 11/2024 (month/year)
        if 1 <= x <= 31 and 1 <= y <= 12 and _DATE_WORDS.match(before):
            return True  # ngày 15/6
    if before.endswith(":") and _COLON_CODE.search(before):
        return True  # ISO 9001:2015
    # a regex call costs several substring tests: most numerals have no standard's name before them
    return ("ISO" in before or "TCVN" in before) and bool(_STANDARD_BEFORE.match(before))


def format_number(value: float) -> str:
    """A value written the Vietnamese way: 4048.546 → "4.048,546", 25.6 → "25,6", 78.0 → "78"."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:.6f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def decimals(raw: str) -> int:
    """Decimal places written in a numeral ("25,6" → 1, "30" → 0)."""
    return len(raw.rpartition(",")[2]) if "," in raw else 0
