"""The identities every complete report satisfies (shared/spec/codes.md), as code.

Used twice: by the table readers, to accept a layout of cells only when the identities single it
out, and by the warehouse, to flag reports whose published numbers do not add up. A check that
has no complete set of cells to compare is not evaluable and does not pass: absence of evidence
is not agreement.

Severity of a failed check: "error" — the published numbers contradict each other; "warning" —
the check applies but cannot be evaluated (blank or missing cells); "info" — nothing to compare
(e.g. the text quotes no count). Checks never change a value: `derive` proposes repairs that the
warehouse keeps apart from the published numbers.
"""

from __future__ import annotations

import re
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
    if report.text:  # a Report built without its document (by hand, in tests) has no words to check
        checks.append(_text_against_table(report))
    return checks


NAMES = ("table3 column balance 1+2=3.7+4", "table3 outcomes sum to 3.7",
         "table3 row total = six applicants", "table4 total = upheld+corrected+other+pending",
         "non-negative whole counts", "template completeness", "text against table")


def _completeness(report: Report, rows: tuple[Code, ...]) -> Check:
    """Every row and column of the detected template was found (a blank cell is fine: it was
    found blank); a missing table or template fails."""
    s = statutory()
    problems = []
    if report.template is None:
        problems.append("no template detected")
    for table in ("二", "三", "四"):
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



# Counts the overview (一、总体情况) states in words, and the table-三 totals they describe. Only
# phrasings whose meaning is unambiguous: a verb, 申请 and a count within one clause.
# 受理/收到 may or may not include last year's carry-over, so either reading is accepted.
_CLAUSE = r"[^。；;，,、\d]{0,15}?申请[^。；;，,、\d]{0,10}?(\d+)\s*[件宗个]"
_CLAIMS = (
    ("received", re.compile(r"(?:收到|受理|新收)" + _CLAUSE), (("1",), ("1", "2"))),
    ("handled", re.compile(r"(?:办理|办结|答复)" + _CLAUSE), (("3.7",),)),
    ("received", re.compile(r"(?:收到|受理)\s*(\d+)\s*[件宗个](?:政府信息公开|信息公开)?申请"),
     (("1",), ("1", "2"))),
    ("received", re.compile(r"未(?:收到|受理)[^。；;，,\d]{0,10}?申请"), (("1",),)),
)
# Section 一 ends where table 三 begins at the latest; its heading carries the ordinal 三、.
_TABLE3_HEADING = re.compile(r"三\s*[、.．]\s*收到和处理政府信息公开申请")


def quoted_counts(text: str) -> list[tuple[str, int, tuple[tuple[str, ...], ...]]]:
    """(what, count, acceptable row sums) for each count the text before table 三 states."""
    m = _TABLE3_HEADING.search(text)
    overview = text[:m.start()] if m else text
    out = []
    for what, pattern, readings in _CLAIMS:
        for hit in pattern.finditer(overview):
            out.append((what, int(hit.group(1)) if hit.groups() else 0, readings))
    return out


def _text_against_table(report: Report) -> Check:
    name = "text against table"
    claims = quoted_counts(report.text)
    if not claims:
        return Check(name, False, "not evaluable: the text quotes no count of applications",
                     "info")
    grid = {k: v.value for k, v in report.requests.items()}
    problems, held = [], []
    for what, n, readings in claims:
        sums = {"+".join(rows): _sum_known(grid, [(r, "total") for r in rows]) for rows in readings}
        known = {k: s for k, s in sums.items() if s is not None}
        if not known:
            problems.append(f"{what} {n}: table cell blank")
        elif n in known.values():
            held.append(f"{what} {n}")
        else:
            problems.append(f"text says {what} {n}, table 三 total of row "
                            + " or ".join(f"{k} = {s}" for k, s in known.items()))
    if any(p.startswith("text says") for p in problems):
        return Check(name, False, "; ".join(problems), "error")
    if problems:
        return Check(name, False, "not evaluable: " + "; ".join(problems), "warning")
    return Check(name, True, "text matches table 三: " + ", ".join(held), "error")


def derive(report: Report) -> dict[tuple[str, tuple[str, str]], tuple[int, str]]:
    """Repairs kept apart from the published numbers: a blank cell that is the only unknown of
    an identity gets the value the identity implies, when every identity implying it agrees and
    the value is a count (whole, ≥ 0). Keyed by ("requests" | "review_litigation", cell key)."""
    rows = statutory().rows_for(report.template or "2019")
    found: dict[tuple, set] = {}
    for table, cells, equations in (("requests", report.requests, table3_equations(rows)),
                                    ("review_litigation", report.review_litigation,
                                     table4_equations())):
        grid = {k: v.value for k, v in cells.items()}
        for family, left, right in equations:
            keys = (*left, *right)
            blank = [k for k in keys if k in cells and grid[k] is None]
            if len(blank) != 1 or any(k not in cells for k in keys):
                continue
            (k,) = blank
            side, other = (left, right) if k in left else (right, left)
            value = sum(grid[o] for o in other) - sum(grid[s] for s in side if s != k)
            found.setdefault((table, k), set()).add((value, family))
    out = {}
    for key, options in found.items():
        values = {v for v, _ in options}
        (value,) = values if len(values) == 1 else (None,)
        if value is not None and float(value).is_integer() and value >= 0:
            out[key] = (int(value), "; ".join(sorted(f for _, f in options)))
    return out
