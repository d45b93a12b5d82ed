"""Figures in table cells: DOCX and Markdown tables as the readers give them (table_cell blocks),
and PDF tables as extract/figures/pdftables.py finds them (`table_figures` on its grid).

Header rows are the rows above the first row holding a figure; a cell's column header joins the
header cells covering its column (a merged header cell covers the columns up to the next one).
The row label is the row's first cell with words in it. A cell under "Thứ hạng" is a rank and goes
to the score of the same row and header group ("Lâm Đồng / Điểm số" → "Lâm Đồng / Thứ hạng").
The unit comes from the cell ("%"), else from the column header ("Điểm số" → điểm, "Tỷ lệ" → %,
"Số hồ sơ" → hồ sơ), else from the row label; a cell whose unit cannot be told is left out.
"""
from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import regex

from extract.figures import vocab
from extract.figures.text import Figure
from extract.numerals import Numeral, find_numerals

_INDEX = regex.compile(r"(?:[IVXLC]+|\d+)(?:\.\d+|\.[IVX]+)*\.?|[a-zđ]\)?|STT|TT", regex.I)
_IGNORED_HEADERS = regex.compile(r"^(?:STT|TT|Số\s+TT|Nội\s+dung|Tiêu\s+chí|Chỉ\s+tiêu)$", regex.I)
_TOTAL_ROW = regex.compile(r"chỉ\s+số\s+chung|tổng\s+(?:cộng|số|điểm)?|chung", regex.I)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_YEAR_IN = regex.compile(r"\bnăm\s+((?:19|20)\d\d)", regex.I)
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")
_WORD = regex.compile(r"\p{L}{2,}")
_YEAR_OR_STT = regex.compile(r"\bnăm\b|STT", regex.I)
_RANK_HEADER = regex.compile(r"hạng", regex.I)
_NUMBERING = regex.compile(r"(?:S[ốô]\s+)?(?:STT|TT)", regex.I)
_RATE_LABEL = regex.compile(r"\s*t[ỷỉ]\s+lệ", regex.I)
_COUNT_LABEL = regex.compile(r"\s*(?:tổng\s+)?số\s", regex.I)
_COL = operator.attrgetter("col")
_FIRST = operator.itemgetter(0)


@dataclass
class Cell:
    row: int
    col: int
    start: int
    end: int
    text: str


def figures_in_tables(doc) -> list[Figure]:
    text = doc.text
    tables: dict[int, dict[tuple[int, int], Cell]] = defaultdict(dict)
    for b in doc.blocks:
        if b.kind != "table_cell" or b.table is None:
            continue
        cells, key = tables[b.table], (b.row or 0, b.col or 0)
        cell = cells.get(key)
        if cell is None:
            cells[key] = Cell(key[0], key[1], b.start, b.end, "")
        else:
            cell.end = b.end
    out: list[Figure] = []
    for cells in tables.values():
        for cell in cells.values():
            cell.text = " ".join(text[cell.start:cell.end].split())
        out.extend(table_figures(text, cells))
    return out


def _cell_numeral(text: str, cell: Cell) -> Numeral | None:
    # a cell of words (half the cells of a report's tables) is told by one search, not a numeral lookup
    if cell.start < 0 or not _DIGIT.search(text, cell.start, cell.end):
        return None
    nums = find_numerals(text, cell.start, cell.end)
    if len(nums) != 1:
        return None
    num = nums[0]
    # "12/63", "88,72 %", "1.250 hồ sơ" are figures; "Xã A Lưới 1" is a name
    if not _LETTER.search(text, cell.start, num.start) and not _LETTER.search(text, num.end, cell.end):
        return num  # no word beside the numeral (most figure cells): no need to join the rest
    rest = " ".join((text[cell.start:num.start] + text[num.end:cell.end]).split())
    return num if vocab.unit_name(rest) else None


def table_figures(text: str, cells: dict[tuple[int, int], Cell]) -> list[Figure]:
    """Figures of one table given as cells keyed by (row, col); cells not found in text have start -1."""
    index_cols = _index_columns(cells)
    by_row: dict[int, list[Cell]] = defaultdict(list)
    numerals: dict[int, list[tuple[int, Numeral]]] = defaultdict(list)  # a row's (col, numeral)
    for (r, col), c in cells.items():
        by_row[r].append(c)
        if col not in index_cols and (num := _cell_numeral(text, c)) is not None:
            numerals[r].append((col, num))
    if not numerals:
        return []
    data_rows = sorted(numerals)
    table = _Table(text, cells, {r: by_row[r] for r in sorted(by_row) if r < data_rows[0]})
    out = []
    for r in data_rows:
        out.extend(table.row_figures(sorted(by_row[r], key=_COL), sorted(numerals[r], key=_FIRST)))
    return out


class _Table:
    """What the data rows of one table share: its header cells, columns and context."""

    def __init__(self, text: str, cells: dict[tuple[int, int], Cell], header_cells: dict[int, list[Cell]]):
        self.header_cells = header_cells
        first = min(c.start for c in cells.values() if c.start >= 0)
        self.context = text[max(0, first - 400):first]
        years = _YEAR_IN.findall(self.context)
        self.year = int(years[-1]) if years else None
        self._key: str | None = None  # the indicator the context names, "" for none
        self._columns: dict[int, _Column] = {}  # a column's headers, the same for each data row

    def key(self) -> str:
        if self._key is None:  # looked for at the first total row: most tables have none
            self._key = _context_key(self.context) or ""
        return self._key

    def column(self, col: int) -> _Column:
        if col not in self._columns:
            self._columns[col] = _column(self.header_cells, col)
        return self._columns[col]

    def row_figures(self, row_cells: list[Cell], numerals: list[tuple[int, Numeral]]) -> list[Figure]:
        """Figures of one data row: its cells and its numeric cells' (col, numeral), left to right."""
        label = next((c.text for c in row_cells if _WORD.search(c.text)
                      and not _INDEX.fullmatch(c.text)), None)
        if _column_numbering([num.value for _, num in numerals]):
            return []
        row = _Row(label)
        key = self.key() if label and _TOTAL_ROW.fullmatch(label.strip()) else None
        figs, ranks = [], []
        for col, num in numerals:
            column = self.column(col)
            if column.year_or_number or (len(num.raw) == 4 and _YEAR.fullmatch(num.raw)):
                continue
            if column.rank:
                ranks.append((num, column.headers))
                continue
            unit = "%" if num.percent else row.unit_under(column)
            if unit is None:
                continue
            fig = Figure(num.start, num.end, num.value, unit, of=num.of, source="table",
                         label=" - ".join(x for x in (label, column.header) if x),
                         warnings=list(num.warnings), reference_year=self.year)
            if key:
                fig.key = key
            fig.group = column.headers[0] if len(column.headers) > 1 else ""
            figs.append(fig)
        for num, headers in ranks:
            _rank_to_score(figs, num, headers, label)
        return figs


def _index_columns(cells: dict[tuple[int, int], Cell]) -> set[int]:
    """Columns that number the rows: the first one, and any headed STT / TT."""
    # a header "STT" / "Số TT" ends in "TT": that test spares the other cells a regex call
    return {0} | {c.col for c in cells.values()
                  if c.text[-2:].lower() == "tt" and _NUMBERING.fullmatch(c.text)}


def _column_numbering(values: list[float]) -> bool:
    """A row "(1) (2) (3) …" or "1 2 3 …" (its figures' values, left to right) numbers the columns."""
    return len(values) >= 3 and all(v == values[0] + i for i, v in enumerate(values))


class _Column(NamedTuple):
    headers: list[str]  # top down
    header: str  # joined with " / "
    year_or_number: bool  # headed "năm …" or "STT" alone: no figures
    rank: bool  # headed "… hạng …": ranks
    scores: bool  # headed "… điểm …"
    unit: str | None  # the unit its header names


def _column(header_cells: dict[int, list[Cell]], col: int) -> _Column:
    headers = _headers(header_cells, col)
    header = " / ".join(headers)
    return _Column(headers, header, bool(_YEAR_OR_STT.search(header)) and not headers[1:],
                   bool(_RANK_HEADER.search(header)), "điểm" in header.lower(), _header_unit(header))


def _header_unit(header: str) -> str | None:
    h = header.lower()
    if "điểm" in h:
        return "điểm"
    if "tỷ lệ" in h or "tỉ lệ" in h or "%" in h:
        return "%"
    units = vocab.units_in(header)
    return units[0][0] if units else None


class _Row:
    """What a data row's label tells of the unit of its cells."""

    def __init__(self, label: str | None) -> None:
        # "Tỷ lệ hồ sơ … được giải quyết đúng hạn" | 95,53
        self.rate = bool(_RATE_LABEL.match(label or ""))
        # a count row names its unit: "Số nhiệm vụ đã hoàn thành", "Tổng số hồ sơ tiếp nhận"
        units = vocab.units_in(label) if label and _COUNT_LABEL.match(label) else None
        self.count_unit = units[0][0] if units else None

    def unit_under(self, column: _Column) -> str | None:
        """The unit of a cell of this row without "%" of its own: the rate of the label unless the
        column holds scores, else the unit the header names, else the unit a count label names."""
        if self.rate and not column.scores:
            return "%"
        return column.unit or self.count_unit


def _headers(header_cells: dict[int, list[Cell]], col: int) -> list[str]:
    """Header texts over `col`, top down (header_cells: each header row's cells, top down). A header
    cell covers the columns up to the next cell of its row (merged headers); the last cell of a
    sparse row (one or two cells) covers only itself."""
    out = []
    for row in header_cells.values():
        left = [c for c in row if c.col <= col]
        if not left:
            continue
        cell = max(left, key=lambda c: c.col)
        if cell.col < col and cell.col == max(c.col for c in row) and len(row) <= 2:
            continue
        if cell.text and not _IGNORED_HEADERS.match(cell.text) and cell.text not in out:
            out.append(cell.text)
    return out


def _rank_to_score(figs: list[Figure], num: Numeral, headers: list[str], label: str | None) -> None:
    group = headers[0] if len(headers) > 1 else ""
    same = [f for f in figs if getattr(f, "group", "") == group and f.rank is None]
    left = [f for f in figs if f.rank is None and f.start < num.start]
    # a merged score cell may start under the previous group: then the nearest score left of the rank
    pick = (next((f for f in same if f.unit == "điểm"), None)
            or next((f for f in reversed(left) if f.unit == "điểm"), None)
            or next(iter(same), None) or (left[-1] if left else None))
    rank, rank_of = int(num.value), int(num.of) if num.of else None
    if pick is not None:
        pick.rank, pick.rank_of = rank, rank_of
        return
    figs.append(Figure(num.start, num.end, None, None, rank=rank, rank_of=rank_of, source="table",
                       label=" - ".join(x for x in (label, " / ".join(headers)) if x)))


def _context_key(context: str) -> str | None:
    best, pos = None, -1
    entries = vocab.metric_entries()
    for entry, pat in (entries[i] for i in vocab.metric_gate().possible(context)):
        for m in pat.finditer(context):
            if m.start() > pos:
                best, pos = entry["key"], m.start()
    return best
