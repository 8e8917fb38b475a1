"""Table 二 (主动公开政府信息情况): items found by their labels, their values laid into the metrics
the template gives each item, in order.

Whatever the layout (grids, one cell per line, space-separated PDF text, digits run together),
the table is read as a stream of label and value tokens. A row is an item label and the values
after it: on its own line (grids, PDF text), or on the lines below when the label stands alone
(one cell per line). Columns are taken by position, since headers are often truncated
(``本年新 | 本年新``) or their colspans misaligned; the headers only tell the template and the
money unit. Digits run together with no separator are split only where one split is consistent
with the row's own constraints and the narrative; otherwise the cells stay None with the reason.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..document import Document, Line
from ..report import Value
from ..templates import Code, statutory
from . import layout
from .labels import keys, label_key
from .result import TableResult
from .tokens import (
    Span,
    Token,
    empty_cells,
    empty_lines,
    every_line_parted,
    following,
    value_tokens,
)
from .values import NOT_APPLICABLE, parse_change, parse_count, parse_money, unit_of

START = "主动公开政府信息情况"
END = "收到和处理政府信息公开申请情况"
# (a section's number in digits is its heading's, not a value: '3.收到和处理…' had been read
# as a third value of table 二's last row, NULL; '（3）' is an enumerator, see tokens)
_MARKERS = re.compile(
    rf"(?:(?<![\d.．])\d\s*[.．、]\s*(?={START}|{END}))?"
    rf"({START}|{END}|信息内容|第[一二三四五六七八九十]+条第?\s*[（(]?[一二三四五六七八九十]+[）)]?\s*项)"
)
_SECTION = re.compile(r"^第[一二三四五六七八九十]+条")
_NUMBERS = re.compile(r"[\d\s]+")  # a grid cell of several numbers is label text
_MAX_SPLIT_DIGITS = 16
_LABEL_SLACK = 4  # characters a row label may carry besides its item's name ('其中：', '1.')


@dataclass
class _Row:
    code: str | None  # the item, or None for a row the agency added
    label: str
    line: int
    header: str  # header text in force (units, column labels)
    columns: list[str]  # header column labels in force
    values: list[Token] = field(default_factory=list)
    # Grid columns of the header's labels in force (a spanned header's further columns are blank)
    header_cols: frozenset[int] = frozenset()
    loose: bool = False  # values came from the lines below the label
    section: int = 0  # rows under the same header share it
    # Digits on lines below the row's own values, before the next label: a number wrapped over
    # two lines ('69' over '3957' for 693957), a pipe row broken inside a cell, or a stray.
    below: list[Token] = field(default_factory=list)
    merged: bool = False  # its label shares a grid cell with the next or previous row's
    # Why its lines hold one too many for its cells ('' when they do not): see _mark_over.
    over: str = ""
    # Values printed between its header and its label, in running text (see _rows).
    early: list[Token] = field(default_factory=list)
    rest: bool = False  # the rest of its label came after its values (see _rest_of_label)


# ---- rows -------------------------------------------------------------------------------------


def _match_item(label: str) -> tuple[Code | None, str]:
    """The item a label names, and the text before it (header words in run-together text). The
    item's name must end the label and leave little else, unless what precedes is header text."""
    return _cached_match(label) if len(label) <= 200 else _match(label)


def _match(label: str) -> tuple[Code | None, str]:
    item, before = _match_key(label_key(label))
    if item is None and (bare := _NOTE.sub("", label)) != label:
        # A note in brackets after the item's name ('规章（设区的市、自治州人民政府应提供相关数据）',
        # a province's own form): the name before it is the label.
        return _match(bare)
    return item, before


_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def _match_key(key: str) -> tuple[Code | None, str]:
    best: tuple[int, int, Code] | None = None
    for item in statutory().items:
        for frag in keys(item.match):
            at = key.rfind(frag)
            if at >= 0 and (best is None or (at + len(frag), len(frag)) > best[:2]):
                best = (at + len(frag), len(frag), item)
    if best is None or len(key) - best[0] > 1:
        return None, key
    end, length, item = best
    before = key[: end - length]
    if len(before) > _LABEL_SLACK and not _header_words(before):
        return None, key
    return item, before


_cached_match = lru_cache(maxsize=65536)(_match)  # labels repeat within and across reports


def _header_words(key: str) -> bool:
    return any(f in key for m in statutory().metrics for f in keys(m.match))


def _region(lines: list[Line]) -> list[Token]:
    """The tokens between the table's title and table 三's (see _titled); failing a title that
    opens the table, from its first section (第二十条…), or its first header (信息内容 and the
    metrics' columns: the first section's label misprinted too, its rows had been lost), to
    table 三's title or first row: the narrative may name every title before the tables,
    printed after it untitled (trafilatura keeps a report inside a portal page's layout table
    so)."""
    first = next((i for i, ln in enumerate(lines) if any(START in c.text for c in ln.cells)), None)
    if first is not None and (titled := _titled(lines, first)):
        return titled
    toks = value_tokens(lines, _MARKERS)  # (read lazily: to the table's start, then table 三)
    ahead = list(itertools.islice(toks, _HEADER_REACH + 1))  # (the tokens _opens looks at)
    while ahead and not _opens(ahead, 0):
        ahead = ahead[1:] + list(itertools.islice(toks, 1))
    region = list(
        itertools.takewhile(
            lambda t: t.text != END and not _opens_table3(t), itertools.chain(ahead, toks)
        )
    )
    return region if _names_items(region) else []


_HEADER_CELLS = 2  # metric columns right after 信息内容 that make it a header, not prose
_HEADER_REACH = 8  # tokens of those columns (and blank cells between them)


def _opens(toks: list[Token], i: int) -> bool:
    """Whether the table may begin at toks[i]: a section's label, or the header cell 信息内容
    before the columns of two metrics, with no value between."""
    t = toks[i]
    if t.kind != "label":
        return False
    if _SECTION.match(t.text):
        return True
    if t.text != "信息内容":
        return False
    texts = itertools.takewhile(
        lambda a: a.kind == "label", (a for a in toks[i + 1 : i + 1 + _HEADER_REACH] if a.text)
    )
    key = "".join(label_key(a.text) for a in texts)
    return sum(any(f in key for f in keys(m.match)) for m in statutory().metrics) >= _HEADER_CELLS


def _opens_table3(t: Token) -> bool:
    first_row = statutory().request_rows[0]
    return t.kind == "label" and any(f in label_key(t.text) for f in keys(first_row.match))


def _titled(lines: list[Line], first: int) -> list[Token]:
    """The tokens between a title and table 三's: the first such stretch naming at least two
    items (the report's introduction lists the section titles back to back), from the latest
    title before table 三's that begins one. Only the lines from the first title on are read (a
    title token comes from a cell holding the title)."""
    buf: list[Token] = []  # the tokens from the earliest title not yet closed by an END on
    opened: list[int] = []  # where each such title is in buf
    for t in value_tokens(lines, _MARKERS, first):
        if t.text == END and opened:
            # The latest title whose stretch names two items: the table follows its own title,
            # and an earlier title may be the introduction's list of sections wrapped so that
            # END was cut in two ('…主动公开政府信息情况、收' / '到和处理…'), its stretch holding
            # the narrative's mentions of items ('行政规范性文件62件').
            if found := _latest_naming(buf, opened):
                return found
            buf, opened = [], []
            continue
        if t.kind == "label" and t.text == START:
            opened.append(len(buf))
        if opened:
            buf.append(t)
    return _latest_naming(buf, opened)


def _latest_naming(buf: list[Token], opened: list[int]) -> list[Token]:
    """The stretch after the latest title in buf whose stretch names two items and holds the
    table's sections (a converter repeating the title over each piece of the table, '## 表二：
    主动公开政府信息情况' before its last rows, leaves stretches of rows whose sections are above);
    else the latest naming two items; else []."""
    naming = [buf[at + 1 :] for at in reversed(opened) if _names_items(buf[at + 1 :])]
    return next((s for s in naming if _has_sections(s)), naming[0] if naming else [])


def _has_sections(region: list[Token]) -> bool:
    return any(
        t.kind == "label" and (_SECTION.match(t.text) or t.text == "信息内容") for t in region
    )


def _names_items(region: list[Token]) -> bool:
    """Whether the tokens name at least two items of the table."""
    named = {item.code for t in region if t.kind == "label" and (item := _match_item(t.text)[0])}
    return len(named) >= 2


def _rows(region: list[Token]) -> tuple[list[_Row], str]:
    """Rows in order, and all header text seen (for the template)."""
    with_values = {t.line for t in region if t.kind == "value" and t.text}
    rows: list[_Row] = []
    header, all_headers = "", ""
    columns: list[str] = []
    header_cols: set[int] = set()
    in_header = started = False  # items count only once the table has begun (not the prose)
    row: _Row | None = None
    held = None  # (label, line, header state before it): a label taken as header by position
    section = 0
    early: list[Token] = []  # values after a header, before any row's label
    for k, t in enumerate(region):
        if t.kind == "value":
            if row is None and started and t.text and not t.grid:
                early.append(t)
            if row is None or (not t.text and t.grid and t.line != row.line):
                continue  # (a blank off the grid is a blank line's empty cell: see value_tokens)
            if t.line == row.line and row.rest and t.text:
                # (flattened: digits after the rest of its label, '86 8 - 事项 1', 861 wrapped)
                row.over = "digits after the rest of its label"
                row.below.append(t)
            elif t.line == row.line:
                row.values.append(t)
            elif not row.values or row.loose:
                row.values.append(t)
                row.loose = True
            elif t.text:
                row.below.append(t)
            continue
        pending, early = early, []  # (the values the row this label opens may take)
        if t.text in (START, END) or _SECTION.match(t.text):
            row, header, columns, in_header = None, "", [], False
            header_cols = set()
            section += 1
            started = started or t.text not in (START, END)
            continue
        if t.text == "信息内容":
            row, header, columns, in_header, started = None, "", [], True, True
            header_cols = set()
            section += 1
            continue
        if row is not None and row.values and t.line > row.line and _NUMBERS.fullmatch(t.text):
            row.below.append(t)  # (numbers in one grid cell: the line's columns slid)
            continue
        if row is not None and row.values and row.code and _rest_of_label(row, t):
            # The rest of a row's label, wrapped below its values ('其他对外管理服务 11 0 36' /
            # '事项 6 83' / '19'): the digits beside and below it are the row's wrapped numbers.
            row.label += t.text
            row.rest = True
            continue
        label = t.text
        carried: list[Token] = []  # values of a row whose label goes on below them
        carried_below: list[Token] = []  # (and the digits below those values)
        if (
            row is not None
            and t.line - row.line <= 2
            and (not row.values or row.code is None and _match_item(label)[0] is None)
        ):
            # A label wrapped onto the next line ('其他对外管理服'/'务事项'), maybe below the
            # row's values (PDF text centres them on the label's lines); a row already named
            # ('其他对外管理服务事' / '项') only takes a tail that keeps naming it.
            joined = row.label + label
            item = _match_item(joined)[0]
            if (
                item
                and item.code == (row.code or item.code)
                or row.code is None
                and _header_words(label_key(joined))
            ):
                popped = rows.pop()
                carried, carried_below = popped.values, popped.below
                pending = popped.early
                label = joined
        if held and t.line - held[1] <= 2 and _match_item(label)[0] is None:
            # The first item under a header wrapped ('行政事业' / '性收费'): its head was taken
            # for header text.
            joined = held[0] + label
            if _match_item(joined)[0]:
                header, columns, all_headers = held[2]
                label = joined
        held = None
        item, before = _match_item(label)
        # (under 信息内容, text naming no item is a header cell when its line holds no values, or,
        # all cells on one line, when no value follows it: '信息内容 | 去年事项数 | 本年增/减')
        if item is None and (
            _header_words(label_key(label))
            or in_header
            and (t.line not in with_values or _label_follows(region, k))
        ):
            if not _header_words(label_key(label)):
                held = (label, t.line, (header, list(columns), all_headers))
            header += label
            columns.extend([label] if t.col is not None else label.split())
            if t.col is not None:
                header_cols.add(t.col)
            all_headers += label
            in_header = started = True
            row = None
            continue
        if item is not None and _header_words(before):
            header, columns, all_headers = header + before, columns + [before], all_headers + before
            started = True
        if not started:
            continue
        in_header = False
        first = _match_item(before)[0] if item is not None and t.grid else None
        merged = item is not None and first is not None and first.code != item.code
        if first is not None and merged:
            # Two items' names in one cell ('行政许可<br>其他对外管理服务事项'): an OCR'd table
            # merged their rows; the values that follow are both rows' (see _merged_apart).
            rows.append(_Row(first.code, before, t.line, header, list(columns), merged=True))
        row = _Row(
            item.code if item else None,
            label,
            t.line,
            header,
            list(columns),
            carried,
            header_cols=frozenset(header_cols),
            section=section,
            below=carried_below,
            merged=merged,
            early=pending,
        )
        rows.append(row)
    _early_values_taken(rows)
    return rows, all_headers


def _rest_of_label(row: _Row, t: Token) -> bool:
    """Whether a label just below a named row names nothing alone and, joined to the row's
    label, names the row's item."""
    if t.line - row.line > 2 or _match_item(t.text)[0] is not None:
        return False
    item = _match_item(row.label + t.text)[0]
    return item is not None and item.code == row.code


def _early_values_taken(rows: list[_Row]) -> None:
    """A section's only row takes the values printed between its header and its label, where
    none follow the label: pdftotext's reading order of a WPS PDF prints a one-row section's
    value above its label ('本年处理决定数量' / '550' / '行政许可'). In a section of several rows
    they may be any row's, and stay unread."""
    sections: dict[int, list[_Row]] = {}
    for r in rows:
        sections.setdefault(r.section, []).append(r)
    for only, *others in sections.values():
        if not others and only.early and not only.values and not only.below:
            only.values, only.loose = only.early, True


_MERGED = (
    "the row's label shares its cell with another row's (the rows merged into one by the "
    "conversion), and its cells do not each hold both rows' values: which are its is not "
    "proven; left NULL"
)


def _merged_apart(rows: list[_Row]) -> dict[str | None, list[Token]]:
    """Two rows an OCR'd table merged into one, split: the first row takes each cell's first
    number, the second the other. The items of rows that cannot be so split, with the values
    they share (left NULL)."""
    unsplit: dict[str | None, list[Token]] = {}
    for a, b in itertools.pairwise(rows):
        if not (a.merged and b.merged and not a.values):
            continue
        split = None if b.below else layout.merged_apart(b.values)
        if split is None:
            unsplit[a.code] = unsplit[b.code] = b.values
        else:
            a.values, b.values = split
    return unsplit


def _label_follows(region: list[Token], k: int) -> bool:
    """Whether the next token with text after region[k] is a label, not a value."""
    return next(
        (region[j].kind != "value" for j in range(k + 1, len(region)) if region[j].text), False
    )


# ---- template and values ----------------------------------------------------------------------


def _shape(rows: list[_Row], headers: str) -> str | None:
    """2019 or 2021 from the column labels and the 2019-only items; failing that, from how many
    values the 处理决定 rows carry."""
    st = statutory()
    votes = {"2019": 0, "2021": 0}
    key = label_key(headers)
    for metric in st.metrics:
        if any(f in key for f in keys(metric.match)):
            templates = {
                t for item in st.items for t, ms in item.metrics.items() if metric.code in ms
            }
            if len(templates) == 1:
                votes[templates.pop()] += 1
    for r in rows:
        item = next((i for i in st.items if i.code == r.code), None)
        if item is not None and set(item.metrics) == {"2019"}:
            votes["2019"] += 1
    if votes["2019"] != votes["2021"]:
        return max(votes, key=lambda t: votes[t])
    counts = {len([v for v in r.values if v.text]) for r in rows if r.code == "licensing"}
    return "2021" if counts == {1} else "2019" if counts and max(counts) >= 3 else None


def _value(metric: Code, tok: Token | None, header: str, note: str | None = None) -> Value:
    if tok is None:
        return Value(None, "", "", note or "cell not in the source")
    if metric.signed:
        value: int | float | None
        value, vnote = parse_change(tok.text)
    elif metric.unit == "yuan":
        value, vnote = parse_money(tok.text, unit_of(header) or metric.default_money_unit)
    else:
        value, vnote = parse_count(tok.text)
    return Value(value, tok.text, tok.where, "; ".join(x for x in (vnote, note) if x) or None)


def _metric_header(metric: Code, row: _Row) -> str:
    """The header column that names this metric and its unit, else the whole header (the unit
    may be wrapped onto a line of its own: '采购总金额（单位：万' / '元）')."""
    for col in row.columns:
        if any(f in label_key(col) for f in keys(metric.match)) and unit_of(col):
            return col
    return row.header


def _cells(row: _Row, n: int, cols: frozenset[int] | None) -> list[Token | None] | None:
    """The row's n cells by position. Grid rows keep blank cells, unless exactly n cells are
    filled (spanned cells leave blanks that are layout, not data). More filled cells than
    columns in a grid row: those under the header's labels, when there are n (a merged cell's
    value repeated in every column it spans, as Docling and pandas.read_html write them:
    '规章 | 13 | 13 | 13 | 524' under '本年新制作数量 | 本年新公开数量 | 本年新公开数量 | 对外公开总数量');
    more cells than columns, fewer values: those in the columns of the row's values (cols, see
    _value_cols), when no value is elsewhere; as many cells as columns, fewer values, elsewhere
    than those columns: a cell lost, which one not proven. Values on lines of their own below
    the label, with blank lines holding the empty cells' places (see tokens.value_tokens), are
    in order (blank lines' cells past the row's n are no cells of it: see
    layout.without_blanks_past). None: the positions are not in the source (fewer values than
    columns, no blanks to hold the gaps), or digits need splitting."""
    filled = [v for v in row.values if v.text]
    if len(filled) == n or not filled:
        return (filled + [None] * n)[:n]
    if len(filled) > n and _in_grid(row):
        under = [v for v in row.values if v.col in row.header_cols]
        return [v if v.text else None for v in under] if len(under) == n else None
    if len(row.values) > n and row.header_cols and _in_grid(row):
        # More cells than columns, fewer values: the cells in the values' columns, unless a
        # value stands in none of them (an OCR'd markdown table's '|' read for a '1' adds a
        # cell and shifts those before it: '规范性文件 | | | 1 | 2' for '规范性文件 | 1 | 1 | 2').
        # Columns for more cells than the header has metrics prove nothing (a scan's stray rule
        # that cut '采购总金额' in two put 78800 under '采', and so in the projects' place).
        if cols is None or len(cols) != n:
            return None
        under = [v for v in row.values if v.col in cols]
        if len(under) != n or any(v.col not in cols for v in filled):
            return None
        return [v if v.text else None for v in under]
    if (
        len(row.values) == n
        and row.header_cols
        and _in_grid(row)
        and len(filled) < n
        and (cols is None or (len(cols) == n and {v.col for v in row.values} != cols))
    ):
        # As many cells as columns, a blank among them, but not in the columns of the section's
        # values: the row lost a cell and moved up ('| 政府集中采购 | 251000 | |' under '| 信息内容 |
        # 采购项目数量 | 采购总金额 | |'); its blank is no proof of which column it lost.
        return None
    loose = layout.without_blanks_past(row.values, n) if row.loose else row.values
    if row.loose and len(loose) == n and len(filled) < n and not any(v.grid for v in loose):
        return [v if v.text else None for v in loose]  # a line per cell, blank lines' too
    if len(filled) < n and (
        row.loose or len(row.values) == len(filled) or any(v.glued for v in filled)
    ):
        return None
    if len(filled) > n:
        return None  # a number wrapped over two lines, or a stray: not the first n, unproven
    if len(row.values) < n and _in_grid(row):
        # Fewer cells than columns, a blank among them: a cell lost, which one not proven
        # ('其他对外管理服务事项 | 47 | ' for 40, 47 and a blank: 47 had been published as 40).
        return None
    cells: list[Token | None] = [v if v.text else None for v in row.values]
    return (cells + [None] * n)[:n]


def _in_grid(row: _Row) -> bool:
    return not row.loose and all(v.grid and not v.glued for v in row.values)


def _value_cols(row: _Row, rows: list[_Row], n: int) -> frozenset[int] | None:
    """The grid columns of a row's values: those of the rows of its section that fill all n
    cells, when they agree (a scanned unruled table rebuilt with its labels aligned left and its
    numbers right puts each number a column right of its header's label); None when they
    disagree (positions then prove nothing); the header's labels' when no row is full."""
    full = {
        frozenset(v.col for v in r.values if v.text and v.col is not None)
        for r in rows
        if r.section == row.section
        and r.code
        and _in_grid(r)
        and sum(bool(v.text) for v in r.values) == n
    }
    if not full:
        return row.header_cols
    return full.pop() if len(full) == 1 else None


def _a_paragraph_per_cell(rows: list[_Row], widths: dict[str, int]) -> bool:
    """Whether table 二 prints each cell as a paragraph, in order (pdftotext's reading order):
    every item row holds exactly its columns' values, each alone on its line, all rows' lines
    one distance apart, at least one blank line (a number wrapped in its cell goes on at once),
    and at least one row below its label. A label may share its line with its first value where
    their baselines meet ('其他对外管理服务事项 0' / '' / '0' / '' / '0'). Not where any row is
    short, over or uneven: a value printed out of its row's order (a portal's print put a row's
    last value after the next row's label)."""
    gaps: set[int] = set()
    for r in rows:
        if r.code not in widths:
            continue
        values = [*r.values, *r.below]
        if (
            not (r.loose or len(r.values) == 1)
            or len(values) != widths[r.code]
            or any(v.grid or not v.text for v in values)
        ):
            return False
        gaps |= {b.line - a.line for a, b in itertools.pairwise(values)}
    loose = any(r.loose and len(r.values) > 1 for r in rows if r.code in widths)
    return len(gaps) == 1 and min(gaps) >= 2 and loose


_BROKEN_AT_POINT = re.compile(r"(?<![\d.．])\d+[.．]$")


def _unproven(metrics: list[Code], raw: str, where: str, note: str) -> dict[str, Value]:
    """Every cell of the row NULL, with what it printed and why its cells are not proven."""
    return {m.code: Value(None, raw, where, note) for m in metrics}


def _assign(
    row: _Row, metrics: list[Code], doc: Document, rows: list[_Row], paragraphs: bool
) -> dict[str, Value]:
    printed = [v for v in [*row.values, *row.below] if v.text]
    if row.over:
        raw = " ".join(v.text for v in printed)
        note = (
            f"values {raw!r} and {row.over} (a number wrapped?): which are its cells is not proven"
        )
        return _unproven(metrics, raw, printed[0].where, note)
    if printed and (m := _BROKEN_AT_POINT.search(row.label.rstrip())):
        # (its first digits left on the label's line: '行政事业性收费 0.' over '07', 0.07 万元,
        # had been read 07, 7 万元)
        raw = " ".join(v.text for v in printed)
        note = (
            f"the label ends in {m.group()!r}, a number's first digits wrapped after its point: "
            f"which cells {raw!r} below are is not proven"
        )
        return _unproven(metrics, f"{m.group()} {raw}", printed[0].where, note)
    if row.below and paragraphs:  # (see _a_paragraph_per_cell)
        row = replace(row, values=[*row.values, *row.below], below=[], loose=True)
    if row.below:
        # Which number the digits continue, if any, is not proven: table 二's rows have few
        # identities to confirm a join, so none of the row's cells is taken as printed.
        raw = " ".join(v.text for v in row.values if v.text)
        below = " ".join(v.text for v in row.below)
        note = (
            f"digits {below!r} on the line below the row's values {raw!r}: a number wrapped "
            "over two lines, or a stray; which cell they belong to is not proven"
        )
        return _unproven(metrics, raw, row.below[0].where, note)
    filled = [v for v in row.values if v.text]
    if row.loose and filled and not layout.in_order(filled):
        # Values below the label over lines of uneven counts ('4' over '0 47' for 40, 47 and a
        # blank): a number wrapped over lines may be among them, which cells they are unproven.
        raw = " ".join(v.text for v in filled)
        note = f"values {raw!r} over lines of uneven counts (a number wrapped?): not proven"
        return _unproven(metrics, raw, filled[0].where, note)
    cells = _cells(row, len(metrics), _value_cols(row, rows, len(metrics)))
    if cells is not None:
        return {m.code: _value(m, c, _metric_header(m, row)) for m, c in zip(metrics, cells)}
    if len(filled) > len(metrics) and not any(v.glued for v in filled):
        raw = " ".join(v.text for v in filled)
        why = (
            "and the header does not say which are its columns"
            if _in_grid(row)
            else "a number wrapped over lines, or a stray: which are its cells is not proven"
        )
        note = f"{len(filled)} values {raw!r} for {len(metrics)} columns, {why}"
        return _unproven(metrics, raw, filled[0].where, note)
    # (the narrative is searched only here: run-together digits and lost cells are rare)
    hints = _hints(doc, row.code) if row.code in _HINT_ITEMS else {}
    # Values glued to the label may be digits run together ('行政规范性文件6233440'), but values
    # apart from each other are cells, and fewer of them than columns is a cell lost, not a
    # run to cut ('行政规范性文件62 440', 33 lost, had published 6 for 62).
    if len(filled) < len(metrics) and (len(filled) != 1 or not filled[0].glued):
        return _placed(row, metrics, filled, hints)
    return _split(row, metrics, hints)


def _placed(
    row: _Row, metrics: list[Code], filled: list[Token], hints: dict[str, int]
) -> dict[str, Value]:
    """Fewer values than columns, their positions lost: each way of leaving columns out is
    tried, kept when every value can be its column's (a signed change only in a signed column,
    money only in a money column), the header (when it names only the printed columns), the
    row's rules and the narrative's counts allow it. A cell is read when every placement kept
    puts the same value in it: which column is missing must be proven, never assumed."""
    named = _named(row, metrics)
    if named is not None and _in_grid(row) and len(row.values) != len(named):
        named = None  # the grid's row has cells its header does not name: it lost no column
    rules = statutory().rules
    kept: list[dict[str, Value | None]] = []
    for cols in itertools.combinations(range(len(metrics)), len(filled)):
        placed = dict(zip(cols, filled))
        if named is not None and len(named) == len(filled) and named != cols:
            continue
        cells = {
            m.code: _value(m, placed[i], _metric_header(m, row)) if i in placed else None
            for i, m in enumerate(metrics)
        }
        values = {k: v.value for k, v in cells.items() if v is not None}
        if (
            all(_fits(m, placed[i]) for i, m in enumerate(metrics) if i in placed)
            and all(values.get(k, h) == h for k, h in hints.items())
            and all(rule.holds(values) for rule in rules)
        ):
            kept.append(cells)
    raw = " ".join(v.text for v in filled)
    unreadable = [  # (damaged: digits a speck parted, maybe several cells run together)
        t
        for t in filled
        if all(_value(m, t, _metric_header(m, row)).value is None for m in metrics)
        and parse_count(t.text)[1] != NOT_APPLICABLE
    ]
    out = {}
    for m in metrics:
        seen = {(c.raw, c.where) if (c := k[m.code]) else None for k in kept}
        cell = kept[0][m.code] if kept and len(seen) == 1 else None
        if cell is not None:
            note = f"{len(filled)} values for {len(metrics)} columns: the only placement the header, rules and narrative allow"
            out[m.code] = Value(
                cell.value, cell.raw, cell.where, "; ".join(x for x in (cell.note, note) if x)
            )
        elif kept and len(seen) == 1 and not unreadable:
            out[m.code] = Value(
                None,
                "",
                "",
                "cell not in the source (the placement of the printed values is proven)",
            )
        elif kept and len(seen) == 1:
            out[m.code] = Value(
                None,
                raw,
                unreadable[0].where,
                f"no value placed here; the row's unreadable {unreadable[0].text!r} may hold it "
                "(digits run together)",
            )
        else:
            out[m.code] = Value(
                None,
                raw,
                filled[0].where,
                f"{len(filled)} values {raw!r} for {len(metrics)} columns: which column is "
                f"missing is not proven ({len(kept)} placements possible)",
            )
    return out


def _named(row: _Row, metrics: list[Code]) -> tuple[int, ...] | None:
    """The metrics the header in force names, in order, when each of its columns names exactly
    one (a header wrapped or truncated into pieces proves nothing)."""
    found = []
    for col in row.columns:
        hits = [i for i, m in enumerate(metrics) if any(f in label_key(col) for f in keys(m.match))]
        if len(hits) != 1:
            return None
        found.append(hits[0])
    return tuple(found) if found and found == sorted(set(found)) else None


def _fits(metric: Code, tok: Token) -> bool:
    """Whether a printed value can be this metric's: a signed number names the change column,
    money words or decimals the money column; an n/a mark ('-') may stand in any."""
    if re.search(r"[增减+\-－]\s*\d", tok.text):
        return metric.signed
    if re.search(r"[万亿元]|\d\.\d", tok.text):
        return metric.unit == "yuan"
    return True


def _split(row: _Row, metrics: list[Code], hints: dict[str, int]) -> dict[str, Value]:
    """Run-together digits: every split into the row's cells (no leading zeros) that satisfies
    the row's consistency rules (statutory.toml) and the narrative's counts; a cell is read when
    all splits agree."""
    filled = [v for v in row.values if v.text]
    digits = "".join(re.sub(r"\D", "", v.text) for v in filled)
    raw = " ".join(v.text for v in filled)
    where = filled[0].where
    n = len(metrics)
    found: list[dict[str, int | float | None]] = []
    if len(digits) <= _MAX_SPLIT_DIGITS and all(re.fullmatch(r"\d+", v.text) for v in filled):
        run = Token("run", digits, where, row.line)
        cuts = sorted(  # (in the order of their cuts, left to right)
            (tuple(v.value for v in values) for values in layout.splits([run], n, ())),
            key=lambda parts: tuple(len(str(p)) for p in parts),
        )
        rules = statutory().rules
        for parts in cuts:
            values = dict(zip((m.code for m in metrics), parts))
            if all(rule.holds(values) for rule in rules):
                found.append(values)
    agreeing = [f for f in found if all(f[k] == hints[k] for k in hints if k in f)]
    if agreeing:
        found = agreeing
    out = {}
    for m in metrics:
        seen = {f[m.code] for f in found}
        if len(seen) == 1:
            value = seen.pop()
            note = f"split from run-together digits {raw!r}" + (
                f" ({len(found)} consistent splits agree on it)" if len(found) > 1 else ""
            )
            out[m.code] = Value(value, raw, where, note)
        else:
            splits = " | ".join("/".join(str(f[k.code]) for k in metrics) for f in found[:6])
            out[m.code] = Value(
                None,
                raw,
                where,
                f"run-together digits {raw!r}: no single "
                f"consistent split (candidates: {splits or 'none'})",
            )
    return out


# What the narrative says about the normative documents and regulations: used only to choose
# among the splits of run-together digits.
_HINT_VERBS = {"issued": "制发|印发|出台|制定", "repealed": "废止|清理废止", "in_force": "现行有效"}
_HINT_ITEMS = {"normative_documents": "(?:行政)?规范性文件", "regulations": "规章"}


def _hints(doc: Document, item: str) -> dict[str, int]:
    text = doc.text
    out = {}
    for metric, verbs in _HINT_VERBS.items():
        pattern = rf"(?:{verbs})[^，。；\d]{{0,8}}?{_HINT_ITEMS[item]}\s*(\d+)\s*[件个份部]"
        counts = {int(m[1]) for m in re.finditer(pattern, text)}
        if len(counts) == 1:
            out[metric] = counts.pop()
    return out


def _spans(region: list[Token], rows: list[_Row], widths: dict[str, int]) -> list[Span]:
    """Each row's lines, from its label's to the next token's."""
    lines = sorted({t.line for t in region})
    spans = []
    for r in rows:
        last = max([r.line, *(t.line for t in r.values + r.below)])
        spans.append(Span(r.line, following(lines, last), r.values + r.below, widths[r.code or ""]))
    return spans


def _empty_cells(
    region: list[Token], rows: list[_Row], spans: list[Span], empty: dict[int, str], ending: bool
) -> None:
    """Each row printed a cell per line below its label, its empty cells as empty lines, given
    those cells (see `tokens.empty_cells`)."""
    if not empty or not region:
        return
    lines = sorted({t.line for t in region})
    for r, cells in zip(rows, empty_cells(spans, lines[0], lines, empty, ending) or []):
        if cells is not None:
            r.values, r.below, r.loose = cells, [], True


def _mark_over(rows: list[_Row], spans: list[Span], doc: Document, empty: dict[int, str]) -> None:
    """Mark the rows printed a cell per line below their label whose lines hold one too many for
    their cells: a number wrapped over two lines beside a blank cell prints as many value lines
    as the row has columns ('4' / '0' / '47' / '' for 40, 47 and a blank: 003's
    其他对外管理服务事项), and reading them in order had published 4, 0 and 47, every check
    passing. Where the page parts every line by a blank one (a paragraph per cell, docx2txt), a
    cell is a paragraph: two values on successive lines are one cell's. Elsewhere a row holding
    all its values is over where its lines hold more empty lines than the table's other full
    rows do: none where empty lines are proven cells, one where an empty line parts the rows (as
    003's crawl prints them). The last row's lines end at its last value (spacer paragraphs may
    follow the table)."""
    if not any(r.loose for r in rows):
        return
    if every_line_parted(doc.lines):
        for r, s in zip(rows, spans):
            filled = [t for t in s.values if t.text]
            if any(b.line - a.line == 1 for a, b in itertools.pairwise(filled)):
                r.over = "two of them on successive lines, where every cell is a paragraph"
        return
    blank = empty or empty_lines(doc.lines)
    last = len(spans) - 1
    empties: dict[int, int] = {}  # each full row's empty lines, by its index
    plain = []  # those of the full rows but the last printed a value a line from their label on
    for k, s in enumerate(spans):
        if sum(bool(t.text) for t in s.values) < s.n:
            continue
        end = s.end if k < last else max(t.line for t in s.values)
        empties[k] = sum(i in blank for i in range(s.after + 1, end))
        if k < last and [t.line - s.after for t in s.values] == list(range(1, len(s.values) + 1)):
            plain.append(empties[k])
    parting = 0 if empty else min(plain, default=None)
    if parting is None or (not empty and plain.count(parting) < 2):
        return
    # A section narrower than the table pads its header as its rows, an empty line for the cells
    # it leaves out (LibreOffice's text of a page: '信息内容' / '处理决定数量' / '' / '行政许可' /
    # '4529' / ''): the empty lines right above a section's first row are its rows' too.
    padding: dict[int, int] = {}
    for r in rows:
        if r.section not in padding:
            padding[r.section] = next(i for i in itertools.count() if r.line - 1 - i not in blank)
    for k, n in empties.items():
        if n > max(parting, padding[rows[k].section]):
            rows[k].over = "an empty line more than the table's other full rows print"


def read(doc: Document, empty: dict[int, str] | None = None, ending: bool = False) -> TableResult:
    """Table 二 of the document; ``empty``: its empty lines (`tokens.empty_lines`), where table 三
    shows they are its empty cells; ``ending``: whether its blank cells ending the table may be
    read so (see `tokens.empty_cells`)."""
    region = _region(doc.lines)
    rows, headers = _rows(region)
    items = [r for r in rows if r.code]
    if len({r.code for r in items}) < 2:
        return TableResult(warnings=["table 二 not found"])
    shape = _shape(rows, headers)
    if shape is None:
        return TableResult(warnings=["table 二 found but its template could not be told"])
    st = statutory()
    result = TableResult(found=True, shape=shape)
    by_code: dict[str, _Row] = {}
    for r in items:
        if r.code is not None and (
            r.code not in by_code or (not by_code[r.code].values and r.values)
        ):
            by_code[r.code] = r
    unsplit = _merged_apart(rows)
    widths = {i.code: len(st.metrics_for(i, shape)) for i in st.items}
    cells = [r for r in rows if r.code in widths]
    spans = _spans(region, cells, widths)
    _mark_over(cells, spans, doc, empty or {})
    _empty_cells(region, cells, spans, empty or {}, ending)
    paragraphs = _a_paragraph_per_cell(rows, widths)
    for item in st.items:
        metrics = [st.metric(c) for c in st.metrics_for(item, shape)]
        if not metrics:
            continue
        row = by_code.get(item.code)
        if row is None:
            for m in metrics:
                result.values[item.code, m.code] = Value(None, "", "", "row not in the source")
            continue
        if (shared := unsplit.get(item.code)) is not None:
            raw = " ".join(v.text for v in shared if v.text)
            where = shared[0].where if shared else ""
            for m in metrics:
                result.values[item.code, m.code] = Value(None, raw, where, _MERGED)
            continue
        for code, cell in _assign(row, metrics, doc, rows, paragraphs).items():
            result.values[item.code, code] = cell
    seen_item = False
    for r in rows:
        seen_item = seen_item or r.code is not None
        if r.code is None and seen_item and r.values and len(r.label) <= 20:
            for i, tok in enumerate(v for v in r.values if v.text):
                column = r.columns[i] if i < len(r.columns) else f"column {i + 1}"
                value, note = parse_count(tok.text)
                result.extra["二", r.label, column] = Value(value, tok.text, tok.where, note)
    return result
