"""Maps a Document onto the statutory templates, as one pipeline: the document's tokens
(tokens.py) → each row's possible layouts (layout.py) → tables 二/三/四 → the report's metadata.
Values are read in one place (values.py); what the templates are is data (statutory.toml)."""

from __future__ import annotations

from ..document import Document
from ..report import Report
from . import metadata, table2, table3, table4
from .tokens import tokens


def detect_template(table2_shape: str | None, table3_shape: str | None) -> str | None:
    """From the tables' own labels and shape, never from the year: a 2021 table 二 beside a
    table 三 with the single 2019 （六）其他处理 row is a hybrid."""
    if table2_shape == "2021" and table3_shape == "2019":
        return "hybrid"
    return table3_shape or table2_shape


def interpret(doc: Document) -> Report:
    t2 = table2.read(doc)
    toks = tokens(doc)  # one token stream for tables 三 and 四
    t3 = table3.read(toks)
    t4 = table4.read(toks)
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
    return report
