"""DOCX: body paragraphs with their styles, tables in reading order, the header table, footnotes.

python-docx opens the package and gives the tables (merged cells appear once); paragraph text is
read from the XML so that footnote reference marks, tabs and line breaks keep their place. The
footnotes of word/footnotes.xml (python-docx does not read them) follow the body, each opening
with its superscript mark, the same way the mark stands in the body text.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table

from extract.readers.builder import TextBuilder, looks_like_header

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_FOOTREF, _P, _TBL, _R = qn("w:footnoteReference"), qn("w:p"), qn("w:tbl"), qn("w:r")
_RPR, _B, _I, _VAL = qn("w:rPr"), qn("w:b"), qn("w:i"), qn("w:val")
_PSTYLE, _PPR, _ID, _SDT = qn("w:pStyle"), qn("w:pPr"), qn("w:id"), qn("w:sdtContent")


def read_docx(path: str | Path) -> TextBuilder:
    document = docx.Document(str(path))
    style_names = {s.style_id: s.name for s in document.styles if s.style_id}
    tb = TextBuilder()
    reader = _BodyReader(document, tb, style_names)
    reader.read_children(document.element.body)
    for mark, paragraphs in _footnotes(document):
        for i, p in enumerate(paragraphs):
            text = (mark.translate(SUPERSCRIPT) + " " if i == 0 else "") + p
            tb.add(text, "footnote", mark=mark)
    return tb


class _BodyReader:
    def __init__(self, document, tb: TextBuilder, style_names: dict[str, str]) -> None:
        self.document = document
        self.tb = tb
        self.style_names = style_names
        self.table_no = 0
        self.seen_body_text = False

    def read_children(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag.endswith("}sdt"):
                content = child.find(_SDT)
                if content is not None:
                    self.read_children(content)

    def paragraph(self, p, kind: str | None = None, **meta) -> None:
        text, bold_spans, italic_spans = _paragraph_text(p)
        style = self._style(p)
        if kind is None:
            kind = "heading" if style and style.lower().startswith(("heading", "title")) else "paragraph"
        block = self.tb.add(text, kind, style=style, **meta)
        if block is None:
            return
        if kind == "paragraph":
            self.seen_body_text = True
        for a, b in bold_spans:
            self.tb.emphasize(block.start + a, block.start + b, "bold")
        for a, b in italic_spans:
            self.tb.emphasize(block.start + a, block.start + b, "italic")

    def table(self, tbl) -> None:
        self.table_no += 1
        number = self.table_no
        table = Table(tbl, self.document)
        is_header = not self.seen_body_text and looks_like_header(_xml_text(tbl))
        kind = "header" if is_header else "table_cell"
        seen = set()  # the <w:tc> elements themselves: an id() of a freed lxml proxy gets reused
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                for child in cell._tc.iterchildren():
                    if child.tag == _P:
                        self.paragraph(child, kind, table=number, row=r, col=c)
                    elif child.tag == _TBL:
                        self.table(child)

    def _style(self, p) -> str | None:
        ppr = p.find(_PPR)
        if ppr is None:
            return None
        ps = ppr.find(_PSTYLE)
        if ps is None:
            return None
        sid = ps.get(_VAL)
        return self.style_names.get(sid, sid)


def _on(el) -> bool:
    return el is not None and el.get(_VAL) not in ("0", "false", "none")


def _paragraph_text(p) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    parts: list[str] = []
    length = 0
    bold: list[tuple[int, int]] = []
    italic: list[tuple[int, int]] = []
    for run in p.iter(_R):
        rpr = run.find(_RPR)
        is_bold = rpr is not None and _on(rpr.find(_B))
        is_italic = rpr is not None and _on(rpr.find(_I))
        start = length
        for el in run.iterchildren():
            if el.tag == _T and el.text:
                parts.append(el.text)
                length += len(el.text)
            elif el.tag == _TAB:
                parts.append("\t")
                length += 1
            elif el.tag in (_BR, _CR):
                parts.append("\n")
                length += 1
            elif el.tag == _FOOTREF:
                mark = (el.get(_ID) or "").translate(SUPERSCRIPT)
                parts.append(mark)
                length += len(mark)
        if length > start:
            if is_bold:
                bold.append((start, length))
            if is_italic:
                italic.append((start, length))
    return "".join(parts), _merge(bold), _merge(italic)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _xml_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _footnotes(document) -> list[tuple[str, list[str]]]:
    """(mark, paragraph texts) of every real footnote, in id order."""
    part = next((p for p in document.part.package.iter_parts()
                 if str(p.partname) == "/word/footnotes.xml"), None)
    if part is None:
        return []
    root = parse_xml(part.blob)
    notes = []
    for fn in root.iterchildren(qn("w:footnote")):
        if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        fid = fn.get(_ID)
        paragraphs = [_paragraph_text(p)[0].strip() for p in fn.iter(_P)]
        paragraphs = [t for t in paragraphs if t]
        if paragraphs:
            notes.append((fid, paragraphs))
    return notes
