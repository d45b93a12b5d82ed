"""Reporting periods as the corpus titles write them (expected values read off the titles)."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.period import find_period

D = dt.date

CASES = [
    # Hải Phòng seed report: the year comes after "6 tháng đầu năm"
    ("Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm và phương hướng, nhiệm vụ "
     "6 tháng cuối năm 2024 của thành phố Hải Phòng", "6 tháng đầu năm 2024", D(2024, 1, 1), D(2024, 6, 30)),
    ("Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026 tỉnh Lâm Đồng",
     "quý I năm 2026", D(2026, 1, 1), D(2026, 3, 31)),
    ("Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 10/2025",
     "tháng 10/2025", D(2025, 10, 1), D(2025, 10, 31)),
    ("Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng", "năm 2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
     "giai đoạn 2021 - 2030", D(2021, 1, 1), D(2030, 12, 31)),
    ("báo cáo kết quả 6 tháng cuối năm 2023", "6 tháng cuối năm 2023", D(2023, 7, 1), D(2023, 12, 31)),
    ("kết quả 9 tháng năm 2025", "9 tháng năm 2025", D(2025, 1, 1), D(2025, 9, 30)),
    ("tình hình tháng 11 năm 2025", "tháng 11 năm 2025", D(2025, 11, 1), D(2025, 11, 30)),
    ("Báo cáo Đề án 06 năm 2025 (tính đến ngày 20/10/2025)", "năm 2025", D(2025, 1, 1), D(2025, 10, 20)),
]


@pytest.mark.parametrize("text,label,start,end", CASES)
def test_period(text, label, start, end):
    p = find_period(text)
    assert p is not None
    assert (p.label, p.start, p.end) == (label, start, end)
    assert text[p.char_start:p.char_end].split()[0] == label.split()[0]


def test_date_of_a_cited_document_is_not_a_period():
    title = ("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 "
             "CỦA THỦ TƯỚNG CHÍNH PHỦ")
    assert find_period(title) is None


def test_no_period():
    title = "Tình hình thực hiện các chỉ số PAR Index, SIPAS, PAPI, PCI, 766 của tỉnh Lâm Đồng"
    assert find_period(title) is None
