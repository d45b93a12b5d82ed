"""Issuing bodies as reports write them, and their full names.

`BODY_PATTERN` matches a body phrase at a position ("Ủy ban nhân dân thành phố", "UBND tỉnh Lâm
Đồng", "Bộ Nội vụ", "Ban Thường vụ Thành ủy", "Ban Chấp hành Trung ương Đảng khóa XII",
"Chủ tịch Ủy ban nhân dân thành phố", "Sở Tài chính", "Ban Chỉ đạo cải cách hành chính tỉnh").
`full_name(phrase, province)` spells it out and qualifies a local body by its province: the one
written with it, else the report's own ("Ủy ban nhân dân thành phố" in a Hải Phòng report →
"Ủy ban nhân dân thành phố Hải Phòng"). Names come from patterns/issuers.yaml and provinces.yaml.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extract import patterns

ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "BTV": "Ban Thường vụ",
    "BCĐ": "Ban Chỉ đạo", "BCH": "Ban Chấp hành", "TW": "Trung ương", "TƯ": "Trung ương",
    "TP.": "thành phố", "TP": "thành phố", "Tp.": "thành phố", "Tp": "thành phố",
}
_PARTY_LOCAL = r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s?ủy"


def _alt(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _names(scope: str) -> list[str]:
    return [e["name"] for e in patterns.entries("issuers") if e.get("scope") == scope]


@functools.cache
def _province_names() -> str:
    words = []
    for e in patterns.provinces():
        words += [e["name"], *(e.get("aliases") or [])]
    return _alt(w for w in words if len(w) > 2)


@functools.cache
def body_pattern() -> regex.Pattern:
    central = _alt(n for n in _names("central"))
    local = _alt([n for n in _names("local")] + ["UBND", "HĐND"])
    place = (rf"(?:\s+(?:tỉnh|Tỉnh|thành\s+phố|Thành\s+phố|TP\.?|Tp\.?)(?:\s+(?:{_province_names()}))?"
             rf"|\s+(?:{_province_names()})"
             r"|\s+(?:huyện|quận|thị\s+xã|xã|phường)\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})")
    party_central = (r"Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư(?:\s+Trung\s+ương\s+Đảng)?"
                     r"|Ban\s+[Cc]hỉ\s+đạo\s+Trung\s+ương"
                     r"|Ban\s+Chấp\s+hành\s+Trung\s+ương(?:\s+Đảng)?(?:\s+(?:khóa|khoá)\s+[IVXL]+)?")
    party_local = rf"(?:Ban\s+Thường\s+vụ\s+|BTV\s*)?{_PARTY_LOCAL}"
    steering = r"(?:Ban\s+[Cc]hỉ\s+đạo|BCĐ)(?:\s+(?!tỉnh\b|thành\s+phố\b|đã\b|ban\s+hành\b)\p{Ll}+){0,8}"
    departments = _alt(n for n in _names("local") if n.startswith("Sở"))
    branch = rf"Chi\s+cục(?:\s+\p{{L}}+){{1,8}}?\s+(?:trực\s+)?thuộc\s+(?:{departments})"
    # a council, board or team named in words, recognized only with its province after it
    named = (r"(?:Hội\s+đồng|Ban|Tổ|Ủy\s+ban)\s+\p{Lu}\p{Ll}*"
             r"(?:,?\s+(?!(?:tỉnh|thành\s+phố|đã|ban\s+hành|có)\b)\p{L}+){0,10}?"
             r"(?=\s+(?:tỉnh|thành\s+phố)\b)")
    office = r"(?:(?:Phó\s+)?Chủ\s+tịch\s+|Văn\s+phòng\s+)(?=Ủy\s+ban|UBND|Hội\s+đồng|HĐND)"
    minister = r"(?:Bộ\s+trưởng|Thứ\s+trưởng|Chủ\s+nhiệm)\s+(?=Bộ|Văn\s+phòng|Ủy\s+ban)"
    return regex.compile(
        rf"(?<![\w/-])(?P<body>"
        rf"(?P<central>(?:{minister})?(?:{central}))"
        rf"|(?P<party>{party_central})"
        rf"|(?P<plocal>{party_local})(?P<pplace>\s+(?:{_province_names()}))?"
        rf"|(?P<local>(?:{office})?(?:{steering}|{local}|{branch}|{named}))(?P<place>{place})?"
        rf")(?!\p{{L}})",
        regex.V1,
    )


@dataclass(slots=True)
class Body:
    start: int
    end: int
    name: str       # full name
    scope: str      # central | party | local
    core: str       # the body without place, expanded ("Ủy ban nhân dân", "Sở Tài chính")
    province: str | None


def match_body(text: str, pos: int, province: dict | None) -> Body | None:
    m = body_pattern().match(text, pos)
    return _body(m, province) if m else None


def find_bodies(text: str, start: int, end: int, province: dict | None, keep=None) -> list[Body]:
    """Bodies in text[start:end]; `keep(match)` filters the raw matches before names are built."""
    return [_body(m, province) for m in body_pattern().finditer(text, start, end) if keep is None or keep(m)]


_PARTY_GLUED = regex.compile(r"(Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s?ủy")  # "Tỉnhủy" in some PDFs
_DIRECTLY_UNDER = regex.compile(r"\s+(?:trực\s+)?thuộc\s+")
_CAPITAL_KIND = regex.compile(r"^(Thành phố|Tỉnh)\b")
_BELOW_PROVINCE = regex.compile(r"(?:huyện|quận|thị xã|xã|phường)\s")


def _expand(phrase: str) -> str:
    words = []
    for w in phrase.split():
        words.append(ABBREVIATIONS.get(w, w))
    out = " ".join(words)
    return out


_Spelled = tuple[str, str, str, str | None]  # Body's name, scope, core and province


def _body(m: regex.Match, province: dict | None) -> Body:
    groups = m.group("body", "central", "party", "plocal", "pplace", "local", "place")
    return Body(m.start(), m.end(), *_spelled(groups, province["name"] if province else None))


@functools.lru_cache(maxsize=4096)  # a report names the same few bodies over and over
def _spelled(groups: tuple, province: str | None) -> _Spelled:
    """(name, scope, core, province) of a body match's groups, in the report of `province`."""
    body, central, party, plocal, pplace, local, place = groups
    text = " ".join(body.split())
    if central:
        return _canonical_central(text), "central", text, None
    if party:
        text = text.replace("khoá", "khóa").replace("Ban chỉ đạo", "Ban Chỉ đạo")
        return text, "party", text, None
    if plocal:
        core = _PARTY_GLUED.sub(r"\1 ủy", _expand(" ".join(plocal.split())))
        if pplace:
            entry = province_of_name(pplace)
            province = entry["name"] if entry else None
        return f"{core} {province}" if province else core, "party", core, province
    core = _expand(" ".join(local.split())).replace("Ban chỉ đạo", "Ban Chỉ đạo")
    core = _DIRECTLY_UNDER.sub(" thuộc ", core)
    return _qualified(core, place, province)


def _qualified(core: str, written_place: str | None, province: str | None) -> _Spelled:
    """A local body with the province it belongs to: as written, else the report's."""
    place = _expand(" ".join((written_place or "").split()))
    place = _CAPITAL_KIND.sub(lambda m: m.group(1).lower(), place)
    if _BELOW_PROVINCE.match(place):
        return f"{core} {place}", "local", core, None
    named = province_of_name(place) if place else None
    target = named["name"] if named else province
    if target is None:
        return f"{core} {place}".strip(), "local", core, None
    full = _former_name(place, named) or patterns.province_full_name(target)
    return f"{core} {full}", "local", core, target


def _former_name(place: str, named: dict | None) -> str | None:
    """"tỉnh Thừa Thiên Huế" stays as written: the body bore that name when it issued."""
    if not named:
        return None
    for former in named.get("former_names") or []:
        if place.endswith(former):
            return f"tỉnh {former}"
    return None


def province_of_name(place: str | None) -> dict | None:
    if not place:
        return None
    place = " ".join(place.split())
    found = patterns.province_by_name(place)
    if found:
        return found
    words = place.split()
    for i in range(len(words)):
        found = patterns.province_by_name(" ".join(words[i:]))
        if found:
            return found
    return None


def _canonical_central(text: str) -> str:
    for name in _names("central"):
        if " ".join(name.split()).lower() == text.lower():
            return name
    return text


@functools.cache
def initials(name: str) -> str:
    """"Sở Khoa học và Công nghệ" → "SKHCN", "Ủy ban nhân dân" → "UBND" (to compare with symbols)."""
    import unicodedata
    letters = []
    for word in name.split():
        if word in ("và", "-", ","):
            continue
        ch = word[0]
        if ch in "Đđ":
            letters.append("Đ")
        else:
            letters.append(unicodedata.normalize("NFD", ch)[0].upper())
    return "".join(letters)
