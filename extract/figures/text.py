"""Reported figures in running text.

A numeral is a figure when a unit follows it ("78 nhiệm vụ", "88,90%"), or when it is the count of a
"label: N" pair whose label names the unit ("tiếp nhận mới: 192" after "phản ánh, kiến nghị").
Numerals after "năm", "ngày", "số", a document type, "Kỳ họp thứ" … are not figures. A rank
("xếp hạng vị trí thứ 2/63") and a change right after a figure ("(tăng 1,78 điểm so với năm 2022)")
belong to a figure of the same clause and are not figures of their own.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

import regex

from extract.figures import vocab
from extract.figures.labels import describe
from extract.numerals import Numeral, numerals_of


@dataclass
class Figure:
    start: int
    end: int
    value: float | None
    unit: str | None
    of: float | None = None
    rank: int | None = None
    rank_of: int | None = None
    change: float | None = None
    change_unit: str | None = None
    reference_year: int | None = None
    key: str | None = None
    label: str | None = None
    source: str = "text"
    warnings: list[str] = field(default_factory=list)
    clause: tuple[int, int] = (0, 0)
    high: float | None = None


# _NOT_A_COUNT, _TOTAL_SO and _COUNT_AFTER_LABEL are tried where `before` ends: compiled REVERSE,
# .match() anchors there (instead of .search() trying every position of `before`)
# words after which a number names something instead of counting it
_NOT_A_COUNT = regex.compile(
    r"""(?:\b(?:năm|tháng|ngày|quý|kỳ|khóa|khoá|lần|giai\ đoạn|điều|khoản|mục|phần|chương|phụ\ lục|
        đề\ án|quyết\ định|kế\ hoạch|nghị\ quyết|nghị\ định|chỉ\ thị|thông\ tư|công\ văn|văn\ bản|
        báo\ cáo|thông\ báo|tờ\ trình|chỉ\ số|tiêu\ chí|tiêu\ chuẩn|luật|khu|tổ|ấp|thôn|đường|
        quận|phường|xã|huyện|phòng|lô|tầng|nhóm|loại|hạng|mẫu|biểu|số|thứ|top)

        |[§#№])\s*$""",
    regex.I | regex.X | regex.REVERSE,
)
_TOTAL_SO = regex.compile(r"tổng\s+số\s*$", regex.I | regex.REVERSE)
_RANK_BEFORE = regex.compile(
    r"(?:xếp\s+hạng|thứ\s+hạng|hạng)(?:\s+\p{L}+){0,3}?\s+(?:thứ\s+)?$"
    r"|(?:xếp|đứng)(?:\s+\p{L}+){0,3}?\s+thứ\s*$|thứ\s*$", regex.I)
_RANK_WORD = regex.compile(r"xếp|hạng|đứng", regex.I)
_CHANGE_BEFORE = regex.compile(r"(tăng|giảm)(?:\s+(?:thêm|khoảng|hơn|gần))?\s*$", regex.I)
_COUNT_AFTER_LABEL = regex.compile(
    r"(?::|\b(?:trong|quá|đúng|trễ|chậm)\s+hạn:?|\bđang\s+xử\s+lý:?)\s*$", regex.I | regex.REVERSE)
_LABEL_REACH = 60
# units a "label: N" count can inherit from its label (a % or money needs its own unit word)
_LABEL_UNITS = ("nhiệm vụ", "TTHC", "hồ sơ", "văn bản", "phản ánh, kiến nghị", "đơn vị", "cơ quan",
                "trường hợp", "người", "đối tượng")
_SO_VOI_YEAR = regex.compile(r"[^;.]{0,40}?so\s+với\s+(?:cùng\s+kỳ\s+)?năm\s+((?:19|20)\d\d)", regex.I)
# a clause ends at ";", at a line break, and at a "." followed by white space or the end of the text
_AFTER_SENTENCE_DOT = regex.compile(r"\s|$")
_YEARLIKE = regex.compile(r"(?:19|20)\d\d")
_CAPITAL_NEXT = regex.compile(r" ?\p{Lu}")
_WORD = regex.compile(r"\p{L}{2,}")


def figures_in_text(text: str, skip: list[tuple[int, int]] | None = None) -> list[Figure]:
    """Figures of text, leaving out numerals inside the `skip` spans (tables, header)."""
    skip = Spans(skip or [])
    figures: list[Figure] = []
    ranks: list[tuple[Numeral, tuple[int, int]]] = []
    for num in numerals_of(text):
        if num.start in skip:
            continue
        before = text[max(0, num.start - 40):num.start]
        # _RANK_BEFORE and _CHANGE_BEFORE try every position of `before`: a test for their words in
        # `lowered` first rules most numerals out ("ảm" stands for "giảm": "GİẢM" lowers to "gi̇ảm")
        lowered = before.lower()
        if ("thứ" in lowered or "hạng" in lowered) and _is_rank(before, num):
            ranks.append((num, clause_of(text, num.start)))
            continue
        change = ("tăng" in lowered or "ảm" in lowered) and _CHANGE_BEFORE.search(before)
        prev = figures[-1] if figures else None
        if change and prev and _follows(text, prev, num.start - len(change.group())):
            _attach_change(text, prev, num, change.group(1))
            continue
        fig = _figure(text, num, before)
        if fig is not None:
            figures.append(fig)
    figures = sorted(figures + _zero_counts(text, skip), key=lambda f: f.start)
    for num, clause in ranks:
        _attach_rank(figures, num, clause)
    for fig in figures:
        if fig.value is not None or fig.rank is not None:
            describe(text, fig)
    return [f for f in figures if f.value is not None or f.rank is not None or f.high is not None]


_ZERO = regex.compile(
    r"\b(?:không\s+có|không\s+còn)\s+(?P<unit>\p{L}+(?:[ ,]+\p{L}+){0,3}?)\s+"
    r"(?:nào\s+)?(?:quá\s+hạn|trễ\s+hạn|trễ\s+hẹn|chậm\s+tiến\s+độ|tồn\s+đọng)", regex.I)


def _zero_counts(text: str, skip: Spans) -> list[Figure]:
    """"Không có nhiệm vụ quá hạn": a count of zero written in words."""
    out = []
    for m in _ZERO.finditer(text):
        unit = vocab.unit_name(m.group("unit"))
        if unit and m.start() not in skip:
            out.append(Figure(m.start(), m.end(), 0.0, unit, clause=clause_of(text, m.start())))
    return out


def clause_of(text: str, pos: int) -> tuple[int, int]:
    """The clause around pos: back to the previous ";", sentence end or line break, and forward."""
    return _clause_start(text, pos), _clause_end(text, pos)


def _clause_start(text: str, pos: int) -> int:
    """Just after the last clause end before pos, else 0."""
    # each search stops at the line break before pos: a mark before it does not count
    line = text.rfind("\n", 0, pos)
    mark = max(text.rfind(";", line + 1, pos), line)
    dot = text.rfind(".", mark + 1, pos)
    while dot > mark:
        if _AFTER_SENTENCE_DOT.match(text, dot + 1):
            return dot + 1
        dot = text.rfind(".", mark + 1, dot)
    return mark + 1


def _clause_end(text: str, pos: int) -> int:
    """Where the first clause end from pos lies, else len(text)."""
    # str.find within the line, as in _clause_start: a regex search costs more per figure
    line = text.find("\n", pos)
    line = line if line >= 0 else len(text)
    mark = text.find(";", pos, line)
    mark = mark if mark >= 0 else line
    dot = text.find(".", pos, mark)
    while dot >= 0:
        if _AFTER_SENTENCE_DOT.match(text, dot + 1):
            return dot
        dot = text.find(".", dot + 1, mark)
    return mark


class Spans:
    """Spans (a, b) that may overlap; `pos in spans` when a <= pos < b for one of them, in log time
    (a DOCX gives thousands of table cells to skip)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


def _is_rank(before: str, num: Numeral) -> bool:
    m = _RANK_BEFORE.search(before)
    if not m:
        return False
    if "\n" in m.group():
        return False
    # "Kỳ họp thứ 7" is an ordinal: a rank is "x/y" or a ranking word with "thứ"
    return num.kind == "fraction" or bool(_RANK_WORD.search(m.group()) and "thứ" in m.group().lower())


def _follows(text: str, prev: Figure, pos: int) -> bool:
    """Only punctuation lies between the previous figure and pos (same clause)."""
    return prev.end <= pos and pos - prev.end <= 6 and not text[prev.end:pos].strip(" ,(*\u00a0")


def _attach_change(text: str, prev: Figure, num: Numeral, verb: str) -> None:
    sign = -1.0 if verb.lower() == "giảm" else 1.0
    unit = "%" if num.percent else (vocab.unit_after(text, num.end) or (prev.unit, 0))[0]
    prev.change = sign * num.value
    prev.change_unit = unit
    found = vocab.unit_after(text, num.end)
    prev.end = max(prev.end, found[1] if found and not num.percent else num.end)
    m = _SO_VOI_YEAR.match(text, prev.end)
    if m and prev.reference_year is None:
        prev.reference_year = int(m.group(1)) + 1


def _figure(text: str, num: Numeral, before: str) -> Figure | None:
    if text[num.start - 1:num.start] == "(" and text[num.end:num.end + 1] == ")":
        return None  # "(1)": a list item
    if _NOT_A_COUNT.match(before) and not _TOTAL_SO.match(before):
        return None
    if _opens_line_before_capital(text, num):
        return None  # "1 Mô hình …" opening a line: a footnote or item number
    if not _words_on_line(text, num.start):
        return None  # a line of bare numbers: chart axis labels or a table read as text
    end = num.end
    if num.percent:
        unit = "%"
    else:
        found = vocab.unit_after(text, num.end)
        if found:
            unit, end = found
        else:
            unit = _unit_of_label(text, num, before)
            if unit is None or (_YEARLIKE.fullmatch(num.raw) and num.kind == "plain"):
                return None
    value = None if num.kind == "range" else num.value
    fig = Figure(num.start, end, value, unit, of=num.of, clause=clause_of(text, num.start),
                 warnings=list(num.warnings))
    if num.kind == "range":
        fig.high = num.high
        fig.warnings.append(f"range {num.raw!r}: value left empty")
    return fig


def _opens_line_before_capital(text: str, num: Numeral) -> bool:
    return (num.kind == "plain" and text[num.start - 1:num.start] in ("\n", "")
            and bool(_CAPITAL_NEXT.match(text[num.end:num.end + 2])))


def _words_on_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return bool(_WORD.search(text, start, end if end >= 0 else len(text)))


def _unit_of_label(text: str, num: Numeral, before: str) -> str | None:
    """"số phản ánh, kiến nghị đã hoàn thành: 138": the unit named in the label before the count,
    in the same clause."""
    if not _COUNT_AFTER_LABEL.match(before):
        return None
    start = _clause_start(text, num.start)
    units = vocab.units_in(text[start:num.start])
    if not units or num.start - (start + units[-1][2]) > _LABEL_REACH or units[-1][0] not in _LABEL_UNITS:
        return None
    return units[-1][0]


def _attach_rank(figures: list[Figure], num: Numeral, clause: tuple[int, int]) -> None:
    rank, of = int(num.value), int(num.of) if num.of else None
    same = [f for f in figures if f.clause == clause and f.rank is None and f.value is not None]
    scored = [f for f in same if f.unit in ("điểm", "%")] or same
    if scored:
        fig = min(scored, key=lambda f: abs(f.start - num.start))
        fig.rank, fig.rank_of = rank, of
        fig.start, fig.end = min(fig.start, num.start), max(fig.end, num.end)
        return
    figures.append(Figure(num.start, num.end, None, None, rank=rank, rank_of=of, clause=clause))
