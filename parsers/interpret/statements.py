"""Tables a report does not print: a sentence in their place ("本年度未收到政府信息公开申请",
"未发生行政复议、行政诉讼"), or a heading standing without its table (the table was an image the
source did not carry). Either way the document is an annual report with a table missing, and a
sentence's zeros are derived values with the sentence as their provenance, never published cells.
The wordings are data (statutory.toml: ``statements``, ``headings``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..document import Document
from ..templates import statutory
from .labels import keys, label_key

_HEADING = 40  # characters: a heading is short (a sentence naming the table is no heading)
_QUOTE = 60  # characters of a sentence quoted as a reason or provenance


@dataclass(frozen=True)
class Missing:
    table: str
    reason: str  # for a person
    quote: str | None  # the sentence printed instead of the table
    where: str
    rows: tuple[str, ...] = ()  # (table 三) the rows the sentence says are 0; () for every cell


@cache
def _patterns() -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
    return tuple(
        (s.table, s.rows, re.compile("|".join(f"(?:{p})" for p in s.patterns)))
        for s in statutory().statements
    )


def read(doc: Document, tables: tuple[str, ...]) -> dict[str, Missing]:
    """Why each of ``tables`` (not found by its reader) is missing, where the report says so."""
    text = [(ln.cells[0].where, ln.text) for ln in doc.lines if not ln.is_row and ln.cells]
    out: dict[str, Missing] = {}
    for table, rows, pattern in _patterns():
        if table not in tables or table in out:
            continue
        for where, line in text:
            if m := pattern.search(line):
                quote = _sentence(line, m.start(), m.end())
                out[table] = Missing(
                    table,
                    f"table {table} not printed: the report states {quote!r}",
                    quote,
                    where,
                    rows,
                )
                break
    for table, words in statutory().headings:
        if table not in tables or table in out:
            continue
        numbered = _numbered(words)
        for where, line in text:
            key = label_key(line)
            if (len(key) <= _HEADING and any(w in key for w in keys(words))) or numbered.search(
                line
            ):
                out[table] = Missing(
                    table,
                    f"table {table}: its heading stands without a table that could be read "
                    f"({where}; an image the source did not carry?)",
                    None,
                    where,
                )
                break
    return out


@cache
def _numbered(words: tuple[str, ...]) -> re.Pattern[str]:
    """A heading with its section number inside running text ("…。二、主动公开政府信息情况…", as a
    flattened crawl prints it); the introduction's list of sections names them unnumbered."""
    return re.compile(
        r"[一二三四五六七八九十]\s*[、.．]\s*(?:政府信息公开)?(?:"
        + "|".join(map(re.escape, words))
        + ")"
    )


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence around line[start:end], at most _QUOTE characters."""
    a = max((line.rfind(p, 0, start) for p in "。；;！!"), default=-1) + 1
    ends = [i for i in (line.find(p, end) for p in "。；;！!") if i >= 0]
    b = min(ends) + 1 if ends else len(line)
    s = line[a:b].strip()
    return s if len(s) <= _QUOTE else line[start:end]
