"""Figures read by hand off other corpus reports, including figures in tables.

The Lâm Đồng index report 184/BC-SNV exists as DOCX and as PDF: both must give the same figures
(the PDF's tables go through pdfplumber's table finder, the DOCX's through its table cells).
Each expectation: value, unit, and where stated of (x/y), rank, rank_of, source.
"""
from __future__ import annotations

import pytest

from extract.pipeline import process_file
from tests.conftest import LAMDONG

INDEX_REPORT = "Bao cao cac chi so cua tinh 06.11s"

# (value, unit, extra fields) — read off the report's text and its tables
INDEX_FIGURES = [
    # text, section I.2
    (35, "nhiệm vụ", {"of": 45}),
    (77.8, "%", {}),
    (42, "cơ quan", {"of": 139}),
    (4, "sở, ngành", {"of": 15}),
    (38, "Ủy ban nhân dân", {"of": 124}),
    (8, "cuộc", {}),
    (5, "mô hình", {}),
    (16, "Nghị quyết", {}),
    (34, "Quyết định", {}),
    (75, "văn bản", {}),
    (315, "Nghị quyết", {}),
    (137, "Quyết định", {}),
    (56.9, "%", {}),
    (76.43, "%", {}),
    (97.4, "%", {}),
    (9548, "người", {"of": 9976}),
    (60253, "người", {"of": 60674}),
    (29.2, "%", {}),
    (26353.6, "tỷ đồng", {}),
    (20000, "phiếu", {}),
    (9, "cuộc", {}),
    # table: PAR Index 2024 by province
    (83.1, "điểm", {"of": 100, "rank": 62, "rank_of": 63, "source": "table", "key": "par_index"}),
    (86.6, "điểm", {"of": 100, "rank": 50, "rank_of": 63, "source": "table"}),
    (88.3, "điểm", {"of": 100, "rank": 34, "rank_of": 63, "source": "table"}),
    (9.49, "điểm", {"of": 9.5, "rank": 12, "rank_of": 63, "source": "table"}),
    (9.38, "điểm", {"of": 10, "rank": 20, "rank_of": 63, "source": "table"}),
    (14.21, "điểm", {"of": 16.5, "rank": 15, "rank_of": 63, "source": "table"}),
    (99.9, "%", {"source": "table"}),
    (65.2, "%", {"source": "table"}),
    # table: SIPAS 2024
    (82.5, "%", {"rank": 43, "rank_of": 63, "source": "table"}),
    (83.4, "%", {"rank": 33, "rank_of": 63, "source": "table"}),
    # table: PAPI 2024
    (41.02, "điểm", {"of": 80, "rank": 54, "rank_of": 63, "source": "table", "key": "papi"}),
    (47.13, "điểm", {"of": 80, "rank": 3, "rank_of": 63, "source": "table"}),
    (6.23, "điểm", {"of": 10, "rank": 1, "rank_of": 63, "source": "table"}),
    # table: PCI 2024
    (6.74, "điểm", {"rank": 58, "rank_of": 63, "source": "table"}),
    (8.78, "điểm", {"rank": 2, "rank_of": 63, "source": "table"}),
    (65.08, "điểm", {"rank": 54, "rank_of": 63, "source": "table", "key": "pci"}),
    # table: Bộ chỉ số 766
    (15.38, "điểm", {"rank": 14, "rank_of": 34, "source": "table"}),
    (71.96, "%", {"source": "table"}),
    (96.38, "%", {"source": "table"}),
]

QUARTERLY_FIGURES = [
    (11, "nhiệm vụ", {"of": 49}),
    (22.45, "%", {}),
    (29, "cơ quan", {}),
    (15, "nhiệm vụ", {"of": 21}),
    (6, "nhiệm vụ", {"of": 21}),
    (51, "Quyết định", {}),
    (628, "TTHC", {}),
    (2310, "TTHC", {}),
    (1865, "TTHC", {}),
    (125712, "hồ sơ", {}),
    (241331, "hồ sơ", {}),
    (8063, "tỷ đồng", {}),
    (2047, "dịch vụ", {}),
    (265456, "hồ sơ", {"of": 305194}),
    (95.53, "%", {"source": "table"}),
    (22.45, "%", {"source": "table"}),
    # the annex table of statistics ("Số nhiệm vụ đề ra trong kế hoạch | 49")
    (49, "nhiệm vụ", {"source": "table"}),
    (11, "nhiệm vụ", {"source": "table"}),
    (21, "nhiệm vụ", {"source": "table"}),
    (15, "nhiệm vụ", {"source": "table"}),
]

DE_AN_06_FIGURES = [
    (2028, "dịch vụ", {}),
    (82.04, "%", {}),
    (27245, "hồ sơ", {"of": 36864}),
    (73.9, "%", {}),
    (5854, "hồ sơ", {}),
    (4679, "hồ sơ", {}),
    (64707, "hồ sơ", {}),
    (9463076, "lượt", {}),
    (8326078, "lượt", {}),
    (87.9, "%", {}),
    (7442, "tài khoản", {}),
    (56751, "người", {}),
    (13, "nhiệm vụ", {"of": 19}),
]


@pytest.fixture(scope="module")
def index_docx():
    return process_file(LAMDONG / f"{INDEX_REPORT}.docx").rows["metrics"]


@pytest.fixture(scope="module")
def index_pdf():
    return process_file(LAMDONG / f"{INDEX_REPORT}.pdf").rows["metrics"]


def _has(metrics, value, unit, extra) -> bool:
    for m in metrics:
        if m["value"] is None or abs(m["value"] - value) > 1e-6 * max(1, value) or m["unit"] != unit:
            continue
        if all(_same(m.get(k), v) for k, v in extra.items()):
            return True
    return False


def _same(a, b) -> bool:
    if isinstance(b, (int, float)) and a is not None:
        return abs(a - b) < 1e-9
    return a == b


def test_enough_figures_were_read_by_hand():
    assert len(INDEX_FIGURES) + len(QUARTERLY_FIGURES) + len(DE_AN_06_FIGURES) >= 40
    assert sum(1 for *_, extra in INDEX_FIGURES if extra.get("source") == "table") >= 15


@pytest.mark.parametrize("value, unit, extra", INDEX_FIGURES, ids=lambda x: str(x))
def test_index_report_docx(index_docx, value, unit, extra):
    assert _has(index_docx, value, unit, extra)


@pytest.mark.parametrize("value, unit, extra", INDEX_FIGURES, ids=lambda x: str(x))
def test_index_report_pdf(index_pdf, value, unit, extra):
    assert _has(index_pdf, value, unit, extra)


def test_pdf_and_docx_agree_on_table_figures(index_docx, index_pdf):
    def table(rows):
        return {(m["value"], m["unit"], m["of"], m["rank"], m["rank_of"]) for m in rows
                if m["source"] == "table" and m["value"] is not None and m["unit"] != "%"}
    docx, pdf = table(index_docx), table(index_pdf)
    assert len(docx & pdf) >= 0.9 * len(docx), sorted(docx ^ pdf, key=str)


@pytest.mark.parametrize("value, unit, extra", QUARTERLY_FIGURES, ids=lambda x: str(x))
def test_quarterly_report(value, unit, extra, request):
    rows = _cached(request, "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx")
    assert _has(rows, value, unit, extra)


@pytest.mark.parametrize("value, unit, extra", DE_AN_06_FIGURES, ids=lambda x: str(x))
def test_de_an_06_report(value, unit, extra, request):
    rows = _cached(request, "BÁO CÁO ĐỀ ÁN 06 tháng 10.docx")
    assert _has(rows, value, unit, extra)


def test_no_dates_or_document_numbers_in_index_report(index_docx):
    values = {m["value"] for m in index_docx}
    assert not values & {2024.0, 2025.0, 6484.0, 213.0, 1187.0}


def _cached(request, name):
    cache = request.config.cache_figures = getattr(request.config, "cache_figures", {})
    if name not in cache:
        cache[name] = process_file(LAMDONG / name).rows["metrics"]
    return cache[name]
