"""The statutory table templates, loaded once from ``statutory.toml``.

Everything that knows a code, a label or which template has which row reads it from here:
the interpreters, the identity checks and the warehouse's label dimensions.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

TEMPLATES = ("2019", "2021")


@dataclass(frozen=True)
class Code:
    code: str
    zh: str
    en: str
    match: tuple[str, ...] = ()
    group: str | None = None
    templates: tuple[str, ...] = TEMPLATES
    unit: str | None = None
    signed: bool = False
    default_money_unit: str | None = None
    metrics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sum_of: tuple[str, ...] = ()  # a total column: the columns it sums


@dataclass(frozen=True)
class Rule:
    """A table 二 row's consistency rule: sum(lesser) <= sum(greater) when every cell is known."""

    why: str
    lesser: tuple[str, ...]
    greater: tuple[str, ...]

    def holds(self, values: Mapping[str, int | float | None]) -> bool:
        lesser = [values.get(k) for k in self.lesser]
        greater = [values.get(k) for k in self.greater]
        if None in lesser or None in greater:
            return True
        return sum(v for v in lesser if v is not None) <= sum(v for v in greater if v is not None)


@dataclass(frozen=True)
class Statement:
    """A sentence a report prints instead of a table, and the cells it says are 0: table 三's
    ``rows`` (every applicant), or every cell of table 四 (``rows`` empty)."""

    table: str
    rows: tuple[str, ...]
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Statutory:
    applicants: tuple[Code, ...]
    request_rows: tuple[Code, ...]
    proceedings: tuple[Code, ...]
    results: tuple[Code, ...]
    items: tuple[Code, ...]
    metrics: tuple[Code, ...]
    telling_rows: tuple[tuple[str, tuple[str, ...]], ...]  # (template, row codes), in order
    spanning: tuple[str, ...]  # table 三's cells beside the rows they span, naming none
    rules: tuple[Rule, ...]  # table 二
    headings: tuple[tuple[str, tuple[str, ...]], ...]  # (table, its heading's match fragments)
    statements: tuple[Statement, ...]

    def rows_for(self, template: str) -> tuple[Code, ...]:
        """Table 三 rows of a template; a hybrid keeps the 2019 single （六）其他处理 row."""
        key = "2019" if template == "hybrid" else template
        return tuple(r for r in self.request_rows if key in r.templates)

    def metrics_for(self, item: Code, template: str) -> tuple[str, ...]:
        """Table 二 metrics of an item; a hybrid uses the 2021 table 二."""
        key = "2021" if template == "hybrid" else template
        return item.metrics.get(key, ())

    def metric(self, code: str) -> Code:
        return _metric_index(self)[code]


_METRIC_INDEX: dict[int, tuple[Statutory, dict[str, Code]]] = {}


def _metric_index(s: Statutory) -> dict[str, Code]:
    """The metrics by code (first of a code wins, as a scan would), built once per Statutory."""
    held = _METRIC_INDEX.get(id(s))
    if held is None or held[0] is not s:
        index: dict[str, Code] = {}
        for m in s.metrics:
            index.setdefault(m.code, m)
        held = _METRIC_INDEX[id(s)] = (s, index)
    return held[1]


def groups(columns: tuple[Code, ...]) -> tuple[tuple[tuple[int, ...], int], ...]:
    """(part positions, total position) of each total column among ``columns``."""
    at = {c.code: i for i, c in enumerate(columns)}
    return tuple((tuple(at[p] for p in c.sum_of), at[c.code]) for c in columns if c.sum_of)


def _codes(entries: list[dict]) -> tuple[Code, ...]:
    out = []
    for e in entries:
        e = dict(e)
        e["match"] = tuple(e.get("match", ()))
        e["templates"] = tuple(e.get("templates", TEMPLATES))
        e["metrics"] = {k: tuple(v) for k, v in e.get("metrics", {}).items()}
        e["sum_of"] = tuple(e.get("sum_of", ()))
        out.append(Code(**e))
    return tuple(out)


@cache
def statutory() -> Statutory:
    raw = tomllib.loads(files(__package__).joinpath("statutory.toml").read_text("utf-8"))
    return Statutory(
        applicants=_codes(raw["table3"]["applicants"]),
        request_rows=_codes(raw["table3"]["rows"]),
        proceedings=_codes(raw["table4"]["proceedings"]),
        results=_codes(raw["table4"]["results"]),
        items=_codes(raw["table2"]["items"]),
        metrics=_codes(raw["table2"]["metrics"]),
        telling_rows=tuple(
            (t["template"], tuple(t["rows"])) for t in raw["table3"]["telling_rows"]
        ),
        spanning=tuple(s["zh"] for s in raw["table3"]["spanning"]),
        rules=tuple(
            Rule(r["why"], tuple(r["lesser"]), tuple(r["greater"])) for r in raw["table2"]["rules"]
        ),
        headings=tuple((h["table"], tuple(h["match"])) for h in raw["headings"]),
        statements=tuple(
            Statement(x["table"], tuple(x.get("rows", ())), tuple(x["patterns"]))
            for x in raw["statements"]
        ),
    )
