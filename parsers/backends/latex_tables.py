"""Tables written in LaTeX inside markdown: Mathpix, Nougat and other PDF-to-markdown OCR tools
write a table with merged cells as ``\\begin{tabular}…\\end{tabular}``. Each becomes the rows of
its grid in the HTML and DOCX span convention: a cell spanning columns (``\\multicolumn``) is
written once at its left and "" in the columns it also covers; a cell spanning rows
(``\\multirow``) stands in its first row, LaTeX leaving the rows below it empty there.

Rows end at ``\\\\`` and cells at ``&``, outside braces only (a ``\\makecell{a \\\\ b}`` is one
cell); rules (``\\hline``, ``\\cline{2-3}``, booktabs') are no text; formatting commands keep
their text (``\\textbf{规章}``, ``$12$``), escapes their character (``\\%``, ``\\&``).
"""

from __future__ import annotations

import re

from . import nesting

_KINDS = r"(tabular\*?|tabularx|longtable|array)"
_BEGIN = re.compile(r"\\begin\{" + _KINDS + r"\}")
_ENVIRONMENT = re.compile(r"\\(?:begin|(?P<close>end))\{" + _KINDS + r"\}")
# Brace groups after \begin{…}: the column spec (tabularx and tabular* have a width first).
_ARGUMENTS = {"tabularx": 2, "tabular*": 2}
_RULES = re.compile(
    r"\\(?:hline|toprule|midrule|bottomrule|hdashline|endhead|endfirsthead|endfoot|endlastfoot)"
    r"|\\(?:cline|cmidrule)(?:\([^)]*\))?\{[^{}]*\}"
)
_SPAN = re.compile(r"^\s*\\(multicolumn|multirow)\s*(?:\[[^\]]*\])?\s*\{\s*(\d+)\s*\}")
_ESCAPES = {"\\%": "%", "\\&": "&", "\\_": "_", "\\#": "#", "\\$": "$", "\\{": "", "\\}": ""}
_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost tabular in the text (Mathpix writes a cell of several
    lines as a tabular inside the table's); one left open runs to the end."""
    return nesting.outermost(_ENVIRONMENT, text)


def rows(block: str) -> list[list[str]]:
    """The grid rows of one tabular block (from its \\begin to its \\end)."""
    m = _BEGIN.match(block)
    if not m:
        return []
    body = block[m.end() :]
    body = body[: body.rfind("\\end{")] if "\\end{" in body else body
    for a, b in reversed(spans(body)):  # a cell's own tabular: its lines, one text
        body = body[:a] + " ".join(t for row in rows(body[a:b]) for t in row if t) + body[b:]
    at = _skip_arguments(body, _ARGUMENTS.get(m[1], 1))
    out = []
    for raw in _split(body[at:]):
        row: list[str] = []
        for cell in raw:
            text, width = _cell(cell)
            row += [text] + [""] * (width - 1)
        if any(row):
            out.append(row)
    return out


def _skip_arguments(body: str, count: int) -> int:
    """Where the rows begin: after an optional [position] and ``count`` brace groups."""
    at = 0
    for _ in range(count):
        while at < len(body) and body[at] in " \n\t":
            at += 1
        if body.startswith("[", at):
            at = body.find("]", at) + 1 or len(body)
            while at < len(body) and body[at] in " \n\t":
                at += 1
        if not body.startswith("{", at):
            return at
        depth = 0
        for i in range(at, len(body)):
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            if not depth:
                at = i + 1
                break
        else:
            return len(body)
    return at


def _split(body: str) -> list[list[str]]:
    """Rows of cells' raw text: parted by ``\\\\`` and ``&`` outside braces."""
    rows: list[list[str]] = []
    cells: list[str] = []
    cell: list[str] = []
    depth, i = 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if body.startswith("\\\\", i) and not depth:
                rows.append([*cells, "".join(cell)])
                cells, cell = [], []
                i += 2
                if (spacing := re.match(r"\s*\[[^\]]*\]", body[i:])) is not None:
                    i += spacing.end()  # (\\[2pt]: extra space below the row)
                continue
            cell.append(body[i : i + 2])  # an escape or a command's first letter
            i += 2
            continue
        if ch == "%":  # a comment, to the end of its line
            end = body.find("\n", i)
            i = end if end >= 0 else len(body)
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "&" and not depth:
            cells.append("".join(cell))
            cell = []
        else:
            cell.append(ch)
        i += 1
    if "".join(cell).strip() or cells:
        rows.append([*cells, "".join(cell)])
    return rows


def _cell(raw: str) -> tuple[str, int]:
    """A cell's text and how many columns it covers."""
    raw = _RULES.sub(" ", raw)
    width = 1
    while m := _SPAN.match(raw):
        if m[1] == "multicolumn":
            width = int(m[2])
        rest = raw[m.end() :]
        raw = rest[_skip_arguments(rest, 1) :].strip()  # past its column spec, or its width (*)
        if raw.startswith("{") and raw.endswith("}"):
            raw = raw[1:-1]
    return _text(raw), max(width, 1)


def _text(raw: str) -> str:
    for escape, char in _ESCAPES.items():
        raw = raw.replace(escape, char)
    raw = raw.replace("\\\\", " ").replace("~", " ").replace("$", "")
    raw = _COMMAND.sub("", raw)
    return " ".join(raw.replace("{", "").replace("}", "").split())
