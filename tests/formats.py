"""The real samples' hand-read values rendered as the binary and markup files agencies publish,
for tests/test_formats.py: Word-exported HTML, reportlab PDFs (ruled, across pages, unruled) and
Word documents with merged cells. Tables come from tests/variants.py's span model, so every
format states exactly the numbers it was given."""

from __future__ import annotations

import functools
import html
import io
import re

from tests import variants as V
from tests.fixtures.documents import FONT_PATH, _font


def _parts(exp, blank="", prose=False):
    head, tail = V._heads(exp)
    return head, V._report_tables(exp, blank, False, None, prose), tail


# ---- HTML -------------------------------------------------------------------------------------

_WORD_HEAD = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office' "
    "xmlns:w='urn:schemas-microsoft-com:office:word'><head>"
    "<meta http-equiv=Content-Type content='text/html; charset={charset}'>"
    "<meta name=Generator content='Microsoft Word 15'>"
    "<style><!-- p.MsoNormal {{mso-style-parent:''; font-family:宋体}} --></style>"
    "<title>{title}</title></head><body lang=ZH-CN style='tab-interval:21.0pt'>"
    "<div class=WordSection1>"
)


def _word_p(text: str) -> str:
    return (
        f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
        f"{html.escape(text)}<span lang=EN-US><o:p></o:p></span></span></p>"
    )


def _word_cell(text: str, blank_nbsp: bool) -> str:
    """A Word table cell's content: digits in their own lang=EN-US span, a label split over spans
    and paragraphs the way Word saves an edited cell."""
    if not text:
        return (
            "<p class=MsoNormal><span lang=EN-US>&nbsp;<o:p></o:p></span></p>"
            if blank_nbsp
            else "<p class=MsoNormal><span lang=EN-US><o:p></o:p></span></p>"
        )
    if text.replace(".", "").replace("-", "").isdigit():
        return (
            f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
            f"style='font-size:10.0pt'>{text[:1]}</span><span lang=EN-US style='font-size:"
            f"10.0pt'>{text[1:]}<o:p></o:p></span></p>"
        )
    half = len(text) // 2
    return (
        f"<p class=MsoNormal><span style='font-size:10.0pt;font-family:宋体'>"
        f"{html.escape(text[:half])}</span><span style='font-size:10.0pt;mso-bidi-font-family:"
        f"宋体'>{html.escape(text[half:])}</span><span lang=EN-US><o:p></o:p></span></p>"
    )


def word_html(exp, blank="", charset="gb2312", nbsp=True, one_table=False, prose=False) -> bytes:
    """Word's "save as web page": MsoNormal paragraphs, spans, &nbsp; blanks, <o:p>, GB2312."""
    head, tables, tail = _parts(exp, blank, prose)
    parts = [_WORD_HEAD.format(charset=charset, title=html.escape(head[0]))]
    parts += [_word_p(x) for x in head]
    if one_table:
        parts.append("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>")
    for title, above, table, below in tables:
        parts += [_word_p(x) for x in (title, above) if x]
        if one_table:
            width = len(V._grid(table)[0])
            parts.append(f"<tr><td colspan={width}>{_word_cell(title, nbsp)}</td></tr>")
        else:
            parts.append(
                "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                "style='border-collapse:collapse;mso-yfti-tbllook:1184'>"
            )
        for r in table:
            parts.append(
                "<tr style='mso-yfti-irow:0;height:20.0pt'>"
                + "".join(
                    f"<td width=60 valign=top rowspan={rs} colspan={cs} style='width:45.0pt;"
                    f"border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                    f"{_word_cell(t, nbsp)}</td>"
                    for t, rs, cs in r
                )
                + "</tr>"
            )
        if not one_table:
            parts.append("</table>")
        parts += [_word_p(below)] if below else []
    if one_table:
        parts.append("</table>")
    parts += [_word_p(x) for x in tail]
    return ("".join(parts) + "</div></body></html>").encode(charset, "replace")


def mhtml(
    page: bytes, charset: str, base64: bool = False, pictures: dict[str, bytes] | None = None
) -> bytes:
    """The page as Word's "single file web page" (.mht) holds it: a MIME message whose first part
    is the page, quoted-printable (or base64) in its charset, then its pictures, each named by
    its place beside the page ('report.files/image001.png')."""
    from email import charset as mime_charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related", type="text/html")  # (with its MIME-Version header)
    message["X-MimeOLE"] = "Produced By Microsoft MimeOLE V6.00.2900.6157"
    codec = mime_charset.Charset(charset)
    codec.body_encoding = mime_charset.BASE64 if base64 else mime_charset.QP
    part = MIMEText(page.decode(charset), "html", codec)
    part["Content-Location"] = "file:///C:/report.htm"
    message.attach(part)
    for name, data in (pictures or {}).items():
        picture = MIMEImage(data)
        picture["Content-Location"] = f"file:///C:/{name}"
        message.attach(picture)
    return message.as_bytes()


def inlined(mhtml: bytes) -> bytes:
    """The page of an MHTML message with its pictures as base64 data URIs in its img tags, as a
    CMS editor stores a pasted screenshot."""
    import base64
    import email
    from urllib.parse import urljoin

    parts = [p for p in email.message_from_bytes(mhtml).walk() if not p.is_multipart()]
    page = next(p for p in parts if p.get_content_type() == "text/html")
    markup = page.get_payload(decode=True).decode(page.get_content_charset() or "utf-8")
    base = page["Content-Location"]

    def data_uri(m: re.Match) -> str:
        part = next(p for p in parts if p["Content-Location"] == urljoin(base, html.unescape(m[1])))
        data = base64.b64encode(part.get_payload(decode=True)).decode()
        return f'src="data:{part.get_content_type()};base64,{data}"'

    return re.sub(r'src="([^"]+)"', data_uri, markup).encode()


def portal_html(exp, blank="", charset="utf-8") -> bytes:
    """A crawled portal page: the report inside a layout table with navigation and a sidebar,
    header rows in <thead>/<th>, <br> inside label cells."""
    head, tables, tail = _parts(exp, blank)
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{html.escape(head[0])}"
        "</title></head><body><div class='nav'><ul><li>首页</li><li>政务公开</li><li>2023年"
        "</li></ul></div><table width=1000><tr><td class=side width=200><ul><li>政府信息公开"
        "指南</li><li>政府信息公开制度</li><li>年度报告</li></ul></td><td class=main>"
    ]
    parts += [f"<p>{html.escape(x)}</p>" for x in head]
    for title, _above, table, _below in tables:
        parts.append(f"<p><strong>{html.escape(title)}</strong></p>")
        parts.append("<table border=1><thead>")
        for n, r in enumerate(table):
            numeric = any(t and t[0].isdigit() for t, _, _ in r)
            if n and numeric and "<tbody>" not in parts[-1]:
                parts.append("</thead><tbody>")
            tag = "td" if numeric else "th"
            parts.append(
                "<tr>"
                + "".join(f"<{tag} rowspan={rs} colspan={cs}>{_br(t)}</{tag}>" for t, rs, cs in r)
                + "</tr>"
            )
        parts.append("</tbody></table>")
    parts += [f"<p>{html.escape(x)}</p>" for x in tail]
    parts.append(
        "</td></tr></table><div class=footer>主办：某某区人民政府办公室 电话：0591-12345678"
        " 网站标识码：3501000001</div></body></html>"
    )
    return "".join(parts).encode(charset)


def _br(text: str) -> str:
    """A long label broken with <br> where the cell wrapped it."""
    if len(text) > 12 and not text[0].isdigit():
        return html.escape(text[:8]) + "<br/>" + html.escape(text[8:])
    return html.escape(text)


# ---- PDF --------------------------------------------------------------------------------------


def ruled_pdf(
    exp,
    blank="",
    repeat_header=True,
    footer=True,
    col=34,
    narrow=False,
    folio="— {} —",
    outer=False,
    running="",
    foot="",
) -> bytes:
    """reportlab tables with the statutory spans, wrapped labels, right-aligned numbers, each
    table free to break over pages (header rows repeated), page numbers in the footer (as
    ``folio`` writes them: "{}" is a bare number), centred or at the ``outer`` side (see
    _folio). Every cell wraps inside its column as Word
    lays a table out: ``narrow`` value columns of table 二 put a long amount over two lines of
    its cell. ``running``, ``foot``: a running head printed atop every page, a running foot
    under the page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _font()
    style = ParagraphStyle("cjk", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    number = ParagraphStyle("number", style, alignment=2)  # right-aligned
    head, tables, tail = _parts(exp, blank)
    story = [Paragraph(x, style) for x in head]
    for title, _above, table, below in tables:
        story.append(Paragraph(title, style))
        grid = V._grid(table)
        width = len(grid[0])
        spans = [
            ("SPAN", (c, r), (c + cs - 1, r + rs - 1))
            for r, row in enumerate(V._placed(table))
            for c, _, rs, cs in row
            if rs > 1 or cs > 1
        ]
        # Every cell wraps inside its column, as Word lays a table out: a long number in a
        # narrow column goes on over two lines of its cell.
        data = [
            [Paragraph(t, number if V._VALUE.fullmatch(t) else style) if t else t for t in row]
            for row in grid
        ]
        page = A4[0] - 80
        if width == 10:  # table 三: three label columns, seven narrow value columns
            widths = [(page - 7 * col) / 3] * 3 + [col] * 7
        elif narrow and width < 10:  # table 二 squeezed: amounts wrap inside their cells
            widths = [page - col * (width - 1)] + [col] * (width - 1)
        else:
            widths = [page / width] * width
        t = Table(data, colWidths=widths, repeatRows=3 if repeat_header and width >= 10 else 0)
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 8),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    *spans,
                ]
            )
        )
        story.append(t)
        if below:
            story.append(Paragraph(below, style))
    story += [Paragraph(x, style) for x in tail]

    def page_number(canvas, doc):
        _folio(canvas, font, folio.format(doc.page), doc.page, outer, 30)
        if running:  # a running head atop every page
            canvas.setFont(font, 7)
            canvas.drawString(40, A4[1] - 24, running)
        if foot:
            canvas.setFont(font, 7)
            canvas.drawString(40, 16, foot)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40)
    doc.build(
        story, **({"onFirstPage": page_number, "onLaterPages": page_number} if footer else {})
    )
    return buf.getvalue()


def unruled_pdf(
    exp,
    blank="",
    size=8,
    prose=False,
    vertical=False,
    align="right",
    pad=9.0,
    folio="— {} —",
    outer=False,
) -> bytes:
    """Tables without a single rule, drawn on a reportlab canvas: every cell's text at its
    column's x, wrapped inside its span's width (a long label over two or three lines, headers
    such as 社会公益组织 over two), headers centred, numbers right-aligned, a table carried on
    to the next page where the page ends (its header not repeated), page numbers in the footer.
    ``vertical`` writes table 三's row-spanning labels (三、本年度办理结果, （三）不予公开…) in
    vertical writing mode (a UniGB-UCS2-V CID font), one character under the other. ``align``:
    where numbers sit in their cells ("left", as Word tables exported without borders often have
    them, "centre" or "right"); ``pad``: points around a cell's text (Word's default is 5.4);
    ``folio``, ``outer``: the page numbers, as for ruled_pdf."""
    from reportlab.pdfgen import canvas

    font = _font()
    c = canvas.Canvas(buf := io.BytesIO(), pagesize=_A4)
    page = _Page(c, font, folio, outer)
    head, tables, tail = _parts(exp, blank, prose)
    for x in head:
        page.text(x)
    for title, above, table, below in tables:
        for x in (title, above):
            if x:
                page.text(x)
        _unruled_table(page, table, font, size, vertical, align, pad)
        if below:
            page.text(below)
    for x in tail:
        page.text(x)
    page.footer()
    c.save()
    return buf.getvalue()


_A4 = (595.27, 841.89)
_MARGIN = 40  # left, right, top and bottom


def _folio(canvas, font: str, text: str, page: int, outer: bool, y: float) -> None:
    """A page's number, centred; or ``outer``, as official documents print it (GB/T 9704): odd
    pages' at the right, even pages' at the left, a character in from the text's edge."""
    canvas.setFont(font, 9)
    if not outer:
        canvas.drawCentredString(_A4[0] / 2, y, text)
    elif page % 2:
        canvas.drawRightString(_A4[0] - _MARGIN - 9, y, text)
    else:
        canvas.drawString(_MARGIN + 9, y, text)


class _Page:
    """A canvas written top to bottom: text at the left margin, a new page when one is full."""

    def __init__(self, canvas, font, folio="— {} —", outer=False):
        self.c, self.font, self.no, self.y = canvas, font, 1, _A4[1] - _MARGIN
        self.folio, self.outer = folio, outer

    def room(self, height: float) -> None:
        if self.y - height < _MARGIN:
            self.footer()
            self.c.showPage()
            self.no, self.y = self.no + 1, _A4[1] - _MARGIN

    def footer(self) -> None:
        _folio(self.c, self.font, self.folio.format(self.no), self.no, self.outer, _MARGIN / 2)

    def text(self, text: str, size: float = 10) -> None:
        """A paragraph wrapped at the page's width."""
        for line in _wrap_to(text, self.font, size, _A4[0] - 2 * _MARGIN):
            self.room(size * 1.5)
            self.y -= size * 1.5
            self.c.setFont(self.font, size)
            self.c.drawString(_MARGIN, self.y, line)


def _wrap_to(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text as a table cell wraps it, character by character (CJK wrapping)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = [""]
    for ch in text:
        if lines[-1] and stringWidth(lines[-1] + ch, font, size) > width:
            lines.append("")
        lines[-1] += ch
    return lines


@functools.cache
def _vertical_font() -> str:
    """STSong-Light in vertical writing mode: PDF viewers and pdfminer set its characters one
    under the other."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light", isVertical=True))
    return "STSong-Light"


def _unruled_table(
    page: _Page, table, font: str, size: float, vertical: bool, align: str, pad: float
) -> None:
    grid = V._grid(table)
    width, inner, col = len(grid[0]), _A4[0] - 2 * _MARGIN, 50
    widths = [(inner - 7 * col) / 3] * 3 + [col] * 7 if width == 10 else [inner / width] * width
    xs = [_MARGIN + sum(widths[:k]) for k in range(width + 1)]
    lead = size * 1.25
    header = next(r for r, row in enumerate(grid) if any(V._VALUE.fullmatch(t) for t in row))
    rows = [
        [
            (c, text, rs, _wrap_to(text, font, size, xs[c + cs] - xs[c] - 2 * pad), cs)
            for c, text, rs, cs in row
        ]
        for row in V._placed(table)
    ]
    heights = [
        max((len(lines) for _, _, rs, lines, _ in row if rs == 1), default=1) * lead + 2 * pad
        for row in rows
    ]
    for r, row in enumerate(rows):
        page.room(heights[r])
        top = page.y - pad
        for c, text, rs, lines, cs in row:
            if not text:
                continue
            room = min(sum(heights[r : r + rs]), page.y - _MARGIN) - 2 * pad
            if vertical and rs > 1 and width == 10 and c < 3 and len(text) * size <= room:
                page.c.setFont(_vertical_font(), size)
                page.c.drawString(xs[c] + pad, top - size, text)
                continue
            page.c.setFont(font, size)
            for k, line in enumerate(lines):
                y = top - size - k * lead
                if V._VALUE.fullmatch(text) and align == "right":
                    page.c.drawRightString(xs[c + 1] - pad, y, line)
                elif V._VALUE.fullmatch(text) and align == "centre":
                    page.c.drawCentredString((xs[c] + xs[c + 1]) / 2, y, line)
                elif r < header:
                    page.c.drawCentredString((xs[c] + xs[c + cs]) / 2, y, line)
                else:
                    page.c.drawString(xs[c] + pad, y, line)
        page.y -= heights[r]


# ---- DOCX -------------------------------------------------------------------------------------


def report_docx(exp, blank="", one_table=False, paragraphs=True) -> bytes:
    """Word tables with the statutory merges (gridSpan, vMerge); a long label as two paragraphs
    of one cell; optionally all three tables in one Word table with title rows."""
    import docx

    d = docx.Document()
    head, tables, tail = _parts(exp, blank)
    for x in head:
        d.add_paragraph(x)

    def fill(t, table, top):
        for r, row in enumerate(V._placed(table)):
            for c, text, rs, cs in row:
                cell = t.cell(top + r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(top + r + rs - 1, c + cs - 1))
                if paragraphs and len(text) > 12 and not text[0].isdigit():
                    cell.text = text[:6]
                    cell.add_paragraph(text[6:])
                else:
                    cell.text = text

    if one_table:
        width = max(len(V._grid(tb)[0]) for _, _, tb, _ in tables)
        height = sum(len(tb) + 1 for _, _, tb, _ in tables)
        t = d.add_table(rows=height, cols=width)
        top = 0
        for title, _, table, _ in tables:
            t.cell(top, 0).merge(t.cell(top, width - 1)).text = title
            fill(t, table, top + 1)
            top += len(table) + 1
    else:
        for title, _above, table, _below in tables:
            d.add_paragraph(title)
            grid = V._grid(table)
            fill(d.add_table(rows=len(grid), cols=len(grid[0])), table, 0)
    for x in tail:
        d.add_paragraph(x)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---- scans ------------------------------------------------------------------------------------


def page_images(pdf: bytes, dpi: int = 200, colour: bool = False) -> list:
    """The PDF's pages rasterised by pdfium, as grayscale (or RGB) PIL images: what a scanner
    sees."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [
            doc[i]
            .render(scale=dpi / 72, grayscale=not colour)
            .to_pil()
            .convert("RGB" if colour else "L")
            for i in range(len(doc))
        ]
    finally:
        doc.close()


def degraded(
    img,
    seed: int = 0,
    skew: float = 0.0,
    noise: float = 0.0,
    blur: float = 0.0,
    jpeg: int = 0,
    shadow: float = 0.0,
    faded: tuple[int, int] = (0, 255),
    streak: float = 0.0,
    fold: float = 0.0,
    watermark: int = 0,
    keystone: tuple[float, float] = (0.0, 0.0),
):
    """A page as a scan gives it, printed with a watermark ('仅供参考' in large type at 30°, three
    times down the page, in the grey ``watermark``: under the ink, over the paper), photographed
    at an angle (``keystone``: its top edge narrower by that share of its width at each end, as a
    phone held below the page sees it, and its left edge shorter by that share of its height),
    turned by ``skew`` degrees, blurred (Gaussian radius in
    pixels), in a photo's uneven light (``shadow``: how much darker the right-hand bottom corner
    is, 0.45 for 45 %), as a copy of a copy (``faded``: the grey of its ink and of its paper),
    with a line drawn down it by dust on a sheet-fed scanner's glass (``streak``: where, as a
    share of its width) or across it by a fold (``fold``: where, as a share of its height),
    grainy (``noise``: standard deviation of grey levels), saved as JPEG at quality ``jpeg``."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    if watermark:
        img = _watermarked(img, watermark)
    if any(keystone):
        w, h = img.size
        dx, dy = keystone[0] * w, keystone[1] * h
        quad = (-dx, -dy, 0, h + dy, w, h, w + dx, 0)  # (the source's corners: UL, LL, LR, UR)
        img = img.transform(img.size, Image.QUAD, quad, Image.BICUBIC, fillcolor=255)
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if streak:
        img = img.copy()
        ImageDraw.Draw(img).line([(img.width * streak, 0), (img.width * streak, img.height)], 90, 2)
    if fold:
        img = img.copy()
        ends = [(0, img.height * fold), (img.width, img.height * fold + 6)]  # a fold is not level
        ImageDraw.Draw(img).line(ends, 110, 2)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if faded != (0, 255):
        ink, paper = faded
        img = img.point(lambda v: ink + v * (paper - ink) // 255)
    if shadow:
        a = np.asarray(img, dtype=np.float32)
        light = np.linspace(1, 1 - shadow, a.shape[1])[None, :]
        light = light * np.linspace(1, 1 - shadow / 2, a.shape[0])[:, None]
        img = Image.fromarray(np.clip(a * light, 0, 255).astype(np.uint8))
    if noise:
        rng = np.random.default_rng(seed)
        a = np.asarray(img, dtype=np.float32) + rng.normal(0, noise, (img.height, img.width))
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def _watermarked(img, grey: int):
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    w, h = img.size
    layer = Image.new("L", (w, h), 0)
    font = ImageFont.truetype(FONT_PATH, int(0.12 * w))
    for y in range(0, h, h // 3):
        ImageDraw.Draw(layer).text((w * 0.1, y + h * 0.1), "仅供参考", fill=255, font=font)
    marked = np.asarray(layer.rotate(30, fillcolor=0)) > 128
    return Image.fromarray(np.where(marked, np.minimum(np.asarray(img), grey), img))


def scanned_pdf(pdf: bytes, dpi: int = 200, turned: tuple[int, ...] = (), **damage) -> bytes:
    """Every page of a PDF printed and scanned: an image-only PDF (no text layer) at ``dpi``;
    page n fed into the scanner ``turned[n]`` degrees counter-clockwise (90: sideways, 180:
    upside down), when given."""
    pages = [degraded(img, seed=n, **damage) for n, img in enumerate(page_images(pdf, dpi))]
    pages = [
        page.rotate(turned[n], expand=True, fillcolor=255) if n < len(turned) else page
        for n, page in enumerate(pages)
    ]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def scanned_images(
    pdf: bytes,
    fmt: str = "PNG",
    dpi: int = 200,
    black_and_white: bool = False,
    stated: int | None = -1,
    **damage,
) -> list[bytes] | bytes:
    """The pages as image files: one PNG or JPEG per page, or one multi-page TIFF; in black and
    white (1 bit, CCITT group 4 in a TIFF, as archives and fax machines keep scans) when asked.
    Each file states its resolution as ``dpi``, or as ``stated`` (None: no resolution at all)."""
    pages = [degraded(img, seed=n, **damage) for n, img in enumerate(page_images(pdf, dpi))]
    if black_and_white:
        pages = [page.point(lambda v: 255 if v > 150 else 0).convert("1") for page in pages]
    res = dpi if stated == -1 else stated
    resolution = {"dpi": (res, res)} if res else {}
    if fmt == "TIFF":
        buf = io.BytesIO()
        pages[0].save(
            buf,
            "TIFF",
            compression="group4" if black_and_white else "tiff_lzw",
            save_all=True,
            append_images=pages[1:],
            **resolution,
        )
        return buf.getvalue()
    out = []
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, fmt, **resolution)
        out.append(buf.getvalue())
    return out


def with_number_reprinted(
    pdf: bytes, label: str, text: str, dpi: int = 200, blur: float = 0.0, over: str = ""
) -> bytes:
    """A scan of the PDF in which the last number on the row labelled ``label`` was printed as
    ``text`` instead (white-out and a new print: a misprint), ``over`` printed faintly over it
    (a smudge or a stamp that makes one glyph look like another), then optionally blurred."""
    from PIL import ImageDraw, ImageFilter, ImageFont

    n, target = _last_number(pdf, label)
    pages = page_images(pdf, dpi)
    s = dpi / 72
    box = (
        int(target["x0"] * s) - 1,
        int(target["top"] * s) - 1,
        int(target["x1"] * s) + 2,
        int(target["bottom"] * s) + 2,
    )
    draw = ImageDraw.Draw(pages[n])
    draw.rectangle(box, fill=255)
    font = ImageFont.truetype(FONT_PATH, int(8 * s))
    draw.text((box[0] + 1, box[1] - 1), text, fill=0, font=font)
    if over:
        draw.text((box[0] + 1, box[1] - 1), over, fill=90, font=font)
    if blur:
        pages[n].paste(pages[n].crop(box).filter(ImageFilter.GaussianBlur(blur)), box)
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


SEAL_RED = (215, 35, 45)


def _seal(diameter: int, agency: str):
    """An official seal's ink as an alpha mask: a ring, a five-pointed star, the agency's name
    along the top of the ring."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    d = diameter
    mask = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(3, d // 75)
    draw.ellipse((ring, ring, d - ring, d - ring), outline=255, width=ring)
    c, outer = d / 2, d * 0.16
    star = [
        (c + r * math.sin(k * math.pi / 5), c - r * math.cos(k * math.pi / 5))
        for k in range(10)
        for r in [outer if k % 2 == 0 else outer * 0.38]
    ]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(FONT_PATH, int(d * 0.12))
    for i, ch in enumerate(agency):
        angle = math.radians(-120 + 240 * i / (len(agency) - 1))
        radius = d / 2 - ring - d * 0.1
        glyph = Image.new("L", (int(d * 0.14),) * 2, 0)
        ImageDraw.Draw(glyph).text((0, 0), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(angle), expand=True)
        x, y = c + radius * math.sin(angle), c - radius * math.cos(angle)
        mask.paste(255, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    return mask


def stamped(
    pdf: bytes, label: str, fmt: str = "PDF", dpi: int = 200, across: float = 0.5, jpeg: int = 85
) -> bytes:
    """A colour scan of the PDF with an official seal (42 mm, red ink printed over black, as a
    stamp is) centred on the row labelled ``label``, ``across`` of the page's width from its left
    edge: an image-only PDF, or a multi-page TIFF; JPEG-compressed at ``jpeg`` (colour blur
    at the seal's edges)."""
    import numpy as np
    from PIL import Image

    pages = page_images(pdf, dpi, colour=True)
    n, word, _ = _labelled(pdf, label)
    mask = _seal(int(1.65 * dpi), "上海市人民政府办公厅")
    page = pages[n]
    x = int(page.width * across) - mask.width // 2
    y = int((word["top"] + word["bottom"]) / 2 * dpi / 72) - mask.height // 2
    box = (x, y, x + mask.width, y + mask.height)
    ink = np.asarray(mask, np.float32)[..., None] / 255 * 0.9
    under = np.asarray(page.crop(box), np.float32)
    tint = 1 - ink + ink * np.asarray(SEAL_RED, np.float32) / 255  # ink multiplies: black stays
    page.paste(Image.fromarray((under * tint).astype(np.uint8)), box)
    pages = [Image.open(io.BytesIO(_jpeg(p, jpeg))) for p in pages]
    buf = io.BytesIO()
    if fmt == "TIFF":
        pages[0].save(buf, "TIFF", dpi=(dpi, dpi), save_all=True, append_images=pages[1:])
    else:
        pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def _jpeg(img, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _last_number(pdf: bytes, label: str) -> tuple[int, dict]:
    """(page index, word) of the last number on the row labelled ``label``."""
    n, row, words = _labelled(pdf, label)
    return n, [w for w in words if abs(w["top"] - row["top"]) < 3 and w["text"].isdigit()][-1]


def _labelled(pdf: bytes, label: str) -> tuple[int, dict, list[dict]]:
    """(page index, the word, all the page's words) of the first word reading ``label``."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages):
            words = page.extract_words()
            if row := [w for w in words if w["text"] == label]:
                return n, row[0], words
    raise ValueError(f"no row labelled {label!r}")


def _redrawn(pdf: bytes, dpi: int, draw) -> bytes:
    """The PDF drawn anew page by page: ``draw(canvas, page, image, n, height)`` with each page
    as pdfplumber reads it, its image as scanned at ``dpi`` and its index."""
    import pdfplumber
    from reportlab.pdfgen import canvas

    images = page_images(pdf, dpi)
    out = io.BytesIO()
    c = None
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages):
            w, h = float(page.width), float(page.height)
            c = c or canvas.Canvas(out, pagesize=(w, h))
            draw(c, page, images[n], n, h)
            c.showPage()
    assert c is not None
    c.save()
    return out.getvalue()


def tables_as_pictures(pdf: bytes, dpi: int = 200, **damage) -> bytes:
    """The PDF as Word exports a report whose tables were pasted as pictures: the running text
    keeps its text layer, every ruled table is an image (scanned at ``dpi``, ``damage`` as in
    ``degraded``) where the table was."""
    from reportlab.lib.utils import ImageReader

    font = _font()

    def draw(c, page, image, n: int, h: float) -> None:
        boxes = [t.bbox for t in page.find_tables()]
        img = degraded(image, seed=n, **damage)
        s = dpi / 72
        for x0, top, x1, bottom in boxes:
            crop = img.crop((int(x0 * s), int(top * s), int(x1 * s) + 1, int(bottom * s) + 1))
            c.drawImage(ImageReader(crop), x0, h - bottom, x1 - x0, bottom - top)
        for word in page.extract_words():
            cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
            if any(a <= cx <= b and t <= cy <= u for a, t, b, u in boxes):
                continue  # in a table: part of its picture
            size = word["bottom"] - word["top"]
            c.setFont(font, size)
            c.drawString(word["x0"], h - word["bottom"] + 0.12 * size, word["text"])

    return _redrawn(pdf, dpi, draw)


def all_eights(text: str) -> str:
    """Another program's OCR that takes every digit for an 8."""
    return re.sub(r"\d", "8", text)


def under_ocr_layer(pdf: bytes, dpi: int = 200, invisible: bool = True, misread=None) -> bytes:
    """The PDF printed and scanned, each page's picture under a text layer where the PDF's words
    lie, as OCRmyPDF or a scanner's OCR lays one: invisible (render mode 3), every word's text
    as ``misread`` gives it (another program's OCR, its digits perhaps wrong). ``invisible``
    False: the words are printed over the picture, a born-digital page on a background."""
    from reportlab.lib.utils import ImageReader

    font = _font()

    def draw(c, page, image, n: int, h: float) -> None:
        c.drawImage(ImageReader(degraded(image, seed=n)), 0, 0, float(page.width), h)
        for word in page.extract_words():
            size = word["bottom"] - word["top"]
            text = c.beginText(word["x0"], h - word["bottom"] + 0.12 * size)
            text.setFont(font, size)
            text.setTextRenderMode(3 if invisible else 0)
            text.textOut(misread(word["text"]) if misread else word["text"])
            c.drawText(text)

    return _redrawn(pdf, dpi, draw)


DOWNLOADED = "本文件下载自某某区人民政府门户网站 下载时间：2021-03-01 10:22:15"


def download_stamped(pdf: bytes, dpi: int = 200, stamp: str = DOWNLOADED) -> bytes:
    """The PDF printed and scanned, each page stamped with a line of text over its picture, as
    portals stamp the scans they serve."""
    from reportlab.lib.utils import ImageReader

    font = _font()

    def draw(c, page, image, n: int, h: float) -> None:
        c.drawImage(ImageReader(degraded(image, seed=n)), 0, 0, float(page.width), h)
        c.setFont(font, 7)
        c.drawString(40, h - 20, stamp)

    return _redrawn(pdf, dpi, draw)


def without_to_unicode(pdf: bytes) -> bytes:
    """The PDF with its fonts' ToUnicode maps unnamed (the key renamed, its length kept, so the
    cross-reference table still holds): its text layer names no character, as some typesetting
    systems and print drivers embed Chinese fonts ('(cid:2)(cid:3)ÇÈÉ…' when copied)."""
    return pdf.replace(b"/ToUnicode", b"/ToUnicodX")


def _inside(line: dict, tables: list) -> bool:
    x, y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
    return any(t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3] for t in tables)


def alt_chunk_docx(page: bytes, content_type: str = "text/html") -> bytes:
    """A .docx whose body is one altChunk: the report as a document of another format (an HTML
    page, an MHTML message) that Word imports when it opens the file, as Java exporters write
    reports."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    d = docx.Document()
    part = Part(PackURI("/word/afchunk.mht"), content_type, page, d.part.package)
    rid = d.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    )
    d.element.body.insert(
        0,
        parse_xml(
            '<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{rid}"/>'
        ),
    )
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def word_of_scans(pdf: bytes, dpi: int = 150, **damage) -> bytes:
    """A .docx of the PDF's pages as pictures, one after another, no text at all: a scanned
    report put into Word."""
    import docx
    from docx.shared import Inches

    d = docx.Document()
    for n, img in enumerate(page_images(pdf, dpi)):
        buf = io.BytesIO()
        degraded(img, seed=n, **damage).save(buf, "PNG", dpi=(dpi, dpi))
        d.add_picture(buf, width=Inches(6.3))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docx_with_table_pictures(exp, dpi: int = 150, margin: bool = True, **damage) -> bytes:
    """A Word report whose statutory tables were pasted as pictures (screenshots or scans of the
    ruled tables at ``dpi``, ``damage`` as in ``degraded``), each under its title, with a white
    ``margin`` around it or cropped at its frame; the running text stays text."""
    import docx
    import pdfplumber
    from docx.shared import Inches
    from PIL import ImageOps

    pdf = ruled_pdf(exp)
    images = page_images(pdf, dpi)
    head, tables, tail = _parts(exp)
    titles = [title for title, *_ in tables]
    crops: dict[int, list] = {}  # table's index → its pictures, in order
    current = -1
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages):
            found = page.find_tables()
            outside = [line for line in page.extract_text_lines() if not _inside(line, found)]
            items = [(line["top"], line["text"]) for line in outside]
            items += [(t.bbox[1], t) for t in found]
            img = degraded(images[n], seed=n, **damage)
            s = dpi / 72
            for _, item in sorted(items, key=lambda it: it[0]):
                if isinstance(item, str):
                    current = next((i for i, t in enumerate(titles) if t in item), current)
                    continue
                x0, top, x1, bottom = item.bbox
                box = (int(x0 * s) - 2, int(top * s) - 2, int(x1 * s) + 3, int(bottom * s) + 3)
                crops.setdefault(current, []).append(img.crop(box))
    d = docx.Document()
    for x in head:
        d.add_paragraph(x)
    for i, (title, above, _table, below) in enumerate(tables):
        for x in (title, above):
            if x:
                d.add_paragraph(x)
        for crop in crops.get(i, []):
            buf = io.BytesIO()
            framed = ImageOps.expand(crop, border=dpi // 6 if margin else 0, fill=255)
            framed.save(buf, "PNG", dpi=(dpi, dpi))
            d.add_picture(buf, width=Inches(6.3 * crop.width / (images[0].width * 0.86)))
        if below:
            d.add_paragraph(below)
    for x in tail:
        d.add_paragraph(x)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
