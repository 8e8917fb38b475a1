"""Table 四 (行政复议、行政诉讼情况): the 15 cells under its header, in the template's fixed order
(行政复议, 未经复议直接起诉, 复议后起诉; each 维持/纠正/其他/尚未审结/总计). Cells whose positions
the layout lost are laid out by `layout.candidates` under the per-proceeding totals, or left NULL."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache, partial

from ..identities import NOT_FOUND
from ..report import Value
from ..templates import groups, statutory
from . import layout
from .labels import label_key
from .result import TableResult
from .tokens import Span, Token, empty_cells, following
from .values import NOT_APPLICABLE

TITLE = (label_key("行政复议"), label_key("行政诉讼"))
# Where the table ends: the next section of the report.
END = tuple(label_key(s) for s in ("存在的主要问题", "其他需要报告", "主要问题及改进"))
_RESULTS = len(statutory().results)
COLUMNS = len(statutory().proceedings) * _RESULTS  # proceedings × results, row by row
GROUPS: layout.Groups = tuple(
    (tuple(p * _RESULTS + c for c in parts), p * _RESULTS + total)
    for p in range(len(statutory().proceedings))
    for parts, total in groups(statutory().results)
)


def read(
    toks: list[Token], empty: dict[int, str] | None = None, ending: bool = False
) -> TableResult:
    """Table 四 from the document's tokens (`tokens.tokens`), found by its title or by its own
    header cells (a misprinted title loses nothing); ``empty``: the document's empty lines
    (`tokens.empty_lines`), where table 三 shows they are its empty cells; ``ending``: whether
    its blank cells ending the table may be read so (see `tokens.empty_cells`)."""
    starts = _starts(toks)
    apart = _Apart(toks)
    # Each reading ends where the next begins: every token is read about once, however often the
    # title repeats.
    results = [
        _read_from(toks[s:e], toks[e : e + 1], empty or {}, ending, partial(apart.after, s))
        for s, e in zip(starts, [*starts[1:], len(toks)])
    ]
    found = [r for r in results if r.found]
    if not found:
        return results[-1] if results else TableResult(warnings=["table 四 not found"])
    # A narrative sentence may name both proceedings too: keep the reading with most values.
    return max(found, key=lambda r: sum(v.value is not None for v in r.values.values()))


_APART_REACH = 2_000  # tokens after a table where its litigation columns may stand apart
_APART_BLOCK = 80  # tokens of those columns: 12 headers (or their letters), 10 values
_HEADER_REACH = 16  # tokens from a proceeding's header cell to the first result header
_TITLE_REACH = 40  # tokens from a title to its table's header (a sentence may stand between)


def _starts(toks: list[Token]) -> list[int]:
    """Where a reading may begin: a label naming both proceedings (the title), or the first
    proceeding's header cell (行政复议, alone) when a result header (结果维持…) follows within a
    few tokens, or the second proceeding's (行政诉讼) beside it — the table's structure, whatever
    its title says."""
    review = label_key(statutory().proceedings[0].zh)
    litigation = TITLE[1]
    out = []
    for i, t in enumerate(toks):
        if t.kind != "label":
            continue
        key = label_key(t.text)
        if all(k in key for k in TITLE):
            out.append(i)
        elif key == review and not (out and i - out[-1] <= _TITLE_REACH):
            # (the cell itself, not a sentence naming it; under a title, the title's reading)
            # (its neighbour cell 行政诉讼, when the result headers are printed letter by letter)
            after = toks[i + 1 : i + 1 + _HEADER_REACH]
            if any(_is_header(t, results_only=True) for t in after) or any(
                t.kind == "label" and label_key(t.text) == litigation for t in after[:3]
            ):
                out.append(i)
    return out


def _keys() -> list[tuple[str, str]]:
    s = statutory()
    return [(p.code, r.code) for p in s.proceedings for r in s.results]


def _read_from(
    toks: list[Token],
    after: list[Token],
    empty: dict[int, str],
    ending: bool,
    printed_apart: Callable[[int], list[Token]],
) -> TableResult:
    """The table read from its title, toks[0] (``after``: the token after toks, if any;
    ``printed_apart``: the litigation columns printed apart after toks[k], see `_Apart`)."""
    body = []
    for t in toks[1:]:
        if t.kind == "label":
            key = label_key(t.text)
            if key.startswith("五") or any(e in key for e in END):
                after = [t]
                break
        body.append(t)
    under = _in_its_columns(_cells_under_header(body))
    values = [t for t in _beside_values(under) if t.kind != "label"]
    if empty and (cells := _empty_cells(toks, under, values, after, empty, ending)):
        values = cells
    apart = _litigation_apart(under, values, printed_apart(len(body) + 1))
    values += apart
    if not any(t.text for t in values):
        return TableResult(warnings=["table 四: header found but no cells under it"])
    read = (
        layout.unplaced
        if _wider_than_header(under) or _among_pieces(under)
        else layout.in_print_order
        if _off_header(under)
        else layout.candidates
    )
    layouts = read(values, COLUMNS, GROUPS)
    result = TableResult(found=True)
    if apart:
        result.warnings.append(f"table 四: {APART}")
    if len(layouts) == 1:
        note = _resolution(layouts[0])
        for cell, v in zip(_keys(), layouts[0].values):
            result.values[cell] = Value(
                v.value, v.raw, v.where, "; ".join(x for x in (v.note, note) if x) or None
            )
        return result
    reason = (
        f"{len(layouts)} layouts of its cells satisfy the identities"
        if layouts
        else f"its cells do not fill the {COLUMNS} columns"
    )
    result.warnings.append(f"table 四: {reason}; left NULL")
    raw = " ".join(t.text for t in values)
    where = values[0].where if values else NOT_FOUND
    for cell in _keys():
        result.values[cell] = Value(None, raw, where, reason)
    return result


# A heading is short and has no sentence punctuation ("注：本年无行政复议，行政诉讼1件" is a note).
_HEADING = 20
_SENTENCE = re.compile("[，。；：:,;]")


@cache
def _header_words(results_only: bool) -> tuple[str, ...]:
    """The table's own headings: its result columns, and unless ``results_only`` the proceedings."""
    s = statutory()
    words = [m for r in s.results for m in r.match]
    if not results_only:
        words += [part for p in s.proceedings for part in p.zh.split("·")]
    return tuple(label_key(w) for w in words)


def _is_header(t: Token, results_only: bool = False, piece: bool = False) -> bool:
    """A heading of the table; with ``piece``, a piece of one too, that a narrow column wrapped
    ('结果' over '维持', '总' over '计': a page's columns in pdftotext's reading order)."""
    if t.kind != "label" or _SENTENCE.search(t.text):
        return False
    key = label_key(t.text)
    words = _header_words(results_only)
    return 0 < len(key) <= _HEADING and any(w in key or (piece and key in w) for w in words)


def _cells_under_header(body: list[Token]) -> list[Token]:
    """The tokens from the first result heading (结果维持…; where none is whole, its first piece)
    on, up to the first label after the values that is no heading of the table or a piece of
    one: numbers in a sentence under the title or in a note below the table are not cells (a
    heading may repeat: sub-tables per proceeding). (A piece taken for the start where a whole
    heading follows, a ruled PDF's two-line header cells made its value line look wider than
    the header.)"""
    first = next(
        (
            i
            for piece in (False, True)  # (a heading whole, else its first piece)
            for i, t in enumerate(body)
            if _is_header(t, results_only=True, piece=piece)
        ),
        0,
    )
    out: list[Token] = []
    valued = False
    for t in body[first:]:
        if valued and t.kind == "label" and not _is_header(t, piece=True):
            break
        valued = valued or (t.kind != "label" and bool(t.text))
        out.append(t)
    return out


def _in_its_columns(under: list[Token]) -> list[Token]:
    """The table without a grid's blank cells outside the columns of its result headings, where
    those are 15 and every value stands in one: columns of another table's grid (a ruled PDF's
    tables 三 and 四 with no heading between them are one grid, of table 三's columns)."""
    headed = _headed(under)
    if len(headed) != COLUMNS or not _valued(under) <= headed:
        return under
    return [t for t in under if t.text or not t.grid or t.col in headed]


def _empty_cells(
    toks: list[Token],
    under: list[Token],
    values: list[Token],
    after: list[Token],
    empty: dict[int, str],
    ending: bool,
) -> list[Token] | None:
    """The cells printed one per line under the header, their empty cells as empty lines (see
    `tokens.empty_cells`)."""
    labels = [t.line for t in under if t.kind == "label"]
    if not labels or not values or max(labels) > min(t.line for t in values):
        return None
    lines = sorted({t.line for t in [*toks, *after]})
    row = Span(max(labels), following(lines, max(t.line for t in values)), values, COLUMNS)
    cells = empty_cells([row], toks[0].line, lines, empty, ending)
    return cells[0] if cells else None


APART = (
    "the litigation columns printed apart from the table, after the report's text: read there, "
    "their totals holding"
)


_LITIGATION = tuple(label_key(p.zh.split("·")[-1]) for p in statutory().proceedings[1:])


class _Apart:
    """Where a PDF's text in reading order (pdftotext without -layout) printed table 四's
    litigation columns, wider than the text, after the report's last section: from their first
    header cell (未经复议直接起诉) on. Found once for all readings (each looks a bounded way)."""

    def __init__(self, toks: list[Token]):
        self.toks = toks
        self.at = [
            i
            for i, t in enumerate(toks)
            if t.kind == "label" and label_key(t.text) == _LITIGATION[0]
        ]

    def after(self, start: int, k: int) -> list[Token]:
        """The tokens of the first such block within reach after toks[start + k]."""
        i = bisect.bisect_left(self.at, start + k)
        if i == len(self.at) or self.at[i] - (start + k) > _APART_REACH:
            return []
        return self.toks[self.at[i] : self.at[i] + _APART_BLOCK]


def _litigation_apart(under: list[Token], values: list[Token], block: list[Token]) -> list[Token]:
    """The litigation columns' values printed apart from the table (see `_Apart`), under their
    own headers (未经复议直接起诉 … 复议后起诉 … 结果维持 …): only beside a table holding the
    review's cells alone, under no header of them, and only as many values (or n/a marks) as
    their columns, each proceeding's total holding."""
    if len([t for t in values if t.text]) != _RESULTS or any(
        t.kind == "label" and any(k in label_key(t.text) for k in _LITIGATION) for t in under
    ):
        return []
    cells: list[Token] = []
    for t in block:
        if t.kind == "label":
            if cells:
                break
            if len(label_key(t.text)) > _HEADING or _SENTENCE.search(t.text):
                return []
        elif t.text:
            cells.append(t)
    read = [layout.cell(t) for t in cells]
    if len(read) != COLUMNS - _RESULTS or any(
        v.value is None and v.note != NOT_APPLICABLE for v in read
    ):
        return []
    known = (None,) * _RESULTS + tuple(v.value for v in read)
    return cells if layout.balanced(known, GROUPS) else []


def _wider_than_header(under: list[Token]) -> bool:
    """Whether a grid row of values has more cells than a header row of the grid that has a
    cell for every column (a header of merged cells, as markdownify writes it, has fewer)."""
    widths: dict[int, int] = {}
    for t in under:
        if t.grid and t.col is not None:
            widths[t.line] = max(widths.get(t.line, 0), -t.col)
    valued = {t.line for t in under if t.kind != "label" and t.text}
    headers = [w for line, w in widths.items() if line not in valued]
    full = max(headers, default=0)
    return full >= COLUMNS and any(widths.get(line, 0) > full for line in valued)


def _off_header(under: list[Token]) -> bool:
    """Whether a value of a grid stands off the columns of the table's 15 result headings: a
    grid of another table's columns, the two drawn as one (an unruled PDF's tables 三 and 四
    with no heading between them), whose positions place no cell of it."""
    headed = _headed(under)
    return len(headed) == COLUMNS and not _valued(under) <= headed


def _headed(under: list[Token]) -> set[int | None]:
    return {t.col for t in under if t.grid and _is_header(t, results_only=True)}


def _valued(under: list[Token]) -> set[int | None]:
    return {t.col for t in under if t.grid and t.kind != "label" and t.text}


def _among_pieces(under: list[Token]) -> bool:
    """Whether pieces of headings part the values into runs that are no whole proceedings (five
    cells each): text in a reading order whose order proves nothing (pdfminer's runs a column's
    values singly among a narrow header's pieces: '结果' / '维持' / '8' / '结果' / '纠正' / '0'),
    so its identities must hold. (pdftotext's prints each proceeding's values after its pieces.)"""
    first = next((i for i, t in enumerate(under) if t.kind != "label" and t.text), len(under))
    if not any(_is_header(t, piece=True) and not _is_header(t) for t in under[first:]):
        return False
    runs = [0]  # values between labels
    for t in under[first:]:
        if t.kind == "label" and runs[-1]:
            runs.append(0)
        elif t.kind != "label" and t.text:
            runs[-1] += 1
    return any(n % _RESULTS for n in runs)


def _beside_values(body: list[Token]) -> list[Token]:
    """Blank cells between header labels are layout (a heading's spacing), not empty data cells:
    keep a blank only when a value sits next to its run of blanks."""
    solid = [i for i, t in enumerate(body) if t.kind == "label" or t.text]
    keep = []
    for i, t in enumerate(body):
        if t.kind != "label" and not t.text and not t.grid:
            at = bisect.bisect_left(solid, i)  # (i is not solid: solid[at] is the next one)
            beside = solid[at - 1 : at] + solid[at : at + 1]
            if not any(body[j].kind != "label" for j in beside):
                continue
        keep.append(t)
    return keep


def _resolution(picked: layout.Layout) -> str | None:
    if picked.resolved == "split":
        return "run-together digits: the only split satisfying the proceeding totals"
    if picked.resolved == "lost cell":
        return "a cell is missing in the source: the only layout consistent with the totals"
    if picked.resolved == "wrapped":
        return "values printed over several lines (digits wrapped in a narrow column): the reading the totals confirm"
    return None
