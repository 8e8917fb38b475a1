"""A parsed report: metadata and every cell read, each with its provenance.

Values are stored as published. ``value`` is None when the cell is blank, not applicable
(``-``, ``/``, ``无``) or unreadable; ``raw`` keeps the source text and ``where`` its position,
``note`` says how an ambiguous cell was resolved (or why it was left None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import SourceFormat


@dataclass(frozen=True)
class Value:
    value: int | float | None
    raw: str
    where: str
    note: str | None = None


@dataclass
class Report:
    # Metadata (simplified Chinese). None where unknown; `meta_notes` says why.
    agency: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_code: str | None = None
    report_year: int | None = None
    template: str | None = None  # "2019", "2021" or "hybrid"
    meta_notes: list[str] = field(default_factory=list)

    # Table 三: (row_code, applicant) -> Value. Only the detected template's rows.
    requests: dict[tuple[str, str], Value] = field(default_factory=dict)
    # Table 四: (proceeding, result) -> Value.
    review_litigation: dict[tuple[str, str], Value] = field(default_factory=dict)
    # Table 二: (item, metric) -> Value; money already in yuan.
    proactive: dict[tuple[str, str], Value] = field(default_factory=dict)
    # Rows an agency added to a table on its own: (table, label, column label) -> Value.
    extra: dict[tuple[str, str, str], Value] = field(default_factory=dict)

    # Which of the tables "二", "三", "四" were found.
    tables_found: set[str] = field(default_factory=set)
    # Tables the report does not print, and why (a sentence in their place, a heading alone).
    missing: dict[str, str] = field(default_factory=dict)
    # Cells a sentence says are 0 ("本年度未收到政府信息公开申请"): ("requests" |
    # "review_litigation", cell key) -> (value, provenance). Never published values: kept apart,
    # as identities.derive's repairs are.
    stated: dict[tuple[str, tuple[str, str]], tuple[int, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source_format: SourceFormat | None = None
    # Running text (lines outside table grids), so checks can compare what the report says in
    # words (一、总体情况: 共收到9宗…) with its tables.
    text: str = ""

    @property
    def status(self) -> str:
        if self.tables_found >= {"二", "三", "四"}:
            return "parsed"
        return "partial" if self.tables_found or self.missing else "failed"

    @property
    def error(self) -> str | None:
        missing = [t for t in ("二", "三", "四") if t not in self.tables_found]
        if not missing:
            return None
        unexplained = [t for t in missing if t not in self.missing]
        reasons = [self.missing[t] for t in missing if t in self.missing]
        if unexplained:
            reasons.insert(0, "table " + "/".join(unexplained) + " not found")
        said = {f"table {t} not found" for t in missing}  # (a reader's warning, said above)
        return "; ".join(reasons + [w for w in self.warnings if w not in said])
