"""Citations read by hand off corpus documents other than the gold-annotated seed report.

Each row: the document, the ref as the text writes it (look-alikes normalized), which of its
mentions (0 = first), the date written with it (or by its list / sentence), and the issuer's full
name (ANY where the text leaves it unclear). Provinces: Lâm Đồng (DOCX, PDF), Nghệ An, Cần Thơ,
Bắc Ninh, Hồ Chí Minh, Quảng Ninh, Huế, Lào Cai and central bodies (Markdown from thuvienphapluat).
"""
from __future__ import annotations

import datetime
import functools

import pytest

from tests.conftest import LAMDONG, MARKDOWN

ANY = object()
D = datetime.date
LD_Q1 = LAMDONG / "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx"
LD_KH = LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx"
LD_06 = LAMDONG / "BÁO CÁO ĐỀ ÁN 06 tháng 10.docx"
LD_787 = LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"
LD_4377 = LAMDONG / "4377(30.09.2025_17h58p29)_signed.pdf"
QD932 = LAMDONG / "QD932.pdf"
NGHE_AN = MARKDOWN / "0a97eb9c3c536047.md"
CAN_THO = MARKDOWN / "3a2db039af8c2d05.md"
BAC_NINH = MARKDOWN / "43ce594e2a648040.md"
QUOC_HOI = MARKDOWN / "1476f29807502624.md"
BNV = MARKDOWN / "5d3180cef1d254d0.md"
HCM = MARKDOWN / "001c610b2efdcf0c.md"
QUANG_NINH = MARKDOWN / "adf53d885efc1c23.md"
HUE = MARKDOWN / "ed309a99382e6b4c.md"
LAO_CAI = MARKDOWN / "856f6487c18d75d0.md"

UBND_LD = "Ủy ban nhân dân tỉnh Lâm Đồng"
CT_LD = "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"
TTG = "Thủ tướng Chính phủ"
CP = "Chính phủ"

CASES = [
    # Lâm Đồng, quarterly CCHC report (DOCX)
    (LD_Q1, "4625/BNV-CCHC", 0, D(2025, 7, 2), "Bộ Nội vụ"),
    (LD_Q1, "519/QĐ-UBND", 0, D(2026, 2, 6), UBND_LD),
    (LD_Q1, "1187/QĐ-BNV", 0, D(2025, 10, 15), "Bộ trưởng Bộ Nội vụ"),
    (LD_Q1, "12094/BNV-CCHC", 0, D(2025, 12, 15), "Bộ Nội vụ"),
    (LD_Q1, "33/BC-UBND", 0, D(2026, 1, 20), UBND_LD),
    (LD_Q1, "02/NQ-CP", 0, D(2026, 1, 8), CP),
    (LD_Q1, "2200/KH-UBND", 0, D(2026, 2, 12), UBND_LD),
    (LD_Q1, "9669/KH-UBND", 0, D(2025, 12, 24), UBND_LD),
    (LD_Q1, "1174/KH-HĐPH", 0, D(2026, 1, 26),
     "Hội đồng Phối hợp phổ biến, giáo dục pháp luật tỉnh Lâm Đồng"),
    (LD_Q1, "806/KH-UBND", 0, D(2026, 1, 9), UBND_LD),
    (LD_Q1, "4756/BTP-KTVB&QLXLVPHC", 0, D(2025, 8, 5), "Bộ Tư pháp"),
    (LD_Q1, "1364/KH-UBND", 0, D(2026, 1, 29), UBND_LD),
    (LD_Q1, "5990/VPCP-KSTT", 0, D(2024, 8, 22), "Văn phòng Chính phủ"),
    (LD_Q1, "01/2018/TT-VPCP", 0, None, "Văn phòng Chính phủ"),
    (LD_Q1, "766/QĐ-TTg", 0, D(2022, 6, 23), TTG),
    (LD_Q1, "03/NQ-HĐND", 0, D(2025, 7, 3), "Hội đồng nhân dân tỉnh Lâm Đồng"),  # "Ngày 03/7/2025, …"
    (LD_Q1, "1668/QĐ-TTg", 0, D(2025, 8, 5), TTG),
    (LD_Q1, "361/2025/NĐ-CP", 0, D(2025, 12, 31), CP),
    (LD_Q1, "498/SNV-TCBC", 0, D(2026, 1, 23), "Sở Nội vụ tỉnh Lâm Đồng"),
    (LD_Q1, "207/CĐ-TTg", 0, D(2025, 11, 4), TTG),
    (LD_Q1, "18430/BTC-QLCS", 0, D(2025, 11, 27), "Bộ Tài chính"),
    (LD_Q1, "642/BTC-QLCS", 0, D(2026, 1, 16), "Bộ Tài chính"),
    (LD_Q1, "28-KH/TU", 0, D(2026, 1, 16), "Tỉnh ủy Lâm Đồng"),
    (LD_Q1, "12-CTr/TU", 0, D(2026, 1, 9), "Ban Thường vụ Tỉnh ủy Lâm Đồng"),
    (LD_Q1, "2654/QĐ-UBND", 0, D(2025, 12, 22), UBND_LD),  # footnote list "Các Quyết định số: …"
    # Lâm Đồng, CCHC plan 2026 (DOCX)
    (LD_KH, "202/2025/QH15", 0, D(2025, 6, 12), "Ủy ban Thường vụ Quốc hội"),  # as the text states it
    (LD_KH, "76/NQ-CP", 0, D(2021, 7, 15), CP),
    (LD_KH, "23/CT-TTg", 0, D(2021, 9, 2), TTG),
    (LD_KH, "118/2025/NĐ-CP", 0, None, CP),
    (LD_KH, "1441/QĐ-UBND", 0, D(2025, 9, 25), CT_LD),
    (LD_KH, "7178/PA-UBND", 0, D(2025, 11, 14), UBND_LD),
    (LD_KH, "60/2021/NĐ-CP", 0, D(2021, 6, 21), CP),
    (LD_KH, "52/2015/NĐ-CP", 0, D(2015, 5, 28), CP),
    # Lâm Đồng, Đề án 06 report (DOCX, footnotes)
    (LD_06, "06/QĐ-TTg", 0, D(2022, 1, 6), TTG),  # "06/QĐ-TTg, ngày 06/01/2022"
    (LD_06, "07/CT-TTg", 0, D(2025, 3, 14), TTG),
    (LD_06, "9574/KH-BCĐ06", 0, D(2023, 11, 1), ANY),
    (LD_06, "57-NQ/TW", 0, None, None),
    (LD_06, "02-KH/BCĐTW", 1, D(2025, 6, 19), "Ban Chỉ đạo Trung ương"),
    (LD_06, "45/2020/NĐ-CP", 0, D(2020, 4, 8), CP),
    (LD_06, "3920/KH-UBND", 0, D(2025, 9, 23), UBND_LD),
    (LD_06, "1417/QĐ-UBND", 0, D(2025, 9, 23), CT_LD),
    (LD_06, "4259/UBND-NC", 0, D(2025, 9, 29), CT_LD),
    (LD_06, "214/NQ-CP", 0, D(2025, 7, 23), CP),
    (LD_06, "130/KH-CAT-PC06", 0, D(2025, 9, 10), "Công an tỉnh Lâm Đồng"),
    (LD_06, "69/2024/NĐ-CP", 0, D(2024, 6, 25), CP),
    # Lâm Đồng, PDF (lines wrapped inside citations)
    (LD_787, "787/QĐ-UBND", 0, D(2025, 8, 21), CT_LD),
    (LD_787, "1014/SNV-CCHC&VTLT", 0, D(2025, 8, 22), "Sở Nội vụ tỉnh Lâm Đồng"),
    (LD_787, "1097/SKHCN-CĐS", 0, D(2025, 9, 16), "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"),
    (LD_787, "2402/SNV-CCHC&VTLT", 0, D(2025, 10, 27), "Sở Nội vụ tỉnh Lâm Đồng"),
    (LD_4377, "227/MTTQ-BTT", 0, D(2025, 9, 25), "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng"),
    (QD932, "23/2023/QĐ-TTg", 0, D(2023, 9, 18), TTG),
    (QD932, "57-NQ/TW", 0, D(2024, 12, 22), "Bộ Chính trị"),
    (QD932, "929/QĐ-TTg", 0, D(2025, 5, 15), TTG),
    # Nghệ An
    (NGHE_AN, "32/CT-TTg", 0, D(2025, 10, 21), TTG),
    (NGHE_AN, "15/2021/QĐ-UBND", 0, D(2021, 7, 8), "Ủy ban nhân dân tỉnh Nghệ An"),
    (NGHE_AN, "321-KH/TU", 0, D(2025, 4, 11), "Tỉnh ủy Nghệ An"),
    (NGHE_AN, "674/UBND-NC", 0, D(2024, 11, 4), "Ủy ban nhân dân tỉnh Nghệ An"),
    (NGHE_AN, "151/KH-UBND", 0, D(2025, 3, 6), "Ủy ban nhân dân tỉnh Nghệ An"),
    # Cần Thơ
    (CAN_THO, "21/CT-TTg", 0, D(2022, 11, 25), TTG),
    (CAN_THO, "552/TB-VPCP", 0, D(2025, 10, 13), "Văn phòng Chính phủ"),
    (CAN_THO, "10/2024/QĐ-UBND", 0, D(2024, 6, 13), "Ủy ban nhân dân thành phố Cần Thơ"),
    # Bắc Ninh ("các Nghị định của Chính phủ: số …; số …")
    (BAC_NINH, "72/2025/QH15", 0, D(2025, 6, 16), "Quốc hội"),
    (BAC_NINH, "63/2010/NĐ-CP", 0, D(2010, 6, 8), CP),
    (BAC_NINH, "92/2017/NĐ-CP", 0, D(2017, 8, 7), CP),
    (BAC_NINH, "3740/QĐ-BTC", 0, D(2025, 11, 5), "Bộ trưởng Bộ Tài chính"),
    (BAC_NINH, "761/QĐ-UBND", 0, D(2025, 5, 5), "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"),
    (BAC_NINH, "810/QĐ-UBND", 0, D(2025, 6, 6), "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"),
    (BAC_NINH, "214/2025/NĐ-CP", 0, D(2025, 8, 4), CP),  # written "NĐ- CP"
    (BAC_NINH, "243/2025/NĐ-CP", 0, D(2025, 9, 11), CP),
    (BAC_NINH, "02/2024/TT-BKHĐT", 0, D(2024, 3, 6), "Bộ Kế hoạch và Đầu tư"),
    (BAC_NINH, "115/2024/NĐ-CP", 0, D(2024, 9, 16), CP),
    # Quốc hội resolution (central, lists sharing an issuer)
    (QUOC_HOI, "444/TTr-CP", 0, D(2025, 5, 16), CP),
    (QUOC_HOI, "308/BC-UBKTTC", 0, D(2025, 5, 4), ANY),
    (QUOC_HOI, "01-TB/BCĐTW", 0, D(2025, 1, 22), "Ban Chỉ đạo Trung ương"),
    (QUOC_HOI, "03-TB/BCĐTW", 0, D(2025, 3, 6), "Ban Chỉ đạo Trung ương"),
    # Bộ Nội vụ letter ("9151- CV/BTCTW")
    (BNV, "9151-CV/BTCTW", 0, D(2025, 7, 29), "Ban Tổ chức Trung ương"),
    (BNV, "8091/BNV-TCBC", 0, D(2025, 9, 17), "Bộ Nội vụ"),
    # Hồ Chí Minh
    (HCM, "03/NQ-CP", 0, D(2025, 1, 9), CP),
    (HCM, "749/QĐ-TTg", 0, D(2020, 6, 3), TTG),
    (HCM, "98/2023/QH15", 0, D(2023, 6, 24), "Quốc hội"),
    (HCM, "66.2/2025/NQ-CP", 0, D(2025, 8, 28), CP),
    (HCM, "01/2025/QĐ-UBND", 0, D(2025, 7, 1), "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    (HCM, "4354/KH-UBND", 0, D(2025, 6, 14), "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    # Quảng Ninh
    (QUANG_NINH, "78/2025/NĐ-CP", 0, D(2025, 4, 1), CP),
    (QUANG_NINH, "156/2018/NĐ-CP", 0, D(2018, 11, 16), CP),
    (QUANG_NINH, "131/2025/NĐ-CP", 0, D(2025, 6, 12), CP),
    (QUANG_NINH, "551/TTr-SNNMT", 0, D(2025, 10, 20), "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"),
    (QUANG_NINH, "29/2020/QĐ-UBND", 0, D(2020, 8, 18), "Ủy ban nhân dân tỉnh Quảng Ninh"),
    # Huế (the former province's council keeps its name)
    (HUE, "39/2021/QĐ-TTg", 0, D(2021, 12, 30), TTG),
    (HUE, "35/2025/QĐ-TTg", 0, None, TTG),  # written "35/2025/QĐ-TTgcủa"
    (HUE, "16482/TTr-UBND", 0, D(2025, 11, 14), "Ủy ban nhân dân thành phố Huế"),
    (HUE, "22/2023/NQ-HĐND", 0, D(2023, 10, 20), "Hội đồng nhân dân tỉnh Thừa Thiên Huế"),
    # Lào Cai
    (LAO_CAI, "3212/QĐ-BKHCN", 0, D(2025, 10, 17), "Bộ trưởng Bộ Khoa học và Công nghệ"),
    (LAO_CAI, "1533/QĐ-UBND", 0, D(2025, 10, 22), "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai"),
]


@functools.cache
def citations_of(path) -> list[dict]:
    from extract.extractors.citations import extract_citations
    from extract.readers import read_document
    return extract_citations(read_document(path), {})


def _mention(path, ref: str, nth: int) -> dict:
    hits = [r for r in citations_of(path) if r["ref"] == ref]
    found = [r["ref"] for r in citations_of(path)]
    assert len(hits) > nth, f"{ref} mention {nth} not found in {path.name}: {found}"
    return hits[nth]


def test_enough_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("path, ref, nth, date, issuer", CASES,
                         ids=[f"{c[0].stem[:12]}:{c[1]}#{c[2]}" for c in CASES])
def test_mention(path, ref, nth, date, issuer):
    row = _mention(path, ref, nth)
    assert row["issue_date"] == date
    if issuer is not ANY:
        assert row["issuer"] == issuer


def test_lamdong_report_province_doc_keys():
    """Local symbols carry their province in doc_key; central ones do not."""
    rows = citations_of(LD_Q1)
    keys = {r["ref"]: r["doc_key"] for r in rows}
    assert keys["519/QĐ-UBND"] == "519/QĐ-UBND@Lâm Đồng"
    assert keys["766/QĐ-TTg"] == "766/QĐ-TTg"
    assert keys["57-NQ/TW"] == "57-NQ/TW"


def test_document_own_number_is_not_a_citation():
    """thuvienphapluat pages open with "Số hiệu: 1486/QĐ-UBND" (the page's own document)."""
    rows = citations_of(BAC_NINH)
    first = rows[0]
    assert first["ref"] == "72/2025/QH15"


def test_capital_symbol_keys_to_the_same_document():
    rows = citations_of(NGHE_AN)
    capitals = [r for r in rows if r["ref"] == "32/CT-TTG"]
    assert capitals and capitals[0]["doc_key"] == "32/CT-TTg"
    assert len({r["first_mention_id"] for r in rows if r["doc_key"] == "32/CT-TTg"}) == 1
