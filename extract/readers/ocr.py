"""OCR of PDF pages that carry no usable text: pypdfium2 renders, Tesseract (`-l vie`) reads.

Tesseract's own threading makes it ≈10× slower per page on small machines, so each call is
single-threaded (OMP_THREAD_LIMIT=1) and several pages run at once, one Tesseract process each.
PDFium is not thread-safe: pages are rendered one after another in the calling thread, and at
most a few rendered pages wait for a free Tesseract at any time, so memory stays bounded on a
500-page scan.

`page_needs_ocr` is the page-level decision: no text layer, or a layer whose words are
Vietnamese with the diacritics lost ("LdmD6ng,ngdy l0thdng 9 ndm2025", an English OCR pass over
a Vietnamese scan).
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
import yaml

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DPI = int(os.environ.get("CCHC_OCR_DPI", "200"))
LANG = "vie"
PAGE_TIMEOUT_S = 120
MIN_LETTERS = 20
UNSURE_CONFIDENCE = 60  # printed words score 85-97 on these scans, handwritten numbers 29-49
FIXES_FILE = Path(__file__).resolve().parents[2] / "patterns" / "ocr_fixes.yaml"

# Letters only Vietnamese (among Latin scripts) writes: a layer without them is suspect.
VIETNAMESE_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
# Frequent syllables as an English OCR pass writes them once the marks are gone (and its usual
# misreadings: "ngày" → "ngdy", "tháng" → "thdng", "năm" → "ndm").
_BARE_SYLLABLE_TEXT = """
    ngay ngdy thang thdng nam ndm so s6 cua cria va cac tinh tinh ban nhan dan uy ve viec nhiem vu
    thuc hien bao cao quyet dinh ke hoach cong tac hanh chinh trong duoc theo nguoi dong lam nghi
    doi voi tren den tai co khong nhung phai cho da se thi nay can hoa xa hoi chu nghia viet doc
    lap tu do hanh phuc kinh gui noi sau ngu nhu mot hai ba bon chi dao trien khai
"""
_BARE_SYLLABLES = frozenset(_BARE_SYLLABLE_TEXT.split())
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_UNSURE_NUMBER = regex.compile(r"^(?P<label>[Ss][ốóôoö6][:.]?)?[^/]*?(?P<symbol>/.*)?$")
_STRAY_SIGN = regex.compile(r"[#{}¿‡†~^|<>$§¤¡]")  # never next to a printed digit
_PRINTED_SYMBOL = regex.compile(r"^/[\p{L}\d./-]*\p{Lu}{2}[\p{L}\d./-]*$")
_MIXED = regex.compile(r"^(?=.*\p{L})(?=.*\d)[\p{L}\d]+$")


def vietnamese_share(text: str) -> tuple[int, float]:
    """(letters, share of them that are Vietnamese-only letters)."""
    return share_of_counts(Counter(text))


def share_of_counts(counts: Counter) -> tuple[int, float]:
    """`vietnamese_share` of the text whose characters occur `counts` times; each distinct
    character is judged once (in lower case, as the text's lower() would be counted)."""
    letters = vietnamese = 0
    for c, n in counts.items():
        for low in c.lower():
            if low.isalpha():
                letters += n
                vietnamese += n if low in VIETNAMESE_LETTERS else 0
    if not letters:
        return 0, 0.0
    return letters, vietnamese / letters


def page_needs_ocr(text: str) -> str | None:
    """Why this page's text layer cannot be used ("no text layer", "garbled text layer"), or None."""
    n_letters, share = vietnamese_share(text)
    if n_letters < MIN_LETTERS:
        return "no text layer"
    if share >= 0.03:
        return None
    words = _WORD.findall(text.lower())
    if not words:
        return "no text layer"
    suspicious = sum(w in _BARE_SYLLABLES or bool(_MIXED.match(w)) for w in words)
    return "garbled text layer" if suspicious / len(words) >= 0.15 else None


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        import pytesseract
        return LANG in pytesseract.get_languages(config="")
    except Exception:
        return False


def workers() -> int:
    """Tesseract processes at once: CCHC_OCR_WORKERS, else one per core this process may use.
    A batch pool sets CCHC_OCR_WORKERS to cores // pool workers in each worker (extract/engines.py),
    so N workers OCRing at once never run N × cores Tesseracts."""
    if os.environ.get("CCHC_OCR_WORKERS", "").isdigit():
        return max(1, int(os.environ["CCHC_OCR_WORKERS"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass
class OcrPage:
    text: str
    unsure_numbers: list[str] = field(default_factory=list)  # words left out: handwriting?


def ocr_image(image) -> OcrPage:
    """Tesseract's words, laid out in lines and paragraphs, with unsure numbers left blank."""
    import pytesseract
    data = pytesseract.image_to_data(image, lang=LANG, timeout=PAGE_TIMEOUT_S,
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    unsure: list[str] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        kept = _drop_unsure_number(word, float(data["conf"][i]))
        if kept != word:
            unsure.append(word)
        if kept:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(kept)
    return OcrPage(_layout(lines), unsure)


def _layout(lines: dict[tuple[int, int, int], list[str]]) -> str:
    parts: list[str] = []
    previous = None
    for key in sorted(lines):
        if previous is not None:
            parts.append("\n" if key[:2] == previous[:2] else "\n\n")
        parts.append(" ".join(lines[key]))
        previous = key
    return "".join(parts)


def _drop_unsure_number(word: str, confidence: float) -> str:
    """A word with digits that Tesseract is unsure of is, on these scans, a handwritten number
    (the document number or day filled in by hand after printing): leave it blank rather than
    pass on a wrong number ("34#/QĐ-TTg" → "/QĐ-TTg", "Số:}492" → "Số:"). Digits run together
    with stray signs ("}492", "‡2đ#") are as suspect, whatever the confidence. A printed symbol
    after the slash ("/QĐ-TTg") stays."""
    if not any(c.isdigit() for c in word):
        return word
    if confidence >= UNSURE_CONFIDENCE and not _STRAY_SIGN.search(word):
        return word
    m = _UNSURE_NUMBER.match(word)
    if not m:
        return ""
    symbol = m.group("symbol") or ""
    if _STRAY_SIGN.search(symbol) or not _PRINTED_SYMBOL.match(symbol):
        symbol = ""
    return (m.group("label") or "") + symbol


def render_page(pdf, index: int, dpi: int = DPI):
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()


def ocr_pages(pdf, indexes: Iterable[int], dpi: int = DPI, n_workers: int | None = None
              ) -> Iterator[tuple[int, OcrPage | Exception]]:
    """(page index, OCR result or the exception) for each page, in the order given."""
    n_workers = n_workers or workers()
    pending: list[tuple[int, Future]] = []
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        for index in indexes:
            try:
                image = render_page(pdf, index, dpi)
            except Exception as exc:  # a page PDFium cannot draw
                pending.append((index, _done(exc)))
            else:
                pending.append((index, pool.submit(ocr_image, image)))
            while len(pending) > n_workers:  # bounded: rendered pages wait for a free Tesseract
                yield _result(*pending.pop(0))
        while pending:
            yield _result(*pending.pop(0))


def _done(exc: Exception) -> Future:
    future: Future = Future()
    future.set_exception(exc)
    return future


def _result(index: int, future: Future) -> tuple[int, OcrPage | Exception]:
    try:
        page = future.result()
    except Exception as exc:
        return index, exc
    page.text = fix_ocr_text(page.text)
    return index, page


@lru_cache(maxsize=1)
def _fixes() -> list[tuple[regex.Pattern, str]]:
    entries = yaml.safe_load(FIXES_FILE.read_text(encoding="utf-8"))["fixes"]
    return [(regex.compile(e["pattern"], regex.V1), e["replace"]) for e in entries]


def fix_ocr_text(text: str) -> str:
    """Repair Tesseract's confusions inside document symbols ("QĐÐ" → "QĐ", "QĐ-TTE" → "QĐ-TTg")."""
    for pattern, replacement in _fixes():
        text = pattern.sub(replacement, text)
    return text
