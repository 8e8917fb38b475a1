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
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from ..document import Document, Line
from ..report import Value
from ..templates import Code, statutory
from .labels import keys, label_key
from .result import TableResult
from .values import NOT_APPLICABLE, parse_count

START = "主动公开政府信息情况"
END = "收到和处理政府信息公开申请情况"
_MARKERS = re.compile(
    rf"({START}|{END}|信息内容|第[一二三四五六七八九十]+条第?\s*[（(]?[一二三四五六七八九十]+[）)]?\s*项)"
)
_SECTION = re.compile(r"^第[一二三四五六七八九十]+条")
# A value: an optional sign or 增/减, digits (a decimal point may have a stray space after it:
# '2429. 9828万元'), an optional money or count unit.
_NUM = re.compile(
    r"(?:[增减][加少]?\s*|[+\-－−])?\d[\d,，]*(?:[.．]\s?\d+)?(?:\s*(?:万元|亿元|千元|元|万|件|个))?"
)
_NOT_VALUE_AFTER = tuple(".．、年月日号%％项条")
_MD_RULE = re.compile(r":?-{2,}:?")
_PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)$")
_MAX_SPLIT_DIGITS = 16
_MAX_DIGITS = 15  # longer digit strings are no table value (and int() refuses > 4300 digits)
_LABEL_SLACK = 4  # characters a row label may carry besides its item's name ('其中：', '1.')


class _Tok(NamedTuple):
    kind: str  # "label" or "value"
    text: str
    where: str
    line: int
    col: int | None = None  # grid column, when the line is a grid row
    glued: bool = False  # digits printed right after the label text: may be several cells


@dataclass
class _Row:
    code: str | None  # the item, or None for a row the agency added
    label: str
    line: int
    header: str  # header text in force (units, column labels)
    columns: list[str]  # header column labels in force
    values: list[_Tok] = field(default_factory=list)
    loose: bool = False  # values came from the lines below the label


# ---- values -----------------------------------------------------------------------------------

_UNIT_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}


def _fold(text: str) -> str:
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    return re.sub(r"[\s\u3000?\u200b-\u200f\ufeff]", "", text)


def parse_change(text: str) -> tuple[int | None, str | None]:
    """本年增/减: '增3' → 3, '减2' / '-2' → -2, '持平' → 0; otherwise as a count. Never raises."""
    if not isinstance(text, str):
        return None, "unreadable: not text"
    s = _fold(text)
    m = re.fullmatch(
        r"(增加?|增长|新增|\+)(\d{1,15})[件个项]?|(减少?|下降|[-−—])(\d{1,15})[件个项]?", s
    )
    if m:
        return (int(m[2]), None) if m[2] else (-int(m[4]), None)
    if s in ("持平", "无变化", "不变"):
        return 0, f"{text.strip()!r} read as 0"
    if len(re.sub(r"\D", "", s)) > _MAX_DIGITS:
        return None, f"unreadable: {len(s)} characters of digits"
    return parse_count(text, signed=True)


_YUAN = re.compile(r"(?:^|[\d（(:：额位])元(?:$|[)）])")


@lru_cache(maxsize=4096)  # headers repeat on every row of table 二
def unit_of(text: str) -> str | None:
    """The money unit a cell or header names: '（单位：万元）', '7.88万元', '（元）'; also once
    label_key dropped the brackets (header text run together with a row label: '金额元')."""
    if "元" not in text:
        return None
    s = _fold(text)
    for unit in ("亿元", "千元", "万元"):
        if unit in s:
            return unit
    return "元" if _YUAN.search(s) else None


def parse_money(text: str, unit: str | None = "元") -> tuple[int | float | None, str | None]:
    """An amount in yuan. A unit in the cell wins over `unit` (the header's or the template's
    default). Integral amounts are ints. Never raises."""
    if not isinstance(text, str):
        return None, "unreadable: not text"
    s = _fold(text)
    if not s:
        return None, None
    if not re.search(r"\d", s) and parse_count(s)[1] == NOT_APPLICABLE:
        return None, NOT_APPLICABLE
    m = re.fullmatch(
        r"(\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,15})?)(亿元|千元|万元|万|元)?", s.replace("，", ",")
    )
    if not m:
        return None, f"unreadable amount: {text.strip()!r}"
    used = m[2] or unit or "元"
    try:
        amount = Decimal(m[1].replace(",", "")) * _UNIT_FACTORS[used]
    except (InvalidOperation, KeyError):
        return None, f"unreadable amount: {text.strip()!r}"
    value = int(amount) if amount == amount.to_integral_value() else float(amount)
    return value, None if used == "元" else f"{m[1]} {used} in yuan"


# ---- tokens -----------------------------------------------------------------------------------


def _tokens(lines: list[Line], first: int = 0) -> Iterator[_Tok]:
    """The tokens of lines[first:], line by line: the reader stops at the table's end."""
    for i in range(first, len(lines)):
        line = lines[i]
        if line.is_row and len(line.cells) > 1:
            texts = [c.text.strip() for c in line.cells]
            if all(not t or _MD_RULE.fullmatch(t) for t in texts):
                continue  # markdown rule or an empty row
            for col, (cell, text) in enumerate(zip(line.cells, texts)):
                labels = _grid_labels(text) if len(text) <= 200 else _labels(text)
                if labels is None:
                    yield _Tok("value", text, cell.where, i, col)
                else:
                    yield from (_Tok("label", part, cell.where, i, col) for part in labels)
        else:
            for cell in line.cells:
                if not _PAGE_NUMBER.match(cell.text.strip()):
                    yield from _text_toks(cell.text, cell.where, i)


def _is_value(text: str) -> bool:
    return bool(_NUM.fullmatch(text)) or parse_count(text)[1] == NOT_APPLICABLE


def _label_parts(text: str) -> tuple[str, ...]:
    """A label, with the table's markers (title, section, 信息内容) cut out as labels of their own."""
    return tuple(p.strip() for p in _MARKERS.split(text) if p and p.strip())


def _labels(text: str) -> tuple[str, ...] | None:
    """None for a grid cell holding a value (or blank), else its label parts."""
    return None if not text or _is_value(text) else _label_parts(text)


_grid_labels = lru_cache(maxsize=65536)(_labels)  # cells repeat: "0", labels, headers


def _label_toks(text: str, where: str, line: int) -> list[_Tok]:
    """The label parts of running text; dashes or 无 standing apart before or after a label
    ('行政许可 - - 5') are n/a cells of the row."""
    out = []
    for part in _label_parts(text):
        pieces = part.split()
        a, b = 0, len(pieces)
        while a < b and _not_applicable(pieces[a]):
            a += 1
        while b > a and _not_applicable(pieces[b - 1]):
            b -= 1
        out.extend(_Tok("value", p, where, line) for p in pieces[:a])
        if a < b:
            label = part if (a, b) == (0, len(pieces)) else " ".join(pieces[a:b])
            out.append(_Tok("label", label, where, line))
        out.extend(_Tok("value", p, where, line) for p in pieces[b:])
    return out


def _not_applicable(piece: str) -> bool:
    return len(piece) <= 3 and parse_count(piece)[1] == NOT_APPLICABLE


def _text_toks(text: str, where: str, line: int) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for m in _NUM.finditer(text):
        a, b = m.span()
        if text[b : b + 1] in _NOT_VALUE_AFTER or text[a - 1 : a] == "第":
            continue  # an enumerator or a date, part of the label
        out.extend(_label_toks(text[pos:a], where, line))
        glued = a > 0 and not text[a - 1].isspace()
        span = where if (a, b) == (0, len(text)) else f"{where} chars {a + 1}-{b}"
        out.append(_Tok("value", m.group().strip(), span, line, glued=glued))
        pos = b
    out.extend(_label_toks(text[pos:], where, line))
    return out


# ---- rows -------------------------------------------------------------------------------------


def _match_item(label: str) -> tuple[Code | None, str]:
    """The item a label names, and the text before it (header words in run-together text). The
    item's name must end the label and leave little else, unless what precedes is header text."""
    return _cached_match(label) if len(label) <= 200 else _match(label)


def _match(label: str) -> tuple[Code | None, str]:
    key = label_key(label)
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


def _region(lines: list[Line]) -> list[_Tok]:
    """The tokens between the table's title and table 三's: the first such stretch naming at
    least two items (the report's introduction lists the section titles back to back). Only the
    lines from the first title on are read (a title token comes from a cell holding the title)."""
    first = next((i for i, ln in enumerate(lines) if any(START in c.text for c in ln.cells)), None)
    if first is None:  # no title: from the first section (第二十条…) on
        toks = itertools.dropwhile(
            lambda t: not (t.kind == "label" and _SECTION.match(t.text)), _tokens(lines)
        )
        region = list(itertools.takewhile(lambda t: t.text != END, toks))
        return region if _names_items(region) else []
    buf: list[_Tok] = []  # the tokens from the earliest title not yet closed by an END on
    opened: list[int] = []  # where each such title is in buf
    for t in _tokens(lines, first):
        if t.text == END and opened:
            region = next((r for s in opened if _names_items(r := buf[s + 1 :])), None)
            if region is not None:
                return region
            buf, opened = [], []
            continue
        if t.kind == "label" and t.text == START:
            opened.append(len(buf))
        if opened:
            buf.append(t)
    return next((r for s in opened if _names_items(r := buf[s + 1 :])), [])


def _names_items(region: list[_Tok]) -> bool:
    """Whether the tokens name at least two items of the table."""
    named = {item.code for t in region if t.kind == "label" and (item := _match_item(t.text)[0])}
    return len(named) >= 2


def _rows(region: list[_Tok]) -> tuple[list[_Row], str]:
    """Rows in order, and all header text seen (for the template)."""
    with_values = {t.line for t in region if t.kind == "value" and t.text}
    rows: list[_Row] = []
    header, columns, all_headers = "", [], ""
    in_header = started = False  # items count only once the table has begun (not the prose)
    row: _Row | None = None
    held = None  # (label, line, header state before it): a label taken as header by position
    for t in region:
        if t.kind == "value":
            if row is None or (not t.text and t.line != row.line):
                continue
            if t.line == row.line:
                row.values.append(t)
            elif not row.values or row.loose:
                row.values.append(t)
                row.loose = True
            continue
        if t.text in (START, END) or _SECTION.match(t.text):
            row, header, columns, in_header = None, "", [], False
            started = started or t.text not in (START, END)
            continue
        if t.text == "信息内容":
            row, header, columns, in_header, started = None, "", [], True, True
            continue
        label = t.text
        carried: list[_Tok] = []  # values of a row whose label goes on below them
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
                carried = rows.pop().values
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
        if item is None and (
            _header_words(label_key(label)) or in_header and t.line not in with_values
        ):
            if not _header_words(label_key(label)):
                held = (label, t.line, (header, list(columns), all_headers))
            header += label
            columns.extend([label] if t.col is not None else label.split())
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
        row = _Row(item.code if item else None, label, t.line, header, list(columns), carried)
        rows.append(row)
    return rows, all_headers


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
        return max(votes, key=votes.get)
    counts = {len([v for v in r.values if v.text]) for r in rows if r.code == "licensing"}
    return "2021" if counts == {1} else "2019" if counts and max(counts) >= 3 else None


def _value(metric: Code, tok: _Tok | None, header: str, note: str | None = None) -> Value:
    if tok is None:
        return Value(None, "", "", note or "cell not in the source")
    if metric.signed:
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


def _cells(row: _Row, n: int) -> list[_Tok | None] | None:
    """The row's n cells by position. Grid rows keep blank cells, unless exactly n cells are
    filled (spanned cells leave blanks that are layout, not data). None: digits need splitting."""
    filled = [v for v in row.values if v.text]
    if len(filled) == n or row.loose:
        return (filled + [None] * n)[:n]
    if len(filled) < n and any(v.glued for v in filled):
        return None
    cells: list[_Tok | None] = [v if v.text else None for v in row.values]
    return (cells + [None] * n)[:n]


def _assign(row: _Row, metrics: list[Code], doc: Document) -> dict[str, Value]:
    cells = _cells(row, len(metrics))
    if cells is not None:
        return {m.code: _value(m, c, _metric_header(m, row)) for m, c in zip(metrics, cells)}
    # (the narrative is searched only here: run-together digits are rare)
    return _split(row, metrics, _hints(doc, row.code) if row.code in _HINT_ITEMS else {})


def _consistent(values: dict[str, int]) -> bool:
    """What every published table 二 row satisfies: new documents published cannot exceed all
    documents published; documents issued and not repealed are in force at year end; a
    decrease cannot remove more items than there were."""
    v = values.get

    def known(*keys: str) -> bool:
        return all(v(k) is not None for k in keys)

    return not (
        known("new_published", "total_published")
        and v("new_published") > v("total_published")
        or known("issued", "repealed", "in_force")
        and v("in_force") < v("issued") - v("repealed")
        or known("prior_year_items", "change")
        and v("change") < -v("prior_year_items")
    )


def _split(row: _Row, metrics: list[Code], hints: dict[str, int]) -> dict[str, Value]:
    """Run-together digits: every split into the row's cells (no leading zeros) that satisfies
    the row's constraints and the narrative's counts; a cell is read when all splits agree."""
    filled = [v for v in row.values if v.text]
    digits = "".join(re.sub(r"\D", "", v.text) for v in filled)
    raw = " ".join(v.text for v in filled)
    where = filled[0].where
    n = len(metrics)
    found = []
    if len(digits) <= _MAX_SPLIT_DIGITS and all(re.fullmatch(r"\d+", v.text) for v in filled):
        for cuts in itertools.combinations(range(1, len(digits)), n - 1):
            parts = [digits[a:b] for a, b in itertools.pairwise((0, *cuts, len(digits)))]
            if any(len(p) > 1 and p[0] == "0" for p in parts):
                continue
            values = {m.code: int(p) for m, p in zip(metrics, parts)}
            if _consistent(values):
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


def read(doc: Document) -> TableResult:
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
        if r.code not in by_code or (not by_code[r.code].values and r.values):
            by_code[r.code] = r
    for item in st.items:
        metrics = [st.metric(c) for c in st.metrics_for(item, shape)]
        if not metrics:
            continue
        row = by_code.get(item.code)
        if row is None:
            for m in metrics:
                result.values[item.code, m.code] = Value(None, "", "", "row not in the source")
            continue
        for code, value in _assign(row, metrics, doc).items():
            result.values[item.code, code] = value
    seen_item = False
    for r in rows:
        seen_item = seen_item or r.code is not None
        if r.code is None and seen_item and r.values and len(r.label) <= 20:
            for i, tok in enumerate(v for v in r.values if v.text):
                column = r.columns[i] if i < len(r.columns) else f"column {i + 1}"
                value, note = parse_count(tok.text)
                result.extra["二", r.label, column] = Value(value, tok.text, tok.where, note)
    return result
