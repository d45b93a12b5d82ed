"""A count with a footnote that lists what it counts: "14 trường hợp²" against footnote ².

The footnote's items are its "(1) … (n)" entries, or else its ";"-separated parts; an item naming
several people counts them ("Giám đốc và 02 Phó Giám đốc" = 3, "02 PGĐ Sở …" = 2). A footnote
without numbered entries is only compared when its parts are clearly the counted things (they
add up), since a free-text note may list something else.
"""
from __future__ import annotations

import regex

from extract.numerals import format_number as fmt
from extract.numerals import parse_number

_SUPER = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARK_AFTER = regex.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_ITEM = regex.compile(r"\(\d{1,2}\)")
_LEADING = regex.compile(r"\s*(\d+)\s+\p{L}")
_AND_NUMBER = regex.compile(r"\s+và\s+(?=\d)")
_NOTE_MARK = regex.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰\d]*\s*")
_NOT_COUNTED = ("%", "điểm", "đồng", "tỷ đồng", "triệu đồng", "nghìn đồng", "nghìn tỷ đồng")


def footnote_checks(doc, metrics: list[dict]) -> list[dict]:
    notes = _footnotes(doc)
    if not notes:
        return []
    rows = []
    for m in metrics:
        if (m.get("value") is None or m.get("unit") in _NOT_COUNTED or m.get("of")
                or m.get("source") != "text"):
            continue
        mark = _mark_of(doc.text, m)
        if mark is None or mark not in notes:
            continue
        row = _count_check(m, mark, notes[mark])
        if row and (row["holds"] or not _shares_sentence(doc.text, m, metrics)):
            rows.append(row)
    return rows


def _shares_sentence(text: str, m: dict, metrics: list[dict]) -> bool:
    """Another count earlier in the sentence: a mark at its end may annotate the whole statement."""
    start = max(text.rfind(". ", 0, m["char_start"]), text.rfind("\n", 0, m["char_start"]))
    return any(start < o["char_start"] < m["char_start"] and o.get("unit") not in _NOT_COUNTED
               for o in metrics if o is not m)


def _footnotes(doc) -> dict[str, str]:
    notes: dict[str, list[str]] = {}
    for b in doc.blocks:
        if b.kind == "footnote" and b.mark:
            notes.setdefault(b.mark.translate(_SUPER), []).append(doc.text[b.start:b.end])
    return {k: " ".join(v) for k, v in notes.items()}


def _mark_of(text: str, m: dict) -> str | None:
    """The footnote mark right after the figure's number or its unit ("04¹ đơn vị", "14 trường hợp²")."""
    quote = text[m["char_start"]:m["char_end"]]
    inner = _MARK_AFTER.search(quote)
    after = _MARK_AFTER.match(text, m["char_end"])
    found = inner or after
    return found.group().translate(_SUPER) if found else None


def _count_check(m: dict, mark: str, note: str) -> dict | None:
    body = _NOTE_MARK.sub("", note)
    numbered = bool(_ITEM.search(body))
    items = [x for x in (_ITEM.split(body)[1:] if numbered else body.split(";")) if x.strip()]
    if len(items) < 2 and not numbered:
        return None
    persons = sum(_people(x) for x in items)
    value = m["value"]
    if not numbered and persons != value:
        return None
    holds = persons == value or len(items) == value
    what = f"{len(items)} items" + (f", {persons} counted" if persons != len(items) else "")
    return {"relation": f"{fmt(value)} {m['unit']} = footnote {mark} lists {what}",
            "holds": holds, "note": None if holds else "the count and the footnote's list differ",
            "metric_ids": [m["metric_id"]], "_numbers": (value, len(items), persons, -2)}


def _people(item: str) -> int:
    total = 0
    for part in _AND_NUMBER.split(item):
        lead = _LEADING.match(part)
        total += int(parse_number(lead.group(1))[0]) if lead else 1
    return total
