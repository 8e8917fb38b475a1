"""The real samples' hand-read values rendered as the files agencies publish (tests/formats.py):
Word-exported HTML, crawled portal pages, ruled PDFs broken over pages, unruled PDFs (cells
placed by x, labels wrapped, vertical writing), Word documents with merged cells. Every such file keeps its cells' positions, so every cell must read back exactly."""

from __future__ import annotations

import pytest

from parsers import parse
from tests import formats as F
from tests import variants as V
from tests.expected import differences
from tests.fixtures import documents as fx

pytestmark = pytest.mark.slow  # renders every sample into every format

SAMPLES = V.samples()
IDS = [name for name, _, _ in SAMPLES]
REGION = ("meta/province", "meta/city", "meta/county", "meta/admin_code")

FORMATS = {
    "word html, GB2312, &nbsp; blanks": (lambda e: F.word_html(e), "r.htm"),
    "word html, empty cells, one table for all three": (
        lambda e: F.word_html(e, nbsp=False, one_table=True),
        "r.htm",
    ),
    "word html, utf-8 bytes under a gbk meta": (
        lambda e: F.word_html(e, charset="utf-8").replace(b"charset=utf-8", b"charset=gbk"),
        "r.htm",
    ),
    "word single file web page (.mht), GB2312 quoted-printable": (
        lambda e: F.mhtml(F.word_html(e), "gb2312"),
        "r.mht",
    ),
    "portal page saved as .mht, base64 utf-8, named .doc": (
        lambda e: F.mhtml(F.portal_html(e), "utf-8", base64=True),
        "r.doc",
    ),
    "word 2003 xml, merged cells": (lambda e: fx.wordml_2003(F.report_docx(e)), "r.doc"),
    # (as Java exporters write a report: Word imports the chunk when it opens the file)
    "docx whose body is an HTML altChunk, GB2312": (
        lambda e: F.alt_chunk_docx(F.word_html(e)),
        "r.docx",
    ),
    "docx whose body is an MHTML altChunk": (
        lambda e: F.alt_chunk_docx(F.mhtml(F.word_html(e), "gb2312"), "message/rfc822"),
        "r.docx",
    ),
    "portal page, layout table, thead/th, <br> in labels, gbk": (
        lambda e: F.portal_html(e, charset="gbk"),
        "r.html",
    ),
    "ruled pdf over pages, header repeated, page numbers": (lambda e: F.ruled_pdf(e), "r.pdf"),
    # A bare page number between two parts of a table had been one more cell of the row above.
    "ruled pdf over pages, bare page numbers": (lambda e: F.ruled_pdf(e, folio="{}"), "r.pdf"),
    "unruled pdf over pages, bare page numbers, dashes": (
        lambda e: F.unruled_pdf(e, "-", folio="{}"),
        "r.pdf",
    ),
    # ... or at the page's outer side, as official documents print them (odd right, even left)
    "ruled pdf over pages, bare page numbers at the side": (
        lambda e: F.ruled_pdf(e, folio="{}", outer=True),
        "r.pdf",
    ),
    "unruled pdf over pages, page numbers '3/N' at the side": (
        lambda e: F.unruled_pdf(e, folio="{}/9", outer=True),
        "r.pdf",
    ),
    "ruled pdf over pages, no header repeated, dashes": (
        lambda e: F.ruled_pdf(e, "-", repeat_header=False),
        "r.pdf",
    ),
    # (its digits, between two pages of table 三, had been read as a row's: a running head)
    "ruled pdf over pages, a portal's stamp atop every page": (
        lambda e: F.ruled_pdf(e, running=F.DOWNLOADED),
        "r.pdf",
    ),
    # (the first page's foot too: it stands between two pages of a table)
    "ruled pdf over pages, a portal's stamp at the foot of every page": (
        lambda e: F.ruled_pdf(e, foot=F.DOWNLOADED),
        "r.pdf",
    ),
    "ruled pdf, amounts wrapped in narrow columns": (
        lambda e: F.ruled_pdf(e, narrow=True, col=30),
        "r.pdf",
    ),
    "unruled pdf, wrapped labels and headers, tables over pages": (
        lambda e: F.unruled_pdf(e),
        "r.pdf",
    ),
    "unruled pdf, 9pt, sentences and notes around the tables, dashes": (
        lambda e: F.unruled_pdf(e, "-", size=9, prose=True),
        "r.pdf",
    ),
    "unruled pdf, row-spanning labels in vertical writing mode": (
        lambda e: F.unruled_pdf(e, vertical=True),
        "r.pdf",
    ),
    "unruled pdf, numbers left-aligned": (lambda e: F.unruled_pdf(e, align="left"), "r.pdf"),
    "unruled pdf, numbers left-aligned, 9pt, sentences and notes, dashes": (
        lambda e: F.unruled_pdf(e, "-", size=9, prose=True, align="left"),
        "r.pdf",
    ),
    "unruled pdf, Word's cell padding (5.4 pt)": (lambda e: F.unruled_pdf(e, pad=5.4), "r.pdf"),
    "docx, merged cells, labels in two paragraphs": (lambda e: F.report_docx(e), "r.docx"),
}


@pytest.mark.parametrize("name,source,exp", SAMPLES, ids=IDS)
def test_every_format_reads_every_cell(name, source, exp):
    failed = {}
    for fmt, (render, file_name) in FORMATS.items():
        report = parse(render(exp), file_name)
        if diffs := [d for d in differences(report, exp) if d.split(":")[0] not in REGION]:
            failed[fmt] = diffs[:3]
    assert failed == {}


# python-docx takes seconds to merge the cells of one big table: one report per template.
@pytest.mark.parametrize(
    "name,source,exp", [s for s in SAMPLES if s[0] in ("000", "h028")], ids=["2019", "2021"]
)
def test_docx_with_one_table_for_all_three(name, source, exp):
    report = parse(F.report_docx(exp, one_table=True), "r.docx")
    assert [d for d in differences(report, exp) if d.split(":")[0] not in REGION] == []


HEADINGLESS = (
    "ruled pdf over pages, header repeated, page numbers",
    "ruled pdf over pages, no header repeated, dashes",
    "unruled pdf over pages, bare page numbers, dashes",
    "unruled pdf, numbers left-aligned, 9pt, sentences and notes, dashes",
    "docx, merged cells, labels in two paragraphs",
    "word html, GB2312, &nbsp; blanks",
    "portal page, layout table, thead/th, <br> in labels, gbk",
)


@pytest.mark.parametrize("name,source,exp", SAMPLES, ids=IDS)
def test_table_three_without_its_heading_reads_every_cell(name, source, exp, monkeypatch):
    """Issue 17 (1): table 三 printed right under table 二, its heading lost, found by its first
    row. Its header above that row is its own: drawn as one grid with table 二, a ruled PDF's
    rows 1 and 2 had a blank cell of a table 二 column among their values (h019's 14 cells
    NULL, h025's 7), and the rows of the next page, redrawn without that column, do not stand
    under the header's columns (h025's 28 NULL once the header was found); an unruled PDF's
    values stand in columns of table 二's grid, which its header cells, set between them, do
    not name (h025's 35 cells NULL): they are read by the columns every row fills, seven, as
    many as the applicants."""
    monkeypatch.setattr(V, "TITLES", (V.TITLES[0], "", V.TITLES[2]))
    failed = {}
    for fmt in HEADINGLESS:
        render, file_name = FORMATS[fmt]
        if diffs := [d for d in differences(parse(render(exp), file_name), exp) if d[:4] != "meta"]:
            failed[fmt] = diffs[:3]
    assert failed == {}


@pytest.mark.parametrize("name,source,exp", SAMPLES, ids=IDS)
def test_table_four_without_its_heading_reads_every_cell(name, source, exp, monkeypatch):
    """Issue 17 (1): table 四 printed right under table 三, its heading lost, found by its header
    cells. Drawn as one grid with table 三, a ruled PDF's table 四 has columns of table 三's that
    its rows leave blank (004's values '0 0 0 _ 0 0 0 _ …'), an unruled one's values stand off
    its headings' columns: its cells had not filled its 15 columns, all NULL, or been placed by
    those columns (h019's three totals, blank cells printed as nothing, as two 尚未审结 and
    NULL). Those values are read in the order printed, as in running text: where blank cells are
    printed as nothing, they cannot all be placed, and are NULL, never wrong."""
    monkeypatch.setattr(V, "TITLES", (*V.TITLES[:2], ""))
    failed = {}
    for fmt in HEADINGLESS:
        render, file_name = FORMATS[fmt]
        diffs = [d for d in differences(parse(render(exp), file_name), exp) if d[:4] != "meta"]
        # (h025's unruled table 三 runs into table 四's header: its total row NULL, not wrong)
        if [d for d in diffs if d.startswith("review") or not d.endswith("got None")]:
            failed[fmt] = diffs[:3]
    report = parse(F.unruled_pdf(exp), "r.pdf")
    if wrong := [d for d in differences(report, exp) if not d.endswith("got None")]:
        failed["unruled pdf, blank cells printed as nothing"] = wrong[:3]
    assert failed == {}
