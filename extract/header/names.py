"""Issuing bodies and signer titles written out from the capitals of a header or signature block.

    ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"]            → "Sở Nội vụ tỉnh Lâm Đồng" (province Lâm Đồng)
    ["ỦY BAN NHÂN", "DÂN", "THÀNH PHỐ HỒ CHÍ MINH"] → "Ủy ban nhân dân thành phố Hồ Chí Minh"
    ["BỘ TÀI", "CHÍNH", "CỤC HẢI QUAN"]              → "Cục Hải quan" (a ministry's department is
                                                       named on its own)
A line that opens with a body word (patterns/header.yaml, kind body) starts a new body; any other
line continues the one before (header cells wrap anywhere). The last body is the issuer, the ones
before it its parents; a local body (Sở, Ban …) without a locality of its own takes its parent's.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extract import patterns
from extract.header import vocab

_VOWELS = set("aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
# a lower-case letter of Vietnamese: a line holding one is not in capitals (one search tells it)
LOWER_CASE = regex.compile("[a-zđ" + "".join(sorted(_VOWELS)) + "]")
# "TỈNH", "THÀNH PHỐ", "TP." and their OCR misreadings ("TÍNH LÂM ĐÒNG"): matched without tone marks
_LOCALITY = regex.compile(r"(?:^|\s)(T\p{L}NH|TH\p{L}NH PH\p{L}|TP\.?)\s+(\S.*?)\s*$")
_LOCALITY_WORDS = {"TINH", "THANH PHO", "TP", "TP."}
_ABBREVIATIONS = {"UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN", "TP.": "THÀNH PHỐ"}
_SPLIT_FIELD = regex.compile(r"(,\s*|\s+VÀ\s+|\s+-\s+)")


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    province: str | None
    local: bool
    bare: bool = False  # Party committees name their province bare: "Tỉnh ủy Lâm Đồng"


def split_units(lines: list[str]) -> list[str]:
    units: list[str] = []
    for line in lines:
        up = " ".join(line.split()).upper()
        if not up:
            continue
        if units and (_body_entry(up) is None or _cut_form(units[-1])):
            units[-1] += " " + up
        else:
            units.append(up)
    return units


def issuer_of(lines: list[str]) -> Body | None:
    """The issuing body of a header block's lines (capitals), qualified by its parent's locality."""
    bodies = [body_of(u) for u in split_units(lines)]
    bodies = [b for b in bodies if b]
    if not bodies:
        return None
    issuer = bodies[-1]
    parent_province = next((b.province for b in reversed(bodies[:-1]) if b.province), None)
    if issuer.province is None and issuer.local and parent_province:
        entry = patterns.province_by_name(parent_province)
        where = entry["name"] if issuer.bare else patterns.province_full_name(entry["name"])
        return Body(f"{issuer.name} {where}", entry["name"], True, issuer.bare)
    return issuer


def body_of(unit: str) -> Body | None:
    found = _body_entry(unit)
    if found is None:
        return _office_of(unit)
    form, entry = found
    rest = " ".join(_ABBREVIATIONS.get(w, w) for w in unit[len(form):].split())
    if entry.get("locality") == "bare":
        return _party_committee(entry, rest)
    province = None
    loc = _LOCALITY.search(rest)
    if loc and fold(loc.group(1)) in _LOCALITY_WORDS:
        words = loc.group(2).strip(" ,.").split()
        for n in range(min(4, len(words)), 0, -1):  # "BÌNH THUẬN PHÒNG …": the province is a prefix
            entry_p = province_fuzzy(" ".join(words[:n]))
            if entry_p:
                province = entry_p["name"]
                rest = rest[: loc.start()].strip()
                break
    name = entry["name"]
    if rest:
        name += " " + (_field_case(rest) if entry.get("field") else _plain_case(rest))
    if province:
        name += " " + patterns.province_full_name(province)
    name = _proper(name)
    central = any(w in name for w in ("Chính phủ", "Quốc hội", "Trung ương"))
    return Body(name, province, bool(entry.get("local")) and not central)


def _party_committee(entry: dict, rest: str) -> Body:
    """"TỈNH ỦY LÂM ĐỒNG" → "Tỉnh ủy Lâm Đồng"; a bare "TỈNH ỦY" takes the parent's province."""
    found = province_fuzzy(rest) if rest else None
    if found:
        return Body(f"{entry['name']} {found['name']}", found["name"], True, True)
    name = entry["name"] + (" " + _plain_case(rest) if rest else "")
    return Body(_proper(name), None, bool(entry.get("local")), True)


def spell_title(capitals: str) -> str:
    """"PHÓ CHỦ TỊCH" → "Phó Chủ tịch" (vocabulary first, sentence case otherwise)."""
    up = " ".join(_ABBREVIATIONS.get(w, w) for w in capitals.upper().split()).strip(" ,.")
    for form, spelled in vocab.titles():
        if up == form:
            return spelled
    for form, spelled in vocab.titles():
        if up.startswith(form + " "):
            body = body_of(up[len(form) + 1:])
            return spelled + " " + (body.name if body else _plain_case(up[len(form) + 1:]))
    return _proper(_sentence_case(up))


def head_title_rest(capitals: str) -> str:
    """What follows a known head title on a "KT." line: "TRƯỞNG BAN GIÁM SÁT …" → "GIÁM SÁT …"."""
    up = " ".join(capitals.split()).upper()
    for form, _ in vocab.titles():
        if up.startswith(form) and (len(up) == len(form) or up[len(form)] == " "):
            return up[len(form):].strip()
    return ""


def _office_of(unit: str) -> Body | None:
    """A header naming an office, not a body: "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ"."""
    for form, spelled in vocab.titles():
        if unit.startswith(form + " "):
            body = body_of(unit[len(form) + 1:])
            return Body(f"{spelled} {body.name}", body.province, body.local) if body else None
    return None


def _cut_form(unit: str) -> bool:
    """A unit that is only the first words of a body form ("ỦY" of "ỦY BAN NHÂN DÂN")."""
    return _body_entry(unit) is None and any(f.startswith(unit + " ") for f, _ in vocab.body_forms())


def body_from_symbol(symbol: str | None, province: str | None) -> Body | None:
    """The issuer a symbol names ("QĐ-UBND" → Ủy ban nhân dân + the place's province)."""
    if not symbol or "-" not in symbol:
        return None
    code = symbol.split("-")[1].upper()
    office = ""
    if code not in patterns.issuer_codes() and code.startswith("CT") and code[2:] in patterns.issuer_codes():
        office, code = "Chủ tịch ", code[2:]  # QĐ-CTUBND: a decision of the chairman
    entry = patterns.issuer_codes().get(code)
    if not entry:
        return None
    if entry.get("scope") == "local":
        if not province:
            return None
        return Body(f"{office}{entry['name']} {patterns.province_full_name(province)}", province, True)
    if entry.get("scope") == "central":
        return Body(office + entry["name"], None, False)
    return None


def _body_entry(line: str) -> tuple[str, dict] | None:
    words = line.split()
    if words and words[0] in _ABBREVIATIONS and words[0] != "TP.":
        line = _ABBREVIATIONS[words[0]] + line[len(words[0]):]
        form_prefix = words[0]
    else:
        form_prefix = None
    for form, entry in vocab.body_forms():
        if line.startswith(form) and (line == form or line.startswith((form + " ", form + ","))):
            return (form_prefix or form), entry
    return None


def _field_case(rest: str) -> str:
    """Each coordinated part of a field name opens with a capital: "Khoa học và Công nghệ"."""
    parts = _SPLIT_FIELD.split(rest)
    out = []
    for i, part in enumerate(parts):
        out.append(part.lower() if i % 2 else _sentence_case(part))
    return "".join(out)


def _plain_case(rest: str) -> str:
    return " ".join(w if _is_abbreviation(w) else w.lower() for w in rest.split())


def _sentence_case(text: str) -> str:
    words = text.split()
    if not words:
        return ""
    first = words[0] if _is_abbreviation(words[0]) else words[0][:1].upper() + words[0][1:].lower()
    return " ".join([first] + [w if _is_abbreviation(w) else w.lower() for w in words[1:]])


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word.lower() if c.isalpha()]
    return bool(letters) and not any(c in _VOWELS for c in letters)


def _proper(name: str) -> str:
    for pattern, word in _proper_patterns():
        name = pattern.sub(word, name)
    return name


@functools.cache
def _proper_patterns() -> list[tuple[regex.Pattern, str]]:
    return [(regex.compile(rf"(?<!\p{{L}}){regex.escape(word)}(?!\p{{L}})", regex.I), word)
            for word in vocab.proper_words()]


def fold(text: str) -> str:
    """Capitals without tone or vowel marks: "LÂM ĐÒNG" → "LAM DONG" (OCR drops and swaps marks)."""
    import unicodedata
    decomposed = unicodedata.normalize("NFD", text.upper().replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def province_fuzzy(name: str) -> dict | None:
    """A province by its name, or by its name without marks when OCR misread one."""
    found = patterns.province_by_name(name)
    if found:
        return found
    key = fold(name)
    return next((e for e in patterns.provinces() if fold(e["name"]) == key and e.get("status") == "current"),
                None) or next((e for e in patterns.provinces() if fold(e["name"]) == key), None)
