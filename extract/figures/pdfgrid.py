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
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c


@dataclass
class _Page:
    """What pdfplumber's TableFinder reads from a page with the lines strategy."""
    bbox: tuple[float, float, float, float]
    edges: list[dict]


def page_grids(page) -> list[list[list[str | None]]] | None:
    """The tables of a pypdfium2 page as pdfplumber's `find_tables()` + `extract()` give them;
    None for a rotated page (pdfminer reads it turned, pdfium in its unrotated space)."""
    if page.get_rotation():
        return None
    width, height = page.get_size()
    edges = _edges(page, height)
    if not edges:  # no ruling lines: the lines strategy finds no table
        return []
    from pdfplumber.table import TableFinder  # pdfplumber loads pdfminer: only for a ruled page

    tables = TableFinder(_Page((0, 0, width, height), edges)).tables  # lines strategy: edges only
    if not tables:
        return []
    chars = _chars(page, height, [t.bbox for t in tables])
    return [_extract(t, chars) for t in tables]


def _extract(table, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's Table.extract(), with a row's characters found by bisection instead of a scan
    of the whole page per row: the same centre-in-box tests, characters kept in page order."""
    from pdfplumber.utils import extract_text

    mids = [((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2) for ch in chars]
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
            cells.append(extract_text(mine) if mine else "")
        grid.append(cells)
    return grid


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
    def walk(count, get, outer: _Matrix, depth: int):
        fs = pdfium_c.FS_MATRIX()
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH and outer == _IDENTITY and _tiny(obj):
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, fs)
            m = _compose((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, m
            elif depth > 0:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                                lambda j, o=obj: pdfium_c.FPDFFormObj_GetObject(o, j), m, depth - 1)
    yield from walk(pdfium_c.FPDFPage_CountObjects(page_raw),
                    lambda j: pdfium_c.FPDFPage_GetObject(page_raw, j), _IDENTITY, depth)


def _tiny(obj) -> bool:
    """A path whose page-space bounds (they hold every point, control points included) are under
    _MIN_EDGE both ways has no edge long enough: Word draws each border corner as such a square."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    return right.value - left.value < _MIN_EDGE and top.value - bottom.value < _MIN_EDGE


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


def _chars(page, height: float, areas: list[tuple[float, float, float, float]]) -> list[dict]:
    """Characters of the page whose centre lies in one of the areas (x0, top, x1, bottom)."""
    text_page = page.get_textpage()
    raw = text_page.raw
    rect = pdfium_c.FS_RECTF()
    out: list[dict] = []
    line = None  # (index, loose bottom) of the character that gives the current line its extent
    for i in range(text_page.count_chars()):
        ch = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        if ch in "\r\n\x00":
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
        # pdfium boxes a space on its baseline: it takes its line's extent, as pdfminer gives it
        if not (ch.isspace() and line is not None):
            line = (i, rect.bottom)
        x0, x1 = rect.left, rect.right
        h_mid = (x0 + x1) / 2
        if not any(a <= h_mid <= c for a, _, c, _ in areas):
            continue  # the font size call spared for characters beside every table
        bottom = height - line[1]
        top = bottom - pdfium_c.FPDFText_GetFontSize(raw, line[0])
        v_mid = (top + bottom) / 2
        if any(a <= h_mid <= c and b <= v_mid <= d for a, b, c, d in areas):
            out.append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                        "upright": True, "width": x1 - x0, "height": bottom - top})
    return out
