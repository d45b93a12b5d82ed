"""Checks among metrics rows: x/y against a stated %, A / B = P%, breakdowns, repeated indicators."""
from __future__ import annotations

import bisect
import math
import operator

import regex

from extract.figures.statements import sentences
from extract.numerals import NUMBER, decimals, find_numerals
from extract.numerals import format_number as fmt

_PCT_RAW = regex.compile(rf"({NUMBER})\s?%")
_TRONG_DO = regex.compile(r"(?<!\(\s*)\btrong\s+đó\s*:", regex.I)
_COUNT_GAP = 100
_PAREN = regex.compile(r"[()]")
_NOT_PARTS = regex.compile(r"trên\s+tổng|tổng\s+số|so\s+với|tăng|giảm", regex.I)


def metric_checks(text: str, metrics: list[dict]) -> list[dict]:
    ms = sorted((m for m in metrics if m.get("source") == "text"), key=lambda m: m["char_start"])
    spans = sentences(text)
    sent_of = _sentence_index(spans, ms)
    rows = []
    rows += _fraction_vs_pct(text, ms, sent_of)
    rows += _share_of_parenthesized(text, ms, sent_of)
    rows += _parenthesized_breakdowns(text, ms)
    rows += _trong_do_breakdowns(text, ms, sent_of, spans)
    rows += _listed_names(text, ms)
    rows += _repeated(text, metrics)
    return rows


_NAME_ITEM = regex.compile(r"\p{Lu}[\p{L}\- ]{0,40}")
_LIST_END = regex.compile(r"[);]")
_YEARLIKE = regex.compile(r"(?:19|20)\d\d")


def _listed_names(text: str, ms: list[dict]) -> list[dict]:
    """"04 quận, huyện (Lê Chân, Hải An, An Lão, An Dương)": the names listed match the count."""
    rows = []
    for m in ms:
        if not _is_count(m) or m.get("of") or text[m["char_end"]:m["char_end"] + 2] != " (":
            continue
        start = m["char_end"] + 2
        stop = _LIST_END.search(text, start, start + 300)
        if stop is None:
            continue
        inner = text[start:stop.start()].replace("\n", " ")
        items = [" ".join(x.split()) for x in inner.split(",")]
        if len(items) < 2 or not all(_NAME_ITEM.fullmatch(x) and len(x.split()) <= 6 for x in items):
            continue
        holds = len(items) == m["value"]
        if not holds and any(" và " in x for x in items):
            continue  # "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name, not between names
        rows.append({"relation": f"{fmt(m['value'])} {m['unit']} lists {len(items)}: " + ", ".join(items),
                     "holds": holds, "note": None if holds else "the count and the names listed differ",
                     "metric_ids": [m["metric_id"]], "_numbers": (m["value"], len(items), -1)})
    return rows


_RATE_GAP = regex.compile(r"[^;]{0,60}?(?:đạt|bằng|chiếm)(?:\s+(?:tỷ|tỉ)\s+lệ)?\s*", regex.I)
_NOT_THE_RATE = regex.compile(r"chỉ\s+tiêu|trường\s+hợp|tối\s+thiểu|tối\s+đa|so\s+với", regex.I)


def stated_rate_gap(gap: str) -> bool:
    """The words between "x/y …" and "P%" state P as the rate of x/y ("…, đạt tỷ lệ ", " (đạt ")."""
    return bool(_RATE_GAP.fullmatch(gap)) and not _NOT_THE_RATE.search(gap)


def ratio_check(x: float, y: float, pct: float, places: int | None) -> dict:
    computed = 100.0 * x / y
    if places is None:  # as many places as the stated value shows
        places = len(repr(float(pct)).split(".")[1].rstrip("0")) if pct != int(pct) else 0
    tolerance = 0.5 * 10 ** -places + 1e-9
    holds = abs(computed - pct) <= tolerance
    return {"relation": f"{fmt(x)} / {fmt(y)} = {fmt(pct)}%", "holds": holds,
            "note": f"computed {computed:.3f}%".replace(".", ","), "_numbers": (x, y, pct)}


def _sentence_index(spans: list[tuple[int, int]], ms: list[dict]) -> dict[int, int]:
    """Each metric's sentence: the first ending after its start (else the last), by bisection (a
    report has a thousand sentences and a hundred text metrics)."""
    last = max(len(spans) - 1, 0)
    end = operator.itemgetter(1)
    return {m["metric_id"]: min(bisect.bisect_right(spans, m["char_start"], key=end), last) for m in ms}


def _pct_places(text: str, m: dict) -> int | None:
    found = _PCT_RAW.findall(text[m["char_start"]:m["char_end"]])
    return decimals(found[-1]) if found else None


def _is_count(m: dict) -> bool:
    return m.get("value") is not None and m.get("unit") not in ("%", None)


def _fraction_vs_pct(text: str, ms: list[dict], sent_of: dict) -> list[dict]:
    rows = []
    for a, b in zip(ms, ms[1:], strict=False):
        if (a.get("of") and _is_count(a) and b.get("unit") == "%" and b.get("value") is not None
                and sent_of[a["metric_id"]] == sent_of[b["metric_id"]]
                and stated_rate_gap(text[a["char_end"]:b["char_start"]])):
            row = ratio_check(a["value"], a["of"], b["value"], _pct_places(text, b))
            row["metric_ids"] = [a["metric_id"], b["metric_id"]]
            rows.append(row)
    return rows


def _share_of_parenthesized(text: str, ms: list[dict], sent_of: dict) -> list[dict]:
    """"đạt 4.048,546 tỷ đồng, bằng 23,79% kế hoạch … (17.019,198 tỷ đồng)": A / B = P%."""
    rows = []
    for i, p in enumerate(ms):
        if p.get("unit") != "%" or i == 0 or i + 1 >= len(ms):
            continue
        b = ms[i + 1]
        if not _is_count(b) or sent_of[b["metric_id"]] != sent_of[p["metric_id"]]:
            continue
        if text[max(0, b["char_start"] - 1):b["char_start"]] != "(" or b["value"] == 0:
            continue
        # A is the sentence's first figure in B's unit: "A, bằng P1% … (B1), bằng P2% … (B2)"
        a = next((m for m in ms[:i] if _is_count(m) and m.get("unit") == b.get("unit")
                  and sent_of[m["metric_id"]] == sent_of[p["metric_id"]]), None)
        if a is None:
            continue
        row = ratio_check(a["value"], b["value"], p["value"], _pct_places(text, p))
        row["metric_ids"] = [a["metric_id"], p["metric_id"], b["metric_id"]]
        rows.append(row)
    return rows


def _closing_paren(text: str, start: int, limit: int = 600) -> int | None:
    depth = 0
    for m in _PAREN.finditer(text, start, start + limit):  # the parentheses only, not every character
        if m.group() == "(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def _parenthesized_breakdowns(text: str, ms: list[dict]) -> list[dict]:
    """"44 trường hợp … (38 đối tượng …, 06 đối tượng …)": the parts in the parenthesis sum to it."""
    rows = []
    starts = [m["char_start"] for m in ms]
    for i, total in enumerate(ms):
        if not _is_count(total):
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        open_at = text.find("(", total["char_end"], total["char_end"] + _COUNT_GAP)
        if (open_at < 0 or (nxt and nxt["char_start"] < open_at and _is_count(nxt))
                or "\n" in text[total["char_end"]:open_at]):
            continue
        close = _closing_paren(text, open_at)
        if close is None:
            continue
        inside = ms[bisect.bisect_right(starts, open_at):bisect.bisect_left(starts, close)]
        parts = [m for m in inside if _is_count(m)]
        if len(parts) < 2 or any(m.get("of") for m in parts) != bool(total.get("of")):
            continue
        inner = text[open_at:close]
        counts = [n for n in find_numerals(text, open_at, close)
                  if not n.percent and not _YEARLIKE.fullmatch(n.raw)]
        if len(counts) != len(parts) or _NOT_PARTS.search(inner):
            continue  # "(gồm 28 Ban quản lý …, 1 đơn vị …)": a part without a unit; "x trên tổng số y"
        row = _breakdown_row(total, parts, "chi tiết trong ngoặc")
        if not row["holds"] and _count_before(text, ms, i):
            continue  # "09 sở … và 26 xã … (trong đó 33 …, 02 …)": the parenthesis may cover both
        rows.append(row)
        if total.get("of") and all(m.get("of") for m in parts):
            rows.append(_breakdown_row(total, parts, "mẫu số", field="of"))
    return rows


def _count_before(text: str, ms: list[dict], i: int) -> bool:
    """Another count earlier in the same sentence, within reach of ms[i]."""
    pos = ms[i]["char_start"]
    # a sentence end, not a line break: PDF lines wrap mid-sentence
    start = max(text.rfind(". ", 0, pos), text.rfind(".\n", 0, pos), pos - 300)
    return any(_is_count(m) and start < m["char_start"] for m in ms[:i])


def _trong_do_breakdowns(text: str, ms: list[dict], sent_of: dict,
                         spans: list[tuple[int, int]]) -> list[dict]:
    """"… 53.244 tỷ đồng …, trong đó: Thu nội địa 27.389,3 tỷ đồng …; thu … 24.910,9 tỷ đồng":
    the figures after "trong đó:" in the total's unit are its parts."""
    rows = []
    for m in _TRONG_DO.finditer(text):
        # the sentence holding m: the last one starting at or before it, if it reaches m
        si = bisect.bisect_right(spans, (m.start(), math.inf)) - 1
        if si < 0 or m.start() >= spans[si][1]:
            continue
        after = [x for x in ms
                 if m.end() <= x["char_start"] < spans[si][1] and _is_count(x) and not x.get("of")]
        if not after:
            continue
        unit = after[0]["unit"]
        parts = [x for x in after if x["unit"] == unit]
        before = [x for x in ms if x["char_start"] < m.start() and x.get("unit") == unit and not x.get("of")
                  and sent_of[x["metric_id"]] in (si, si - 1)]
        if len(parts) < 2 or not before:
            continue
        same = [x for x in before if sent_of[x["metric_id"]] == si]
        total = (same or [x for x in before if sent_of[x["metric_id"]] == si - 1])[0]
        row = _breakdown_row(total, parts, "trong đó")
        if not row["holds"] and sum(p["value"] for p in parts) < total["value"]:
            row["note"] += "; the listed parts stay below the total (other parts may be unlisted)"
        rows.append(row)
    return rows


def _breakdown_row(total: dict, parts: list[dict], what: str, field: str = "value") -> dict:
    values = [p[field] for p in parts]
    s = sum(values)
    holds = abs(s - total[field]) <= 1e-6 * max(1.0, abs(total[field]))
    return {"relation": " + ".join(fmt(v) for v in values) + f" = {fmt(total[field])} ({what})",
            "holds": holds, "note": None if holds else f"parts sum to {fmt(s)}",
            "metric_ids": [total["metric_id"], *(p["metric_id"] for p in parts)],
            "_numbers": (*values, total[field])}


def _repeated(text: str, metrics: list[dict]) -> list[dict]:
    """One indicator (same key, unit and year) stated more than once must carry one value."""
    groups: dict[tuple, list[dict]] = {}
    for m in metrics:  # prose only: a table row per province or unit is not a repetition
        if m.get("key") and m.get("value") is not None and m.get("reference_year") \
                and m.get("source") == "text":
            groups.setdefault((m["key"], m["unit"], m["reference_year"]), []).append(m)
    rows = []
    for (key, unit, year), ms in groups.items():
        if len(ms) < 2:
            continue
        values = [m["value"] for m in ms]
        holds = max(values) - min(values) <= 1e-6 * max(1.0, abs(max(values)))
        rows.append({"relation": f"{key} {year}: " + " = ".join(f"{fmt(v)} {unit}" for v in values),
                     "holds": holds, "note": "the same indicator stated in several places",
                     "metric_ids": [m["metric_id"] for m in ms], "_numbers": tuple(values)})
    return rows
