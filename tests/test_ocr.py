"""Scanned reports and page images, read by OCR (parsers.backends.ocr), and what is published of
what OCR read (parsers.ocr_trust). The samples' hand-read values are rendered as ruled PDFs
(tests/formats.py), rasterised, damaged the way scans are (150–200 dpi, skew, noise, blur, JPEG)
and wrapped as image-only PDFs or image files: every cell must read back.

OCR costs seconds per page, so the suite reads a representative few (both templates, each kind
of damage, each container); tests marked ``ocr`` can be skipped in a fast loop with
``pytest -m 'not ocr'``. Nothing is cached between runs."""

from __future__ import annotations

import numpy as np
import pytest

from parsers import identities, parse
from parsers.backends import load_document
from parsers.backends.ocr import page, provenance
from parsers.backends.ocr.engine import Glyph
from parsers.errors import NeedsOCR, NotAReport
from parsers.interpret.layout import LOST
from parsers.ocr_trust import apply
from parsers.report import Report, Value
from tests import formats as F
from tests import variants as V
from tests.expected import differences, expected_cells, report_cells
from tests.test_backends_pdf import FIXTURES

SAMPLES = {name: exp for name, _, exp in V.samples()}
# As in tests/test_formats.py: the region comes from the file's path and name as much as its text.
REGION = ("meta/province", "meta/city", "meta/county", "meta/admin_code")

SCANS = {  # (sample, damage): 2019 and 2021 templates, every kind of damage at least once
    "000 150 dpi, skewed -2°, blurred, JPEG 60": ("000", dict(dpi=150, skew=-2, blur=0.8, jpeg=60)),
    "h028 200 dpi, skewed 1.5°, grainy": ("h028", dict(dpi=200, skew=1.5, noise=12)),
    "h019 200 dpi, hand-fed 4° askew, grainy": ("h019", dict(dpi=200, skew=-4, noise=8)),
    "000 200 dpi, a photo's shadow": ("000", dict(dpi=200, skew=0.7, noise=5, shadow=0.45)),
    "h028 200 dpi, a copy of a copy": ("h028", dict(dpi=200, noise=5, faded=(110, 200))),
    "h001 200 dpi, blurred 1.2 px, grainy, JPEG 50": (
        "h001",
        dict(dpi=200, blur=1.2, noise=10, jpeg=50),
    ),
}


def cell_diffs(report, exp):
    """Every cell and metadata field that differs from the gold (the region aside)."""
    return [d for d in differences(report, exp) if not d.startswith(REGION)]


@pytest.mark.ocr
@pytest.mark.parametrize("case", SCANS)
def test_a_scanned_pdf_reads_every_cell(case):
    name, damage = SCANS[case]
    report = parse(F.scanned_pdf(F.ruled_pdf(SAMPLES[name]), **damage), "scan.pdf")
    assert report.source_format == "pdf-ocr"
    assert report.status == "parsed"
    assert cell_diffs(report, SAMPLES[name]) == []
    value = report.requests[("1", "total")]
    assert provenance.read_back(value.where) is not None  # box and confidence kept


@pytest.mark.ocr
@pytest.mark.parametrize(
    "damage", [dict(dpi=150, skew=1.0, noise=6), dict(dpi=300, skew=0.5, blur=0.8)], ids=str
)
def test_a_scan_of_a_real_pdf_reads_every_cell(damage):
    """h001 as it was published (its own layout, not a rendering of its values), printed and
    scanned. At 150 dpi, 1° askew, the detector's boxes on table 四's long row overlap, and the
    0 both read is one cell's, not two ("0 0" left the row a cell too many). At 300 dpi, blurred,
    a speck beside table 四's 1 read as '1.' is no label text (the row had been a cell short,
    all 15 cells NULL): the 1, in doubt."""
    source = next(path for name, path, _ in V.samples() if name == "h001")
    report = parse(F.scanned_pdf(source.read_bytes(), **damage), "scan.pdf")
    assert (report.source_format, report.status) == ("pdf-ocr", "parsed")
    assert cell_diffs(report, SAMPLES["h001"]) == []


@pytest.mark.ocr
@pytest.mark.parametrize(
    "name, turned",
    [("000", (180, 180, 180)), ("h025", (90, 270, 90)), ("h001", (0, 270))],
    ids=["upside down", "sideways both ways", "one landscape page"],
)
def test_a_page_fed_sideways_or_upside_down_is_read_upright(name, turned):
    """Scanners are fed pages every way round, and a landscape table page is scanned lying on
    its side. Before, such a scan was no annual report at all."""
    exp = SAMPLES[name]
    scan = F.scanned_pdf(F.ruled_pdf(exp), dpi=200, turned=turned, skew=0.8, noise=6)
    report = parse(scan, "scan.pdf")
    assert (report.source_format, report.status) == ("pdf-ocr", "parsed")
    assert cell_diffs(report, exp) == []
    where = report.review_litigation[("review", "total")].where
    clockwise = turned[int(where.split()[1]) - 1]  # what stood its page upright again
    assert (f"turned={clockwise}" in where) == bool(clockwise)


@pytest.mark.ocr
@pytest.mark.parametrize("streak", [0.5, 0.79], ids=["by a change's sign", "beside a column's 0s"])
def test_a_scanners_streak_down_every_page_is_no_rule_and_no_digit(streak):
    """Dust on a sheet-fed scanner's glass draws a line down every page. It had been taken for a
    rule cutting cells in two and read as strokes of digits: 000 read a change of -1 as 1 (table
    二: silent) and a column's 0s as 10. The streak is paper now; a digit it crossed or grazed
    could be any, so the identities decide: published where they hold, else blank."""
    exp = SAMPLES["000"]
    scan = F.scanned_pdf(F.ruled_pdf(exp), dpi=200, skew=0.5, noise=5, streak=streak, fold=0.62)
    report = parse(scan, "scan.pdf")
    assert report.status in ("parsed", "partial")
    want, got = expected_cells(exp), report_cells(report)
    assert {k: got[k] for k, v in want.items() if got.get(k) not in (None, v)} == {}
    if streak == 0.79:
        assert cell_diffs(report, exp) == []


@pytest.mark.ocr
def test_a_light_watermark_across_a_scanned_table_gives_no_wrong_number():
    """A page printed over a grey '仅供参考' watermark, then scanned. Where a blot of its letters
    ran into a 0 of 003's unruled table 三, the 0 was read as a '4' in a box twice as high as the
    row's digits, and published. A lone digit (or round mark) read taller than the page's text
    could be any digit: the identities decide, and here they blank it. (A blot alone in a cell
    of table 二 had been read 'O' and published as 0.) Cells the watermark hides stay NULL."""
    exp = SAMPLES["003"]
    scan = F.scanned_pdf(F.unruled_pdf(exp), dpi=200, skew=0.5, noise=5, watermark=175)
    report = parse(scan, "scan.pdf")
    want, got = expected_cells(exp), report_cells(report)
    assert {k: got[k] for k, v in want.items() if got.get(k) not in (None, v)} == {}


@pytest.mark.ocr
def test_a_multipage_tiff_is_a_multipage_report():
    exp = SAMPLES["h019"]
    tiff = F.scanned_images(F.ruled_pdf(exp), "TIFF", dpi=200, skew=0.7, noise=6)
    report = parse(tiff, "scan.tif")
    assert report.source_format == "image"
    assert report.status == "parsed"
    assert cell_diffs(report, exp) == []
    assert "px conf=" in report.requests[("1", "total")].where  # image files: boxes in pixels


@pytest.mark.ocr
@pytest.mark.parametrize(
    "fmt, dpi, stated",
    [("TIFF", 200, None), ("JPEG", 300, 72)],
    ids=["a TIFF stating none", "a phone's JPEG stating 72 dpi over 3,508 pixels"],
)
def test_an_image_whose_resolution_is_missing_or_impossible_reads_every_cell(fmt, dpi, stated):
    """Pillow reads a TIFF without a resolution as 1 dpi, and phones write 72 dpi beside
    thousands of pixels: taken at their word, the page was read as garbage (the TIFF was not a
    report). A resolution that makes the picture larger than any page is guessed instead."""
    exp = SAMPLES["h028"]
    files = F.scanned_images(F.ruled_pdf(exp), fmt, dpi=dpi, stated=stated, noise=4)
    reports = [parse(f, f"scan.{fmt.lower()}") for f in ([files] if fmt == "TIFF" else files)]
    got = {k: v for r in reports for k, v in report_cells(r).items() if v is not None}
    assert {k: got.get(k) for k, v in expected_cells(exp).items() if got.get(k) != v} == {}


@pytest.mark.parametrize(
    "size, stated, dpi",
    [
        ((1654, 2339), None, 200),  # nothing stated: taken for an A4 page
        ((1654, 2339), (1, 1), 200),  # a TIFF stating none
        ((3024, 4032), (72, 72), 345),  # a phone's photo
        ((400, 6000), (96, 96), 96),  # a long screenshot of a whole web page: tall, not wide
        ((1200, 900), (96, 96), 96),  # a table's screenshot
    ],
)
def test_an_image_s_resolution_is_taken_unless_no_page_is_that_wide(size, stated, dpi):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "TIFF", **({"dpi": stated} if stated else {}))
    assert round(page.image_frames(buf.getvalue())[0].dpi) == dpi


@pytest.mark.ocr
def test_a_black_and_white_tiff_at_fax_resolution_reads_every_cell():
    """Archives and fax machines keep scans in 1 bit (CCITT group 4). At 200 dpi the recogniser
    returned nothing for 15 of h013's crisp lone zeros; softened into greys, it reads them."""
    exp = SAMPLES["h013"]
    tiff = F.scanned_images(F.ruled_pdf(exp), "TIFF", 200, True, skew=0.6, noise=6)
    report = parse(tiff, "scan.tif")
    assert (report.source_format, report.status) == ("image", "parsed")
    assert cell_diffs(report, exp) == []


@pytest.mark.ocr
def test_a_png_of_the_first_page_is_the_part_of_the_report_it_shows():
    exp = SAMPLES["000"]
    first, _ = F.scanned_images(F.ruled_pdf(exp), "PNG", dpi=150, blur=0.6)
    report = parse(first, "page1.png")
    assert (report.source_format, report.status) == ("image", "partial")
    assert "二" in report.tables_found
    assert [d for d in cell_diffs(report, exp) if d.startswith("proactive/")] == []


PHOTOS = {  # a phone held over the page, not square on: the table a trapezoid
    "000, its top 3 % narrower": ("000", (0.03, 0.0)),
    "h013, its left side 2 % shorter": ("h013", (0.0, 0.02)),
    "h025, its top 1 % narrower": ("h025", (0.01, 0.0)),
}


@pytest.mark.ocr
@pytest.mark.parametrize("case", PHOTOS)
def test_a_photo_of_a_page_taken_at_an_angle_reads_every_cell(case):
    """A page photographed from below or aside: its rows and columns converge, and the grid
    finder had lost them (000 at 3 %: 148 of 198 cells NULL; h025 at 1 %: a wrong number,
    flagged). The page is warped so that the table's border is a rectangle again."""
    name, keystone = PHOTOS[case]
    photo = F.scanned_pdf(F.ruled_pdf(SAMPLES[name]), 200, skew=0.5, noise=6, keystone=keystone)
    assert cell_diffs(parse(photo, "photo.pdf"), SAMPLES[name]) == []


FAR_ASKEW = {  # (sample, how it was printed, damage): beyond a hand-fed scan's few degrees
    "000 8° askew": ("000", F.ruled_pdf, dict(skew=8, noise=6)),
    "h028 −10° askew": ("h028", F.ruled_pdf, dict(skew=-10, noise=6)),
    "h019 12° askew": ("h019", F.ruled_pdf, dict(skew=12, noise=6)),
    "000 a crooked photo: −7° askew, its top 2 % narrower": (
        "000",
        F.ruled_pdf,
        dict(skew=-7, noise=6, keystone=(0.02, 0.0)),
    ),
    "000 unruled, 7° askew": ("000", F.unruled_pdf, dict(skew=7, noise=6)),
}


@pytest.mark.ocr
@pytest.mark.parametrize("case", FAR_ASKEW)
def test_a_page_far_askew_reads_every_cell(case):
    """A page laid crooked on a flatbed, or a phone held crooked over it, is 6–15° off. Pages
    were straightened within ±5° only: at 8° the sharpest rows of ink in that range left 000's
    pages 9.5° and 12.5° off, and no report was found (nor at 12°, nor in the crooked photo);
    h028 at −10° missed 202 cells and fields, 000 unruled at 7° 160."""
    name, printed, damage = FAR_ASKEW[case]
    scan = F.scanned_pdf(printed(SAMPLES[name]), 200, **damage)
    assert cell_diffs(parse(scan, "scan.pdf"), SAMPLES[name]) == []


def test_a_page_seen_square_on_or_without_a_ruled_table_is_not_warped():
    """Only a table photographed at an angle is squared: a scan's, once straightened (its
    corners a pixel off a rectangle), and a page whose largest ink is no ruled quadrilateral are
    left as they are."""
    for pdf in (F.ruled_pdf(SAMPLES["000"]), F.unruled_pdf(SAMPLES["000"])):
        for img in F.page_images(pdf, 150):
            gray = np.asarray(F.degraded(img, skew=0.3, noise=6).convert("L"))
            seen = page.deskewed(page.PageImage(gray, 150))  # (as pages are, before squared)
            assert page.squared(seen) is seen
    photo = F.degraded(F.page_images(F.ruled_pdf(SAMPLES["000"]), 150)[1], keystone=(0.03, 0))
    seen = page.PageImage(np.asarray(photo.convert("L")), 150)
    assert page.squared(seen) is not seen


@pytest.mark.ocr
def test_a_jpeg_photo_of_a_page_is_read():
    exp = SAMPLES["h028"]
    first = F.scanned_images(F.ruled_pdf(exp), "JPEG", dpi=170, skew=-1.2, noise=8)[0]
    doc = load_document(first, "photo.jpg")
    assert doc.format == "image"
    assert any(ln.text.startswith("二、主动公开政府信息情况") for ln in doc.lines)


@pytest.mark.ocr
def test_a_pdf_whose_tables_are_pictures_reads_every_cell():
    """Narrative with a text layer, tables pasted as pictures: the page that is all picture is
    read by OCR at once, the first page (text and the start of table 二 as a picture) once the
    text shows the tables are missing."""
    exp = SAMPLES["h028"]
    report = parse(F.tables_as_pictures(F.ruled_pdf(exp), dpi=200, noise=6), "r.pdf")
    assert (report.source_format, report.status) == ("pdf-ocr", "parsed")
    assert cell_diffs(report, exp) == []


@pytest.mark.ocr
@pytest.mark.parametrize(
    "damage", [dict(dpi=200, skew=0.7, noise=6), dict(dpi=300, skew=0.5, blur=0.8)], ids=str
)
def test_a_scan_of_an_unruled_table_reads_every_cell(damage):
    """000's tables printed without rules (tests/formats.unruled_pdf), scanned: OCR boxes a
    wrapped label's first line shorter than the digits beside it, its top lower, which had put
    the row's values on a line of their own (21 cells NULL, one row's values given to the row
    above); a lone 0 whose box sat a point lower had left row 一 a value short. At 300 dpi,
    blurred, the detector misses the lone 0 of row 3.4.3's total, and the recogniser, given that
    ink, hesitates between 0 and o (0.31 and 0.28): a round mark, more likely than not a
    character, is a zero in doubt, not a blank cell."""
    exp = SAMPLES["000"]
    report = parse(F.scanned_pdf(F.unruled_pdf(exp), **damage), "scan.pdf")
    assert cell_diffs(report, exp) == []


STAMPED = {  # (sample, row the seal is on, where across the page, container)
    "000 table 三's total under a seal, PDF": ("000", "（七）总计", 0.6, "PDF"),
    "h028 table 三's 不予公开 rows under a seal, TIFF": ("h028", "（三）不予公开", 0.4, "TIFF"),
}


@pytest.mark.ocr
@pytest.mark.parametrize("case", STAMPED)
def test_a_seal_stamped_across_a_table_hides_no_cell(case):
    """A colour scan with an official seal in red over table 三's cells: read as grey ink, its
    ring, star and characters cut cells apart and merged others (000: 30 cells NULL, h028: 7);
    red ink is paper to the reader, the black under it still ink. What still shows of the seal
    (a speck of its star's edge read as a quote mark before a 0) is no part of the number."""
    name, label, across, fmt = STAMPED[case]
    exp = SAMPLES[name]
    report = parse(F.stamped(F.ruled_pdf(exp), label, fmt, across=across), f"scan.{fmt.lower()}")
    assert report.status == "parsed"
    assert cell_diffs(report, exp) == []


def test_red_ink_is_paper_and_black_under_it_is_ink():
    black, red, black_under_red, blue = (0, 0, 0), (219, 57, 66), (67, 16, 21), (20, 40, 160)
    pixels = np.array([[(255, 255, 255), black, red, black_under_red, blue]], np.uint8)
    paper, text, seal, text_under_seal, blue_ink = page.without_red(pixels)[0]
    assert paper == seal == 255
    assert text == 0 and text_under_seal < 100 and blue_ink < 100


def test_with_ocr_off_a_pdf_whose_tables_are_pictures_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    pdf = F.tables_as_pictures(F.ruled_pdf(SAMPLES["h028"]), dpi=100)
    with pytest.raises(NeedsOCR, match=r"pages 1, 2 are images .*\(OGI_OCR=off\)"):
        parse(pdf, "r.pdf")


def test_a_pdf_with_a_text_layer_is_never_read_by_ocr(monkeypatch):
    from parsers.backends import ocr

    def no_ocr(*args):
        raise AssertionError("OCR ran on a PDF with a text layer")

    monkeypatch.setattr(ocr, "read_pages", no_ocr)
    report = parse(F.ruled_pdf(SAMPLES["h028"]), "r.pdf")
    assert (report.source_format, report.status) == ("pdf", "parsed")


@pytest.mark.ocr
def test_a_scan_under_another_programs_ocr_layer_is_read_by_ogis_ocr():
    """A scan with an invisible text layer laid over it by another program's OCR, every digit of
    it wrong: ogi reads the picture with its own OCR, whose confidence it can check (the layer
    had been read as the page's own text, its 8s published)."""
    exp = SAMPLES["h028"]
    report = parse(F.under_ocr_layer(F.ruled_pdf(exp), misread=F.all_eights), "scan.pdf")
    assert report.source_format == "pdf-ocr"
    assert cell_diffs(report, exp) == []


@pytest.mark.ocr
def test_an_ocrmypdf_scan_reads_every_cell():
    """Sample 000 printed, scanned at 200 dpi and given a text layer by OCRmyPDF 14 (tesseract 5,
    chi_sim+eng): that layer ('广州 市 海珠 区', digits as tesseract saw them) had left 195 of the
    198 cells NULL."""
    data = (FIXTURES / "pdf" / "000_scan_ocrmypdf.pdf").read_bytes()
    report = parse(data, "000.pdf")
    assert report.source_format == "pdf-ocr"
    assert cell_diffs(report, SAMPLES["000"]) == []


def test_with_ocr_off_a_scan_under_another_programs_ocr_layer_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    pdf = F.under_ocr_layer(F.ruled_pdf(SAMPLES["h028"]), dpi=100, misread=F.all_eights)
    with pytest.raises(NeedsOCR, match=r"of its own .* pages 1-\d need OCR"):
        parse(pdf, "r.pdf")


def test_a_page_printed_over_a_background_picture_is_never_read_by_ocr(monkeypatch):
    """Visible text over a page-sized picture is the page's own (a letterhead or a background):
    it is read as text."""
    from parsers.backends import ocr

    def no_ocr(*args):
        raise AssertionError("OCR ran on a PDF with a text layer")

    monkeypatch.setattr(ocr, "read_pages", no_ocr)
    exp = SAMPLES["h028"]
    report = parse(F.under_ocr_layer(F.ruled_pdf(exp), dpi=100, invisible=False), "r.pdf")
    assert (report.source_format, report.status) == ("pdf", "parsed")
    assert cell_diffs(report, exp) == []


@pytest.mark.ocr
def test_a_scan_a_portal_stamped_with_a_line_of_text_is_read_by_ocr():
    """Scanned pages a portal stamped with a line of text ('本文件下载自…门户网站 下载时间：…'): more
    text over the picture than a stray mark, too little to be the page's own. The tables are not
    in the text, so the pictures are read (the stamp had made them a background: nothing read)."""
    exp = SAMPLES["h028"]
    report = parse(F.download_stamped(F.ruled_pdf(exp)), "scan.pdf")
    assert report.source_format == "pdf-ocr"
    assert cell_diffs(report, exp) == []


@pytest.mark.ocr
def test_a_pdf_whose_text_layer_names_no_character_is_read_by_ocr():
    """Fonts embedded without a ToUnicode map: the text layer was '(cid:2)(cid:3)ÇÈÉ…', taken
    for text, and the report was not one. Such pages are read as the pictures they are."""
    exp = SAMPLES["h028"]
    report = parse(F.without_to_unicode(F.ruled_pdf(exp)), "r.pdf")
    assert report.source_format == "pdf-ocr"
    assert cell_diffs(report, exp) == []


def test_with_ocr_off_a_pdf_whose_text_layer_names_no_character_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    with pytest.raises(NeedsOCR, match="no text layer that maps to characters: pages 1-3"):
        parse(F.without_to_unicode(F.ruled_pdf(SAMPLES["h028"])), "r.pdf")


def test_with_ocr_off_a_stamped_scan_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    with pytest.raises(NeedsOCR, match=r"pages 1, 2.* are images"):
        parse(F.download_stamped(F.ruled_pdf(SAMPLES["h028"]), dpi=100), "r.pdf")


@pytest.mark.ocr
@pytest.mark.parametrize("margin", [True, False], ids=["with a margin", "cropped at the frame"])
def test_a_word_report_whose_tables_are_pictures_reads_every_cell(margin):
    """A .docx whose statutory tables were pasted as pictures (table 三 as two, cut where its
    page broke), the running text as text: the pictures are read by OCR where they stand (they
    had been left out: the report partial, its tables missing). A picture cropped at the table's
    frame has its rules run edge to edge, both ways: they are rules, not a scanner's streaks
    (taken out as streaks, they had left no grid)."""
    exp = SAMPLES["h028"]
    report = parse(F.docx_with_table_pictures(exp, margin=margin), "r.docx")
    assert report.source_format == "docx"
    assert cell_diffs(report, exp) == []
    value = report.requests[("1", "total")]
    assert value.where.startswith("picture ") and provenance.read_back(value.where) is not None


def test_with_ocr_off_a_word_report_whose_tables_are_pictures_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    data = F.docx_with_table_pictures(SAMPLES["h028"], dpi=100)
    with pytest.raises(NeedsOCR, match=r"pictures 1, 2, 3(, 4)? are images .*\(OGI_OCR=off\)"):
        parse(data, "r.docx")


# h028 with its tables pasted as pictures (tests/formats.docx_with_table_pictures), saved by
# LibreOffice as .doc (inline pictures), Word 2003 XML (base64) and RTF (hex), and shown as a
# web page that Chromium snapshotted as MHTML: (file, its source_format).
SAVED_WITH_PICTURES = {
    ".doc": ("doc/h028_table_pictures_libreoffice.doc", "doc"),
    "Word 2003 XML": ("wordml/h028_table_pictures_libreoffice.xml", "word-xml"),
    "RTF": ("rtf/h028_table_pictures_libreoffice.rtf", "rtf"),
    "MHTML": ("mhtml/h028_table_pictures_chromium.mhtml", "html"),
}


@pytest.mark.ocr
@pytest.mark.parametrize("fmt", [*SAVED_WITH_PICTURES, "data URIs"])
def test_a_report_whose_tables_are_pictures_reads_every_cell_in_every_format(fmt):
    """The pictures of every format that carries them are read by OCR where they stand, as a
    .docx's are (they had been lost: the report partial, or not a report at all). A web page
    may also hold them as data URIs, as a CMS editor keeps a pasted screenshot."""
    if fmt == "data URIs":
        page = (FIXTURES / SAVED_WITH_PICTURES["MHTML"][0]).read_bytes()
        data, source_format = F.inlined(page), "html"
    else:
        path, source_format = SAVED_WITH_PICTURES[fmt]
        data = (FIXTURES / path).read_bytes()
    report = parse(data, "r")
    assert report.source_format == source_format
    assert cell_diffs(report, SAMPLES["h028"]) == []
    assert report.requests[("1", "total")].where.startswith("picture ")


@pytest.mark.parametrize("fmt", SAVED_WITH_PICTURES)
def test_with_ocr_off_a_report_whose_tables_are_pictures_needs_ocr(monkeypatch, fmt):
    monkeypatch.setenv("OGI_OCR", "off")
    data = (FIXTURES / SAVED_WITH_PICTURES[fmt][0]).read_bytes()
    with pytest.raises(NeedsOCR, match=r"pictures 1, 2, 3, 4 are images"):
        parse(data, "r")


@pytest.mark.ocr
def test_a_word_file_of_scanned_pages_only_reads_every_cell():
    """A scanned report put into Word, its pages pictures and no text at all: it had been 'not a
    report' (a Word document without any text) before its pictures could be read."""
    exp = SAMPLES["h028"]
    report = parse(F.word_of_scans(F.ruled_pdf(exp), noise=4), "r.docx")
    assert (report.status, report.report_year) == ("parsed", 2024)
    assert cell_diffs(report, exp) == []


def test_with_ocr_off_a_word_file_of_scanned_pages_needs_ocr(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    with pytest.raises(NeedsOCR, match=r"pictures 1, 2, 3 are images"):
        parse(F.word_of_scans(F.ruled_pdf(SAMPLES["h028"]), dpi=100), "r.docx")


def test_a_word_report_with_its_tables_in_text_never_reads_its_pictures(monkeypatch):
    """A photo and a logo beside tables that are text: nothing to read by OCR; the logo, too
    small to hold a table, is not even counted."""
    import io

    import docx

    from parsers.backends import load_document, ocr

    def no_ocr(*args):
        raise AssertionError("OCR ran on a Word report whose tables are text")

    monkeypatch.setattr(ocr, "read_pages", no_ocr)
    exp = SAMPLES["h028"]
    word = docx.Document(io.BytesIO(F.report_docx(exp)))
    photo = F.page_images(F.ruled_pdf(exp), dpi=60)[0]
    for picture in (photo, photo.resize((120, 40))):
        buf = io.BytesIO()
        picture.save(buf, "PNG")
        word.add_picture(buf)
    out = io.BytesIO()
    word.save(out)
    assert load_document(out.getvalue(), "r.docx").unread_pages == [1]
    report = parse(out.getvalue(), "r.docx")
    assert (report.source_format, report.status) == ("docx", "parsed")
    assert cell_diffs(report, exp) == []


# ---- a misread digit is never published silently ---------------------------------------------


@pytest.mark.ocr
def test_a_digit_read_wrong_with_doubt_is_left_blank_with_what_it_could_be():
    """The 3.7 total (9) printed as a 4 with a 9 smudged over it: OCR reads 4, unsure (9 its
    runner-up); the identities fail, and 9 would make them hold: the cell is blank, the note
    says what was read and what it could be, and the identities imply 9 apart (derived)."""
    pdf = F.with_number_reprinted(F.ruled_pdf(SAMPLES["000"]), "（七）总计", "4", over="9")
    report = parse(pdf, "scan.pdf")
    cell = report.requests[("3.7", "total")]
    assert cell.value is None and cell.raw == "4"
    assert "OCR read '4'" in cell.note and "could be 9" in cell.note
    assert identities.derive(report)[("requests", ("3.7", "total"))][0] == 9
    assert all(
        c.passed or c.severity != "error"
        for c in identities.check(report)
        if c.name.startswith("table3")
    ), "blanking the misread cell leaves no contradiction"


@pytest.mark.ocr
def test_a_wrong_digit_read_with_confidence_is_stored_as_printed_and_flagged():
    """A 7 printed where the sums need 9 (blurred): OCR is sure it is a 7, so that is what the
    document says: stored, and the identity checks fail."""
    pdf = F.with_number_reprinted(F.ruled_pdf(SAMPLES["000"]), "（七）总计", "7", blur=1.2)
    report = parse(pdf, "scan.pdf")
    assert report.requests[("3.7", "total")].value == 7
    failed = {c.name for c in identities.check(report) if not c.passed and c.severity == "error"}
    assert "table3 row total = six applicants" in failed


# ---- switched off ------------------------------------------------------------------------------


def test_with_ocr_off_a_scan_needs_ocr_naming_its_pages(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    pdf = F.scanned_pdf(F.ruled_pdf(SAMPLES["000"]), dpi=100)
    with pytest.raises(NeedsOCR, match=r"pages 1-2 need OCR.*OGI_OCR=off"):
        parse(pdf, "scan.pdf")
    png = F.scanned_images(F.ruled_pdf(SAMPLES["000"]), "PNG", dpi=100)[0]
    with pytest.raises(NeedsOCR, match="OGI_OCR=off"):
        parse(png, "scan.png")


@pytest.mark.ocr
def test_a_page_with_nothing_to_read_is_not_a_report():
    from tests.fixtures import documents as fx

    with pytest.raises(NotAReport, match="OCR found no text"):
        load_document(fx.image_only_pdf(), "scan.pdf")


def test_a_damaged_image_is_refused_with_a_reason():
    from parsers.errors import CorruptDocument

    with pytest.raises(CorruptDocument, match="damaged PNG image"):
        load_document(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "x.png")


# ---- provenance and the trust rules, on cells made by hand --------------------------------------


def glyph(char, conf=0.99, alt="", alt_conf=0.0):
    return Glyph(char, conf, alt, alt_conf, 0, 1)


def test_provenance_keeps_box_confidence_and_doubtful_glyphs():
    where = provenance.where(
        "page 2 table 1 row 4 col 3",
        (10, 20, 30, 28),
        "pt",
        [glyph("1", 0.55, "7", 0.4), glyph("2")],
    )
    assert where == "page 2 table 1 row 4 col 3 ocr bbox=10,20,30,28pt conf=0.55 doubt=0:1>7@0.55"
    conf, doubts = provenance.read_back(where + " chars 1-2")
    assert conf == 0.55 and doubts == [provenance.Doubt(0, "1", "7", 0.55)]
    assert provenance.read_back("page 2 x=10 y=20") is None


def test_a_round_mark_in_a_number_is_a_zero_in_doubt():
    run = provenance.digits_of([glyph("1"), glyph("。", 0.7)])
    assert "".join(g.char for g in run) == "10" and run[1].conf < provenance.SURE
    assert provenance.digits_of([glyph("无")])[0].char == "无"
    zero = provenance.digits_of([glyph("0", 0.6, "O", 0.35)])[0]
    assert zero.conf == pytest.approx(0.95)  # 0 or O: a zero either way


def _report(cells: dict[tuple[str, str], tuple[int, str]]) -> Report:
    """Table 三 row 3.7 of a 2019 report: six applicants and the total."""
    r = Report(template="2019")
    for key, (value, where) in cells.items():
        r.requests[key] = Value(value, str(value), where)
    return r


def _row(total: int, total_where: str) -> dict:
    sure = "page 2 table 1 row 23 col {} ocr bbox=1,1,2,2pt conf=0.99"
    cells = {
        ("3.7", a): (v, sure.format(4 + n))
        for n, (a, v) in enumerate(zip(identities.applicants()[:-1], (9, 0, 0, 0, 0, 0)))
    }
    cells[("3.7", "total")] = (total, total_where)
    return cells


def test_trust_publishes_a_table_whose_identities_hold():
    r = _report(_row(9, "page 2 ocr bbox=1,1,2,2pt conf=0.60 doubt=0:9>0@0.60"))
    apply(r)
    assert r.requests[("3.7", "total")].value == 9


def test_trust_blanks_a_doubtful_cell_whose_alternative_explains_the_conflict():
    r = _report(_row(7, "page 2 ocr bbox=1,1,2,2pt conf=0.60 doubt=0:7>1@0.60"))
    r.requests[("3.7", "natural_person")] = Value(
        1, "1", "page 2 ocr bbox=1,1,2,2pt conf=0.62 doubt=0:1>7@0.62"
    )
    apply(r)
    # 1 (could be 7) against a total of 7 (could be 1): either could explain it, both blanked
    assert r.requests[("3.7", "total")].value is None
    assert "could be 1" in r.requests[("3.7", "total")].note
    assert r.requests[("3.7", "natural_person")].value is None


def test_trust_keeps_a_confident_reading_that_breaks_an_identity():
    r = _report(_row(7, "page 2 ocr bbox=1,1,2,2pt conf=0.99"))
    apply(r)
    assert r.requests[("3.7", "total")].value == 7  # as printed: the checks flag it


def test_trust_does_not_blank_doubtful_cells_that_cannot_explain_the_conflict():
    r = _report(_row(7, "page 2 ocr bbox=1,1,2,2pt conf=0.99"))
    r.requests[("3.7", "other_org")] = Value(
        0, "0", "page 2 ocr bbox=1,1,2,2pt conf=0.80 doubt=0:0>86@0.80"
    )
    apply(r)
    assert r.requests[("3.7", "other_org")].value == 0  # 8 or 6 would not make 9 = 7


def test_trust_never_publishes_a_cell_ocr_did_not_find():
    """The layout re-creates a cell OCR missed from the identities: that value rests on other
    readings, so it is blank in the published table and only derived, kept apart."""
    cells = _row(9, "page 2 ocr bbox=1,1,2,2pt conf=0.99")
    r = _report(cells)
    r.requests[("3.7", "total")] = Value(
        9, "", LOST, "cell lost by the layout; value implied by the identities"
    )
    apply(r)
    lost = r.requests[("3.7", "total")]
    assert lost.value is None and "the identities imply 9" in lost.note
    assert r.requests[("3.7", "natural_person")].value == 9  # what OCR read stays
    assert identities.derive(r)[("requests", ("3.7", "total"))][0] == 9


def test_a_lost_cell_in_a_text_document_is_the_layouts_business():
    """Without OCR'd cells, the text as printed decides (parsers.interpret.layout)."""
    r = _report({k: (v, "line 3 cell 2") for k, (v, _) in _row(9, "").items()})
    r.requests[("3.7", "total")] = Value(9, "", LOST, "cell lost by the layout")
    apply(r)
    assert r.requests[("3.7", "total")].value == 9


def test_a_rule_remnant_read_as_a_1_is_no_digit():
    """A stretch of a double or faint border the grid missed reads as "1" or "I": a thin stroke
    taller than the page's text. A printed 1 is no taller than the other digits."""
    from parsers.backends.ocr.engine import Read
    from parsers.backends.ocr.layout import _remnant

    def read(text, box):
        return Read(tuple(glyph(c) for c in text), box)

    text_height = 16.0  # the page's median line of text
    assert _remnant(read("1", (100, 0, 103, 22)), text_height)
    assert _remnant(read("I", (100, 0, 102, 21)), text_height)
    assert not _remnant(read("1", (100, 4, 104, 17)), text_height)  # a digit's height
    assert not _remnant(read("11", (100, 0, 110, 22)), text_height)  # two strokes: wide
    # A border's corner, a stroke with a stub of the rule across (h025's Chromium print scanned
    # at 200 dpi: '1' at 0.54, runner-up '7', in an empty cell).
    assert _remnant(read("1", (1095, 1495, 1104, 1518)), text_height)
    assert not _remnant(read("7", (100, 0, 103, 22)), text_height)


def test_trust_blanks_a_row_placed_around_a_lost_cell_when_a_reading_is_in_doubt():
    """A stray mark read as a doubtful "1" took a cell's place: the row's values were counted
    into the wrong columns around the cell the layout took as lost. None of them is published."""
    sure = "page 3 table 1 row 16 col {} ocr bbox=1,1,2,2pt conf=0.99"
    r = _report(
        {
            ("3.7", "natural_person"): (767, sure.format(3)),
            ("3.7", "commercial_enterprise"): (35, sure.format(4)),
            ("3.7", "research_institution"): (
                1,
                "page 3 ocr bbox=1,1,2,2pt conf=0.48 doubt=0:1>7@0.48",
            ),
            ("3.7", "social_welfare_org"): (2, sure.format(6)),
            ("3.7", "legal_service_org"): (1, sure.format(7)),
            ("3.7", "other_org"): (805, sure.format(8)),
        }
    )
    r.requests[("3.7", "total")] = Value(1611, "", LOST, "cell lost by the layout")
    apply(r)
    assert all(r.requests[("3.7", a)].value is None for a in identities.applicants())
    assert "in doubt" in r.requests[("3.7", "other_org")].note
    assert identities.derive(r).get(("requests", ("3.7", "total"))) is None


@pytest.mark.ocr
def test_a_browser_print_of_a_wide_table_scanned_publishes_no_wrong_number():
    """h025's web page as Chromium prints it (tests/fixtures/pdf/h025_chromium.pdf: small type,
    double borders, a table as wide as the page whose 总计 column has no right border), then
    scanned at 300 dpi, 0.5° askew and blurred: border remnants are no digits, the open right
    side closes the grid, and whatever is not read for sure is NULL, never a wrong number."""
    data = (FIXTURES / "pdf" / "h025_chromium.pdf").read_bytes()
    report = parse(F.scanned_pdf(data, dpi=300, skew=0.5, blur=0.8), "scan.pdf")
    exp = SAMPLES["h025"]
    wrong = [d for d in cell_diffs(report, exp) if "got None" not in d and not d.startswith("meta")]
    assert wrong == []
    assert [report.requests[("3.1", a)].value for a in identities.applicants()] == [
        exp["requests"]["3.1"][a] for a in identities.applicants()
    ]


BROWSER_SCANS = {  # bench/ocr_accuracy.py's scans
    "150 dpi, 1° askew, grain 8": dict(dpi=150, skew=1.0, noise=8),
    "200 dpi, −1.5° askew, grain 10, JPEG 70": dict(dpi=200, skew=-1.5, noise=10, jpeg=70),
}


@pytest.mark.ocr
@pytest.mark.parametrize("scan", BROWSER_SCANS)
def test_a_table_whose_cells_each_have_a_border_reads_its_cells_and_nothing_in_empty_ones(scan):
    """h025's Chromium print: every cell has a border of its own, so each rule is two lines a
    pixel or two apart. Scanned at 200 dpi with grain and JPEG, grain breaks every pixel column
    of a row-high border somewhere, the rules were not found and cells merged: 52 of 63 cells
    NULL. Rules are now closed along their length before they are sought; the fringe the second
    line leaves in an empty cell once the rules are painted out (read as '1', '3', '13') is no
    text, for text stands clear of its cell's rules."""
    data = (FIXTURES / "pdf" / "h025_chromium.pdf").read_bytes()
    report = parse(F.scanned_pdf(data, **BROWSER_SCANS[scan]), "scan.pdf")
    exp = SAMPLES["h025"]
    diffs = [d for d in cell_diffs(report, exp) if not d.startswith("meta")]
    assert [d for d in diffs if "got None" not in d] == []
    assert len(diffs) <= 3  # of 63 cells


N_A_SCANS = {  # (mark printed in empty cells, dpi, damage)
    "'-' at 150 dpi": ("-", 150, dict(skew=1.0, noise=8)),
    "'-' at 200 dpi, JPEG": ("-", 200, dict(skew=-1.5, noise=10, jpeg=70)),
    "'/' at 150 dpi": ("/", 150, dict(skew=1.0, noise=8)),
    "'—' at 150 dpi": ("—", 150, dict(skew=1.0, noise=8)),
}


@pytest.mark.ocr
@pytest.mark.parametrize("case", N_A_SCANS)
def test_an_n_a_mark_alone_in_a_cell_is_no_number(case):
    """h025 printed with '-', '/' or '—' in its empty cells. A hyphen alone in a cell was read
    '0', '"', '…', 'm' or 'E' (at 150 dpi 5 cells published 0, 29 left NULL), a slash '1' with
    '7' runner-up (3 cells published 1), em dashes, in pieces, 'see', 'SOOL' (11 NULL). One stroke is all the ink in the cell: the n/a mark it
    looks like, and every cell reads back."""
    mark, dpi, damage = N_A_SCANS[case]
    exp = SAMPLES["h025"]
    scan = F.scanned_pdf(F.ruled_pdf(exp, blank=mark), dpi=dpi, **damage)
    assert [d for d in cell_diffs(parse(scan, "scan.pdf"), exp) if not d.startswith("meta")] == []


def test_trust_blanks_a_very_unsure_reading_no_identity_can_check():
    """Row 3.7's total is blank, so no identity checks its cells: a glyph read at 0.32 with 7
    as likely is no number to publish (as in table 二); sure readings stay."""
    r = _report(_row(9, "page 2 ocr bbox=1,1,2,2pt conf=0.99"))
    r.requests[("3.7", "total")] = Value(None, "", "page 2 ocr bbox=1,1,2,2pt conf=0.99")
    r.requests[("3.7", "other_org")] = Value(
        1, "1", "page 2 ocr bbox=1,1,2,2pt conf=0.32 doubt=0:1>7@0.32"
    )
    apply(r)
    assert r.requests[("3.7", "other_org")].value is None
    assert "no identity can check" in r.requests[("3.7", "other_org")].note
    assert r.requests[("3.7", "natural_person")].value == 9
