"""Broken and hostile inputs: each gives exactly one errors row, and the batch goes on.

Every broken file is built here from real corpus files or from scratch; none is committed.
"""
from __future__ import annotations

import hashlib
import io
import random
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest

from extract.batch import run_batch
from extract.errors import InputError, UnsafeInput
from extract.pipeline import process_file
from extract.readers import read_document
from tests.conftest import LAMDONG, ROOT

MODELS_PDF = LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"
PLAN_DOCX = LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx"
PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user: bytes = b"secret", owner: bytes = b"owner") -> bytes:
    """A one-page PDF under the standard security handler (RC4 40-bit, revision 2) with a user password."""
    padded_user, padded_owner = (user + PASSWORD_PAD)[:32], (owner + PASSWORD_PAD)[:32]
    o_entry = _rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)
    permissions = -44
    file_id = hashlib.md5(b"cchc").digest()
    key = hashlib.md5(padded_user + o_entry + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_entry = _rc4(key, PASSWORD_PAD)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref))
    return bytes(out)


def docx_with_part(name: str, content: bytes, source: Path = PLAN_DOCX) -> bytes:
    """A copy of a real DOCX with one part replaced."""
    buf = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, content if item.filename == name else src.read(item.filename))
    return buf.getvalue()


def zip_bomb(part_bytes: int = 40 * 1024 * 1024) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(part_bytes // len(chunk)):
                part.write(chunk)
    return buf.getvalue()


XXE_DOCUMENT = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                b'<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>')

BROKEN = {
    "empty.pdf": lambda: b"",
    "truncated.pdf": lambda: MODELS_PDF.read_bytes()[:MODELS_PDF.stat().st_size // 10],
    "password.pdf": encrypted_pdf,
    "not a zip.docx": lambda: b"PK\x03\x04" + random.Random(2).randbytes(3000),
    "bomb.docx": zip_bomb,
    "xxe.docx": lambda: docx_with_part("word/document.xml", XXE_DOCUMENT),
    "random.bin": lambda: random.Random(1).randbytes(20_000),
    "garbage.doc": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(5000),
}
EXPECTED_MESSAGE = {
    "empty.pdf": "empty file",
    "truncated.pdf": "broken PDF",
    "password.pdf": "encrypted: needs a password",
    "not a zip.docx": "not a valid DOCX",
    "bomb.docx": "zip bomb",
    "xxe.docx": "DTD",
    "random.bin": "not UTF-8 text and not a known document format",
    "garbage.doc": "no readable text",
}
ENGLISH = ("The annual report of the city council describes the progress of the administrative reform "
           "programme, the digital services offered to citizens and the satisfaction surveys. ") * 6


@pytest.fixture(scope="module")
def broken_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for name, make in BROKEN.items():
        (folder / name).write_bytes(make())
    good = folder / "báo cáo kế hoạch (bản sao) 2026.docx"
    good.write_bytes(PLAN_DOCX.read_bytes())
    (folder / "english report.txt").write_text(ENGLISH, encoding="utf-8")
    vanishing = folder / "zz vanishing.pdf"
    vanishing.write_bytes(MODELS_PDF.read_bytes()[:40_000])  # smaller than the plan: not taken first

    def vanish(result):  # a file disappears after the batch listed it, before its turn
        vanishing.unlink(missing_ok=True)

    out = tmp_path_factory.mktemp("out")
    run_batch([folder], out, workers=1, on_result=vanish)
    return folder, pd.read_parquet(out / "errors.parquet"), pd.read_parquet(out / "documents.parquet")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_file_gives_one_clear_errors_row(broken_batch, name):
    folder, errors, _ = broken_batch
    rows = errors[errors.source_path == str(folder / name)]
    assert len(rows) == 1, rows.to_dict("records")
    assert EXPECTED_MESSAGE[name] in rows.iloc[0].message


def test_good_files_in_the_same_batch_are_written(broken_batch):
    folder, errors, documents = broken_batch
    paths = set(documents.source_path)
    assert str(folder / "báo cáo kế hoạch (bản sao) 2026.docx") in paths
    assert str(folder / "english report.txt") in paths
    assert set(errors.source_path) & paths == set()


def test_vanished_file_gives_one_errors_row(broken_batch):
    folder, errors, _ = broken_batch
    rows = errors[errors.source_path == str(folder / "zz vanishing.pdf")]
    assert len(rows) == 1
    assert "does not exist" in rows.iloc[0].message


def test_external_entity_is_never_resolved(broken_batch):
    _, errors, _ = broken_batch
    secret = Path("/etc/hostname").read_text().strip()
    assert not any(secret and secret in m for m in errors.message)


def test_non_vietnamese_document_is_processed_and_warned(broken_batch):
    folder, _, documents = broken_batch
    row = documents[documents.source_path == str(folder / "english report.txt")].iloc[0]
    assert any("does not look Vietnamese" in w for w in row.warnings)


def test_oversized_xml_part_is_refused(tmp_path, monkeypatch):
    from extract.readers import safety
    monkeypatch.setattr(safety, "MAX_XML_PART_BYTES", 100_000)
    path = tmp_path / "big.docx"
    big_part = b"<w:document>" + b"<w:p/>" * 40_000 + b"</w:document>"
    path.write_bytes(docx_with_part("word/document.xml", big_part))
    result = process_file(path)
    assert len(result.rows["errors"]) == 1 and "unpacks to" in result.rows["errors"][0]["message"]


def test_junk_before_pdf_marker_is_skipped_and_warned(tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(b"\x75\xab\x5a\x01 envelope \x00\x01" + MODELS_PDF.read_bytes())
    doc = read_document(path)
    assert doc.pages == 8 and "Tổng kết thực hiện Quyết định số 787/QĐ-UBND" in doc.text
    assert any("before %PDF skipped" in w for w in doc.warnings)


def test_password_protected_pdf_opens_with_its_password():
    from extract.readers.pdf import read_pdf_bytes
    assert read_pdf_bytes(encrypted_pdf(), password="secret", ocr=False).pages == 1


MEMORY_PROBE = """
import resource, sys
from extract.readers import read_document
doc = read_document(sys.argv[1])
pages = sorted({b.page for b in doc.blocks})
print(doc.pages, pages[0], pages[-1], len(doc.text), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_500_page_pdf_streams_with_bounded_memory(tmp_path):
    source = pdfium.PdfDocument(MODELS_PDF)
    big = pdfium.PdfDocument.new()
    for _ in range(63):  # 8 pages × 63 = 504 text pages
        big.import_pages(source)
    path = tmp_path / "500 trang.pdf"
    big.save(path)
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(path)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    n_pages, first, last, n_chars, max_rss_kb = map(int, out)
    assert (n_pages, first, last) == (504, 1, 504)
    assert n_chars > 504 * 1500
    assert max_rss_kb < 1_000_000  # under 1 GB for a 500-page report
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_dtd_hidden_behind_a_long_comment_is_still_refused(tmp_path):
    padded = XXE_DOCUMENT.replace(b"<!DOCTYPE", b"<!--" + b" " * 20_000 + b"-->\n<!DOCTYPE")
    path = tmp_path / "padded xxe.docx"
    path.write_bytes(docx_with_part("word/document.xml", padded))
    [error] = process_file(path).rows["errors"]
    assert "DTD" in error["message"]


def test_dtd_in_a_stored_part_is_refused_and_a_damaged_part_cannot_be_read():
    """Part heads are read from the zip's bytes for stored and deflated parts alike; a part whose
    bytes do not match its checksum is still reported as zipfile reports it."""
    from extract.readers.safety import check_docx

    def stored_docx(document: bytes) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            z.writestr("word/document.xml", document)
        return buf.getvalue()

    with pytest.raises(UnsafeInput, match="DTD"):
        check_docx(stored_docx(XXE_DOCUMENT))
    damaged = stored_docx(b"<w:document/>").replace(b"<w:document/>", b"<w:documenX/>")
    with pytest.raises(InputError, match="cannot be read: Bad CRC-32"):
        check_docx(damaged)
