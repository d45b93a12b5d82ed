"""PDF table grids from pypdfium2 objects (extract/figures/pdfgrid.py) against pdfplumber's own.

The index report's tables (Word-made: ruling lines drawn as thin filled rectangles, Vietnamese
cells) must come out cell for cell as pdfplumber's `find_tables()` reads them from the same page.
"""
from __future__ import annotations

import pdfplumber
import pypdfium2
import pytest

from extract.figures.pdfgrid import page_grids
from tests.conftest import LAMDONG

INDEX_PDF = LAMDONG / "Bao cao cac chi so cua tinh 06.11s.pdf"


@pytest.fixture(scope="module")
def both():
    pdf, plumber = pypdfium2.PdfDocument(INDEX_PDF), pdfplumber.open(INDEX_PDF)
    yield pdf, plumber
    plumber.close()
    pdf.close()


@pytest.mark.parametrize("path", sorted(LAMDONG.glob("*.pdf")), ids=lambda p: p.name[:24])
def test_grids_equal_pdfplumber_on_every_corpus_page(path):
    pdf, plumber = pypdfium2.PdfDocument(path), pdfplumber.open(path)
    try:
        for i, page in enumerate(plumber.pages):
            assert page_grids(pdf[i]) == [t.extract() for t in page.find_tables()], f"page {i + 1}"
    finally:
        plumber.close()
        pdf.close()


def test_header_cells_keep_their_spaces(both):
    # page 12's PAPI table heads "Tỷ lệ": pdfium marks the space after "ỷ" as generated, yet it is
    # a real space in the page
    grids = page_grids(both[0][11])
    assert grids and grids[0][0] == ["STT", "Nội dung", "Tỷ lệ", "Điểm\nsố", "Thứ\nhạng"]


def test_page_without_tables_has_none(both):
    pdf, plumber = both
    assert plumber.pages[2].find_tables() == []
    assert page_grids(pdf[2]) == []


def test_rotated_page_is_left_to_pdfplumber(tmp_path, both):
    pdf = pypdfium2.PdfDocument(INDEX_PDF)
    pdf[0].set_rotation(90)
    pdf.save(tmp_path / "rotated.pdf")
    pdf.close()
    rotated = pypdfium2.PdfDocument(tmp_path / "rotated.pdf")
    assert page_grids(rotated[0]) is None
    assert page_grids(rotated[1]) == page_grids(both[0][1])
    rotated.close()


def _plumber_char(text, x0, x1, top, bottom):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "upright": True, "width": x1 - x0, "height": bottom - top}


@pytest.mark.parametrize("chars", [
    [("ﬁ", 10, 15, 100, 110), ("n", 15, 20, 100, 110), ("e", 20, 25, 100.5, 110)],  # ligature
    [("a", 10, 15, 100, 110), ("b", 19, 24, 100, 110), ("c", 24.5, 29, 100, 110)],  # gap > 3
    [("a", 10, 15, 100, 110), (" ", 15, 18, 100, 110), ("b", 18, 23, 100, 110)],  # space
    [("b", 20, 25, 102.5, 112), ("a", 10, 15, 100, 110), ("c", 30, 35, 105, 115)],  # chained tops
    [("x", 10, 15, 120, 130), ("y", 10, 15, 100, 110), ("z", 12, 17, 100, 110)],  # two lines, overlap
])
def test_cell_text_reads_as_pdfplumber(chars):
    from pdfplumber.utils import extract_text

    from extract.figures.pdfgrid import _cell_text
    assert _cell_text(chars) == extract_text([_plumber_char(*c) for c in chars])


def _plumber_edge(x0, top, x1, bottom):
    return {"x0": x0, "x1": x1, "top": top, "doctop": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": "v" if x0 == x1 else "h"}


def test_tables_found_as_pdfplumber_finds_them():
    # a 2×2 grid drawn twice a hair apart (snapped), a bottom rule in two pieces 2 pt apart
    # (joined), a stub too short to count, a lone cell (dropped) and a second table below
    lines = [(50, 100, 50, 200), (50.4, 100, 50.4, 200), (150, 100, 150, 200), (250, 100, 250, 200),
             (50, 100, 250, 100), (50, 150, 250, 150), (50, 200.3, 140, 200.3), (142, 200, 250, 200),
             (300, 100, 300, 102), (400, 300, 400, 350), (450, 300, 450, 350), (400, 300, 450, 300),
             (400, 350, 450, 350), (50, 400, 50, 500), (100, 400, 100, 500), (150, 400, 150, 500),
             (50, 400, 150, 400), (50, 450, 150, 450), (50, 500, 150, 500)]
    from types import SimpleNamespace

    from pdfplumber.table import TableFinder

    from extract.figures.pdfgrid import _tables
    edges = [_plumber_edge(*e) for e in lines]
    page = SimpleNamespace(edges=edges, bbox=(0, 0, 600, 800))
    expected = [sorted(t.cells) for t in TableFinder(page).tables]
    vertical = [(x0, top, bottom, bottom - top) for x0, top, x1, bottom in lines if x0 == x1]
    horizontal = [(top, x0, x1, x1 - x0) for x0, top, x1, bottom in lines if top == bottom]
    assert [sorted(cells) for cells in _tables(vertical, horizontal)] == expected
    assert len(expected) == 2
