"""The document's own header: type, số/ký hiệu, date, issuer, period, title, recipients, signer.

The header of Nghị định 30/2020/NĐ-CP (Phụ lục I) is read line by line, whatever the layout put
where: the national motto anchors it; the capital lines just before the motto (or before "Số:"
when a DOCX table puts the number under the issuer) are the issuing body and its parent; then come
"Số: 329/BC-UBND", the place and date line, the type word in capitals ("BÁO CÁO") or a "V/v …"
line for a công văn, the trích yếu, and "Kính gửi:". Reports without a header block (the plain-text
seed) name their issuer in the opening sentence ("Ủy ban nhân dân thành phố Hải Phòng báo cáo …").
The signature block is read by extract/header/signature.py, names by extract/header/names.py.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import regex

from extract import patterns
from extract.document import Document
from extract.header import names, vocab
from extract.header.signature import find_recipients, find_signature
from extract.period import find_period

# in capitals only: "nước Cộng hòa xã hội chủ nghĩa Việt Nam" in a basis clause is not the motto
# (Party documents carry "ĐẢNG CỘNG SẢN VIỆT NAM" in its place)
_MOTTO = regex.compile(r"C[ỘO]NG\s+H[ÒOÕ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
                       r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
_MOTTO_2 = regex.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", regex.I)
# "Số: 329/BC-UBND", "Số: /BC-UBND" (blank), and OCR of a handwritten number ("Số: 9% /TTr-CAT")
_NUMBER = regex.compile(
    r"(?<!\p{L})(?:Số|SỐ|Só)\s*:?\s*(?P<junk>[^\s/]{0,3}?)(?P<num>\d+[a-zA-Z]?)?(?P<junk2>\S{0,6}?)\s*/\s*"
    r"(?P<sym>(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?\p{L}[\p{L}\d.&]*(?:-[\p{L}\d.&]+)*)")
# "ngày 19 tháng 12 năm 2025", blank "ngày tháng năm 2024", OCR of a handwritten day ("ngày J2")
# Party style "Số 12-BC/TU": number, type code, issuer code
_PARTY_NUMBER = regex.compile(
    r"(?<!\p{L})(?:Số|SỐ)\s*:?\s*(?P<num>\d+)?\s*-\s*(?P<sym>\p{Lu}[\p{L}]*\s*/\s*\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*)")
_DATE = regex.compile(
    r"(?<!\p{L})ngày\s*(?P<d>[^\s]{0,3}?)[\s.…_/]*tháng\s*(?P<m>[^\s]{0,3}?)[\s.…_/]*năm\s*(?P<y>(?:19|20)\d\d)"
    r"|(?<!\p{L})ngày\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)")
_PLACE = regex.compile(
    r"(?<![\p{L}\d/.-])(?P<place>(?:(?:Thành phố|TP\.)\s*)?\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,4})\s*,\s*$")
# marks printed near the header that are not part of it: drafts, secrecy and urgency stamps
_MARKS = regex.compile(r"(?<!\p{L})(?:DỰ THẢO|TỐI MẬT|MẬT|THƯỢNG KHẨN|KHẨN|HỎA TỐC)+(?!\p{L})")
_VV = regex.compile(r"^\s*V/[vV]\.?(?:\s+(?P<rest>\S.*))?\s*$")
_RULE = regex.compile(r"[-_=*|\s]+")  # a separator line drawn with characters
_SPACES = regex.compile(r"\s+")
_SECTION_START = regex.compile(r"^\s*(?:[IVX]+\.|\d{1,2}\.|Điều\s+\d|Chương\s|Phần\s|PHẦN\s)")
_ISSUER_IN_TEXT = regex.compile(
    r"(?P<body>Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Sở(?:\s+\p{Lu}\p{Ll}*(?:\s+(?:và\s+)?\p{Ll}+)*)?)"
    r"\s+(?P<kind>tỉnh|thành phố)\s+(?P<prov>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})"
    r"\s+(?:báo cáo|ban hành|kính gửi|trân trọng|xây dựng|tổng kết)")
FIELDS = ("doc_type", "number", "symbol", "ref", "issuer", "province", "place", "issue_date", "year",
          "period_label", "period_start", "period_end", "title", "recipients", "signer_name", "signer_title",
          "warnings")
HEADER_SCAN = 8000  # the motto is looked for this far into the text (web pages put boilerplate first)
ZONE_BEFORE_MOTTO = 500
ZONE_AFTER_MOTTO = 1500
ZONE_WITHOUT_MOTTO = 2500
TITLE_MAX = 600


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def clean(self) -> str:
        return " ".join(self.text.split())


@dataclass
class _Header:
    fields: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def extract_header(doc: Document) -> dict:
    """Fields of the documents row read from the document itself."""
    text = doc.text
    h = _Header()
    motto = _MOTTO.search(text, 0, HEADER_SCAN)
    if motto:
        zone = (max(0, motto.start() - ZONE_BEFORE_MOTTO), min(len(text), motto.end() + ZONE_AFTER_MOTTO))
    else:
        zone = (0, min(len(text), ZONE_WITHOUT_MOTTO))
    lines = _lines(text, *zone)
    number = _number(text, motto, zone, h)
    type_line, type_name = _type_line(lines, after=max(motto.end() if motto else zone[0],
                                                         number.end() if number else zone[0]))
    date_end = type_line.start if type_line else zone[1]
    found = _date(text, number.start() if number else zone[0], date_end, h, need_place=not (motto or number))
    if number and not found:  # a right column read before the left one
        _date(text, zone[0], date_end, h, need_place=True)
    vv = _vv_title(lines, number, h)
    title_end = _title(doc, lines, type_line, h) if type_line else (vv or zone[0])
    if type_line and "_authority" not in h.fields:
        _authority_after(lines, title_end, h)
    _doc_type(type_name, vv, h)
    issuer = _issuer_from_block(lines, motto, number) if motto else None
    issuer = issuer or h.fields.pop("_authority", None) or _issuer_from_text(text, title_end)
    issuer = issuer or names.body_from_symbol(h.fields.get("symbol"), h.fields.get("_place_province"))
    _issuer(issuer, h)
    _recipients(text, title_end, zone, h)
    _signer(doc, title_end, h)
    _period(text, title_end, h)
    if not (number or type_line or h.fields.get("year")):
        h.warnings.append("no document header found")
    h.fields["warnings"] = h.warnings
    return {f: h.fields.get(f) for f in FIELDS} | {"recipients": h.fields.get("recipients") or []}


# ---------------------------------------------------------------- lines

def _lines(text: str, start: int, end: int) -> list[_Line]:
    out, pos = [], start
    for raw in text[start:end].split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _is_capitals(s: str) -> bool:
    if names.LOWER_CASE.search(s):  # running text, told without a loop over its characters
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# ---------------------------------------------------------------- số, date, type word

def _number(text: str, motto, zone: tuple[int, int], h: _Header):
    party = _PARTY_NUMBER.search(text, zone[0], zone[1])
    m = _NUMBER.search(text, zone[0], zone[1])
    if party and (not m or party.start() <= m.start()):
        return _party_number(party, h)
    if not m:
        return None
    symbol = _SPACES.sub("", m.group("sym"))
    year = m.group("year")
    if year:
        symbol = symbol[len(year) + 1:]
    number = m.group("num")
    if m.group("junk") or m.group("junk2"):
        h.warnings.append(f"number unreadable: {' '.join(m.group().split())}")
        number = None
    h.fields.update(number=number, symbol=symbol)
    if number:
        h.fields["ref"] = f"{number}/{year + '/' if year else ''}{symbol}"
    else:
        h.fields["ref"] = None
    if not m.group("num") and not (m.group("junk") or m.group("junk2")):
        h.warnings.append(f"number blank (unsigned draft?): {' '.join(m.group().split())}")
    if year:
        h.fields.setdefault("year", int(year))
    return m


def _party_number(m: regex.Match, h: _Header):
    symbol = _SPACES.sub("", m.group("sym"))
    number = m.group("num")
    h.fields.update(number=number, symbol=symbol, ref=f"{number}-{symbol}" if number else None)
    if not number:
        h.warnings.append(f"number blank (unsigned draft?): {' '.join(m.group().split())}")
    return m


def _date(text: str, start: int, end: int, h: _Header, need_place: bool) -> bool:
    """The place and date line; without a header block around it, only a "Place, ngày …" line."""
    for m in _DATE.finditer(text, start, end):
        place = _PLACE.search(text[max(start, m.start() - 60):m.start()])
        if place or not (need_place or "/" in m.group()):
            _date_line(m, place, h)
            return True
    return False


def _date_line(m: regex.Match, place, h: _Header) -> None:
    year = int(m.group("y"))
    h.fields["year"] = year
    if place:
        name = " ".join(place.group("place").split())
        h.fields["place"] = name
        prov = names.province_fuzzy(name)
        if prov:
            h.fields["_place_province"] = prov["name"]
    day, month = m.group("d"), m.group("m")
    if (day and not day.isdigit()) or (month and not month.isdigit()):
        h.warnings.append(f"date unreadable: {' '.join(m.group().split())}")
    elif day and month:
        try:
            h.fields["issue_date"] = datetime.date(year, int(month), int(day))
        except ValueError:
            h.warnings.append(f"impossible date: {' '.join(m.group().split())}")
    else:
        h.warnings.append(f"date blank (unsigned draft?): {' '.join(m.group().split())}")


def _type_line(lines: list[_Line], after: int) -> tuple[_Line | None, str | None]:
    for line in lines:
        if line.start < after or not _is_capitals(line.clean):
            continue
        words = line.clean.lstrip("# ").split()
        for k in range(min(4, len(words)), 0, -1):
            name = _type_name(" ".join(words[:k]))
            if name:
                return line, name
    return None, None


def _type_name(words: str) -> str | None:
    """A type word as written in a header: patterns/doc_types.yaml, then header-only forms."""
    found = patterns.canonical_doc_type(words)
    if found:
        return found
    key = " ".join(words.lower().split())
    return next((e["name"] for e in vocab.by_kind("type") if e["name"].lower() == key), None)


def _doc_type(type_name: str | None, vv: int | None, h: _Header) -> None:
    symbol = h.fields.get("symbol") or ""
    code = symbol.split("/")[0] if "/" in symbol else symbol.split("-")[0] if "-" in symbol else None
    by_code = patterns.doc_type_by_code(code) if code else None
    doc_type = type_name or ("Công văn" if vv else None) or by_code
    h.fields["doc_type"] = doc_type
    if type_name and by_code and by_code != type_name:
        h.warnings.append(f"type word {type_name} disagrees with symbol {symbol}")
    if doc_type is None and symbol:
        h.warnings.append(f"document type unknown (symbol {symbol})")


# ---------------------------------------------------------------- trích yếu

def _vv_title(lines: list[_Line], number, h: _Header) -> int | None:
    """A công văn's "V/v …" under its number, up to the date line or "Kính gửi"."""
    after = number.start() if number else 0
    for i, line in enumerate(lines):
        m = _VV.match(line.text) if line.start >= after else None
        if not m:
            continue
        parts, end = [m.group("rest") or ""], line.end
        for nxt in lines[i + 1:]:
            c = nxt.clean
            if not c or _DATE.search(nxt.text) or vocab.opener_pattern().match(c) or _MOTTO_2.search(c):
                break
            parts.append(c)
            end = nxt.end
        h.fields["title"] = " ".join(" ".join(parts).split())
        return end
    return None


def _title(doc: Document, lines: list[_Line], type_line: _Line, h: _Header) -> int:
    """Lines after the type word, up to a blank line (text formats), an opener ("Kính gửi",
    "Căn cứ", "Thực hiện" …), a section label, or, under a bold title, a line that is not bold."""
    words = type_line.clean.lstrip("# ").split()
    n_type = next(k for k in range(min(4, len(words)), 0, -1) if _type_name(" ".join(words[:k])))
    parts = [" ".join(words[n_type:])] if len(words) > n_type else []
    end = type_line.end
    paragraphs = doc.format in ("txt", "md")
    idx = lines.index(type_line)
    bold_title = None
    caps_title = None
    for line in lines[idx + 1:]:
        c = line.clean
        if not c:
            if paragraphs and parts:
                break
            continue
        if vocab.opener_pattern().match(c) or _SECTION_START.match(c) or c.startswith("V/v"):
            break
        if "Kính gửi" in c:
            break
        authority = _authority_line(c, parts)
        if authority:
            h.fields["_authority"] = authority
            break
        if caps_title is None:
            caps_title = _is_capitals(c)
        elif not caps_title and _is_capitals(c):
            break  # a line in capitals under a title in running case
        bold = _bold_share(doc, line.start, line.end)
        if bold_title is None:
            bold_title = bold > 0.9
        elif bold_title and bold < 0.5:
            break
        parts.append(c)
        end = line.end
        if sum(map(len, parts)) > TITLE_MAX:
            break
    if parts and "title" not in h.fields:
        h.fields["title"] = " ".join(" ".join(parts).split())
    return end


def _authority_after(lines: list[_Line], title_end: int, h: _Header) -> None:
    """The authority line may follow the title after a blank line ("NGHỊ QUYẾT / Về … / QUỐC HỘI")."""
    nxt = next((ln for ln in lines if ln.start > title_end and ln.clean), None)
    if nxt:
        body = _authority_line(nxt.clean, [])
        if body:
            h.fields["_authority"] = body


def _authority_line(line: str, title_so_far: list[str]) -> names.Body | None:
    """The issuing authority written under the title of a legal document ("QUỐC HỘI",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"), not a wrapped title line ("… CỦA" / "BỘ TÀI CHÍNH")."""
    if not _is_capitals(line):
        return None
    if title_so_far and title_so_far[-1].rstrip().endswith(("CỦA", "VÀ", ",", "-")):
        return None
    words = line.split()
    rest = line
    for form, _ in vocab.titles():
        if line.startswith(form + " "):
            rest = line[len(form) + 1:]
            break
    body = names.body_of(rest)
    if body is None or len(words) > 12:
        return None
    if rest == line and not (body.province or not body.local or line.endswith((" TỈNH", " THÀNH PHỐ"))):
        return None
    return body


def _bold_share(doc: Document, start: int, end: int) -> float:
    need = sum(1 for c in doc.text[start:end] if not c.isspace())
    if not need:
        return 0.0
    got = 0
    for e in doc.emphasis:
        if e.kind == "bold" and e.start < end and e.end > start:
            got += sum(1 for c in doc.text[max(e.start, start):min(e.end, end)] if not c.isspace())
    return got / need


# ---------------------------------------------------------------- issuer

def _issuer_from_block(lines: list[_Line], motto, number) -> names.Body | None:
    """Capital lines just before the motto (skipping the "Số:" line a DOCX cell puts there), and
    when the two header columns come out row by row ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …" /
    "TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc") the capitals left of the motto on each row."""
    before = [ln for ln in lines if ln.end <= motto.start() or ln.start < motto.start() < ln.end]
    picked = _capitals_before(before, motto)
    motto_line = next((ln for ln in lines if ln.start <= motto.start() < ln.end), None)
    if motto_line and motto_line.text[: motto.start() - motto_line.start].strip():
        picked += _capitals_after(lines, motto, number)
    return names.issuer_of(picked) if picked else None


def _capitals_after(lines: list[_Line], motto, number) -> list[str]:
    out = []
    for line in lines:
        if line.start <= motto.start() or (number and line.end > number.start()):
            continue
        left = _MOTTO_2.split(line.text)[0]
        c = " ".join(left.split())
        if not c:
            continue
        if not _is_capitals(c) or patterns.canonical_doc_type(c):
            break
        out.append(c)
    return out


def _capitals_before(before: list[_Line], motto) -> list[str]:
    picked: list[str] = []
    for line in reversed(before):
        c = line.clean
        if line.start < motto.start() < line.end:
            c = " ".join(line.text[: motto.start() - line.start].split())
        c = _MARKS.sub("", c).strip()
        if not c or _RULE.fullmatch(c):
            continue
        if _NUMBER.search(c) or _DATE.search(c) or c.startswith(("Số", "SỐ")):
            continue
        if not _is_capitals(c):
            break
        picked.append(c)
    picked.reverse()
    return picked


def _issuer_from_text(text: str, after: int) -> names.Body | None:
    m = _ISSUER_IN_TEXT.search(text, after, after + 3000)
    if not m:
        return None
    return names.issuer_of([f"{m.group('body')} {m.group('kind')} {m.group('prov')}".upper()])


def _issuer(issuer: names.Body | None, h: _Header) -> None:
    place_province = h.fields.pop("_place_province", None)
    if issuer:
        h.fields["issuer"] = issuer.name
    province = issuer.province if issuer else None
    if province is None and (issuer is None or issuer.local):
        province = place_province
    h.fields["province"] = province


# ---------------------------------------------------------------- recipients, signer, period

def _recipients(text: str, title_end: int, zone: tuple[int, int], h: _Header) -> None:
    found, _ = find_recipients(text, zone[0], max(zone[1], title_end + 300))
    h.fields["recipients"] = found


def _signer(doc: Document, body_start: int, h: _Header) -> None:
    sig = find_signature(doc, body_start)
    if not sig:
        return
    h.fields["signer_name"] = sig.name
    h.fields["signer_title"] = _qualified_title(sig, h.fields)


def _qualified_title(sig, fields: dict) -> str | None:
    """"Phó Chủ tịch" → "Phó Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" (the issuer, or the
    unit named on the "KT." line); a title that names its body already is only completed."""
    title = sig.title
    if not title:
        return None
    if title in {spelled for _, spelled in vocab.titles()}:
        qualifier = names.spell_title(sig.rest_of_head) if sig.rest_of_head else fields.get("issuer")
        if qualifier and qualifier.startswith(title):
            return qualifier
        return f"{title} {qualifier}" if qualifier else title
    if title.endswith((" tỉnh", " thành phố")) and fields.get("province"):
        return f"{title} {fields['province']}"
    return title


def _period(text: str, title_end: int, h: _Header) -> None:
    """From the title; for a report without one there, from its opening sentence. A "tính đến
    ngày …" in either cuts the period off."""
    title = h.fields.get("title") or ""
    opening = next((ln for ln in text[title_end:title_end + 1500].split("\n") if ln.strip()), "")
    period = find_period(title)
    if period is None and h.fields.get("doc_type") == "Báo cáo":
        period = find_period(opening)
    elif period is not None:
        period = find_period(f"{title}\n{opening}") if "tính đến" in opening.lower() else period
    if period:
        h.fields.update(period_label=period.label, period_start=period.start, period_end=period.end)
