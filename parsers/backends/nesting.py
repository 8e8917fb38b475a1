"""Spans of markup that nests (an HTML table in a table's cell, a LaTeX tabular in a tabular's):
the outermost of each, found by counting what opens and closes."""

from __future__ import annotations

import re


def outermost(tags: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost span that ``tags`` open and close in the text; a tag
    closes where its group ``close`` matched. One left open runs to the end."""
    spans, depth, start = [], 0, 0
    for m in tags.finditer(text):
        if m["close"] is None:
            depth += 1
            if depth == 1:
                start = m.start()
        elif depth:
            depth -= 1
            if not depth:
                spans.append((start, m.end()))
    if depth:
        spans.append((start, len(text)))
    return spans
