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
