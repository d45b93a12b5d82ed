"""Document numbers and symbols (số/ký hiệu) in the three families reports use.

    normative       số/năm/LOẠI-CQ     107/2021/NĐ-CP, 13/2023/NQ-HĐND, 22/2023/QH15
    administrative  số/LOẠI-CQ          4791/QĐ-UBND; công văn số/CQ-ĐƠNVỊ: 581/BNV-CCHC
    party           số-LOẠI/CQ          50-KL/TW, 307-KH/TU

A symbol must look like one: at least two capitals and no more lower-case letters than capitals
("TTg", "QyĐ" pass; "08/57", "tháng 11/2024", "2/Quý" do not). A line break after a hyphen or a
slash (PDF wrapping) is allowed inside the ref; `ref` drops it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extract import patterns

_SEG = r"[A-ZĐ][A-Za-zĐđ&]*\d*"
_JOIN = r"-[ \n]?"
REF_PATTERN = regex.compile(
    rf"""
    (?<![\w/.,-])
    (?P<number>\d{{1,5}}(?:\.\d{{1,2}}(?=/))?)                                # 66.2/2025/NQ-CP
    (?:
        -[ ]?(?P<ptype>{_SEG})/[ \n]?(?P<porg>{_SEG}(?:{_JOIN}{_SEG})*)          # 50-KL/TW
      | /[ \n]?(?:(?P<year>(?:19|20)\d\d)/[ \n]?)?(?P<symbol>{_SEG}(?:{_JOIN}{_SEG})*)
    )
    (?:(?![\w/])|(?=của\b))                                                 # "QĐ-TTgcủa": a lost space
    """,
    regex.VERBOSE,
)


@dataclass(slots=True)
class Ref:
    start: int
    end: int
    number: str
    year: int | None
    symbol: str            # "NĐ-CP", "KL/TW"
    family: str            # normative | administrative | party
    type_code: str | None  # "NĐ", "KL"; None for a công văn (ISSUER-UNIT) or a typo ("2021/CP")
    issuer_code: str | None

    @property
    def ref(self) -> str:
        if self.family == "party":
            return f"{self.number}-{self.symbol}"
        if self.year:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"


def _looks_like_symbol(symbol: str) -> bool:
    upper = sum(ch.isupper() for ch in symbol)
    lower = sum(ch.islower() for ch in symbol)
    return upper >= 2 and lower <= upper


def _clean(s: str) -> str:
    return "".join(s.split())


def _split_symbol(parts: list[str]) -> tuple[str | None, str | None]:
    """(type code, issuer code) of an administrative/normative symbol's dash-separated parts."""
    first = parts[0]
    if patterns.doc_type_by_code(first) and len(parts) > 1:
        return first, _issuer_of(parts[1:])
    return None, _issuer_of(parts)


def _issuer_of(parts: list[str]) -> str | None:
    """The issuing body's code: the longest known prefix of the parts ("SKH-CN"), else the first."""
    codes = patterns.issuer_codes()
    for n in range(len(parts), 0, -1):
        candidate = "-".join(parts[:n])
        if _known_code(candidate, codes):
            return _known_code(candidate, codes)
    return parts[0]


def _known_code(code: str, codes: dict) -> str | None:
    key = code.upper()
    if key in codes:
        return codes[key]["code"]
    stripped = key.rstrip("0123456789")  # QH15, UBTVQH14
    if stripped != key and stripped in codes:
        return codes[stripped]["code"]
    return None


def find_refs(text: str) -> list[Ref]:
    refs = []
    end = 0
    for start in _number_starts(text):
        m = REF_PATTERN.match(text, start) if start >= end else None  # finditer's matches: no overlap
        if not m:
            continue
        end = m.end()
        number, ptype, porg, year, symbol = m.group("number", "ptype", "porg", "year", "symbol")
        read = _party_symbol(ptype, porg) if ptype else _symbol(symbol)
        if not read:
            continue
        symbol, type_code, issuer_code = read
        family = "party" if ptype else "normative" if year else "administrative"
        refs.append(Ref(m.start(), m.end(), number, int(year) if year else None, symbol, family,
                        type_code, issuer_code))
    return refs


def _number_starts(text: str) -> list[int]:
    """Where a ref may start, in order: the digits (and dot, "66.2") right before a "/" or "-".
    The pattern tried at every character costs more than finding the few separators with str.find.
    """
    starts = []
    for sep in "/-":
        at = text.find(sep, 1)
        while at != -1:
            if text[at - 1].isdecimal():  # regex's \d
                start = at - 1
                while start and (text[start - 1].isdecimal() or text[start - 1] == "."):
                    start -= 1
                starts.append(start)
            at = text.find(sep, at + 1)
    return sorted(starts)


# symbols repeat through a report (and across reports): each spelling is read once

@functools.lru_cache(maxsize=4096)
def _party_symbol(ptype: str, porg: str) -> tuple[str, str, str] | None:
    """(symbol, type code, issuer code) of "KL" + "TW", None when it does not look like a symbol."""
    symbol = f"{_clean(ptype)}/{_clean(porg)}"
    if not _looks_like_symbol(symbol):
        return None
    org = _clean(porg)
    return symbol, _clean(ptype), _known_code(org, patterns.issuer_codes()) or org


@functools.lru_cache(maxsize=4096)
def _symbol(written: str) -> tuple[str, str | None, str | None] | None:
    """(symbol, type code, issuer code) of "NĐ-CP", None when it does not look like a symbol."""
    symbol = _clean(written)
    if not _looks_like_symbol(symbol):
        return None
    return symbol, *_split_symbol(symbol.split("-"))


_SEPARATORS = regex.compile(r"([-/])")


@functools.lru_cache(maxsize=4096)
def canonical_symbol(symbol: str) -> str:
    """Case fixed part by part: known codes in their own spelling ("TTG" → "TTg"), others upper."""
    def fix(part: str) -> str:
        code = patterns.issuer_codes().get(part.upper())
        if code and part.upper() == code["code"].upper():
            return code["code"]
        name = patterns.doc_type_by_code(part)
        if name:
            for e in patterns.doc_types():
                if e["name"] == name:
                    for c in e.get("codes") or []:
                        if c.upper() == part.upper():
                            return c
        return part.upper()
    out = []
    for chunk in _SEPARATORS.split(symbol):
        out.append(chunk if chunk in "-/" else fix(chunk))
    return "".join(out)
