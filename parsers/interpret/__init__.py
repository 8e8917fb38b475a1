"""Maps a Document onto the statutory templates, as one pipeline: the document's tokens
(tokens.py) → each row's possible layouts (layout.py) → tables 二/三/四 → the report's metadata.
Values are read in one place (values.py); what the templates are is data (statutory.toml)."""

from __future__ import annotations

from ..document import Document
from ..identities import applicants
from ..report import Report, Value
from ..templates import statutory
from . import metadata, readings, statements, table2, table3, table4
from .tokens import empty_lines, letters_joined, tokens, without_page_numbers


def detect_template(table2_shape: str | None, table3_shape: str | None) -> str | None:
    """From the tables' own labels and shape, never from the year: a 2021 table 二 beside a
    table 三 with the single 2019 （六）其他处理 row is a hybrid."""
    if table2_shape == "2021" and table3_shape == "2019":
        return "hybrid"
    return table3_shape or table2_shape


def _tables(doc: Document) -> readings.Tables:
    toks = tokens(doc)  # one token stream for tables 三 and 四
    empty = empty_lines(doc.lines)
    t3 = table3.read(toks, empty)
    if not (t3.found and t3.empty_cells):  # (table 三, the table of most rows, shows it or not)
        empty = {}
    ending = not t3.spacers  # (and whether blank cells ending a table may be read so)
    return table2.read(doc, empty, ending), t3, table4.read(toks, empty, ending)


def interpret(doc: Document) -> Report:
    laid_out = doc.laid_out
    doc = letters_joined(without_page_numbers(doc))
    t2, t3, t4 = _tables(doc)
    if laid_out is not None:
        template = detect_template(t2.shape, t3.shape) or "2019"
        positions = _tables(letters_joined(without_page_numbers(laid_out)))
        t2, t3, t4 = readings.best((t2, t3, t4), positions, template)
    meta = metadata.read(doc)
    report = Report(
        agency=meta.agency,
        province=meta.province,
        city=meta.city,
        county=meta.county,
        admin_code=meta.admin_code,
        report_year=meta.report_year,
        meta_notes=list(meta.notes),
        template=detect_template(t2.shape, t3.shape),
        source_format=doc.format,
        text="\n".join(ln.text for ln in doc.lines if not ln.is_row),
    )
    for found, name, result in ((t2.found, "二", t2), (t3.found, "三", t3), (t4.found, "四", t4)):
        if found:
            report.tables_found.add(name)
        report.warnings.extend(result.warnings)
    # What the backend repaired or left unread in the source is worth a warning.
    report.warnings.extend(n for n in doc.notes if n.startswith(("truncated", "very large")))
    report.proactive = t2.values
    report.extra = {**t2.extra, **t3.extra}
    report.requests = t3.values
    report.review_litigation = t4.values
    # (a table whose reader found its title but read no value may be one a sentence replaced)
    read = {"二": t2, "三": t3, "四": t4}
    absent = tuple(
        name
        for name, result in read.items()
        if not result.found or all(v.value is None for v in result.values.values())
    )
    if absent:
        _missing(report, statements.read(doc, absent))
    return report


def _missing(report: Report, missing: dict[str, statements.Missing]) -> None:
    """Tables the report does not print: why, and the zeros a sentence in their place implies,
    as NULL cells quoting the sentence with a derived 0 beside them."""
    s = statutory()
    for table, m in missing.items():
        if table not in report.tables_found:
            report.missing[table] = m.reason
        if m.quote is None:
            continue
        if table == "三":
            name, cells = "requests", [(r, a) for r in m.rows for a in applicants()]
        elif table == "四":
            name = "review_litigation"
            cells = [(p.code, r.code) for p in s.proceedings for r in s.results]
        else:
            continue
        grid = report.requests if name == "requests" else report.review_litigation
        for key in cells:
            grid.setdefault(key, Value(None, m.quote, m.where, m.reason))
            report.stated[(name, key)] = (0, f"stated in words: {m.quote!r} ({m.where})")
