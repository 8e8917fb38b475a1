"""One synthetic report as the bytes of a file: tab-separated text, HTML, PDF or DOCX.

All four draw the same sequence of blocks (title, headings, paragraphs, the three grids), laid out
the way published reports are: text copies put one row per line with a tab between grid positions
(a spanned position left blank), HTML and DOCX keep real row/column spans, the PDF is a ruled
reportlab table on A4 pages in the Debian CJK font pdfplumber reads back.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterator
from functools import cache

from bench.synth import Cell, Grid, Report

FORMATS = {"text": "txt", "html": "html", "pdf": "pdf", "docx": "docx"}
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_HEADINGS = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
}


def render(report: Report, fmt: str) -> bytes:
    return _RENDERERS[fmt](report)


def blocks(r: Report) -> Iterator[tuple[str, object]]:
    """(kind, content): kind is "title", "h" (heading), "p" (paragraph) or "table" (a Grid)."""
    t = r.truth
    half = len(r.paragraphs) // 2
    yield "title", f"{t.agency}{t.report_year}年政府信息公开工作年度报告"
    yield "p", f"索引号：{r.serial}"
    yield "h", "一、总体情况"
    for p in r.paragraphs[:half]:
        yield "p", p
    for key, heading in _HEADINGS.items():
        yield "h", heading
        yield "table", r.grids[key]
    yield "h", "五、存在的主要问题及改进情况"
    for p in r.paragraphs[half:]:
        yield "p", p
    yield "h", "六、其他需要报告的事项"
    yield "p", "无。"
    yield "p", t.agency
    yield "p", f"{t.report_year + 1}年1月{len(r.serial) % 28 + 1}日"


def placed(grid: Grid) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, columns counted past the spans of the rows above."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken |= {(r + dr, c + dc) for dr in range(cell.rows) for dc in range(cell.cols)}
            yield r, c, cell
            c += cell.cols


def positions(grid: Grid) -> list[list[str]]:
    """The grid with every position filled: a spanned cell's text at its top-left, "" elsewhere."""
    cells = list(placed(grid))
    width = max(c + cell.cols for _, c, cell in cells)
    out = [[""] * width for _ in range(max(r + cell.rows for r, _, cell in cells))]
    for r, c, cell in cells:
        out[r][c] = cell.text
    return out


def _spans(grid: Grid) -> list[tuple[int, int, int, int]]:
    """(row, col, rows, cols) of every cell spanning more than one position."""
    return [
        (r, c, cell.rows, cell.cols)
        for r, c, cell in placed(grid)
        if cell.rows > 1 or cell.cols > 1
    ]


def _text(r: Report) -> bytes:
    lines = []
    for kind, content in blocks(r):
        if kind == "table":
            lines += ["\t".join(row) for row in positions(content)]
        else:
            lines.append(content)
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def _html(r: Report) -> bytes:
    out = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>',
        html.escape(r.truth.agency),
        '</title></head><body><div class="article">',
    ]
    for kind, content in blocks(r):
        if kind == "table":
            out.append('<table border="1" cellspacing="0"><tbody>')
            for row in content:
                out.append(
                    "<tr>"
                    + "".join(f"<td{_span(c)}>{html.escape(c.text)}</td>" for c in row)
                    + "</tr>"
                )
            out.append("</tbody></table>")
        else:
            tag = {"title": "h1", "h": "h3", "p": "p"}[kind]
            out.append(f"<{tag}>{html.escape(content)}</{tag}>")
    out.append("</div></body></html>")
    return "\n".join(out).encode("utf-8")


def _span(cell: Cell) -> str:
    return (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
        f' colspan="{cell.cols}"' if cell.cols > 1 else ""
    )


_DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(r: Report) -> bytes:
    """WordprocessingML written directly (python-docx's cell API takes seconds per table), merged
    cells as Word writes them: one w:tc with gridSpan per row, vMerge restart/continue down."""

    def para(text: str) -> str:
        return f"<w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>"

    body = []
    for kind, content in blocks(r):
        if kind != "table":
            body.append(para(content))
            continue
        owner = {
            (r0 + dr, c0 + dc): (r0, c0, cell)
            for r0, c0, cell in placed(content)
            for dr in range(cell.rows)
            for dc in range(cell.cols)
        }
        height, width = max(k[0] for k in owner) + 1, max(k[1] for k in owner) + 1
        body.append(
            "<w:tbl><w:tblPr><w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders></w:tblPr>"
        )
        body.append("<w:tblGrid>" + '<w:gridCol w:w="800"/>' * width + "</w:tblGrid>")
        for i in range(height):
            body.append("<w:tr>")
            for j in range(width):
                r0, c0, cell = owner[(i, j)]
                if c0 != j:
                    continue  # inside a horizontal span
                span = f'<w:gridSpan w:val="{cell.cols}"/>' if cell.cols > 1 else ""
                merge = (
                    ""
                    if cell.rows == 1
                    else '<w:vMerge w:val="restart"/>'
                    if r0 == i
                    else "<w:vMerge/>"
                )
                body.append(
                    f"<w:tc><w:tcPr>{span}{merge}</w:tcPr>"
                    f"{para(cell.text if r0 == i else '')}</w:tc>"
                )
            body.append("</w:tr>")
        body.append("</w:tbl>")
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in {**_DOCX_PARTS, "word/document.xml": document}.items():
            z.writestr(name, xml)
    return buf.getvalue()


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("WQY", FONT_PATH, subfontIndex=0))
    return "WQY"


def _pdf(r: Report) -> bytes:
    """Each table starts a page, as many printed reports do: a span never breaks across pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = _font()
    styles = {
        k: ParagraphStyle(k, fontName=font, fontSize=size, leading=size * 1.5, wordWrap="CJK")
        for k, size in (("title", 16), ("h", 12), ("p", 10.5), ("cell", 7.5))
    }
    story = []
    for kind, content in blocks(r):
        if kind != "table":
            story.append(Paragraph(html.escape(content), styles[kind]))
            continue
        cells = positions(content)
        width = max(map(len, cells))
        widths = [34, 60, 130] + [38] * 7 if width == 10 else [500 / width] * width
        data = [
            [Paragraph(html.escape(x), styles["cell"]) if len(x) > 4 else x for x in row]
            for row in cells
        ]
        table = Table(data, colWidths=widths, repeatRows=0)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 7.5),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    *[
                        ("SPAN", (j, i), (j + cols - 1, i + rows - 1))
                        for i, j, rows, cols in _spans(content)
                    ],
                ]
            )
        )
        story[-1:-1] = [PageBreak()]  # the table's heading moves to the new page with it
        story += [table, Spacer(1, 12)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=r.truth.agency).build(story)
    return buf.getvalue()


_RENDERERS = {"text": _text, "html": _html, "pdf": _pdf, "docx": _docx}
