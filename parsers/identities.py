"""The identities every complete report satisfies (shared/spec/codes.md), as code.

Used twice: by the table readers, to accept a layout of cells only when the identities single it
out, and by the warehouse, to flag reports whose published numbers do not add up. A check that
has no complete set of cells to compare is not evaluable and does not pass: absence of evidence
is not agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from .report import Report
from .templates import Code, statutory

# Value.where of a cell whose row or column was not found in the source at all.
NOT_FOUND = "not found"
OUTCOME_GROUPS = ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6")
RESULT_PARTS = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str
    severity: str  # "error": the published numbers contradict; "warning": cannot be evaluated


Grid = dict[tuple[str, str], "int | float | None"]


def applicants() -> tuple[str, ...]:
    return tuple(a.code for a in statutory().applicants)


def outcome_rows(rows: tuple[Code, ...]) -> tuple[str, ...]:
    return tuple(r.code for r in rows if r.group in OUTCOME_GROUPS)


def _sum_known(grid: Grid, keys) -> int | None:
    vals = [grid.get(k) for k in keys]
    return None if any(v is None for v in vals) else sum(vals)


def table3_equations(rows: tuple[Code, ...]) -> list[tuple[str, tuple, tuple]]:
    """(family, left keys, right keys): sum(left) must equal sum(right)."""
    codes = {r.code for r in rows}
    eqs = []
    cols = applicants()
    for a in cols:
        if {"1", "2", "3.7", "4"} <= codes:
            eqs.append(("table3 column balance 1+2=3.7+4", (("1", a), ("2", a)),
                        (("3.7", a), ("4", a))))
        if "3.7" in codes:
            eqs.append(("table3 outcomes sum to 3.7", tuple((r, a) for r in outcome_rows(rows)),
                        (("3.7", a),)))
    for r in rows:
        eqs.append(("table3 row total = six applicants", tuple((r.code, a) for a in cols[:-1]),
                    ((r.code, "total"),)))
    return eqs


def table4_equations() -> list[tuple[str, tuple, tuple]]:
    return [
        ("table4 total = upheld+corrected+other+pending",
         tuple((p.code, r) for r in RESULT_PARTS), ((p.code, "total"),))
        for p in statutory().proceedings
    ]


def violations(grid: Grid, equations) -> list[str]:
    """Equations whose every cell is known and which do not hold."""
    out = []
    for family, left, right in equations:
        lv, rv = _sum_known(grid, left), _sum_known(grid, right)
        if lv is not None and rv is not None and lv != rv:
            out.append(f"{family}: {'+'.join('/'.join(k) for k in left)} = {lv} "
                       f"but {'+'.join('/'.join(k) for k in right)} = {rv}")
    return out


def _family_checks(grid: Grid, equations) -> list[Check]:
    checks = []
    for family in dict.fromkeys(f for f, _, _ in equations):
        eqs = [e for e in equations if e[0] == family]
        evaluable = [e for e in eqs if _sum_known(grid, e[1]) is not None
                     and _sum_known(grid, e[2]) is not None]
        bad = violations(grid, eqs)
        if bad:
            checks.append(Check(family, False, "; ".join(bad), "error"))
        elif not evaluable:
            checks.append(Check(family, False, "not evaluable: no equation has all its cells",
                                "warning"))
        else:
            skipped = len(eqs) - len(evaluable)
            detail = f"{len(evaluable)} equations hold" + (
                f"; {skipped} not evaluable (blank cells)" if skipped else "")
            checks.append(Check(family, True, detail, "error"))
    return checks


def check(report: Report) -> list[Check]:
    """One Check per identity family, plus whole non-negative counts and template completeness."""
    s = statutory()
    template = report.template or "2019"
    rows = s.rows_for(template)
    req = {k: v.value for k, v in report.requests.items()}
    lit = {k: v.value for k, v in report.review_litigation.items()}
    checks = _family_checks(req, table3_equations(rows)) + _family_checks(lit, table4_equations())

    counts = [(f"{t}/{'/'.join(k)}", v.value) for t, table in
              (("requests", report.requests), ("review_litigation", report.review_litigation))
              for k, v in table.items() if v.value is not None]
    bad = [f"{k}={v}" for k, v in counts if not (float(v).is_integer() and v >= 0)]
    if bad:
        checks.append(Check("non-negative whole counts", False, ", ".join(bad), "error"))
    elif not counts:
        checks.append(Check("non-negative whole counts", False, "not evaluable: no counts",
                            "warning"))
    else:
        checks.append(Check("non-negative whole counts", True, f"{len(counts)} counts", "error"))

    checks.append(_completeness(report, rows))
    return checks


def _completeness(report: Report, rows: tuple[Code, ...]) -> Check:
    """Every row and column of the detected template was found (a blank cell is fine: it was
    found blank); a missing table or template fails."""
    s = statutory()
    problems = []
    if report.template is None:
        problems.append("no template detected")
    for table in ("三", "四"):
        if table not in report.tables_found:
            problems.append(f"table {table} not found")
    want3 = {(r.code, a) for r in rows for a in applicants()}
    want4 = {(p.code, r.code) for p in s.proceedings for r in s.results}
    for name, want, got in (("三", want3, report.requests), ("四", want4, report.review_litigation)):
        missing = sorted(k for k in want if k not in got or got[k].where == NOT_FOUND)
        if missing:
            problems.append(f"table {name}: {len(missing)} cells not found, e.g. "
                            + ", ".join("/".join(k) for k in missing[:3]))
    return Check("template completeness", not problems, "; ".join(problems) or "complete",
                 "error")

