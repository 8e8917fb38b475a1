"""Plain text (crawled copies, PDF-to-text, DOCX-to-text): decode, then one line per text line;
tab- or pipe-separated lines become rows whose cells keep their positions."""

from __future__ import annotations

from ..document import Cell, Document, Line


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def load(data: bytes, name: str) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for n, raw in enumerate(text.split("\n"), start=1):
        if "\t" in raw:
            parts = raw.split("\t")
        elif raw.count("|") >= 2:
            parts = raw.strip().strip("|").split("|")
        else:
            lines.append(Line((Cell(raw.strip(), f"line {n}"),)))
            continue
        cells = tuple(Cell(p.strip(), f"line {n} cell {i}") for i, p in enumerate(parts, start=1))
        lines.append(Line(cells, is_row=True))
    return Document(lines=lines, format="text")
