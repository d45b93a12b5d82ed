"""Table grids of a PDF page from pypdfium2 objects, found as pdfplumber's table finder finds them.

pdfplumber parses the page's content stream with pdfminer (≈0.4 s a page); pypdfium2 already
holds the page parsed. Its path objects give the ruling edges and its text page the characters,
shaped as pdfplumber's (top-down coordinates, a character as tall as its font size from its loose
bottom). pdfplumber's lines strategy (snap, join, intersections, cells, tables) and its cell text
are redone here over plain tuples with its default settings, step for step and with the same
arithmetic, so that the grids come out as on pdfplumber's own page: its own versions work on
dicts and rescan every later point or every remaining cell for each one.
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

_Box = tuple[float, float, float, float]  # x0, top, x1, bottom
# An edge across its orientation: (x, top, bottom, height) when vertical, (top, x0, x1, width) when
# horizontal; pdfplumber's bbox of it is (x, top, x, bottom) or (x0, top, x1, top)
_Edge = tuple[float, float, float, float]
_Char = tuple[str, float, float, float, float]  # text, x0, x1, top, bottom (pdfplumber's names)

# pdfplumber's TableSettings defaults: snap, join, edge_min_length, intersection tolerances
_SNAP, _JOIN, _MIN_LENGTH, _MEET = 3, 3, 3, 3


def page_grids(page) -> list[list[list[str | None]]] | None:
    """The tables of a pypdfium2 page as pdfplumber's `find_tables()` + `extract()` give them;
    None for a rotated page (pdfminer reads it turned, pdfium in its unrotated space)."""
    if page.get_rotation():
        return None
    height = page.get_size()[1]
    vertical, horizontal = _edges(page, height)
    tables = _tables(vertical, horizontal)
    if not tables:
        return []
    chars = _chars(page, height, [_bounds(cells) for cells in tables])
    return [_extract(cells, chars) for cells in tables]


def _tables(vertical: list[_Edge], horizontal: list[_Edge]) -> list[list[_Box]]:
    """pdfplumber's TableFinder, lines strategy: the cells of each table."""
    if not vertical or not horizontal:
        return []
    return _cell_groups(_cells(_intersections(_merge(vertical, vertical=True),
                                              _merge(horizontal, vertical=False))))


def _merge(edges: list[_Edge], vertical: bool) -> list[_Edge]:
    """pdfplumber's merge_edges then filter_edges(edge_min_length) for one orientation: edges
    whose positions chain within the snap tolerance move to their mean, then edges on one line
    that overlap or come within the join tolerance become one."""
    snapped = []
    for cluster in _clusters(edges, itemgetter(0), _SNAP):
        mean = sum(e[0] for e in cluster) / len(cluster)
        snapped.extend((e[0] + (mean - e[0]), *e[1:]) for e in cluster)  # move_object's sum
    merged = []
    for _, line in itertools.groupby(sorted(snapped, key=itemgetter(0)), itemgetter(0)):
        joined: list[list[float]] = []
        for e in sorted(line, key=itemgetter(1)):
            last = joined[-1] if joined else None
            if last is None or e[1] > last[2] + _JOIN:
                joined.append(list(e))
            elif e[2] > last[2]:  # resize_object: a height grows by the difference, a width is new
                last[3] = last[3] + (e[2] - last[2]) if vertical else e[2] - last[1]
                last[2] = e[2]
        merged.extend(tuple(e) for e in joined if e[3] >= _MIN_LENGTH)
    return merged


def _intersections(vertical: list[_Edge], horizontal: list[_Edge]) -> dict:
    """pdfplumber's edges_to_intersections: each crossing point (x, top) with the sets of its
    vertical and of its horizontal edges, the only thing intersections_to_cells asks of them."""
    found: dict[tuple[float, float], tuple[set, set]] = {}
    for v in vertical:
        x, top, bottom, _ = v
        for h in horizontal:
            y, x0, x1, _ = h
            if top <= y + _MEET and bottom >= y - _MEET and x0 - _MEET <= x <= x1 + _MEET:
                v_edges, h_edges = found.setdefault((x, y), (set(), set()))
                v_edges.add(v[:3])
                h_edges.add(h[:3])
    return found


def _cells(intersections: dict) -> list[_Box]:
    """pdfplumber's intersections_to_cells, the same cells in the same order, a point's neighbours
    below and to the right read from its column and row instead of a scan of every later point."""
    points = sorted(intersections)
    column: dict[float, list] = defaultdict(list)  # points of one x, top down
    row: dict[float, list] = defaultdict(list)  # points of one top, left to right
    place = {}  # point -> (its index in its column, in its row)
    for p in points:
        place[p] = (len(column[p[0]]), len(row[p[1]]))
        column[p[0]].append(p)
        row[p[1]].append(p)
    cells = []
    for p in points:
        in_column, in_row = place[p]
        cell = _smallest_cell(p, column[p[0]][in_column + 1:], row[p[1]][in_row + 1:], intersections)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(point, below: list, right: list, intersections: dict) -> _Box | None:
    """The first cell (pdfplumber's order: nearest bottom, then nearest right) whose bottom-right
    corner is an intersection joined to both the point below and the point to the right. The
    points joined to this one come first in its column and row: an edge through it and a farther
    point also meets every point between, so the scans stop at the first point not joined."""
    v, h = intersections[point]
    for b in below:
        if v.isdisjoint(intersections[b][0]):
            break
        for r in right:
            if h.isdisjoint(intersections[r][1]):
                break
            corner = intersections.get((r[0], b[1]))
            if (corner and not corner[0].isdisjoint(intersections[r][0])
                    and not corner[1].isdisjoint(intersections[b][1])):
                return (point[0], point[1], r[0], b[1])
    return None


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


def _bounds(cells: list[_Box]) -> _Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))


def _rows(cells: list[_Box]) -> list[tuple[_Box, list[_Box | None]]]:
    """pdfplumber's Table.rows: (bounds, cells) of each top, a cell or None at each x0 of the table."""
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, group in itertools.groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
        at = {c[0]: c for c in group}
        rows.append((_bounds(list(at.values())), [at.get(x) for x in xs]))
    return rows


def _extract(cells: list[_Box], chars: list[_Char]) -> list[list[str | None]]:
    """pdfplumber's Table.extract(), with a row's characters found by bisection instead of a scan
    of the whole page per row: the same centre-in-box tests, characters kept in page order."""
    mids = [((x0 + x1) / 2, (top + bottom) / 2) for _, x0, x1, top, bottom in chars]
    by_v = sorted(range(len(chars)), key=lambda i: mids[i][1])
    vs = [mids[i][1] for i in by_v]
    grid = []
    for (x0, top, x1, bottom), row in _rows(cells):
        in_row = sorted(i for i in by_v[bisect.bisect_left(vs, top):bisect.bisect_left(vs, bottom)]
                        if x0 <= mids[i][0] < x1)
        texts = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            mine = [chars[i] for i in in_row if cx0 <= mids[i][0] < cx1 and ctop <= mids[i][1] < cbottom]
            texts.append(_cell_text(mine) if mine else "")
        grid.append(texts)
    return grid


# pdfplumber's default x_tolerance and y_tolerance of extract_text
_TOLERANCE = 3
# pdfplumber's expand_ligatures (on by default)
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def _cell_text(chars: list[_Char]) -> str:
    """pdfplumber's extract_text(chars) with its default settings, for upright characters: lines
    by top, words split at a space or a gap, words regrouped into lines by their top."""
    words: list[tuple[float, str]] = []  # (top, text)
    for line in _clusters(chars, itemgetter(3), _TOLERANCE):
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
    lines = _clusters(words, itemgetter(0), _TOLERANCE)
    return "\n".join(" ".join(text for _, text in line) for line in lines)


def _begins_new_word(prev: _Char, ch: _Char) -> bool:
    """pdfplumber's char_begins_new_word, left to right: the character starts left of the previous
    one, or more than the tolerance after its end, or on a top more than the tolerance away."""
    return ch[1] < prev[1] or ch[1] > prev[2] + _TOLERANCE or abs(ch[3] - prev[3]) > _TOLERANCE


def _close_word(word: list[_Char], words: list[tuple[float, str]]) -> None:
    if word:
        words.append((min(ch[3] for ch in word), "".join(_LIGATURES.get(ch[0], ch[0]) for ch in word)))


def _clusters(items: list, key, tolerance: float) -> list[list]:
    """pdfplumber's cluster_objects: distinct keys sorted and chained while each is within the
    tolerance of the one before; items keep their order within a group."""
    group_of: dict[float, int] = {}
    group, last = -1, None
    for value in sorted({key(item) for item in items}):
        if last is None or value > last + tolerance:
            group += 1
        group_of[value], last = group, value
    groups: list[list] = [[] for _ in range(group + 1)]
    for item in items:
        groups[group_of[key(item)]].append(item)
    return groups


# pdfplumber's lines strategy keeps only vertical and horizontal edges at least this long
# (edge_min_length_prefilter): the others are dropped as the points are read
_MIN_EDGE = 1


def _edges(page, height: float) -> tuple[list[_Edge], list[_Edge]]:
    """The vertical and the horizontal edges of the page's paths, in pdfplumber's order."""
    vertical, horizontal = [], []
    for obj, m in _path_objects(page.raw):
        for pts in _subpaths(obj, m, height):
            for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                if x0 == x1:
                    if abs(y0 - y1) >= _MIN_EDGE:
                        vertical.append((x0, min(y0, y1), max(y0, y1), abs(y0 - y1)))
                elif y0 == y1 and abs(x0 - x1) >= _MIN_EDGE:
                    horizontal.append((y0, min(x0, x1), max(x0, x1), abs(x0 - x1)))
    return vertical, horizontal


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


def _chars(page, height: float, areas: list[_Box]) -> list[_Char]:
    """Characters of the page whose centre lies in one of the areas (x0, top, x1, bottom)."""
    text_page = page.get_textpage()
    raw = text_page.raw
    text = _char_text(text_page)
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


def _char_text(text_page) -> str:
    """The page's characters, one per PDFium char index: its text in one call, or character by
    character when PDFium's text API added or dropped some (rare) and the indexes would not match."""
    text = text_page.get_text_range()
    n = text_page.count_chars()
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, i)) for i in range(n))
    return text
