"""`ogi compare AGENCY`: one agency's key figures year by year, each against the year before
(the view agency_year_over_year), as a table in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from pipelines.cli.text import shown

_AGENCIES = """
    SELECT DISTINCT agency_key, agency, province, city, county FROM agency_year_panel
    WHERE agency_key IS NOT NULL
      AND (agency = $q OR agency_key = $q OR contains(agency, $q) OR contains(agency_key, $q))
    ORDER BY agency = $q OR agency_key = $q DESC, agency_key"""
_FIGURES = """
    SELECT report_year, figure, label_zh, label_en, value, delta FROM agency_year_over_year
    WHERE agency_key = $key ORDER BY sort_order, report_year"""


def compare(warehouse: str, agency: str) -> int:
    path = Path(warehouse)
    if not path.is_file():
        print(f"ogi: no warehouse at {shown(path)}", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            found = con.execute(_AGENCIES, {"q": agency}).fetchall()
            exact = [f for f in found if agency in (f[0], f[1])]
            matches = exact if len(exact) == 1 else found
            rows = (
                con.execute(_FIGURES, {"key": matches[0][0]}).fetchall()
                if len(matches) == 1
                else []
            )
    except duckdb.Error as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print(f"ogi: cannot read the warehouse at {shown(path)}: {shown(first)}", file=sys.stderr)
        return 1
    if not matches:
        print(f"ogi: no agency matches {shown(agency)!r}", file=sys.stderr)
        return 1
    if len(matches) > 1:
        print(
            f"ogi: {len(matches)} agencies match {shown(agency)!r}; name one by its key: "
            + "; ".join(f"{shown(k)} ({shown(a)})" for k, a, *_ in matches[:10]),
            file=sys.stderr,
        )
        return 1
    key, name, *region = matches[0]
    print(f"{shown(name)} ({shown(key)}; {' '.join(shown(r) for r in region if r)})")
    print(table(rows))
    return 0


def table(rows: list[tuple]) -> str:
    """Figures down, years across: each year's value and its change against the year before
    (blank: —)."""
    years = sorted({r[0] for r in rows})
    by = {(r[1], r[0]): (r[4], r[5]) for r in rows}
    figures = list(dict.fromkeys((r[1], f"{r[2]} {r[3]}") for r in rows))
    width = max((len(label) for _, label in figures), default=10)
    head = f"{'':<{width}}" + "".join(f"{y:>18}" for y in years)
    lines = [head]
    for figure, label in figures:
        cells = []
        for y in years:
            value, delta = by.get((figure, y), (None, None))
            change = "" if delta is None else f" ({delta:+,})"
            cells.append(f"{_number(value)}{change:>9}".rjust(18))
        lines.append(f"{label:<{width}}" + "".join(cells))
    return "\n".join(lines)


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
