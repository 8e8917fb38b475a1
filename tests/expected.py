"""Compare a parsed Report with a sample's hand-read ``expected.json``, cell by cell."""

from __future__ import annotations

import json
from pathlib import Path

from parsers.report import Report

SAMPLES = Path(__file__).resolve().parent / "samples"
META_FIELDS = ("agency", "province", "city", "county", "admin_code", "report_year", "template")


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def expected_cells(exp: dict) -> dict[tuple, object]:
    """Every field and cell of an expected.json as a flat mapping."""
    cells: dict[tuple, object] = {("meta", f): exp[f] for f in META_FIELDS}
    for row, cols in exp["requests"].items():
        for applicant, v in cols.items():
            cells[("requests", row, applicant)] = v
    for proceeding, cols in exp["review_litigation"].items():
        for result, v in cols.items():
            cells[("review_litigation", proceeding, result)] = v
    for item, cols in exp["proactive"].items():
        for metric, v in cols.items():
            cells[("proactive", item, metric)] = v
    return cells


def report_cells(report: Report) -> dict[tuple, object]:
    cells: dict[tuple, object] = {("meta", f): getattr(report, f) for f in META_FIELDS}
    for table in ("requests", "review_litigation", "proactive"):
        for key, v in getattr(report, table).items():
            cells[(table, *key)] = v.value
    return cells


def differences(report: Report, exp: dict) -> list[str]:
    """Cells whose value differs from the hand-read one (a missing cell counts as different);
    cells the report has beyond the template are reported too."""
    want, got = expected_cells(exp), report_cells(report)
    diffs = []
    for key, value in want.items():
        g = got.get(key, "<missing>")
        if g != value or type(g) is bool:
            if isinstance(g, float) and isinstance(value, (int, float)) and abs(g - value) < 1e-6:
                continue
            diffs.append(f"{'/'.join(map(str, key))}: expected {value!r}, got {g!r}")
    for key in got.keys() - want.keys():
        diffs.append(f"{'/'.join(map(str, key))}: unexpected cell {got[key]!r}")
    return diffs
