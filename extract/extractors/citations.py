"""Every mention of a numbered document: loại, số/ký hiệu, ngày, cơ quan ban hành.

One pass of the ref pattern over the whole text finds the numbers (extract/citations/refs.py);
everything else is read in a small window around each: the type word before it (looking past an
interrupting footnote), then after it the date, "của X", the subject ("về việc …"); failing those,
the sentence: its opening date ("Ngày 07/02/2024, …") and its subject ("Ủy ban nhân dân thành phố
đã ban hành: …"); failing that, the symbol (CP → Chính phủ, UBND → this report's province).
Unnumbered names ("Đề án 06") have no ref and are never emitted.
"""
from __future__ import annotations

import collections
import functools
from collections import Counter

import regex

from extract import patterns
from extract.citations import bodies, context
from extract.citations.refs import Ref, canonical_symbol, find_refs
from extract.document import Document


def extract_citations(doc: Document, header: dict) -> list[dict]:
    """Citation rows (mention_id in order of appearance, from 1)."""
    text = doc.text
    province = report_province(doc, header)
    skip = sorted((b.start, b.end) for b in doc.blocks if b.kind in ("footnote", "header"))
    rows = []
    for ref in find_refs(text):
        if _is_own_number(text, ref):
            continue
        rows.append(_mention(doc, ref, province, skip))
    _share_list_dates(text, rows)
    _assign_keys(rows, province)
    for i, row in enumerate(rows, 1):
        row["mention_id"] = i
    _link_repeats(rows)
    for row in rows:
        row.pop("_ref", None)
    return rows


# ------------------------------------------------------------------ one mention

def _mention(doc: Document, ref: Ref, province: dict | None, skip) -> dict:
    text = doc.text
    type_word = context.type_before(text, ref.start, skip)
    plural = None if type_word else _plural_type(text, ref)
    row = dict(
        doc_type=type_word.name if type_word else plural, number=ref.number,
        year_in_symbol=ref.year, symbol=ref.symbol, ref=ref.ref, issue_date=None,
        issuer=None, issuer_source=None, title=None, anomalies=[], _ref=ref,
        char_start=type_word.start if type_word else ref.start, char_end=ref.end,
    )
    if type_word and type_word.body_at is not None:
        body = bodies.match_body(text, type_word.body_at, province)
        if body:
            row["issuer"], row["issuer_source"] = body.name, "stated"
    _read_after(text, ref, row, province)
    _read_sentence(text, ref, row, province)
    if row["issuer"] is None:
        _issuer_from_symbol(ref, row, province)
    _type_anomaly(ref, row)
    _issuer_anomaly(ref, row)
    return row


_BARE_NUMBER = regex.compile(r"(?:(?<!\p{L})số\s*|[;,]\s*|\svà\s+)$")


def _plural_type(text: str, ref: Ref) -> str | None:
    """"các Nghị định của Chính phủ: số 63/2010/NĐ-CP …; số 48/2013/NĐ-CP": the type written once,
    in the plural, earlier in the sentence, and agreeing with the symbol."""
    if not _BARE_NUMBER.search(text[max(0, ref.start - 8):ref.start]):
        return None
    start = context.period_start(text, ref.start)
    found = None
    for m in context.plural_type_pattern().finditer(text, start, ref.start):
        found = patterns.canonical_doc_type(m.group("type"))
    if found and (ref.type_code is None or patterns.doc_type_by_code(ref.type_code) == found):
        return found
    return None


def _read_after(text: str, ref: Ref, row: dict, province) -> None:
    """", ngày 29/12/2023 của Bộ Nội vụ về việc …" (date and issuer in either order)."""
    end = ref.end
    date = context.date_after(text, end)
    if date:
        row["issue_date"], end = date.date, date.end
    body = _of_body(text, end, province)
    if body:
        row["issuer"], row["issuer_source"], end = body.name, "stated", body.end
        if not date:
            date = context.date_after(text, end)
            if date:
                row["issue_date"], end = date.date, date.end
    row["char_end"] = end
    title = context.title_after(text, end)
    if title:
        row["title"] = title[0]


def _read_sentence(text: str, ref: Ref, row: dict, province) -> None:
    """What the sentence says of a mention that does not: "Ngày 07/02/2024, X ban hành …"."""
    if row["issue_date"] is not None and row["issuer"] is not None:
        return
    start = context.sentence_start(text, row["char_start"])
    if row["issue_date"] is None:
        opening = context.opening_date(text, start, row["char_start"])
        if opening and opening.date and _first_citation_after(text, opening.end, row["char_start"]):
            row["issue_date"] = opening.date
    if row["issuer"] is None:
        _issuer_from_sentence(text, start, row, province)


def _of_body(text: str, pos: int, province):
    at = context.of_after(text, pos)
    return bodies.match_body(text, at, province) if at is not None else None


def _first_citation_after(text: str, a: int, b: int) -> bool:
    """No other numbered document between the opening date and this mention."""
    return not _ANY_REF.search(text, a, b)


_ANY_REF = regex.compile(r"\d+[/-](?:\d{4}/)?[A-ZĐ]{2}")


def _issuer_from_sentence(text: str, start: int, row: dict, province) -> None:
    """The subject that issues ("X (đã) ban hành …") earlier in the same sentence."""
    ref: Ref = row["_ref"]
    if _central_code(ref) or not context.ANY_ISSUING_VERB.search(text, start, row["char_start"] + 60):
        return  # `issues` reads the verb within 60 characters after a subject ending before the mention
    def issues(m) -> bool:
        return bool(context.ISSUING_VERBS.match(text[m.end():m.end() + 60]))

    candidates = bodies.find_bodies(text, start, row["char_start"], province, keep=issues)
    for body in reversed(candidates):
        if _compatible(body, ref):
            row["issuer"], row["issuer_source"] = body.name, "subject"
        return


def _central_code(ref: Ref) -> bool:
    entry = patterns.issuer_codes().get((ref.issuer_code or "").upper())
    return bool(entry and entry.get("scope") == "central")


_OFFICE = regex.compile(r"^(?:Phó\s+)?Chủ tịch\s+|^Văn phòng\s+|^Ban Thường vụ\s+")


def _compatible(body: bodies.Body, ref: Ref) -> bool:
    """Could this body have issued a document with this symbol?"""
    if body.scope == "central":
        return False
    symbol = ref.symbol.replace("-", "").replace("/", "").upper()
    core = _OFFICE.sub("", body.core)
    core = core.split(" thuộc ")[0]
    short = bodies.initials(core)
    code = (ref.issuer_code or "").replace("-", "").upper()
    if short in symbol or (len(code) >= 3 and short.startswith(code)):
        return True
    entry = patterns.issuer_codes().get((ref.issuer_code or "").upper())
    if entry is None:
        return body.scope == "local"
    if ref.family == "party":
        return body.scope == "party"
    return entry["name"].lower() in body.core.lower()


def _issuer_from_symbol(ref: Ref, row: dict, province) -> None:
    entry = patterns.issuer_codes().get((ref.issuer_code or "").upper())
    if entry is None or entry.get("infer") is False:
        return
    if entry["scope"] != "local":  # central, or a central Party body named by its code (BTCTW)
        row["issuer"] = entry["name"]
    elif province:
        row["issuer"] = f"{entry['name']} {patterns.province_full_name(province['name'])}"
    else:
        return
    row["issuer_source"] = "symbol"


def _type_anomaly(ref: Ref, row: dict) -> None:
    written = row["doc_type"]
    if not written or not ref.type_code:
        return
    by_code = patterns.doc_type_by_code(ref.type_code)
    if by_code and by_code != written and written not in ("Văn bản", "Công văn"):
        row["anomalies"].append(f"type word disagrees with symbol ({written} / {ref.type_code})")


class _OfficeOf:
    """"Bộ Nội vụ" is issued by "Bộ Nội vụ" or its minister ("Bộ trưởng Bộ Nội vụ")."""

    _HEAD = regex.compile(r"(?:(?:Bộ trưởng|Thứ trưởng|Chủ nhiệm)(?:,\s*(?:Bộ trưởng|Chủ nhiệm))?\s+)?")

    def fullmatch(self, stated: str, body: str) -> bool:
        m = self._HEAD.match(stated)
        return stated[m.end():] == body


_OFFICE_OF = _OfficeOf()


def _issuer_anomaly(ref: Ref, row: dict) -> None:
    """"Nghị quyết số 02/NQ-CP … của Thủ tướng Chính phủ": the stated body is not the symbol's."""
    entry = patterns.issuer_codes().get((ref.issuer_code or "").upper())
    if row["issuer_source"] != "stated" or not entry or entry["scope"] != "central":
        return
    stated = row["issuer"] or ""
    if not _OFFICE_OF.fullmatch(stated, entry["name"]):
        row["anomalies"].append(f"issuer disagrees with symbol ({stated} / {ref.issuer_code})")


# ------------------------------------------------------------------ across mentions

_LIST_GAP = regex.compile(r"\s*(?:,|;|và|hoặc|cùng)\s*(?:các\s+)?(?:số\s*)?$")


def _share_list_dates(text: str, rows: list[dict]) -> None:
    """"Nghị quyết số 01/NQ-CP và Nghị quyết số 02/NQ-CP ngày 08/01/2025": one date for the list;
    a list item without its own type word takes the one before ("Quyết định số 01/…, 02/…")."""
    listed = [bool(_LIST_GAP.fullmatch(text[prev["char_end"]:row["char_start"]]))
              for prev, row in zip(rows, rows[1:], strict=False)]  # listed[i]: rows i and i + 1
    for i, prev in enumerate(rows[:-1]):
        row = rows[i + 1]
        if listed[i] and row["doc_type"] is None and prev["doc_type"]:
            row["doc_type"] = prev["doc_type"]
    for i in range(len(rows) - 2, -1, -1):
        row, nxt = rows[i], rows[i + 1]
        if not listed[i] or row["doc_type"] != nxt["doc_type"]:
            continue
        if row["issue_date"] is None and nxt["issue_date"]:
            row["issue_date"] = nxt["issue_date"]
        same_code = row["_ref"].issuer_code == nxt["_ref"].issuer_code
        if same_code and row["issuer_source"] in (None, "symbol") and nxt["issuer_source"] == "stated":
            row["issuer"], row["issuer_source"] = nxt["issuer"], "context"


def _assign_keys(rows: list[dict], province) -> None:
    for row in rows:
        row["doc_key"] = _key(row, row["_ref"].symbol, province)
    _correct_typos(rows, province)


def _key(row: dict, symbol: str, province) -> str:
    ref: Ref = row["_ref"]
    canon = canonical_symbol(symbol)
    if ref.family == "party":
        base = f"{ref.number}-{canon}"
    elif ref.year:
        base = f"{ref.number}/{ref.year}/{canon}"
    else:
        base = f"{ref.number}/{canon}"
    place = _local_place(row, ref, province)
    return f"{base}@{place}" if place else base


def _local_place(row: dict, ref: Ref, province) -> str | None:
    """Local symbols (UBND, Sở, Tỉnh ủy …) are only unique within their province."""
    entry = patterns.issuer_codes().get((ref.issuer_code or "").upper())
    if entry and (entry["scope"] == "central" or (entry["scope"] == "party" and entry.get("infer"))):
        return None
    if ref.family == "party" and (ref.issuer_code or "").upper().endswith("TW"):
        return None  # central Party bodies (TW, BCĐTW, BTCTW …)
    named, below = _places_in(row.get("issuer") or "")
    found = named or (province["name"] if province else None)
    if below:
        return f"{below}, {found}" if found else below
    return found


@functools.lru_cache(maxsize=1024)  # a report's mentions name the same few issuers
def _places_in(issuer: str) -> tuple[str | None, str | None]:
    """The province an issuer's name holds, and the place below it (a district's UBND numbers its
    own documents)."""
    below = _BELOW_PROVINCE.search(issuer)
    return _province_in(issuer), below.group() if below else None


_BELOW_PROVINCE = regex.compile(r"(?:huyện|quận|thị xã|xã|phường|đặc khu) \p{Lu}.*$", regex.V1)


_PARTY_PLACE = regex.compile(r"(?:Tỉnh|Thành) ủy (.+)$")


def _province_in(name: str) -> str | None:
    for kind in ("tỉnh ", "thành phố "):
        if kind in name:
            entry = patterns.province_by_name(name.rsplit(kind, 1)[1])
            if entry:
                return entry["name"]
    m = _PARTY_PLACE.search(name)
    if m and patterns.province_by_name(m.group(1)):
        return patterns.province_by_name(m.group(1))["name"]
    return None


def _correct_typos(rows: list[dict], province) -> None:
    """"107/2021/CP" beside "107/2021/NĐ-CP": a symbol missing its type code takes the full one
    when another mention of the same number, year, issuer and type proves it."""
    full = collections.defaultdict(set)
    for row in rows:
        ref: Ref = row["_ref"]
        if ref.type_code:
            full[(ref.number, ref.year, (ref.issuer_code or "").upper())].add(ref.symbol)
    for row in rows:
        ref: Ref = row["_ref"]
        if ref.type_code or ref.family == "party":
            continue
        choices = full.get((ref.number, ref.year, (ref.issuer_code or "").upper()), set())
        wanted = [s for s in choices if patterns.doc_type_by_code(s.split("-")[0]) == row["doc_type"]]
        if len(wanted) == 1:
            row["doc_key"] = _key(row, wanted[0], province)
            row["anomalies"].append(f"symbol typo corrected ({ref.symbol} → {wanted[0]})")


def _link_repeats(rows: list[dict]) -> None:
    """first_mention_id; a repeat whose issuer only the symbol told takes the one a mention of the
    same document states ("Quyết định số 787/QĐ-UBND" after "… của Chủ tịch UBND tỉnh")."""
    first: dict[str, int] = {}
    stated: dict[str, str] = {}
    for row in rows:
        row["first_mention_id"] = first.setdefault(row["doc_key"], row["mention_id"])
        if row["issuer_source"] in ("stated", "subject"):
            stated.setdefault(row["doc_key"], row["issuer"])
    for row in rows:
        better = stated.get(row["doc_key"])
        if row["issuer_source"] in (None, "symbol") and better and row["issuer"] != better:
            row["issuer"], row["issuer_source"] = better, "context"


def _is_own_number(text: str, ref: Ref) -> bool:
    """The report's own "Số: 329/BC-UBND" line is not a citation."""
    before = text[max(0, ref.start - 30):ref.start]
    return ":" in before and bool(_OWN_NUMBER.search(before))  # most refs have no colon before them


_OWN_NUMBER = regex.compile(r"(?:^|\n|\|)\s*\**\s*(?:Số|SỐ)(?:\s+hiệu)?\s*:\s*\**\s*$")


# ------------------------------------------------------------------ the report's province

def report_province(doc: Document, header: dict) -> dict | None:
    """The header's province when the header extractor read one (None for a central body's
    document), else the one the text names most ("thành phố Hải Phòng", "tỉnh Lâm Đồng"), the place
    on the date line ("Hải Phòng, ngày …") counting extra for a province the text also names."""
    named = patterns.province_by_name(header.get("province")) if header else None
    if named or (header and header.get("issuer") and "province" in header):
        return named  # the header read the issuer: a ministry's or Government's report has no province
    text = doc.text
    votes: Counter = Counter()
    for m in _PLACE_NAMED.finditer(text):
        entry = _leading_province(m.group("name"))
        if entry:
            votes[entry["name"]] += 1
    for m in _DATE_LINE.finditer(text[:5000]):
        entry = bodies.province_of_name(m.group("place"))
        if entry and entry["name"] in votes:  # "Hà Nội, ngày …" alone is where a ministry sits
            votes[entry["name"]] += 3
    if not votes:
        return None
    return patterns.province_by_name(votes.most_common(1)[0][0])


def _leading_province(words: str) -> dict | None:
    parts = words.split()
    for n in range(len(parts), 0, -1):
        entry = patterns.province_by_name(" ".join(parts[:n]))
        if entry:
            return entry
    return None


_PLACE_NAMED = regex.compile(
    r"(?:tỉnh|Tỉnh|TỈNH|thành\s+phố|Thành\s+phố|THÀNH\s+PHỐ|TP\.?)[ \t]+"
    r"(?P<name>\p{Lu}\p{L}*(?:[ \t-]+\p{Lu}\p{L}*){0,3})",
    regex.V1,
)
_DATE_LINE = regex.compile(r"(?P<place>\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){0,3}),\s+ngày\b", regex.V1)
