"""Tables drawn with characters in plain text, as pandoc and other converters write them:

- grid tables: rows between ``+---+---+`` rules, cells between ``|``, a cell's text wrapped over
  the lines of its row (pandoc marks a hard break with a trailing ``\\``);
- simple and multiline tables: columns under runs of dashes (``----- ------``), a row per line,
  or, when blank lines part the rows, a row per group of lines, its cells wrapped within their
  columns.

Columns are counted in display width: an East Asian wide character takes two, as converters
align them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import normalize

Row = tuple[int, list[str]]  # (index of its first line, cells)

_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_RUNS = re.compile(r"^\s*-{3,}(?:[ \t]+-{3,})+\s*$")
_FULL = re.compile(r"^\s*-{3,}\s*$")


def table_at(raws: list[str], i: int) -> tuple[int, list[Row]] | None:
    """The drawn table starting at raws[i]: (index after it, its rows), or None."""
    line = raws[i]
    if _GRID_RULE.match(line):
        return _grid(raws, i)
    if _RUNS.match(line):
        return _simple(raws, i)
    if _FULL.match(line):  # a multiline table's top: its header lines, then the column runs
        j = next(
            (
                j
                for j in range(i + 1, min(i + 8, len(raws)))
                if not raws[j].strip() or _RUNS.match(raws[j])
            ),
            None,
        )
        if j is not None and _RUNS.match(raws[j]):
            return _simple(raws, j, multiline=True)
    return None


def _grid(raws: list[str], i: int) -> tuple[int, list[Row]] | None:
    rows: list[Row] = []
    parts: list[list[str]] = []
    start = i + 1
    j = i + 1
    while j < len(raws) and (raws[j].lstrip().startswith("|") or _GRID_RULE.match(raws[j])):
        if _GRID_RULE.match(raws[j]):
            if parts:
                rows.append((start, [_joined(column) for column in zip(*parts)]))
            parts, start = [], j + 1
        else:
            cells = raws[j].strip().strip("|").split("|")
            if parts and len(cells) != len(parts[0]):
                return None  # not one grid (a span): left to the pipe rows
            parts.append(cells)
        j += 1
    return (j, rows) if rows else None


def _simple(raws: list[str], i: int, multiline: bool = False) -> tuple[int, list[Row]] | None:
    """The table whose column rule is raws[i]: its header lines right above the rule, then its
    body. A multiline table (opened by a full dashed line) runs to its closing dash line, its rows
    parted by blank lines; a headerless one (opened by the rule) may too, when it closes before
    two blank lines in a row; any other ends at its first blank line or closing rule."""
    top = i
    while top > 0 and raws[top - 1].strip() and not _FULL.match(raws[top - 1]):
        top -= 1
    close = next(
        (j for j in range(i + 1, len(raws)) if _RUNS.match(raws[j]) or _FULL.match(raws[j])), None
    )
    if close is not None and (multiline or (top == i and not _blank_pair(raws[i + 1 : close]))):
        parted = multiline or any(not x.strip() for x in raws[i + 1 : close])
        groups = [(top, raws[top:i])] if top < i else []
        for k in range(i + 1, close):
            if raws[k].strip() and (k == i + 1 or not parted or not raws[k - 1].strip()):
                groups.append((k, [raws[k]]))
            elif raws[k].strip():
                groups[-1][1].append(raws[k])
        return close + 1, [(k, _cells_of(g, raws[i])) for k, g in groups]
    end = next(
        (j for j in range(i + 1, len(raws)) if not raws[j].strip() or _RUNS.match(raws[j])),
        len(raws),
    )
    if end == i + 1:
        return None
    rows = [(k, _cells_of([raws[k]], raws[i])) for k in [*range(top, i), *range(i + 1, end)]]
    return end + (end < len(raws) and bool(_RUNS.match(raws[end]))), rows


def _blank_pair(lines: list[str]) -> bool:
    """Two blank lines in a row: the end of a table, never inside one."""
    return any(not a.strip() and not b.strip() for a, b in zip(lines, lines[1:]))


def _cells_of(lines: list[str], rule: str) -> list[str]:
    """The cells of a row's lines, cut at the rule's columns, each column's lines joined."""
    starts = tuple(m.start() for m in re.finditer(r"-+", rule))
    columns: list[list[str]] = [[] for _ in starts]
    for line in lines:
        texts = [""] * len(starts)
        at = 0
        for ch in line:
            k = max(0, _column(starts, at))
            texts[k] += ch
            at += _width(ch)
        for k, t in enumerate(texts):
            if t.strip():
                columns[k].append(t.strip())
    return [_joined(c) for c in columns]


@lru_cache(maxsize=256)
def _column(starts: tuple[int, ...], at: int) -> int:
    return sum(1 for s in starts if s <= at) - 1


def _joined(parts) -> str:
    """A cell's lines as one text: a trailing backslash is pandoc's hard line break."""
    lines = [p.strip() for p in parts if p.strip()]
    return normalize.join_wrapped("\n".join(x[:-1] if x.endswith("\\") else x for x in lines))


@lru_cache(maxsize=8192)
def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
