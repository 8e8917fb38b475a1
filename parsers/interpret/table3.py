"""Table 三 (收到和处理政府信息公开申请情况): rows found by their labels in template order, each
row's values laid into the seven applicant columns by `layout.candidates`; rows whose layout is
not fixed by the source are settled by the column identities, or left NULL."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..identities import NOT_FOUND, applicants, table3_equations, violations
from ..report import Value
from ..templates import Code, groups, statutory
from . import layout
from .labels import keys, label_key
from .result import TableResult
from .tokens import Span, Token, empty_cells, following
from .values import NOT_APPLICABLE

_TITLE = "收到和处理政府信息公开申请"
TITLE = label_key(_TITLE)
END = (label_key("行政复议"), label_key("存在的主要问题"))
WINDOW = 4  # a row may be skipped (absent from the source), never more than a few
_BLANK_LABEL_PARTS = 8  # a label wrapped in a narrow column: '属于国' / '家秘密' / …
COLUMNS = len(statutory().applicants)
ROW_GROUPS: layout.Groups = groups(statutory().applicants)  # total = the six applicants

_ENUM = re.compile(
    r"(\d+)\s*[.．、]|[（(]\s*([一二三四五六七八九十]+)\s*[)）]|([一二三四五六七八九十]+)、"
)
# Where a row label begins inside run-together label text: at its enumerator.
_SEGMENT = re.compile(
    r"(?=(?:\d+\s*[.．、]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+、))"
)


def read(toks: list[Token], empty: dict[int, str] | None = None) -> TableResult:
    """Table 三 from the document's tokens (`tokens.tokens`); ``empty``: the document's empty
    lines (`tokens.empty_lines`), which may hold empty cells' places."""
    # The title may also appear in a summary or contents before the table: keep the reading
    # that finds the most rows and values (the later one on a tie). Failing titles, or titles
    # that open no table (the narrative's, the tables printed after it untitled, as trafilatura
    # keeps a report inside a portal page's layout table), the readings from each first row.
    # Each reading ends where the next begins, so that the search reads every token at most
    # twice, however often a title or a first row repeats (a crafted text repeating it
    # thousands of times is still linear). Only the reading kept is filled out cell by cell.
    empty = empty or {}
    readings = _readings(toks, _title_spans(toks), empty) or _readings(
        toks, _row_spans(toks), empty
    )
    if not readings:
        return TableResult(warnings=["table 三 not found"])
    return _fill(max(reversed(readings), key=_score))


@dataclass
class _Reading:
    result: TableResult  # shape, extra rows and warnings so far
    rows: tuple[Code, ...]  # of the template read
    found: dict[str, list[Token]]  # each row found: its label and value tokens
    options: dict[str, list[layout.Layout]]  # each row's layouts
    chosen: dict[str, layout.Layout]  # the rows whose layout is settled
    unsettled: list[str]
    unconfirmed: dict[str, str]  # rows whose guessed cell no column identity confirms: how
    interrupted: set[str]  # rows whose label goes on after their values (see _resumed)
    merged: set[str]  # rows merged with the next or the previous into one (see _merged)


def _score(reading: _Reading) -> tuple[int, int]:
    """Rows found, then cells read."""
    return (
        len(reading.found),
        sum(v.value is not None for lay in reading.chosen.values() for v in lay.values),
    )


def _readings(
    toks: list[Token], spans: list[tuple[int, int]], empty: dict[int, str]
) -> list[_Reading]:
    return [r for r in (_read_from(toks[a:b], empty) for a, b in spans) if r is not None]


def _title_spans(toks: list[Token]) -> list[tuple[int, int]]:
    """(first, end) of each candidate reading from a title: from each title to the next. The
    title listed among the report's parts ('…分为六个部分：总体情况、主动公开政府信息情况、收到和
    处理政府信息公开申请情况、…') is the narrative's: read from there where the table's own title
    was lost, h028's table had found every row and read no cell."""
    titles = [
        i
        for i, t in enumerate(toks)
        if t.kind == "label" and TITLE in label_key(t.text) and not _LISTED.search(t.text)
    ]
    return list(zip(titles, [*titles[1:], len(toks)]))


_LISTED = re.compile(_TITLE + r"情况\s*[、，,；;]")


def _row_spans(toks: list[Token]) -> list[tuple[int, int]]:
    """(first, end) of each candidate reading from a first row: from the token before each
    first-row label to the next; failing one (a label wrapped in a narrow column, '一、本年新' /
    '收政府信息…'), from each header cell naming the first applicant column ('自然人')."""
    first_row, *others = statutory().request_rows
    rows = [
        i
        for i, t in enumerate(toks)
        if t.kind == "label"
        and _matches(label_key(t.text), first_row)
        and not _outcome_header(toks, i, others)
    ]
    if not rows:
        first = keys(statutory().applicants[0].match)
        rows = [i for i, t in enumerate(toks) if t.kind == "label" and label_key(t.text) in first]
    return [(_header_above(toks, i), end) for i, end in zip(rows, [*rows[1:], len(toks)])]


_HEADER_REACH = 64  # tokens of a header above the first row: three lines of a grid's cells


def _header_above(toks: list[Token], i: int) -> int:
    """Where the table whose first row is toks[i] begins: before its applicant header cells in
    the lines right above it, with no value between (their columns place its values: a ruled
    PDF's tables 二 and 三 drawn as one grid, row 1 had a blank cell of a table 二 column, eight
    cells for seven, and was NULL); else before the row."""
    start = i
    words = _header_words()
    for j in range(i - 1, max(i - _HEADER_REACH, 0) - 1, -1):
        t = toks[j]
        if t.kind != "label" and t.text:
            break
        if t.kind == "label" and label_key(t.text) in words:
            start = j
    return max(start - 1, 0)


def _outcome_header(toks: list[Token], i: int, others: list[Code]) -> bool:
    """Whether toks[i] heads a column of a header row naming rows as columns ('项目 | 本年新收件数
    | 上年结转件数 | 予以公开 | …', a placeholder a converter printed midway through h013's table):
    a line of labels only, two naming other rows. As a first row it had ended the reading from
    the row above it, table 三's heading lost: 28 cells NULL."""
    line = [
        t for t in toks[max(i - _HEADER_REACH, 0) : i + _HEADER_REACH] if t.line == toks[i].line
    ]
    if any(t.kind != "label" and t.text for t in line):
        return False
    named = [f for r in others for f in keys(r.match) if len(f) >= _OWN_WORDS]  # (not 其他, 总计)
    return sum(any(f in label_key(t.text) for f in named) for t in line) >= 2


def _matches(key: str, row: Code) -> bool:
    return any(f in key for f in keys(row.match))


def _shape(toks: list[Token]) -> str | None:
    """The template whose telling rows are printed (statutory.toml: the split （六） rows of 2021,
    the single 其他处理 row of 2019)."""
    text = ""
    for t in toks[1:]:
        if t.kind == "label":
            key = label_key(t.text)
            if any(e in key for e in END):
                break
            text += key
    s = statutory()
    for template, codes in s.telling_rows:
        if any(_matches(text, r) for r in s.request_rows if r.code in codes):
            return template
    return None


def _read_from(toks: list[Token], empty: dict[int, str]) -> _Reading | None:
    """The table read from toks[0] (its title, or the token before its first row)."""
    shape = _shape(toks)
    rows = statutory().rows_for(shape or _UNTOLD_ROWS)
    result = TableResult(shape=shape)
    if shape is None:
        result.warnings.append(_UNTOLD)
    found: dict[str, list[Token]] = {}
    cursor = 0
    label: list[Token] = []
    values: list[Token] = []

    def finish(at: int) -> int:
        """Settle the pending row; how many label tokens from segs[at] on its label took."""
        nonlocal cursor
        r = _match(label, rows, cursor)
        if r is not None and (lost := _label_lost_below(label, values, lined)) is not None:
            found[rows[r].code] = label + lost[0]
            cursor = r + 1
            unlabelled.append((cursor, lost[1]))
            return 0
        if r is not None:
            found[rows[r].code] = label + values
            cursor = r + 1
            return 0
        # The label's words wrapped below its values, on lines of their own ('本机关 1 0 …'
        # over '不掌握相关' over '政府信息'): an unnumbered row in a narrow label column, its
        # label's first words on its values' line. The fewest lines that name a row are its; the
        # rest may be the next row's label. (Where the values line holds no words of the label,
        # or only its group's head, the lines after it are the next row's.) Where the values
        # line's words and those below name a row by its own words ('属于国 14 …' over '家秘密'),
        # they are that row's even though the text before them is the rest of the previous
        # row's label ('（二）部分 3 …' over '公开（区分…情形）'): both rows' values had been
        # taken as the previous row's.
        first = next((v for v in values if v.text), None)
        on_line = bool(label) and first is not None and label[-1].line == first.line
        ahead = (
            _label_lines(segs, at, valued) if on_line and not _starts_row(label[-1].text) else []
        )
        for least in (_OWN_WORDS, 0):
            if least == 0 and cursor:  # (the rest of the previous row's label, cut short)
                previous = rows[cursor - 1]
                if _label_rest(found.get(previous.code), label, previous):
                    found[previous.code] += label + values
                    return 0
                if _label_goes_on(found.get(previous.code), label, previous):
                    found[previous.code] += label + values
                    gone_on.add(previous.code)
                    return 0
            for k in range(1, len(ahead) + 1):
                own = [label[-1], *ahead[:k]] if least else label + ahead[:k]
                if (r := _match(own, rows, cursor)) is not None and _names(own, rows[r], least):
                    found[rows[r].code] = label + ahead[:k] + values
                    cursor = r + 1
                    return k
        if found and any(v.text for v in values) and not _extra(result, label, values):
            # Digits making no row of their own, under the last row's, are that row's: wrapped
            # in a narrow column ('11 … 11' over '四 本 1 … 1', the vertical label beside them).
            code = rows[cursor - 1].code
            found[code] += values
            digits = " ".join(v.text for v in values if v.text)
            result.warnings.append(f"table 三: digits {digits!r} after row {code} read with it")
        return 0

    segs = [seg for tok in toks for seg in _segments(tok)]
    valued = {t.line for t in segs if t.kind != "label" and t.text}
    lined = {t.line for t in segs if t.kind == "label"}  # lines holding label text
    interrupted: set[str] = set()  # rows whose label goes on after their values
    merged: list[str] = []  # rows whose label shares its cell with the next row's
    gone_on: set[str] = set()  # rows whose label goes on after their first value
    unlabelled: list[tuple[int, list[Token]]] = []  # a row's values whose label was lost
    i = 0
    while i < len(segs):
        t, i = segs[i], i + 1
        if t.kind == "label" and _speck(t, values, rows):
            t = t._replace(kind="cell")  # an unreadable cell, not the next row's label
        # (the title's own text may run on into the first row's label)
        if t.kind == "label":
            values = _before_label(t, values)
            if values:
                before = cursor
                taken = finish(i - 1)
                code = rows[cursor - 1].code if cursor > before else None
                if code and _resumed(found[code], segs, i - 1, rows[cursor - 1], lined):
                    interrupted.add(code)
                label, values = [], []
                if cursor >= len(rows):
                    break
                if taken:
                    i += taken - 1
                    continue
            if label and any(e in label_key(t.text) for e in END):
                break
            if (earlier := _merged_before(label, t, rows, cursor)) is not None:
                # (two rows merged, the later row's label in a column left of the earlier's:
                # '（六）其他处理' | '5.要求行政机关…' | '0<br>0' …; the pending label gets the values)
                found[rows[earlier].code] = [t]
                merged.append(rows[earlier].code)
                cursor = earlier + 1
                continue
            if _starts_row(t.text):
                blank = _blank_row(label, rows, cursor, t)
            else:
                blank = _unnumbered_blank_row(label, rows, cursor, t)
            if blank is not None:  # a row printed with no value at all, then the next row
                found[rows[blank].code] = label
                if t.grid and label[-1].grid and label[-1].where == t.where:
                    merged.append(rows[blank].code)  # (and the row t begins: see _merged)
                cursor, label = blank + 1, []
            label.append(t)
        else:
            values.append(t)
    if values:  # the tokens ended inside a row (a break leaves none pending)
        finish(len(segs))
    placed = _unlabelled_placed(unlabelled, rows, found, result)
    if shape is None and (told := _told_by_order(placed, found)):
        result.shape = told
        result.warnings.remove(_UNTOLD)

    if not found:
        return None
    result.found = True
    result.empty_cells, result.spacers = _empty_cells(toks, found, empty)
    # The header: the lines before the first row's values (a sentence under the title may
    # carry numbers of its own).
    first = min(
        (t.line for ts in found.values() for t in ts if t.kind != "label" and t.text), default=-1
    )
    header = [t for t in toks if t.line < first]
    words = [a.match for a in statutory().applicants]
    columns = (
        layout.header_columns(header, words)
        or layout.header_columns(_joined_columns(header), words)
        or _right_aligned(found)
    )
    if columns and (own := _valued_columns(found, columns)):
        columns = own
    blanks = _label_blanks(toks, found)
    width = max((-t.col for t in header if t.grid and t.col is not None), default=0)
    options = {
        code: []
        if code in interrupted
        else _layouts([t for t in ts if (t.line, t.col) not in blanks], columns, width)
        for code, ts in found.items()
    }
    options.update(_surplus_moved(rows, found, options))
    above = _values_above_label(rows, found, options)
    options.update({code: [] for code in above})
    if _boxed(toks):  # (see _boxed_digits)
        for code, ts in found.items():
            if options.get(code) and _boxed_digits(ts):
                options[code] = layout.confirmed(options[code], ROW_GROUPS)
    for code in placed:  # (placed by the template's order alone: its identity must hold in full)
        options[code] = layout.confirmed(options[code], ROW_GROUPS)
    for code in gone_on:  # (see _label_goes_on)
        options[code] = [
            o
            for o in options[code]
            if layout.balanced(tuple(v.value for v in o.values), ROW_GROUPS)
        ]
    pairs = _merged(rows, found, merged)
    for pair in pairs:  # (split, each row's identity must hold in full: the split is a guess)
        split = layout.merged_apart(found[pair[1]]) or ([], [])
        for code, values in zip(pair, split):
            proven = layout.confirmed(_layouts(values, columns, width), ROW_GROUPS)
            options[code] = proven if values else []
    equations = table3_equations(rows)
    chosen, unsettled = layout.choose(
        {k: v for k, v in options.items() if v}, applicants(), equations
    )
    if len(chosen) < len(rows) and (ordered := _in_row_order(toks, rows, chosen)):
        if result.shape is None:  # (its cells are exactly those rows', every identity holding)
            result.shape = _UNTOLD_ROWS
            result.warnings.remove(_UNTOLD)
        unread = [code for code in ordered if code not in chosen]
        chosen.update(ordered)
        unsettled = [code for code in unsettled if code not in ordered]
        blocks = [c for c in unread if any(v.note == _IN_COLUMNS for v in ordered[c].values)]
        result.warnings.append(
            f"table 三: rows {', '.join(unread)} read in the table's row order (their labels "
            "printed away from their values"
            + (f"; rows {', '.join(blocks)} a few at a time, column after column" if blocks else "")
            + "; every identity holds)"
        )
    unconfirmed = _unconfirmed(chosen, equations)
    for code in unconfirmed:
        del chosen[code]
    unconfirmed.update({code: "above" for code in above if code not in chosen})
    shared = {code for pair in pairs for code in pair}
    return _Reading(
        result, rows, found, options, chosen, unsettled, unconfirmed, interrupted, shared
    )


def _merged_before(label: list[Token], t: Token, rows: tuple[Code, ...], cursor: int) -> int | None:
    """The row t names where it stands on the pending label's grid line, in a cell to its right,
    both numbered, and names a row before the pending label's: two rows merged into one line,
    the later row's label in a column left of the earlier's ('四、结转下年度继续办理' | '（七）总计')."""
    if not (label and t.grid and label[-1].grid and label[-1].line == t.line):
        return None
    if not (_starts_row(label[-1].text) and _starts_row(t.text)):
        return None  # (a header's words name rows too: '项目 | 本年新收件数 | … | 予以公开')
    if label[-1].where == t.where or (pending := _match(label, rows, cursor)) is None:
        return None
    row = rows[pending]  # (named by its group's head, its own words in the next column: no pair)
    if _head_of(label[-1].text, row) and row.zh != _group_heads().get(row.group or ""):
        return None
    named = _match([t], rows, cursor)
    return named if named is not None and named < pending else None


def _merged(
    rows: tuple[Code, ...], found: dict[str, list[Token]], merged: list[str]
) -> list[tuple[str, str]]:
    """The rows whose labels share one grid cell with the next row found, as pairs: an OCR'd
    table's structure may merge two rows into one, each of its cells holding both rows' text
    ('1.属于国家秘密<br>2.其他法律…' | '4<br>0' | …). The first row seemed printed without a
    value; the values are the pair's, whose is not known from the order alone."""
    codes = [row.code for row in rows if row.code in found]
    return [(c, codes[codes.index(c) + 1]) for c in merged if codes.index(c) + 1 < len(codes)]


def _empty_cells(
    toks: list[Token], found: dict[str, list[Token]], empty: dict[int, str]
) -> tuple[bool, bool]:
    """Each row printed a cell per line, its empty cells as empty lines, given those cells (see
    `tokens.empty_cells`); whether the table's empty lines are all empty cells, and whether empty
    lines stand under its title or after its last value (spacers, maybe)."""
    if not empty:
        return True, False
    lines = sorted({t.line for t in toks})
    spans = []
    for ts in found.values():
        end = following(lines, max(t.line for t in ts))
        after = max((t.line for t in ts if t.kind == "label"), default=ts[0].line - 1)
        spans.append(Span(after, end, [t for t in ts if t.kind != "label"], COLUMNS))
    title, tail = toks[0].line, spans[-1]
    after = max((t.line for t in tail.values), default=tail.after) + 1
    under = range(title + 1, following(lines, title))
    spacers = any(i in empty for i in [*under, *range(after, tail.end)])
    cells = empty_cells(spans, title, lines, empty)
    for code, row in zip(list(found), cells or []):
        if row is not None:
            found[code] = [t for t in found[code] if t.kind == "label"] + row
    return cells is not None, spacers


def _in_row_order(
    toks: list[Token], rows: tuple[Code, ...], chosen: dict[str, layout.Layout]
) -> dict[str, layout.Layout] | None:
    """Every row's values from the table's values in their printed order, where the labels
    cannot place them: a PDF's text in reading order (pdftotext without -layout) prints a
    rowspan's middle labels apart from their rows, or several rows' values under one label, yet
    the values row after row. Only a table printing exactly its cells, every one, whose every row
    and column identity holds and whose rows read by their labels agree, is so read; and none of
    its rows mixes numbers with n/a marks, whose identity could not check their order (a value
    printed after its row's other cells, '- - - - - -' … '3', would be its total). The same
    reading order may print one value out of its place, later or earlier among the values
    (h001's 3.3.1 total a cell late; h004's 3.6.3 '1' after row 四's values): where the order
    printed breaks an identity, the one value moved that makes every identity hold, and only
    one such reading of the table, is read (see _one_moved). Or it prints a few rows' values a
    column at a time, between labels (see _in_column_runs)."""
    runs: list[list[Token]] = [[]]  # (the values between two labels)
    for k, t in enumerate(toks[1:], 1):
        if t.kind == "label" and any(e in label_key(t.text) for e in END):
            break
        words_after = (
            k + 1 < len(toks) and toks[k + 1].kind == "label" and toks[k + 1].line == t.line
        )
        if t.kind != "label" and t.text and not words_after:  # (not a number in a sentence)
            runs[-1].append(t)
        elif t.kind == "label" and runs[-1]:
            runs.append([])
    cell_runs = [[layout.cell(t) for t in layout.zeros_apart(run)] for run in runs if run]
    cells = [v for run in cell_runs for v in run]
    if len(cells) != len(rows) * COLUMNS:
        return None
    if _row_after_row(cells, rows, {}) is None:
        return None  # (see _row_after_row: moving a value would not make a reading of it)
    equations = table3_equations(rows)
    printed = _row_after_row(cells, rows, chosen)
    if printed is not None and not violations(_grid(printed), equations):
        return printed
    readings = [r for r in _one_moved(cells, rows, chosen) if not violations(_grid(r), equations)]
    if not readings:
        readings = _in_column_runs(cell_runs, rows, chosen)
    return readings[0] if len({tuple(_grid(r).items()) for r in readings}) == 1 else None


def _in_column_runs(
    runs: list[list[Value]], rows: tuple[Code, ...], chosen: dict[str, layout.Layout]
) -> list[dict[str, layout.Layout]]:
    """The readings of the table's values where each run of them between two labels holds its
    rows one after another, and a few of those rows a column at a time (pdftotext's reading
    order of a WPS or Word PDF: h001's '1 0 0 0 0 1 1 0 10 3', 自然人's counts of ten rows, then
    the five zero columns, then the totals; the labels after them. pdfminer.six's text of a ruled
    PDF prints each page's labels, then the page's values so). A block of rows so printed is
    read only as _columns_read allows; every row must balance, and the table's every identity
    hold. At most _RUN_READINGS distinct readings of a run are weighed: more, and its order is
    not known."""
    equations = table3_equations(rows)
    choices = [_run_readings(run) for run in runs]
    if any(not c or len(c) > _RUN_READINGS for c in choices):
        return []
    if math.prod(map(len, choices)) > _READINGS:
        return []  # (so many ways to read the table that none is proven; and a bounded cost)
    out = []
    for combo in itertools.product(*choices):
        reading = _row_after_row([v for rows_read in combo for v in rows_read], rows, chosen)
        if reading is not None and not violations(_grid(reading), equations):
            out.append(reading)
    return out


_RUN_READINGS = 4
_READINGS = 64


def _run_readings(run: list[Value]) -> list[list[Value]]:
    """The distinct ways a run's values are rows printed one after another, each either row by
    row or in a block of rows a column at a time; cells of a block's rows noted as such."""
    if len(run) % COLUMNS:
        return []
    found: dict[int, dict[tuple, list[Value]]] = {len(run) // COLUMNS: {(): []}}
    for start in range(len(run) // COLUMNS - 1, -1, -1):  # (the rest's readings, from the end)
        here: dict[tuple, list[Value]] = {}
        for end, rests in found.items():
            if end <= start:
                continue
            k = end - start
            block = run[start * COLUMNS : end * COLUMNS]
            read = [tuple(block)] if k == 1 else _columns_read(block, k)
            if read is None or not all(map(_balanced, read)):
                continue
            if k > 1:
                read = [tuple(Value(v.value, v.raw, v.where, _IN_COLUMNS) for v in r) for r in read]
            for rest in rests.values():
                cells = [v for r in read for v in r] + rest
                here.setdefault(tuple(v.value for v in cells), cells)
                if len(here) > _RUN_READINGS:
                    return [*here.values()]  # (too many already: the caller reads none)
        found[start] = here
    return [*found[0].values()]


_IN_COLUMNS = "printed with its block of rows a column at a time; placed where every identity holds"


def _columns_read(cells: list[Value], k: int) -> list[tuple[Value, ...]] | None:
    """k rows from their values printed a column at a time. No identity checks the order of
    the applicants' columns, and pdfminer does not keep it (h001: 其他's zeros after 总计;
    Chromium's prints: 自然人's after the organisations'): read only where the first column
    printed (自然人's) and the total's are the only ones not all zeros, the total being the sum
    of the others, so that their order makes no difference."""
    blocks = [cells[c * k : (c + 1) * k] for c in range(COLUMNS)]
    counts = [[v.value or 0 for v in b] for b in blocks]  # (the caller's are all numbers)
    totals = [
        c
        for c in range(1, COLUMNS)
        if all(sum(x[i] for j, x in enumerate(counts) if j != c) == counts[c][i] for i in range(k))
        and not any(v != 0 for j in range(1, COLUMNS) if j != c for v in counts[j])
    ]
    if not totals:
        return None
    order = [c for c in range(COLUMNS) if c != totals[-1]] + [totals[-1]]
    return [tuple(blocks[c][i] for c in order) for i in range(k)]


def _balanced(values: tuple[Value, ...]) -> bool:
    return layout.balanced(tuple(v.value for v in values), ROW_GROUPS)


def _row_after_row(
    cells: list[Value], rows: tuple[Code, ...], chosen: dict[str, layout.Layout]
) -> dict[str, layout.Layout] | None:
    """The rows' layouts from the cells in the order printed, None where a row read by its label
    disagrees, or a row mixes numbers and n/a marks (its identity proves no order)."""
    ordered = {}
    for k, row in enumerate(rows):
        mine = tuple(cells[k * COLUMNS : (k + 1) * COLUMNS])
        printed = tuple(v.value for v in mine)
        if any(v.value is None and v.note != NOT_APPLICABLE for v in mine) or (
            None in printed and any(x is not None for x in printed)
        ):
            return None
        if (picked := chosen.get(row.code)) is not None:
            read = tuple(v.value for v in picked.values)
            # (a value printed before its row's label, placed by the identities: its row's
            # values in another order)
            if printed != read and not (picked.resolved == "moved" and _same(printed, read)):
                return None
            if picked.resolved == "moved":
                mine = picked.values
        ordered[row.code] = layout.Layout(mine, "order")
    return ordered


def _one_moved(
    cells: list[Value], rows: tuple[Code, ...], chosen: dict[str, layout.Layout]
) -> Iterator[dict[str, layout.Layout]]:
    """The readings of the cells with one of them moved elsewhere, within the rows whose own
    identity the order printed breaks and a row either side (the values between move by one)."""

    def holds(cells: list[Value], k: int) -> bool:  # (row k's own identity)
        return _balanced(tuple(cells[k * COLUMNS : (k + 1) * COLUMNS]))

    broken = [k for k in range(len(rows)) if not holds(cells, k)]
    if not broken or broken[-1] - broken[0] >= _MOVED_ACROSS:
        return  # (rows broken far apart: more than one value is out of its place)
    first, last = max(broken[0] - 1, 0), min(broken[-1] + 2, len(rows))
    for i in range(first * COLUMNS, last * COLUMNS):
        for j in range(first * COLUMNS, last * COLUMNS):
            if i == j:
                continue
            moved = [*cells[:i], *cells[i + 1 :]]
            v = cells[i]
            moved.insert(j, Value(v.value, v.raw, v.where, _OUT_OF_PLACE))
            if not all(holds(moved, k) for k in range(first, last)):
                continue  # (the rows the move touched: the rest are as printed)
            if (reading := _row_after_row(moved, rows, chosen)) is not None:
                yield reading


_MOVED_ACROSS = 6  # rows a value out of its place may break (h004's 3.6.3 '1' broke three)
_OUT_OF_PLACE = "printed out of its place among the values; placed where every identity holds"


def _grid(reading: dict[str, layout.Layout]) -> dict[tuple[str, str], int | float | None]:
    return {
        (code, a): v.value
        for code, lay in reading.items()
        for a, v in zip(applicants(), lay.values)
    }


def _surplus_moved(
    rows: tuple[Code, ...], found: dict[str, list[Token]], options: dict[str, list[layout.Layout]]
) -> dict[str, list[layout.Layout]]:
    """Two rows read again where the first has a value too many and no layout, and the next a
    value too few: pdftotext's reading order of a printed page may set a cell of a row before
    its label, after the row above ('二、上年结转…' seven 0s, '1', '三、本年度办理结果', '（一）予以
    公开', '1 0 0 0 0 0': the 1 is 予以公开's total). The first row without its last value, and
    the next with it in each place, are kept where their identities hold with every cell known;
    several places left, the column identities choose (both rows had been NULL)."""
    out: dict[str, list[layout.Layout]] = {}
    for a, b in zip(rows, rows[1:]):
        over, under = _printed_apart(found.get(a.code)), _printed_apart(found.get(b.code))
        if options.get(a.code) or len(over) != COLUMNS + 1 or len(under) != COLUMNS - 1:
            continue
        kept = layout.confirmed(layout.candidates(over[:-1], COLUMNS, ROW_GROUPS), ROW_GROUPS)
        moved: dict[tuple, layout.Layout] = {}
        for at in range(COLUMNS):
            placed = [*under[:at], over[-1], *under[at:]]
            for lay in layout.confirmed(layout.candidates(placed, COLUMNS, ROW_GROUPS), ROW_GROUPS):
                v = lay.values[at]
                cells = (
                    *lay.values[:at],
                    Value(v.value, v.raw, v.where, _MOVED),
                    *lay.values[at + 1 :],
                )
                moved.setdefault(tuple(c.value for c in cells), layout.Layout(cells, "moved"))
        if len(kept) == 1 and moved:
            out[a.code] = [layout.Layout(kept[0].values, "surplus")]
            out[b.code] = list(moved.values())
    return out


_MOVED = "printed before its row's label, after the values of the row above"


def _values_above_label(
    rows: tuple[Code, ...], found: dict[str, list[Token]], options: dict[str, list[layout.Layout]]
) -> list[str]:
    """Rows whose label comes right after a line of values that the row above printed after
    its own, a row's values too many: a text in reading order may set rows' values above
    their labels (pdfplumber's of h001: '10 0 0 0 0 0 10' / '1.本机关不掌握相关政府信息' /
    '（四）无法提供' / '3 0 0 0 0 0 3' / '2.没有现成…'), and then the values after a label are
    the next row's. The row above is left unread (a row too many); this one, and each next
    one whose label comes right after the line of values read as the row before's, would be
    read a row off. So too where such a text is flattened onto one line ('8.属于行政查询事项
    0 … 0 75 … 75 （四）无法提供 1.本机关… 0 …'), or a number above a label wrapped ('75 0 …
    7' / '5')."""
    out: list[str] = []
    for a, b in itertools.pairwise(rows):
        values = [t for t in found.get(a.code) or [] if t.kind != "label" and t.text]
        labels = [t.line for t in found.get(b.code) or [] if t.kind == "label"]
        if not values or not labels:
            continue
        one_line = labels[0] == values[-1].line == values[0].line
        if not one_line and labels[0] != values[-1].line + 1:
            continue
        cells = layout.zeros_apart(values)  # (a number may have wrapped: '75 0 … 7' / '5')
        too_many = not options.get(a.code) and len(cells) >= 2 * COLUMNS
        if len(cells) >= COLUMNS and (too_many or a.code in out):
            out.append(b.code)
    return out


def _boxed(toks: list[Token]) -> bool:
    """Whether the table is printed a text box a line or more, each followed by one empty line
    (pdfminer.six's text): most tokens a line apart from the next are so by exactly one empty
    line. (A text a cell per line, blanks as empty lines, prints most cells on adjacent lines.)"""
    gaps = [b.line - a.line for a, b in itertools.pairwise(toks) if b.line != a.line]
    return len(gaps) >= COLUMNS and gaps.count(2) >= _BOXED * len(gaps)


_BOXED = 0.8


def _boxed_digits(toks: list[Token]) -> bool:
    """Whether a row's values, in a table printed a text box each (see _boxed), include two lines
    of digits with no empty line between: one box, one cell's number wrapped ('82' / '1' for 821
    in LibreOffice's PDF of h025 through pdfminer, its total n/a), or two cells. Only the row's
    identity, every cell a number, tells which."""
    values = [t for t in toks if t.kind != "label" and t.text and not t.grid]
    return any(
        a.text.isdigit() and b.text.isdigit() and b.line == a.line + 1
        for a, b in itertools.pairwise(values)
    )


def _printed_apart(toks: list[Token] | None) -> list[Token]:
    """A row's values when printed a line each, as a text in reading order prints them."""
    values = [t for t in toks or [] if t.kind != "label" and t.text]
    lines = [t.line for t in values]
    apart = len(set(lines)) == len(lines) and not any(t.grid for t in values)
    return layout.zeros_apart(values) if apart else []


def _same(a: tuple, b: tuple) -> bool:
    """Whether two rows' values are the same ones, in any order."""
    return sorted(a, key=str) == sorted(b, key=str)


_UNCONFIRMED = {
    "above": (
        "a whole row's values stand right above the row's label, after the row above's own: "
        "which are its is not proven; left NULL"
    ),
    "lost cell": (
        "a cell of the row is missing in the source, and no column identity confirms which: "
        "left NULL"
    ),
    "moved": (
        "a value of the row seems printed before its label, and no column identity confirms "
        "where it goes: left NULL"
    ),
    "surplus": (
        "the row's last value seems the next row's (printed before its label), and no column "
        "identity confirms the row without it: left NULL"
    ),
}


def _unconfirmed(chosen: dict[str, layout.Layout], equations) -> dict[str, str]:
    """Rows read with a cell that no column identity confirms, and how it was read. A lost
    cell: the row's own identity cannot confirm it, it is computed from it. Wherever the digits
    printed are more or fewer than the row's cells (a number wrapped over two lines, a blank cell not kept), one
    layout always fits it — a lost total is the sum of whatever values remain — and only a
    column identity whose cells are all known checks that the values are where the layout puts
    them. So with a value moved from the row above (`_surplus_moved`): its place, and every cell
    of the row it left (its value too many may be its own number wrapped)."""
    cols = applicants()
    grid = {(k, a): v.value for k, lay in chosen.items() for a, v in zip(cols, lay.values)}

    def confirmed(code: str, col: str) -> bool:
        return any(
            (code, col) in left + right
            and not any(c[0] == code for c in left + right if c[1] != col)
            and all(grid.get(c) is not None for c in left + right)
            and not violations(grid, [(family, left, right)])
            for family, left, right in equations
        )

    out = {}
    for code, lay in chosen.items():
        if lay.resolved == "lost cell":
            cells = [a for a, v in zip(cols, lay.values) if v.where == layout.LOST]
        elif lay.resolved == "moved":
            cells = [a for a, v in zip(cols, lay.values) if v.note == _MOVED]
        elif lay.resolved == "surplus":
            cells = list(cols)
        else:
            continue
        if not all(confirmed(code, a) for a in cells):
            out[code] = lay.resolved
    return out


def _resumed(row_toks: list[Token], segs: list[Token], at: int, row: Code, lined: set[int]) -> bool:
    """Whether the row's values, each on a line of its own, stand among the pieces of its label
    away from their middle: PDF text in reading order of a narrow label column (pdfminer:
    '1.申' / '请人' / … fourteen pieces … / '府信', seven values, '息公' / '开申' / '请') puts values
    beside whatever pieces of labels they happen to follow. A cell's values sit at its middle
    (pdftotext: '一、本年新收政府' / '9 0 …' / '信息公开申请数量'), or on a line of its label's
    text ('（七）总 21 … 21' over '计 7 … 8'), the line showing it."""
    values = [t for t in row_toks if t.kind != "label" and t.text]
    if len({t.line for t in values}) < len(values) or any(t.line in lined for t in values):
        return False  # (a row's line of values, '0 0 0 0 0 0 0' amid '合' and '法', is its row's)
    label = [t for t in row_toks if t.kind == "label"]
    own = _own_label(label)
    rest = []
    for t in segs[at : at + _BLANK_LABEL_PARTS]:
        if t.kind != "label" or _starts_row(t.text):
            break
        rest.append(t)
    key = label_key("".join(t.text for t in rest))
    above, below = len({t.line for t in own}), len({t.line for t in rest})
    return abs(above - below) > 1 and len(key) > 1 and key in label_key(row.zh)


def _label_lines(segs: list[Token], start: int, valued: set[int]) -> list[Token]:
    """The label text from segs[start] on lines holding no value, up to a label that begins a
    row of its own (an enumerator): what may be the rest of the label above it."""
    out = []
    for t in segs[start : start + _BLANK_LABEL_PARTS]:
        if t.kind != "label" or t.line in valued or _starts_row(t.text):
            break
        out.append(t)
    return out


def _label_blanks(toks: list[Token], found: dict[str, list[Token]]) -> set[tuple[int, int | None]]:
    """(line, column) of the blank cells of label columns, no values: a grid column holding a
    row's label beside its values, in grids as wide (a third label column: '1.属于国家秘密' in
    some rows, blank in others). Grids of other widths (a table cut in pieces) have other
    columns."""
    width: dict[int, int] = {}
    first: dict[int, int] = {}  # each valued line's first value column
    for t in toks:  # (a valued grid line keeps all its cells: its first is at -width)
        if t.grid and t.col is not None:
            width[t.line] = max(width.get(t.line, 0), -t.col)
            if t.kind != "label" and t.text:
                first[t.line] = min(first.get(t.line, 0), t.col)
    row_toks = [t for ts in found.values() for t in ts if t.grid and t.col is not None]
    # (a label right of a value is no label column: OCR reads specks in blank cells as text)
    labelled = {
        (width[t.line], t.col)
        for t in row_toks
        if t.kind == "label" and t.line in first and t.col is not None and t.col < first[t.line]
    }
    return {
        (t.line, t.col)
        for t in row_toks
        if t.kind != "label" and not t.text and (width[t.line], t.col) in labelled
    }


def _right_aligned(found: dict[str, list[Token]]) -> tuple[int, ...] | None:
    """The last cells of each grid row, where the rows' values all sit there: a converter that
    drops the cells a rowspan covers and writes a colspan's as blanks (markdownify) leaves rows of
    uneven length whose values end them, but a blank label cell beside a row's blank total makes
    its window of cells ambiguous ('三、… | （一）予以公开 | | 258 | … | 1 | |'). The values fill
    the last columns, from the first applicant's to the total's, and none is left of them."""
    cols = {
        t.col
        for ts in found.values()
        for t in ts
        if t.grid and t.col is not None and t.kind != "label" and t.text
    }
    n = len(applicants())
    return tuple(range(-n, 0)) if cols and (min(cols), max(cols)) == (-n, -1) else None


def _valued_columns(
    found: dict[str, list[Token]], header: tuple[int | None, ...]
) -> tuple[int, ...] | None:
    """The grid columns every row fills, a value or a mark in each, where they are as many as
    the applicants and not the header's, each header cell over its column or the one beside
    it: a grid of another table's columns, which its header cells do not name (an unruled
    PDF's tables 二 and 三 drawn as one grid when table 三's heading is lost: its header cells
    set between its value columns, table 二's blank cells among its values, every row NULL).
    Where blank cells are printed as nothing, or a row is a cell wider (a '1' OCR read as a
    cell's '|'), the rows fill different columns, and which are the table's is not known."""
    filled = {
        frozenset(
            t.col for t in ts if t.grid and t.col is not None and t.kind != "label" and t.text
        )
        for ts in found.values()
    }
    known = [c for c in header if c is not None]
    if len(filled) != 1 or len(own := sorted(next(iter(filled)))) != len(known):
        return None
    if set(own) <= set(known) or any(abs(a - b) > 1 for a, b in zip(own, known)):
        return None
    return tuple(own)


def _own_label(label: list[Token]) -> list[Token]:
    """A row's label from its last piece that begins a row (its enumerator) on: without its
    group's head printed before it."""
    return label[max((k for k, t in enumerate(label) if _starts_row(t.text)), default=0) :]


def _label_rest(row_toks: list[Token] | None, label: list[Token], row: Code) -> bool:
    """Whether the label is the rest of the row's label, which was cut before its words (a
    narrow label column: '（七）总' over '计'): the two name the row by its words, the first alone
    did not; or the rest of a head its label began ('三、本年度办理结' over '果'), a cell spanning
    rows. The values beside the rest are the row's too: digits wrapped under its numbers ('21'
    over '7'; beside '果', kept as a row of their own, they had left '27' for 279 unflagged), so
    that only a layout of all of them, or none, fills the row."""
    if not row_toks:
        return False
    labels = [t.text for t in row_toks if t.kind == "label"]
    first, rest = "".join(labels), "".join(t.text for t in label)
    if not _matches(label_key(first), row) and _matches(label_key(first + rest), row):
        return True
    return bool(rest) and any(label_key(text + rest) in _heads() for text in labels)


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """The keys of the cells that head rows: the groups' and those spanning them alone."""
    return frozenset(label_key(h) for h in (*statutory().spanning, *_group_heads().values()))


def _label_goes_on(row_toks: list[Token] | None, label: list[Token], row: Code) -> bool:
    """Whether the label goes on word for word where the row's own label stopped, its first
    value printed between them (pdftotext's reading order of a Chromium print: '5.要求行政机关
    确认或重新出具已获' / '0' / '取信息' / six 0s had left the row NULL and the six an extra
    row). The values beside the rest may also be others' printed out of place (h025:
    '（二）部分公开（区分处理的，只计这' / '3' / '一情形，不计其他情形）' / rows 一 to 三's
    35 … 1): they are the row's unless its identity refutes them."""
    if not row_toks:
        return False
    own = label_key("".join(t.text for t in _own_label([t for t in row_toks if t.kind == "label"])))
    rest = label_key("".join(t.text for t in label))
    return len(rest) > 1 and rest not in own and own + rest in label_key(row.zh)


def _speck(label: Token, values: list[Token], rows: tuple[Code, ...]) -> bool:
    """Whether a grid label is debris in a value cell: after a value of its line, short, no
    enumerator and naming no row ('其他' does) — OCR reads specks in a scan's blank cells as
    '图]', 'L', 'EA2'."""
    if not (label.grid and any(v.text and v.grid and v.line == label.line for v in values)):
        return False
    key = label_key(label.text)
    return len(key) <= 3 and not _starts_row(label.text) and not any(_matches(key, r) for r in rows)


def _label_lost_below(
    label: list[Token], values: list[Token], lined: set[int]
) -> tuple[list[Token], list[Token]] | None:
    """The label's own values and, below them, a row of values whose label was lost, when the
    values on later lines are a row of their own: the label's grid line holds none of them (a row
    printed blank) or its own full row, and theirs holds the label's cell, empty, and no words.
    ('|  | （六）其他处理 |  | … |' over '|  |  |  | 767 | 35 | … |': 3.7's values had been published
    as 3.6's; '| 5.要求… | 0 | … | 0 |' over '|  |  |  | 7 | 0 | … |', 3.6's label lost: 3.5.5's
    and 3.6's 14 cells NULL.) In running text, a line of a full row's values and no words under
    a row's full line. Values detached to a line without the label columns are the label's (see
    variants.broken_pipe_tables)."""
    lab = label[-1] if label else None
    if lab is None:
        return None
    own = [v for v in values if v.line == lab.line]
    rest = [v for v in values if v.line != lab.line]
    printed = [v for v in rest if v.text]
    lines = {v.line for v in rest}
    if not printed or lines & lined:
        return None
    if not lab.grid:
        full = len(own) == len(rest) == COLUMNS and len(lines) == 1
        return (own, rest) if full and not any(v.grid for v in values) else None
    if lab.col is None or own and not _full_row(own, lab.col):
        return None
    if all(v.grid and v.col is not None and lab.col < v.col for v in printed) and any(
        v.col == lab.col and not v.text for v in rest
    ):
        return own, rest
    return None


def _full_row(values: list[Token], label_col: int) -> bool:
    """Whether a grid line's values right of its label are a cell for each column."""
    return len(values) == COLUMNS and all(
        v.grid and v.col is not None and v.col > label_col for v in values
    )


# A table whose telling rows are not printed is read with 2019's, which its rows may prove.
_UNTOLD_ROWS = "2019"
_UNTOLD = f"table 三: （六）其他处理 row not recognised; read with {_UNTOLD_ROWS} rows"


def _told_by_order(placed: set[str], found: dict[str, list[Token]]) -> str | None:
    """The template whose telling rows, their labels lost, are placed by the template's order,
    each a line of values of its own: h001's 2019 table 三 under a 2021 table 二, '（六）其他处理'
    lost, its line read as 3.6, had been called 2021 after table 二."""
    for template, codes in statutory().telling_rows:
        if set(codes) <= placed and all(len({t.line for t in found[c]}) == 1 for c in codes):
            return template
    return None


def _unlabelled_placed(
    unlabelled: list[tuple[int, list[Token]]],
    rows: tuple[Code, ...],
    found: dict[str, list[Token]],
    result: TableResult,
) -> set[str]:
    """The rows that values whose label was lost (see _label_lost_below) are read as: the next
    row in the template's order, if its label is nowhere in the table. Where it is, they are
    the row's above if it printed values (the values of a row whose label comes after them may
    be among them: see _values_above_label), else no row's, and said so."""
    placed = set()
    for at, values in unlabelled:
        if at < len(rows) and rows[at].code not in found:
            found[rows[at].code] = values
            placed.add(rows[at].code)
            continue
        after = rows[at - 1].code
        if any(t.kind != "label" and t.text for t in found[after]):
            found[after] += values  # (a full row's: read with it as printed, maybe a row apart)
            continue
        digits = " ".join(v.text for v in values if v.text)
        result.warnings.append(
            f"table 三: digits {digits!r} on a line without a label after row {after}, printed "
            "blank: which row's is not proven; not read"
        )
    return placed


def _before_label(label: Token, values: list[Token]) -> list[Token]:
    """The values so far, without those printed left of the next row's label on its line (a row
    number or stray figure in a label column of an unruled table): a row's values follow its
    label."""
    at = label.col
    if at is None:
        return values
    return [v for v in values if not (v.col is not None and v.line == label.line and v.col < at)]


def _joined_columns(header: list[Token]) -> list[Token]:
    """The header's grid labels joined down each column, for a header whose words are split over
    lines ("社会公益" over "组织")."""
    joined: dict[int, Token] = {}
    for t in header:
        if t.kind == "label" and t.col is not None:
            prev = joined.get(t.col)
            joined[t.col] = t if prev is None else prev._replace(text=prev.text + t.text)
    return list(joined.values())


def _match(label: list[Token], rows: tuple[Code, ...], cursor: int) -> int | None:
    """The row a label names: the latest label text first (earlier text may be the wrapped tail
    of the previous row or a repeated header), only among the next few rows of the template.
    A row's group head is read first wherever it was printed: centred in its rowspan, it may sit
    among the lines of the row's own label ('1.申请人…逾期不补' / '（六）其他处理' / '正、…')."""
    return _match_texts(tuple(t.text for t in label), tuple(r.code for r in rows), cursor)


# Cached: a pending label is matched again at each token that may end it, and a template's
# labels repeat across reports.
@lru_cache(maxsize=16384)
def _match_texts(texts: tuple[str, ...], codes: tuple[str, ...], cursor: int) -> int | None:
    window = range(cursor, min(cursor + WINDOW, len(codes)))
    for j in range(len(texts) - 1, -1, -1):
        for r in window:
            # (a label numbered for another row only names it in words it shares with a group
            # label: "（六）其他处理 1.申请人…" is not "3.其他")
            if _texts_name(texts[j:], codes[r], 0):
                return r
        # Text naming a row out of the window by its own words (one passed already, printed
        # again out of its place) leaves earlier text naming none: '结转下年度', a header cell of
        # a broken table before 3.6.2's label, had taken 3.6.2's values as row 4's. (Not a short
        # word: '不计其他情形' ends 3.2's label, 其他 is no 3.6.3.)
        if any(_texts_name(texts[j:], code, _OWN_WORDS) for code in codes):
            return None
    # A label cut before its distinctive words ("2. 其他法律行政") still carries its number.
    if cursor >= len(codes):
        return None
    row = _rows_by_code()[codes[cursor]]
    raw = _head_first(texts, row)
    if raw and _enum(raw) is not None and _enum(raw) == _enum(row.zh):
        return cursor
    return None


def _names(label: list[Token], row: Code, least: int = 0) -> bool:
    """Whether the label names the row, by a match of at least ``least`` characters."""
    return _texts_name(tuple(t.text for t in label), row.code, least)


@lru_cache(maxsize=65536)  # (a report's labels are matched against each row many times over)
def _texts_name(texts: tuple[str, ...], code: str, least: int) -> bool:
    row = _rows_by_code()[code]
    text = _head_first(texts, row)
    key = label_key(text)
    return any(len(f) >= least and f in key for f in keys(row.match)) and _numbered_for(text, row)


@lru_cache(maxsize=1)
def _rows_by_code() -> dict[str, Code]:
    return {r.code: r for r in statutory().request_rows}


_OWN_WORDS = 4  # characters: a match this long names one row (其他, 总计 are in several labels)


def _head_first(texts: tuple[str, ...], row: Code) -> str:
    """The label's text, the row's group head (if printed among it) first."""
    heads = [k for k, x in enumerate(texts) if _head_of(x, row)]
    return "".join(texts[k] for k in heads + [k for k in range(len(texts)) if k not in heads])


def _segments(t: Token) -> list[Token]:
    """A label token cut where each enumerated row label begins ("（二）部分公开…（三）不予公开1.属于
    国家秘密" in run-together text), so each part can be matched to its own row."""
    if t.kind != "label":
        return [t]
    parts = _segment_texts(t.text)
    return [t] if len(parts) < 2 else [t._replace(text=p) for p in parts]


@lru_cache(maxsize=16384)  # cached: labels repeat within and across reports
def _segment_texts(text: str) -> tuple[str, ...]:
    return tuple(p for p in _SEGMENT.split(text) if p)


def _starts_row(text: str) -> bool:
    return bool(_ENUM.match(text.strip()))


def _blank_row(label: list[Token], rows: tuple[Code, ...], cursor: int, after: Token) -> int | None:
    """The row a pending label names when that label is complete: it begins with the row's own
    enumerator ("（六）其他处理", not the header's "…其他组织总计…"). Called when the next label
    begins a row, so the pending one got no values — unless that next label is the head of the
    row's own label, printed after it ('1.信访举报投诉类申' over '（五）不予处理 0 0 …': a group
    label centred in its column, beside the row's values)."""
    for j in range(len(label) - 1, -1, -1):
        if not _starts_row(label[j].text):
            continue
        key = label_key("".join(t.text for t in label[j:]))
        for r in range(cursor, min(cursor + WINDOW, len(rows))):
            if _matches(key, rows[r]) and _enum(label[j].text) == _enum(rows[r].zh):
                return None if _head_of(after.text, rows[r]) else r
        return None
    return None


def _unnumbered_blank_row(
    label: list[Token], rows: tuple[Code, ...], cursor: int, after: Token
) -> int | None:
    """The row a pending label names when the next label, printed without an enumerator, names
    a later row by its words: outcome rows printed without their numbers ('属于国家秘密', then
    '其他法律行政法规禁止公开'), the first with no value. Without this the blank rows' labels ran
    together, and the next row's group number ('（四）无法提供') named '4.保护第三方合法权益'.
    No part of either may be a column's header word (a header repeated mid-table: '其他' and
    '总计' also name rows 3.6.3 and 3.7)."""
    if not label or len(label) > _BLANK_LABEL_PARTS:
        return None  # (a long run of text is no row's label: and matching it is quadratic)
    if {label_key(t.text) for t in [*label, after]} & _header_words():
        return None
    r = _match(label, rows, cursor)
    if r is None or _head_of(after.text, rows[r]):
        return None
    return r if _match([after], rows, r + 1) is not None else None


@lru_cache(maxsize=1)
def _header_words() -> frozenset[str]:
    return frozenset(k for a in statutory().applicants for k in keys(a.match))


def _head_of(text: str, row: Code) -> bool:
    """Whether a label's text is the head of the row's group ('（五）不予处理' of '（五）不予处理
    1.信访举报投诉类申请' and of the rows after it), or the head's first part ('（五）' over
    '不予处' over '理': a narrow column's lines among the rows' own)."""
    head = _group_heads().get(row.group or "")
    if head is None or _enum(text) != _enum(head):
        return False
    key, whole = label_key(text), label_key(head)
    return key.startswith(whole) or whole.startswith(key)


@lru_cache(maxsize=1)
def _group_heads() -> dict[str, str]:
    """Each group's head: the first part of its first row's label in the template."""
    heads: dict[str, str] = {}
    for r in statutory().request_rows:
        head, _, tail = r.zh.partition(" ")
        if r.group and tail:
            heads.setdefault(r.group, head)
    return heads


def _enum(text: str) -> str | None:
    found = _ENUM.findall(text)
    return "".join(found[-1]) if found else None


_NUMERALS = str.maketrans("一二三四五六七八九", "123456789")


@lru_cache(maxsize=65536)  # labels repeat within and across reports
def _numbers(text: str) -> tuple[str, ...]:
    """A label's enumerators as digits: （一）, 一、 and 1. are all 1."""
    return tuple("".join(f).translate(_NUMERALS) for f in _ENUM.findall(text))


def _numbered_for(text: str, row: Code) -> bool:
    """Whether the label's last enumerator, if any, is one the row's label has."""
    number = _numbers(text)[-1:]
    return not number or number[0] in _numbers(row.zh)


def _extra(result: TableResult, label: list[Token], values: list[Token]) -> bool:
    """Keep a row the template does not have, when its values lay out; whether they did."""
    name = "".join(t.text for t in label).strip() or "(unlabelled)"
    layouts = layout.candidates(values, COLUMNS, ROW_GROUPS)
    if len(layouts) != 1:
        return False
    for a, v in zip(applicants(), layouts[0].values):
        result.extra[("三", name, a)] = v
    result.warnings.append(f"table 三: row {name!r} is not in the template; kept as extra")
    return True


def _fill(reading: _Reading) -> TableResult:
    """Every cell of the template: the settled rows' values, NULL with a reason elsewhere."""
    result, found, options = reading.result, reading.found, reading.options
    chosen, unsettled = reading.chosen, reading.unsettled
    cols = applicants()
    for row in reading.rows:
        code = row.code
        toks = found.get(code)
        if code in chosen:
            picked = chosen[code]
            note = _resolution(picked, len(options.get(code, ())))
            for a, v in zip(cols, picked.values):
                result.values[(code, a)] = _with_note(v, note)
            continue
        if toks is None:
            reason, where = "row not found in table 三", NOT_FOUND
            result.warnings.append(f"table 三: row {code} ({row.zh}) not found")
        elif code in reading.merged:
            where = toks[0].where
            reason = (
                "the row's label shares its cell with another row's (the rows merged into one "
                "by the conversion): which values are its is not proven; left NULL"
            )
            result.warnings.append(f"table 三: row {code}: {reason}")
        elif all(t.kind == "label" for t in toks):
            reason, where = "row printed without any value", toks[0].where
        else:
            where = toks[0].where
            if code in reading.interrupted:
                reason = (
                    "the row's label goes on after its values, each on a line of its own (a "
                    "narrow label column's text out of order): which values are its is not "
                    "proven; left NULL"
                )
            elif (how := reading.unconfirmed.get(code)) is not None:
                reason = _UNCONFIRMED[how]
            elif code in unsettled:
                reason = (
                    f"{len(options[code])} layouts of the row's cells satisfy the "
                    "identities; left NULL"
                )
            else:
                reason = "no layout of the row's cells satisfies the identities; left NULL"
            result.warnings.append(f"table 三: row {code}: {reason}")
        raw = " ".join(t.text for t in toks or [] if t.kind != "label")
        for a in cols:
            result.values[(code, a)] = Value(None, raw, where, reason)
    return result


def _layouts(
    toks: list[Token], columns: tuple[int | None, ...] | None, width: int
) -> list[layout.Layout]:
    if columns and (redrawn := _redrawn(toks, columns)):
        return [redrawn]
    if columns and _narrower(toks, columns, width):
        return layout.unplaced(toks, COLUMNS, ROW_GROUPS)
    direct = layout.by_columns(toks, columns) if columns else None
    if direct:
        return [direct]
    if columns and _off_header(toks, columns):
        return layout.unplaced(toks, COLUMNS, ROW_GROUPS)
    return layout.candidates(toks, COLUMNS, ROW_GROUPS)


def _redrawn(toks: list[Token], columns: tuple[int | None, ...]) -> layout.Layout | None:
    """A grid row whose last cells hold its values, one an applicant, none blank, under a
    header whose columns are not the last: a column of another table among them (a ruled PDF's
    tables 二 and 三 drawn as one grid where table 三's heading was lost), which the table,
    redrawn on the next page, no longer has. The header's columns had placed none of that
    page's rows. (A row a cell lost, or a cell wider, has a blank among its last cells, or a
    value before them.)"""
    n = len(applicants())
    known = [c for c in columns if c is not None]
    if len(known) != n or known == list(range(known[0], known[0] + n)):
        return None
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    if len(lines) != 1:
        return None
    last = {
        t.col: t for t in toks if t.line in lines and t.grid and t.col is not None and t.col >= -n
    }
    if len(last) != n or any(t.kind == "label" or not t.text for t in last.values()):
        return None
    return layout.by_columns(toks, tuple(range(-n, 0)))


def _narrower(toks: list[Token], columns: tuple[int | None, ...], width: int) -> bool:
    """A grid row narrower than its header (`width` cells) and blank in the header's first
    column: a cell lost, and a merged label's blank in its place ('| 一、… | | | 821 | 35 | | |
    2 | 859 |' for 821, 35, blank, blank, 2, 1, 859) would put every value a column right."""
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    if len(lines) != 1:
        return False
    at: dict[int, Token] = {t.col: t for t in toks if t.line in lines and t.col is not None}
    first = at.get(min(c for c in columns if c is not None))
    return first is not None and first.kind != "label" and not first.text and -min(at) < width


def _off_header(toks: list[Token], columns: tuple[int | None, ...]) -> bool:
    """A grid row with a value in no column of the header: its cells are not where the header's
    are."""
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    return (
        len(lines) == 1
        and all(t.grid for t in toks if t.kind != "label")
        and any(t.kind != "label" and t.text and t.col not in columns for t in toks)
    )


def _resolution(picked: layout.Layout, n_options: int) -> str | None:
    if n_options > 1:
        return (
            f"cell positions lost in the source: the only one of {n_options} layouts "
            "satisfying the column identities"
        )
    if picked.resolved == "split":
        return "run-together digits: the only split satisfying the row identity"
    if picked.resolved == "lost cell":
        return "a cell of the row is missing in the source: the only layout consistent with the identities"
    if picked.resolved == "moved":
        return "a value printed before the row's label: its place the one the identities confirm"
    if picked.resolved == "surplus":
        return "the row's last value printed is the next row's (printed before its label)"
    if picked.resolved == "order":
        return "row label printed away from its values: read in the table's row order, every identity holding"
    if picked.resolved == "wrapped":
        return "values printed over several lines (digits wrapped in a narrow column): the reading the row identity confirms"
    return None


def _with_note(v: Value, note: str | None) -> Value:
    if not note:
        return v
    return Value(v.value, v.raw, v.where, f"{v.note}; {note}" if v.note else note)
