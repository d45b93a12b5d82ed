"""Table grids of a PDF page from pypdfium2 objects, cut by pdfplumber's table finder.

pdfplumber parses the page's content stream with pdfminer (≈0.4 s a page); pypdfium2 already
holds the page parsed. Its path objects give the ruling edges and its text page the characters,
shaped as pdfplumber's (top-down coordinates, a character as tall as its font size from its loose
bottom) so that pdfplumber's lines strategy and cell text come out as on pdfplumber's own page.
A rotated page is left to pdfplumber itself (extract/figures/pdftables.py). Characters are taken
as upright (pdfplumber's `upright`): text set sideways inside a cell would read differently.
tests/test_pdfgrid.py holds every corpus PDF page to pdfplumber's own grids.
"""
from __future__ import annotations

import bisect
import ctypes
import itertools
from collections import defaultdict
from operator import itemgetter

import pypdfium2.raw as pdfium_c

_bbox = itemgetter("x0", "top", "x1", "bottom")


def page_grids(page) -> list[list[list[str | None]]] | None:
    """The tables of a pypdfium2 page as pdfplumber's `find_tables()` + `extract()` give them;
    None for a rotated page (pdfminer reads it turned, pdfium in its unrotated space)."""
    if page.get_rotation():
        return None
    height = page.get_size()[1]
    edges = _edges(page, height)
    if not edges:  # no ruling lines: the lines strategy finds no table
        return []
    tables = _tables(edges)
    if not tables:
        return []
    chars = _chars(page, height, [t.bbox for t in tables])
    return [_extract(t, chars) for t in tables]


def _tables(edges: list[dict]) -> list:
    """pdfplumber's TableFinder with its default (lines) settings over these edges, its two
    quadratic steps done by _cells and _cell_groups."""
    from pdfplumber import table as plumber  # pdfplumber loads pdfminer: only for a ruled page
    from pdfplumber.utils import filter_edges

    settings = plumber.TableSettings()
    # TableFinder.get_edges: the vertical edges, then the horizontal ones, merged
    merged = plumber.merge_edges([e for e in edges if e["orientation"] == "v"]
                                 + [e for e in edges if e["orientation"] == "h"],
                                 settings.snap_x_tolerance, settings.snap_y_tolerance,
                                 settings.join_x_tolerance, settings.join_y_tolerance)
    intersections = plumber.edges_to_intersections(
        filter_edges(merged, min_length=settings.edge_min_length),
        settings.intersection_x_tolerance, settings.intersection_y_tolerance)
    return [plumber.Table(None, cells) for cells in _cell_groups(_cells(intersections))]


_Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _cells(intersections: dict) -> list[_Box]:
    """pdfplumber's intersections_to_cells, the same cells in the same order. Each point's edges
    become sets once, and a point's neighbours below and to the right are read from its column and
    row, where pdfplumber scans every later point and rebuilds both points' edge sets at each test."""
    points = sorted(intersections)
    v_edges = {p: {_bbox(e) for e in intersections[p]["v"]} for p in points}
    h_edges = {p: {_bbox(e) for e in intersections[p]["h"]} for p in points}
    column: dict[float, list] = defaultdict(list)  # points of one x, top down
    row: dict[float, list] = defaultdict(list)  # points of one top, left to right
    place = {}  # point -> (its index in its column, in its row)
    for p in points:
        place[p] = (len(column[p[0]]), len(row[p[1]]))
        column[p[0]].append(p)
        row[p[1]].append(p)
    cells = []
    for x, top in points:
        v, h = v_edges[(x, top)], h_edges[(x, top)]
        in_column, in_row = place[(x, top)]
        below = [p for p in column[x][in_column + 1:] if not v.isdisjoint(v_edges[p])]
        right = [p for p in row[top][in_row + 1:] if not h.isdisjoint(h_edges[p])]
        cells.extend(_smallest_cell(x, top, below, right, v_edges, h_edges))
    return cells


def _cell_groups(cells: list[_Box]) -> list[list[_Box]]:
    """pdfplumber's cells_to_tables: cells that share a corner, directly or through other cells,
    make one table (found here by union-find, not by pdfplumber's repeated passes); a table of one
    cell is dropped, the others come top to bottom, then left to right."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict[tuple[float, float], int] = {}  # corner -> first cell having it
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = first_at.setdefault(corner, i)
            parent[root(j)] = root(i)
    groups: dict[int, list[_Box]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: min((c[1], c[0]) for c in g))


def _smallest_cell(x, top, below, right, v_edges, h_edges) -> list[_Box]:
    """The first cell (pdfplumber's order: nearest bottom, then nearest right) whose bottom-right
    corner is an intersection joined to both the point below and the point to the right."""
    for b in below:
        for r in right:
            corner = (r[0], b[1])
            if (corner in v_edges and not v_edges[corner].isdisjoint(v_edges[r])
                    and not h_edges[corner].isdisjoint(h_edges[b])):
                return [(x, top, r[0], b[1])]
    return []


_Char = tuple[str, float, float, float, float]  # text, x0, x1, top, bottom (pdfplumber's names)


def _extract(table, chars: list[_Char]) -> list[list[str | None]]:
    """pdfplumber's Table.extract(), with a row's characters found by bisection instead of a scan
    of the whole page per row: the same centre-in-box tests, characters kept in page order."""
    mids = [((x0 + x1) / 2, (top + bottom) / 2) for _, x0, x1, top, bottom in chars]
    by_v = sorted(range(len(chars)), key=lambda i: mids[i][1])
    vs = [mids[i][1] for i in by_v]
    grid = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = sorted(i for i in by_v[bisect.bisect_left(vs, top):bisect.bisect_left(vs, bottom)]
                        if x0 <= mids[i][0] < x1)
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            mine = [chars[i] for i in in_row if cx0 <= mids[i][0] < cx1 and ctop <= mids[i][1] < cbottom]
            cells.append(_cell_text(mine))
        grid.append(cells)
    return grid


# pdfplumber's default x_tolerance and y_tolerance of extract_text
_TOLERANCE = 3
# pdfplumber's expand_ligatures (on by default)
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def _cell_text(chars: list[_Char]) -> str:
    """pdfplumber's extract_text(chars) with its default settings, for upright characters: lines
    by top, words split at a space or a gap, words regrouped into lines by their top."""
    words: list[tuple[float, str]] = []  # (top, text)
    for line in _by_top(chars, lambda ch: ch[3]):
        line.sort(key=lambda ch: ch[1])
        word: list[_Char] = []
        for ch in line:
            if ch[0].isspace():
                _close_word(word, words)
                word = []
            elif word and _begins_new_word(word[-1], ch):
                _close_word(word, words)
                word = [ch]
            else:
                word.append(ch)
        _close_word(word, words)
    return "\n".join(" ".join(text for _, text in line) for line in _by_top(words, lambda w: w[0]))


def _begins_new_word(prev: _Char, ch: _Char) -> bool:
    """pdfplumber's char_begins_new_word, left to right: the character starts left of the previous
    one, or more than the tolerance after its end, or on a top more than the tolerance away."""
    return ch[1] < prev[1] or ch[1] > prev[2] + _TOLERANCE or abs(ch[3] - prev[3]) > _TOLERANCE


def _close_word(word: list[_Char], words: list[tuple[float, str]]) -> None:
    if word:
        words.append((min(ch[3] for ch in word), "".join(_LIGATURES.get(ch[0], ch[0]) for ch in word)))


def _by_top(items: list, top) -> list[list]:
    """pdfplumber's cluster_objects by top with the tolerance: distinct tops sorted and chained
    while each is within the tolerance of the one before; items keep their order in a group."""
    group_of: dict[float, int] = {}
    group, last = -1, None
    for value in sorted({top(item) for item in items}):
        if last is None or value > last + _TOLERANCE:
            group += 1
        group_of[value], last = group, value
    groups: list[list] = [[] for _ in range(group + 1)]
    for item in items:
        groups[group_of[top(item)]].append(item)
    return groups


# pdfplumber's lines strategy keeps only vertical and horizontal edges at least this long
# (edge_min_length_prefilter): the others are dropped here, before any dict is made for them
_MIN_EDGE = 1


def _edges(page, height: float) -> list[dict]:
    out = []
    for obj, m in _path_objects(page.raw):
        for pts in _subpaths(obj, m, height):
            for p0, p1 in zip(pts, pts[1:], strict=False):
                if p0[0] == p1[0]:
                    long_enough = abs(p0[1] - p1[1]) >= _MIN_EDGE
                else:
                    long_enough = p0[1] == p1[1] and abs(p0[0] - p1[0]) >= _MIN_EDGE
                if long_enough:
                    out.append(_edge(p0, p1))
    return out


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _path_objects(page_raw, depth: int = 4):
    """(path object, matrix to page space) of the page, form XObjects included."""
    fs = pdfium_c.FS_MATRIX()
    bounds = [ctypes.c_float() for _ in range(4)]  # one set for every _tiny call: ctypes allocation is slow

    def walk(objects, outer: _Matrix, depth: int):
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == _PATH:
                if outer == _IDENTITY and _tiny(obj, bounds):
                    continue
            elif kind != _FORM or depth == 0:
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, fs)
            m = _compose((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
            if kind == _PATH:
                yield obj, m
            else:
                yield from walk(map(pdfium_c.FPDFFormObj_GetObject, itertools.repeat(obj),
                                    range(pdfium_c.FPDFFormObj_CountObjects(obj))), m, depth - 1)
    yield from walk(map(pdfium_c.FPDFPage_GetObject, itertools.repeat(page_raw),
                        range(pdfium_c.FPDFPage_CountObjects(page_raw))), _IDENTITY, depth)


_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM


def _tiny(obj, bounds: list[ctypes.c_float]) -> bool:
    """A path whose page-space bounds (they hold every point, control points included) are under
    _MIN_EDGE both ways has no edge long enough: Word draws each border corner as such a square."""
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
        return False
    left, bottom, right, top = (v.value for v in bounds)
    return right - left < _MIN_EDGE and top - bottom < _MIN_EDGE


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """inner then outer (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _subpaths(obj, m: _Matrix, height: float) -> list[list[tuple[float, float]]]:
    """Points of each subpath in page coordinates, top down; a closed subpath returns to its start."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[tuple[float, float]]] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if not out or pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
            out.append([point])
        else:
            out[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            out[-1].append(out[-1][0])
    return out


def _edge(p0: tuple[float, float], p1: tuple[float, float]) -> dict:
    top = min(p0[1], p1[1])
    return {"x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]), "top": top, "doctop": top,
            "bottom": max(p0[1], p1[1]), "width": abs(p0[0] - p1[0]), "height": abs(p0[1] - p1[1]),
            "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)}


def _chars(page, height: float, areas: list[tuple[float, float, float, float]]) -> list[_Char]:
    """Characters of the page whose centre lies in one of the areas (x0, top, x1, bottom)."""
    text_page = page.get_textpage()
    raw = text_page.raw
    text = text_page.get_text_range()  # one call for all characters: PDFium char index = text index
    char_box, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    rect = pdfium_c.FS_RECTF()
    highest = min(top for _, top, _, _ in areas)
    out: list[_Char] = []
    line = None  # index of the character that gives the current line its extent
    for i, ch in enumerate(text):
        if ch in "\r\n\x00":
            continue
        char_box(raw, i, rect)
        # pdfium boxes a space on its baseline: it takes its line's extent, as pdfminer gives it
        if not (ch.isspace() and line is not None):
            line, bottom = i, height - rect.bottom
        if bottom < highest:
            continue  # its centre is above every table: the font size call spared
        x0, x1 = rect.left, rect.right
        h_mid = (x0 + x1) / 2
        top = bottom - font_size(raw, line)
        v_mid = (top + bottom) / 2
        for a, b, c, d in areas:
            if a <= h_mid <= c and b <= v_mid <= d:
                out.append((ch, x0, x1, top, bottom))
                break
    return out
