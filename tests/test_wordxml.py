"""The compiled scanner of DOCX parts (extract/readers/_wordxml.c) against the stylesheet it stands
in for: wherever it answers, the same items and table texts as lxml + `_FLATTEN` (body, styles.xml,
footnotes.xml); where it does not (None), docx.py reads the part with lxml. (The comment inside
<w:t> of test_docx_runs.py is read that way.)"""
from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from extract.readers import _wordxml  # compiled by `make install` (setup.py); a missing one fails here
from extract.readers import docx as reader
from tests.conftest import LAMDONG

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'


def document(body: str, root_attrs: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            f"<w:document {W} {WP}{root_attrs}><w:body>{body}</w:body></w:document>").encode()


def stylesheet_body(xml: bytes) -> tuple[list[str], list[str]]:
    root = etree.fromstring(xml, reader._PARSER)
    items = reader._items(root)
    tables = [reader._xml_text(reader._element_at(root, item[1:])) for item in items if item[0] == "T"]
    return items, tables


def scanner_body(xml: bytes) -> tuple[list[str], list[str]] | None:
    flat = _wordxml.flatten(xml)
    if flat is None or not all(map(reader._valid_namespace, flat[2])):
        return None
    return flat[0].split(reader._ITEM)[1:], flat[1]


def stylesheet_part(xml: bytes, part: str) -> list[str]:
    return reader._items(etree.fromstring(xml, reader._PARSER), part)


def scanner_part(xml: bytes, part: str) -> list[str] | None:
    flat = reader._flattened(xml, part)
    return None if flat is None else flat[0]


@pytest.mark.parametrize("path", sorted(LAMDONG.glob("*.docx")), ids=lambda p: p.name[:30])
def test_corpus_bodies_read_as_the_stylesheet_reads_them(path):
    xml = zipfile.ZipFile(path).read("word/document.xml")
    assert scanner_body(xml) == stylesheet_body(xml)


@pytest.mark.parametrize("path", sorted(LAMDONG.glob("*.docx")), ids=lambda p: p.name[:30])
def test_corpus_styles_and_footnotes_read_as_the_stylesheet_reads_them(path):
    package = zipfile.ZipFile(path)
    for name, part in (("word/styles.xml", "styles"), ("word/footnotes.xml", "footnotes")):
        if name in package.namelist():
            xml = package.read(name)
            assert scanner_part(xml, part) == stylesheet_part(xml, part)


def part(root: str, content: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<w:{root} {W} {WP}>{content}</w:{root}>'.encode()


STYLES = part("styles", '<w:docDefaults/><w:style w:styleId="Heading1"><w:name w:val="heading 1"/>'
              '<w:name w:val="x"/></w:style><w:style w:styleId=""><w:name w:val="empty id"/></w:style>'
              '<w:style><w:name w:val="no id"/></w:style><w:style w:styleId="a"><w:basedOn/>'
              '<w:name/></w:style><w:style w:styleId="b &amp;\tc"><w:basedOn w:val="a"/>'
              '<w:name w:val="named &lt;late&gt;"/></w:style><w:latentStyles><w:style w:styleId="deep">'
              '<w:name w:val="not a child of the root"/></w:style></w:latentStyles>')
FOOTNOTES = part("footnotes", '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                 '</w:p></w:footnote><w:footnote w:type="continuationNotice" w:id="0"/>'
                 '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Một</w:t></w:r></w:p>'
                 '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:footnote>'
                 '<w:footnote w:type="normal"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                 '<w:r><w:footnoteRef/><w:t>hai</w:t></w:r></w:p></w:footnote><w:p><w:r><w:t>lạc</w:t>'
                 '</w:r></w:p>')


@pytest.mark.parametrize("xml, name", [(STYLES, "styles"), (FOOTNOTES, "footnotes")])
def test_hand_made_styles_and_footnotes_read_as_the_stylesheet_reads_them(xml, name):
    assert scanner_part(xml, name) is not None
    assert scanner_part(xml, name) == stylesheet_part(xml, name)


def test_a_footnote_paragraph_inside_another_is_left_to_lxml():
    xml = part("footnotes", '<w:footnote w:id="1"><w:p><w:r><w:drawing><w:txbxContent><w:p><w:r>'
               '<w:t>hộp</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p></w:footnote>')
    assert scanner_part(xml, "footnotes") is None
    # both paragraphs, the outer one with the inner one's run too
    assert stylesheet_part(xml, "footnotes") == ["F\x051", "P\x02\x02hộp", "P\x02hộp"]


# Each body holds a case where a naive reading would differ from what the stylesheet writes.
BODIES = {
    "a text box inside a run: the outer run's own text first, then the inner run's":
        '<w:p><w:r><w:t>trước</w:t><w:drawing><wp:inline><w:txbxContent><w:p><w:r><w:rPr><w:b/>'
        '</w:rPr><w:t>hộp</w:t></w:r></w:p></w:txbxContent></wp:inline></w:drawing><w:t>sau</w:t>'
        '</w:r></w:p>',
    "only the first rPr, its first b and i count; b/i off by 0, false, none (not by off)":
        '<w:p><w:r><w:rPr><w:b w:val="false"/><w:b/><w:i w:val="off"/></w:rPr><w:rPr><w:b/></w:rPr>'
        '<w:t>a</w:t></w:r><w:r><w:rPr><w:i w:val="none"/><w:b w:val="1"/></w:rPr><w:t>b</w:t></w:r>'
        '<w:r><w:b/><w:t>c</w:t><w:rPr><w:i/></w:rPr></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr>'
        '<w:t>d</w:t></w:r></w:p>',
    "style from the first pPr's first pStyle only, an empty one too":
        '<w:p><w:pPr><w:pStyle/><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>b</w:t></w:r><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:pPr>'
        '<w:pStyle w:val="x"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val=""/></w:pPr></w:p>',
    "references, line ends and tabs, breaks, footnote marks":
        '<w:p><w:r><w:t xml:space="preserve">a &lt;b&gt; &amp; &quot;c&apos; &#7841;&#x1EA1; d\r\ne\rf'
        '&#13;</w:t><w:tab/><w:br/><w:cr/><w:footnoteReference w:id="12"/>'
        '<w:footnoteReference w:id="x3"/><w:footnoteReference/></w:r></w:p>',
    "attribute values are normalized: white space becomes a space":
        '<w:p><w:pPr><w:pStyle w:val="Heading\t1\r\nx&#10;y"/></w:pPr></w:p>',
    "content controls: the first sdtContent of a body-level sdt; none inside a cell":
        '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>in</w:t></w:r></w:p><w:sdt><w:sdtContent>'
        '<w:tbl><w:tr><w:tc><w:sdt><w:sdtContent><w:p><w:r><w:t>skipped</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '</w:sdtContent></w:sdt></w:sdtContent><w:sdtContent><w:p><w:r><w:t>second</w:t></w:r>'
        '</w:p></w:sdtContent></w:sdt>',
    "tables: grid before, spans, merges, a nested table, a table inside a text box":
        '<w:tbl><w:tblPr/><w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridBefore w:val="2"/></w:trPr>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r>'
        '<w:t>Số: 12</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr>'
        '<w:vMerge/><w:vMerge w:val="restart"/></w:tcPr></w:tc><w:tc><w:tcPr><w:vMerge '
        'w:val="continue"/><w:gridSpan/></w:tcPr><w:tbl><w:tr><w:tc><w:p><w:r><w:t>lồng</w:t></w:r>'
        '</w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:drawing><w:txbxContent><w:tbl><w:tr><w:tc><w:p>'
        '<w:r><w:t>hộp</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:txbxContent></w:drawing></w:r>'
        '</w:p></w:tc></w:tr><w:tr/></w:tbl>',
    "elements the stylesheet does not visit: runs outside paragraphs, unknown wrappers":
        '<w:r><w:t>lạc</w:t></w:r><w:customXml><w:p><w:r><w:t>x</w:t></w:r></w:p></w:customXml>'
        '<w:p><w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:ins><w:r><w:t>ins</w:t></w:r>'
        '</w:ins></w:p>',
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_hand_made_bodies_read_as_the_stylesheet_reads_them(body):
    xml = document(body)
    assert scanner_body(xml) is not None
    assert scanner_body(xml) == stylesheet_body(xml)


def test_a_second_body_is_not_read():
    xml = (f'<w:document {W}><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body>'
           f'<w:body><w:p><w:r><w:t>b</w:t></w:r></w:p></w:body></w:document>').encode()
    assert scanner_body(xml) == stylesheet_body(xml) == (["P\x02a"], [])  # a paragraph, one run: "a"


def test_a_paragraph_item_is_cut_into_text_and_spans():
    """Adjacent runs of one format make one span; a run without text neither makes nor breaks one."""
    xml = document('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
                   '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Báo </w:t></w:r>'
                   '<w:r><w:rPr><w:b/><w:i/></w:rPr></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>cáo</w:t></w:r>'
                   '<w:r><w:t xml:space="preserve"> số</w:t></w:r>'
                   '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> 12</w:t><w:tab/></w:r></w:p><w:p/>')
    items, _ = stylesheet_body(xml)
    assert [_wordxml.paragraph(item) for item in items] == [
        ("Heading1", "Báo cáo số 12\t", ((0, 7),), ((10, 14),)), (None, "", (), ())]


LEFT_TO_LXML = {
    "a comment": "<w:p><!-- x --></w:p>",
    "CDATA": "<w:p><w:r><w:t><![CDATA[a]]></w:t></w:r></w:p>",
    "a processing instruction": "<?mso x?><w:p/>",
    "an element inside w:t": "<w:p><w:r><w:t>a<w:b/>b</w:t></w:r></w:p>",
    "an undeclared prefix": "<x:p/>",
    "a default namespace": '<w:p xmlns="urn:x"/>',
    "another prefix for the main namespace":
        '<w:p xmlns:v="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    "w bound again inside": '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    "row properties after a cell": "<w:tbl><w:tr><w:tc/><w:trPr/></w:tr></w:tbl>",
    "cell properties after its content": "<w:tbl><w:tr><w:tc><w:p/><w:tcPr/></w:tc></w:tr></w:tbl>",
    "a mismatched end tag": "<w:p></w:r>",
    "a duplicate attribute": '<w:p w:a="1" w:a="2"/>',
    "an unknown entity": "<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>",
    "a character XML forbids": "<w:p><w:r><w:t>a\x01</w:t></w:r></w:p>",
    "a forbidden character reference": "<w:p><w:r><w:t>&#1;</w:t></w:r></w:p>",
    "]]> in text": "<w:p><w:r><w:t>a]]>b</w:t></w:r></w:p>",
    "attributes without space between": '<w:p w:a="1"w:b="2"/>',
    "< in an attribute value": '<w:p w:a="<"/>',
    "a namespace name that is not a URI": '<w:p xmlns:q="a b"/>',
    "the xml namespace under another prefix": '<w:p xmlns:q="http://www.w3.org/XML/1998/namespace"/>',
}


@pytest.mark.parametrize("body", LEFT_TO_LXML.values(), ids=LEFT_TO_LXML.keys())
def test_what_the_scanner_does_not_read_is_left_to_lxml(body):
    assert scanner_body(document(body)) is None


@pytest.mark.parametrize("xml", [
    b"", b"<w:document", document("<w:p/>")[:-5], document("<w:p/>") + b"<w:p/>",
    document("<w:p/>") + b"x", document("<w:p/>").replace(b"UTF-8", b"UTF-16"),
    b"<w:document xmlns:w='x'/>", document("<w:p><w:r><w:t>é</w:t></w:r></w:p>")[:-40] + b"\xff",
    b"\xff\xfe<\x00", f"<w:document {W}/>".encode("utf-16"),
], ids=["empty", "unclosed tag", "truncated", "two roots", "text after the root", "UTF-16 declared",
        "w is another namespace", "bad UTF-8", "UTF-16 mark", "UTF-16"])
def test_malformed_or_foreign_xml_is_left_to_lxml(xml):
    assert scanner_body(xml) is None


SEED = document(
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
    '<w:t xml:space="preserve">Báo cáo &amp; </w:t></w:r><w:r><w:t>số 12</w:t><w:tab/></w:r></w:p>'
    '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/>'
    '</w:tcPr><w:p><w:r><w:t>Số: 5</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/>'
    '</w:tcPr><w:p/></w:tc></w:tr></w:tbl><w:sdt><w:sdtContent><w:p><w:r><w:t>x</w:t>'
    '<w:footnoteReference w:id="3"/></w:r></w:p></w:sdtContent></w:sdt>')
PIECES = [b"<", b">", b"/", b"&", b"&amp;", b'"', b"'", b" ", b"\r", b"=", b":", b"\xc3", b"\xa9", b"\x00",
          b"<w:p>", b"</w:p>", b"<w:r>", b"</w:r>", b"<w:t>", b"</w:t>", b"<w:tbl>", b"</w:tbl>",
          b"<w:tr>", b"<w:tc>", b"</w:tc>", b"<w:b/>", b"<w:trPr/>", b"<w:tcPr/>", b"<!--c-->", b"]]>",
          b'xmlns:q="urn:q"', b"<q:sdt>", b"<w:sdtContent>", b"&#x41;", b"&#0;"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 8), st.sampled_from(PIECES)),
                min_size=1, max_size=4))
def test_damaged_xml_is_read_as_the_stylesheet_reads_it_or_left_to_lxml(edits):
    """Random cuts and insertions: the scanner never reads XML that lxml rejects, and what it reads,
    it reads as the stylesheet does."""
    xml = SEED
    for at, cut, piece in edits:
        at = min(at, len(xml))
        xml = xml[:at] + piece + xml[at + cut:]
    flat = scanner_body(xml)
    try:
        expected = stylesheet_body(xml)
    except etree.XMLSyntaxError:
        assert flat is None
        return
    assert flat is None or flat == expected


PART_PIECES = PIECES + [b"<w:style w:styleId='s'>", b"</w:style>", b"<w:name w:val='n'/>", b"<w:name/>",
                        b"<w:footnote w:id='2'>", b"<w:footnote w:type='separator'>", b"</w:footnote>"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(STYLES, "styles"), (FOOTNOTES, "footnotes")]),
       st.lists(st.tuples(st.integers(0, len(FOOTNOTES)), st.integers(0, 8), st.sampled_from(PART_PIECES)),
                min_size=1, max_size=4))
def test_damaged_styles_and_footnotes_are_read_as_the_stylesheet_reads_them_or_left_to_lxml(seed, edits):
    xml, name = seed
    for at, cut, piece in edits:
        at = min(at, len(xml))
        xml = xml[:at] + piece + xml[at + cut:]
    items = scanner_part(xml, name)
    try:
        expected = stylesheet_part(xml, name)
    except etree.XMLSyntaxError:
        assert items is None
        return
    assert items is None or items == expected
