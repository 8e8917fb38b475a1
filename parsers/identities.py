"""The identities every complete report satisfies (shared/spec/codes.md), as code.

Used twice: by the table readers, to accept a layout of cells only when the identities single it
out, and by the warehouse, to flag reports whose published numbers do not add up. A check that
has no complete set of cells to compare is not evaluable and does not pass: absence of evidence
is not agreement; yet known cells summing past their total contradict it whatever the blank
cells hold (counts are never negative).

Severity of a failed check: "error" — the published numbers contradict each other; "warning" —
the check applies but cannot be evaluated (blank or missing cells); "info" — nothing to compare
(e.g. the text quotes no count). Checks never change a value: `derive` proposes repairs that the
warehouse keeps apart from the published numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .report import Report
from .templates import Code, statutory

# Value.where of a cell whose row or column was not found in the source at all.
NOT_FOUND = "not found"
OUTCOME_GROUPS = ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str
    severity: str  # "error": the published numbers contradict; "warning": cannot be evaluated


Grid = dict[tuple[str, str], "int | float | None"]


def applicants() -> tuple[str, ...]:
    return _applicants()


@cache
def _applicants() -> tuple[str, ...]:
    return tuple(a.code for a in statutory().applicants)


def outcome_rows(rows: tuple[Code, ...]) -> tuple[str, ...]:
    return tuple(r.code for r in rows if r.group in OUTCOME_GROUPS)


def _sum_known(grid: Grid, keys) -> int | float | None:
    total: int | float = 0  # sum() of the values in order, None when one is unknown
    get = grid.get
    for k in keys:
        v = get(k)
        if v is None:
            return None
        total += v
    return total


def table3_equations(rows: tuple[Code, ...]) -> list[tuple[str, tuple, tuple]]:
    """(family, left keys, right keys): sum(left) must equal sum(right)."""
    return list(_table3_equations(tuple((r.code, r.group) for r in rows)))


@cache
def _table3_equations(
    rows: tuple[tuple[str, str | None], ...],
) -> tuple[tuple[str, tuple, tuple], ...]:
    codes = {code for code, _ in rows}
    outcomes = tuple(code for code, group in rows if group in OUTCOME_GROUPS)
    eqs: list[tuple[str, tuple, tuple]] = []
    cols = applicants()
    for a in cols:
        if {"1", "2", "3.7", "4"} <= codes:
            eqs.append(
                ("table3 column balance 1+2=3.7+4", (("1", a), ("2", a)), (("3.7", a), ("4", a)))
            )
        if "3.7" in codes:
            eqs.append(
                ("table3 outcomes sum to 3.7", tuple((r, a) for r in outcomes), (("3.7", a),))
            )
    totals = [(a.code, a.sum_of) for a in statutory().applicants if a.sum_of]
    for code, _ in rows:
        for total, parts in totals:
            eqs.append(
                (
                    "table3 row total = six applicants",
                    tuple((code, a) for a in parts),
                    ((code, total),),
                )
            )
    return tuple(eqs)


def table4_equations() -> list[tuple[str, tuple, tuple]]:
    return list(_table4_equations())


@cache
def _table4_equations() -> tuple[tuple[str, tuple, tuple], ...]:
    s = statutory()
    return tuple(
        (
            "table4 total = upheld+corrected+other+pending",
            tuple((p.code, r) for r in total.sum_of),
            ((p.code, total.code),),
        )
        for p in s.proceedings
        for total in s.results
        if total.sum_of
    )


def _violation(family: str, left: tuple, lv, right: tuple, rv) -> str:
    return (
        f"{family}: {'+'.join('/'.join(k) for k in left)} = {lv} "
        f"but {'+'.join('/'.join(k) for k in right)} = {rv}"
    )


def _exceeded(family: str, grid: Grid, left: tuple, right: tuple) -> str | None:
    """The contradiction of an equation with unknown cells on one side only: its known cells sum
    past the other side's sum (counts are never negative: no unknown cell can make up for it)."""
    for part, whole in ((left, right), (right, left)):
        total = _sum_known(grid, whole)
        known = [v for k in part if (v := grid.get(k)) is not None]
        if total is not None and sum(known) > total:
            return (
                f"{family}: {'+'.join('/'.join(k) for k in part)} ≥ {sum(known)} (cells known) "
                f"but {'+'.join('/'.join(k) for k in whole)} = {total}"
            )
    return None


def violations(grid: Grid, equations) -> list[str]:
    """Equations that do not hold: every cell known and the sides unequal, or the known cells of
    one side past the other side's sum."""
    out = []
    for family, left, right in equations:
        lv, rv = _sum_known(grid, left), _sum_known(grid, right)
        if lv is not None and rv is not None:
            if lv != rv:
                out.append(_violation(family, left, lv, right, rv))
        elif exceeded := _exceeded(family, grid, left, right):
            out.append(exceeded)
    return out


def _family_checks(grid: Grid, equations) -> list[Check]:
    return _grouped_checks(grid, _families(tuple(equations)))


@lru_cache(maxsize=64)
def _families(equations: tuple) -> tuple[tuple[str, tuple[tuple[tuple, tuple], ...]], ...]:
    """Equations grouped by family, families in order of first appearance."""
    by_family: dict[str, list] = {}
    for family, left, right in equations:
        by_family.setdefault(family, []).append((left, right))
    return tuple((f, tuple(eqs)) for f, eqs in by_family.items())


def _grouped_checks(grid: Grid, families) -> list[Check]:
    checks = []
    for family, eqs in families:
        evaluable, bad = 0, []
        for left, right in eqs:
            lv = _sum_known(grid, left)
            rv = _sum_known(grid, right) if lv is not None else None
            if rv is None:
                if exceeded := _exceeded(family, grid, left, right):
                    bad.append(exceeded)
                continue
            evaluable += 1
            if lv != rv:
                bad.append(_violation(family, left, lv, right, rv))
        if bad:
            checks.append(Check(family, False, "; ".join(bad), "error"))
        elif not evaluable:
            checks.append(
                Check(family, False, "not evaluable: no equation has all its cells", "warning")
            )
        else:
            skipped = len(eqs) - evaluable
            detail = f"{evaluable} equations hold" + (
                f"; {skipped} not evaluable (blank cells)" if skipped else ""
            )
            checks.append(Check(family, True, detail, "error"))
    return checks


@dataclass(frozen=True)
class _Plan:
    """Everything check() and derive() need of a template, computed once."""

    rows: tuple[Code, ...]
    table3: tuple  # (family, ((left, right), ...)), as _families
    table4: tuple
    equations3: tuple
    equations4: tuple
    want3: tuple[tuple[str, str], ...]  # sorted
    want4: tuple[tuple[str, str], ...]  # sorted


@cache
def _plan(template: str) -> _Plan:
    s = statutory()
    rows = s.rows_for(template)
    eq3 = _table3_equations(tuple((r.code, r.group) for r in rows))
    eq4 = _table4_equations()
    return _Plan(
        rows=rows,
        table3=_families(eq3),
        table4=_families(eq4),
        equations3=eq3,
        equations4=eq4,
        want3=tuple(sorted({(r.code, a) for r in rows for a in applicants()})),
        want4=tuple(sorted({(p.code, r.code) for p in s.proceedings for r in s.results})),
    )


def check(report: Report) -> list[Check]:
    """One Check per identity family, plus whole non-negative counts and template completeness."""
    plan = _plan(report.template or "2019")
    req = {k: v.value for k, v in report.requests.items()}
    lit = {k: v.value for k, v in report.review_litigation.items()}
    checks = _grouped_checks(req, plan.table3) + _grouped_checks(lit, plan.table4)

    n, bad = 0, []
    for t, grid in (("requests", req), ("review_litigation", lit)):
        for k, v in grid.items():
            if v is not None:
                n += 1
                if not (float(v).is_integer() and v >= 0):
                    bad.append(f"{t}/{'/'.join(k)}={v}")
    if bad:
        checks.append(Check("non-negative whole counts", False, ", ".join(bad), "error"))
    elif not n:
        checks.append(
            Check("non-negative whole counts", False, "not evaluable: no counts", "warning")
        )
    else:
        checks.append(Check("non-negative whole counts", True, f"{n} counts", "error"))

    checks.append(_completeness(report, plan.rows))
    if report.text:  # a Report built without its document (by hand, in tests) has no words to check
        checks.append(_text_against_table(report, req))
    return checks


NAMES = (
    "table3 column balance 1+2=3.7+4",
    "table3 outcomes sum to 3.7",
    "table3 row total = six applicants",
    "table4 total = upheld+corrected+other+pending",
    "non-negative whole counts",
    "template completeness",
    "text against table",
)


def _completeness(report: Report, rows: tuple[Code, ...]) -> Check:
    """Every row and column of the detected template was found (a blank cell is fine: it was
    found blank); a missing table or template fails."""
    plan = _plan_of_rows(rows)
    problems = []
    if report.template is None:
        problems.append("no template detected")
    for table in ("二", "三", "四"):
        if table not in report.tables_found:
            problems.append(f"table {table} not found")
    for name, want, got in (
        ("三", plan.want3, report.requests),
        ("四", plan.want4, report.review_litigation),
    ):
        missing = [k for k in want if k not in got or got[k].where == NOT_FOUND]  # want is sorted
        if missing:
            problems.append(
                f"table {name}: {len(missing)} cells not found, e.g. "
                + ", ".join("/".join(k) for k in missing[:3])
            )
    return Check("template completeness", not problems, "; ".join(problems) or "complete", "error")


def _plan_of_rows(rows: tuple[Code, ...]) -> _Plan:
    for template in ("2019", "2021", "hybrid"):
        plan = _plan(template)
        if plan.rows is rows or plan.rows == rows:
            return plan
    s = statutory()  # rows of no template (never from check()): build the sets directly
    return _Plan(
        rows=rows,
        table3=(),
        table4=(),
        equations3=(),
        equations4=(),
        want3=tuple(sorted({(r.code, a) for r in rows for a in applicants()})),
        want4=tuple(sorted({(p.code, r.code) for p in s.proceedings for r in s.results})),
    )


# Counts the overview (一、总体情况) states in words, and the table-三 totals they describe. Only
# phrasings whose meaning is unambiguous: a verb, 申请 and a count within one clause.
# 受理/收到 may or may not include last year's carry-over, so either reading is accepted.
# A count in digits or in Chinese numerals (共收到九宗, 一百零五件).
_COUNT = r"(\d+|[〇零一二两三四五六七八九十百千万]+)"
_CLAUSE = r"[^。；;，,、\d]{0,15}?申请[^。；;，,、\d]{0,10}?" + _COUNT + r"\s*[件宗个]"
_CLAIMS = (
    ("received", re.compile(r"(?:收到|受理|新收)" + _CLAUSE), (("1",), ("1", "2"))),
    ("handled", re.compile(r"(?:办理|办结|答复)" + _CLAUSE), (("3.7",),)),
    (
        "received",
        re.compile(r"(?:收到|受理)\s*" + _COUNT + r"\s*[件宗个](?:政府信息公开|信息公开)?申请"),
        (("1",), ("1", "2")),
    ),
    ("received", re.compile(r"未(?:收到|受理)[^。；;，,\d]{0,10}?申请"), (("1",),)),
)
# Section 一 ends where table 三 begins at the latest; its heading carries the ordinal 三、.
_TABLE3_HEADING = re.compile(r"三\s*[、.．]\s*收到和处理政府信息公开申请")


def quoted_counts(text: str) -> list[tuple[str, int, tuple[tuple[str, ...], ...]]]:
    """(what, count, acceptable row sums) for each count the text before table 三 states."""
    m = _TABLE3_HEADING.search(text)
    overview = text[: m.start()] if m else text
    out: list[tuple[str, int, tuple[tuple[str, ...], ...]]] = []
    for what, pattern, readings in _CLAIMS:
        for hit in pattern.finditer(overview):
            n = _count(hit.group(1)) if hit.groups() else 0
            if n is not None:
                out.append((what, n, readings))
    return out


def _count(text: str) -> int | None:
    """A count in digits or Chinese numerals; None when the characters are no number (十十)."""
    if text.isdigit():
        return int(text)
    import cn2an  # only when a count is written in Chinese numerals (its import takes ~0.5 s)

    try:
        return int(cn2an.cn2an(text, "smart"))
    except ValueError:
        return None


def _text_against_table(report: Report, grid: Grid | None = None) -> Check:
    name = "text against table"
    claims = quoted_counts(report.text)
    if not claims:
        return Check(name, False, "not evaluable: the text quotes no count of applications", "info")
    if grid is None:
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
            problems.append(
                f"text says {what} {n}, table 三 total of row "
                + " or ".join(f"{k} = {s}" for k, s in known.items())
            )
    if any(p.startswith("text says") for p in problems):
        return Check(name, False, "; ".join(problems), "error")
    if problems:
        return Check(name, False, "not evaluable: " + "; ".join(problems), "warning")
    return Check(name, True, "text matches table 三: " + ", ".join(held), "error")


def derive(report: Report) -> dict[tuple[str, tuple[str, str]], tuple[int, str]]:
    """Repairs kept apart from the published numbers: a blank cell that is the only unknown of
    an identity gets the value the identity implies, when every identity implying it agrees and
    the value is a count (whole, ≥ 0). Keyed by ("requests" | "review_litigation", cell key)."""
    plan = _plan(report.template or "2019")
    found: dict[tuple, set] = {}
    for table, cells, equations in (
        ("requests", report.requests, plan.equations3),
        ("review_litigation", report.review_litigation, plan.equations4),
    ):
        grid = {k: v.value for k, v in cells.items()}
        if None not in grid.values():
            continue  # no blank cell: nothing to derive
        for family, left, right in equations:
            blank = None
            n_blank = 0
            for k in left + right:
                if k not in grid:
                    break
                if grid[k] is None:
                    n_blank += 1
                    blank = k
            else:
                if n_blank != 1:
                    continue
                k = blank
                side, other = (left, right) if k in left else (right, left)
                # (every cell but k is known)
                value = sum(v for o in other if (v := grid[o]) is not None) - sum(
                    v for s in side if s != k and (v := grid[s]) is not None
                )
                found.setdefault((table, k), set()).add((value, family))
    out = dict(report.stated)  # what a sentence in place of a table states
    for key, options in found.items():
        if key in out:
            continue
        values = {v for v, _ in options}
        if len(values) != 1:
            continue  # identities imply different values: none is derived
        (value,) = values
        if float(value).is_integer() and value >= 0:
            out[key] = (int(value), "; ".join(sorted(f for _, f in options)))
    return out
