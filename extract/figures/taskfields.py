"""Task counts of one statement: x/y after a verb of doing, and status phrases (task_phrases.yaml)."""
from __future__ import annotations

import contextlib
import functools

import regex

from extract import patterns
from extract.figures import vocab
from extract.figures.checks_metrics import stated_rate_gap
from extract.figures.required_words import WordGate
from extract.figures.statements import Statement, as_of
from extract.numerals import find_numerals, parse_number

_N = r"(?<![\d/.,])(?P<n>\d+(?:[.,]\d+)*)(?:/(?P<of>\d+(?:\.\d{3})*))?(?![\d/]|[.,]\d|\s?%)"
_COUNT = regex.compile(_N)  # every phrase holds one
_SEP = r"\s*(?::|là)?\s*"
_U = r"(?:\s+\p{L}+(?:,?\s+\p{L}+){0,3}?)?"
_DOING = regex.compile(
    r"(?:hoàn\s+thành|thực\s+hiện|triển\s+khai|đề\s+xuất|giải\s+quyết|xử\s+lý|ban\s+hành|công\s+bố|"
    r"cập\s+nhật|kiểm\s+tra|rà\s+soát|đạt|cung\s+cấp|tích\s+hợp|số\s+hóa|kết\s+nối|cho)\b", regex.I)
_PCT_AFTER = regex.compile(r"[^.;]{0,80}?đạt\s+(?:tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?P<p>\d+(?:,\d+)?)\s?%", regex.I)
_ZERO = regex.compile(r"\bkhông\s+(?:có|còn)\s+(?P<u>\p{L}+(?:[ ,]+\p{L}+){0,3}?)\s+(?:nào\s+)?"
                      r"(?P<w>quá\s+hạn|trễ\s+hạn|trễ\s+hẹn|chậm\s+tiến\s+độ)", regex.I)
_NOT_TASK_UNITS = ("%", "điểm", "đồng", "tỷ đồng", "triệu đồng", "nghìn đồng", "nghìn tỷ đồng")
_RANK_BEFORE = regex.compile(r"thứ\s*$|hạng\s*$")
_GIVEN_BY = regex.compile(r"được\s+(.{3,80}?)\s+giao\s+\d")
_LEAD_MARKS = regex.compile(r"^[-+•*\s]*(?:Về\s+(?:việc\s+)?)?")


@functools.cache
def _phrases() -> list[tuple[str, regex.Pattern]]:
    out = []
    for e in patterns.entries("task_phrases"):
        for p in e.get("patterns") or []:
            source = p.replace("{N}", _N).replace("{U}", _U).replace("{SEP}", _SEP)
            out.append((e["name"], regex.compile(source, regex.I)))
    return out


@functools.cache
def _phrase_gate() -> WordGate:
    """The phrases' regexes in file order, then _ZERO."""
    return WordGate([pat for _, pat in _phrases()] + [_ZERO])


def fraction_tasks(text: str, st: Statement, used: set[int] = frozenset()) -> list[dict]:
    """"hoàn thành 08/57 nhiệm vụ": completed 8 of 57 (one row per x/y after a verb of doing)."""
    rows = []
    if text.find("/", st.start, st.end) < 0:
        return rows
    for num in find_numerals(text, st.start, st.end):
        if num.kind != "fraction" or num.percent or num.value > num.of or num.start in used:
            continue
        before = text[max(st.start, num.start - 60):num.start]
        unit = vocab.unit_after(text, num.end)
        if not _DOING.search(before) or unit is None or _RANK_BEFORE.search(before):
            continue
        if unit[0] in _NOT_TASK_UNITS or num.value != int(num.value) or num.of != int(num.of):
            continue
        row = _row(text, st, num.start, unit[1])
        row.update(unit=unit[0], completed=int(num.value), total=int(num.of),
                   subject=_subject(text, num.end, unit[1]))
        pct = _PCT_AFTER.match(text, unit[1], st.end)
        if pct and stated_rate_gap(text[unit[1]:pct.start("p")]):
            row["completed_pct"] = parse_number(pct.group("p"))[0]
        rows.append(row)
    return rows


def status_task(text: str, st: Statement, used: set[int] | None = None) -> dict | None:
    """A statement counting by status: a row when it states at least two counts.
    `used` collects the offsets of the numerals it read."""
    if not _COUNT.search(text, st.start, st.end):
        return None  # no phrase can match, and _ZERO alone is one count: too few
    mine: set[int] = set()
    found, first_unit = status_counts(text, st.start, st.end, mine)
    if len(found) < 2:
        return None
    if used is not None:
        used.update(mine)
    row = _row(text, st, st.start, st.end)
    row.update(found)
    row["unit"] = first_unit[0] if first_unit else _unit_named(text, st)
    row["subject"] = _status_subject(text, st, row["unit"])
    pct = _PCT_AFTER.match(text, st.start, st.end)
    if pct and "completed" in found:
        row["completed_pct"] = parse_number(pct.group("p"))[0]
    return row


def status_counts(text: str, start: int, end: int, used: set[int]) -> tuple[dict[str, int], tuple | None]:
    """Counts by status in text[start:end] (task_phrases.yaml), and the unit of the first one."""
    found: dict[str, int] = {}
    first_unit = None
    phrases = _phrases()
    zero = len(phrases)  # _ZERO's place in the gate, after the phrases
    # substring tests spare most statements the regexes, which cost far more
    possible = _phrase_gate().possible(text[start:end])
    for i in possible:
        if i == zero:
            break
        field, pat = phrases[i]
        for m in pat.finditer(text, start, end):
            if m.start("n") in used:
                continue
            used.add(m.start("n"))
            if field in found:
                continue
            if field == "in_progress_on_time" and _parenthesized_without_progress(text, start, m, found):
                field = "completed_on_time"
            if m.group("of"):
                found.setdefault("total", int(parse_number(m.group("of"))[0]))
            found[field] = int(parse_number(m.group("n"))[0])
            first_unit = first_unit or vocab.unit_after(text, m.end("n"))
    if zero in possible:
        for m in _ZERO.finditer(text, start, end):
            if vocab.unit_name(m.group("u")):
                found.setdefault("overdue", 0)
                first_unit = first_unit or (vocab.unit_name(m.group("u")), m.end())
    _derive(found)
    return found, first_unit


# compiled at import, for the forkserver's workers to inherit (see vocab._compile_now); a broken
# pattern file is reported where the phrases are used
with contextlib.suppress(Exception):
    _phrase_gate()


@patterns.register_matcher("task_phrases")
def _phrase_example(entry: dict, example: str) -> bool:
    """The example sets the entry's column."""
    found, _ = status_counts(example, 0, len(example), set())
    return found.get(entry["name"]) is not None


_IN_PROGRESS = regex.compile(r"đang\s+(?:thực\s+hiện|triển\s+khai|xử\s+lý|giải\s+quyết)", regex.I)


def _parenthesized_without_progress(text: str, start: int, m: regex.Match, found: dict) -> bool:
    """"(trong hạn: 62, …)" details the count before it: in progress only after an in-progress count
    (from the statement's `start`)."""
    return (m.group().lstrip().startswith("(") and "in_progress" not in found
            and not _IN_PROGRESS.search(text, start, m.start()))


def _derive(found: dict[str, int]) -> None:
    """A count by status also counts in its group: done on time is done, in progress on time is
    in progress."""
    if "completed" not in found and ("completed_on_time" in found or "completed_late" in found):
        found["completed"] = found.get("completed_on_time", 0) + found.get("completed_late", 0)
    if "in_progress" not in found and "in_progress_on_time" in found:
        found["in_progress"] = found["in_progress_on_time"]


def _row(text: str, st: Statement, start: int, end: int) -> dict:
    return {"char_start": st.start, "char_end": st.end, "as_of": as_of(text, st)}


def _subject(text: str, unit_start: int, unit_end: int) -> str:
    from extract.figures.labels import _phrase_end
    end = _phrase_end(text, unit_end)
    words = text[unit_start:end].split()
    return " ".join(words[:14]).strip(" ,;:")


def _unit_named(text: str, st: Statement) -> str | None:
    units = vocab.units_in(text[st.start:st.end])
    return units[0][0] if units else None


def _status_subject(text: str, st: Statement, unit: str | None) -> str:
    lead = text[st.start:st.lead_end or st.end]
    m = _GIVEN_BY.search(lead)
    if m and unit:
        return f"{unit} được {m.group(1)} giao"
    before = text[max(0, st.start - 200):st.start].rstrip()
    if before.endswith(":"):
        line = before.rsplit("\n", 1)[-1]
        return _LEAD_MARKS.sub("", line).rstrip(": ")
    words = lead.split()
    return " ".join(words[:14]).strip(" ,;:")
