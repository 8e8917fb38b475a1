"""Inputs that once made a parser's search explode, timed: a flattened crawl's tables with large
values run together (every split of the digits is a candidate) and HTML tables nested 6,000
deep (each level had read every level inside it again). Their bounds leave a slow machine room;
a miss means an algorithm has gone superlinear again, long before a file hits its time limit.
Each case also counts the cells it read right and wrong: a fast wrong answer is no answer."""

from __future__ import annotations

import random
import time

from parsers.backends import load_document
from parsers.interpret import table3, table4
from parsers.interpret.tokens import tokens
from tests import tables
from tests.fixtures import documents as fx

SECONDS = 2.0  # per case; each took about 0.1 s when written


def _cells(values: dict, grid: dict) -> tuple[int, int, int]:
    """(right, wrong, of) over the grid's cells."""
    got = [values[k].value if k in values else None for k in grid]
    right = sum(g == grid[k] for g, k in zip(got, grid))
    return right, sum(g is not None for g in got) - right, len(grid)


def _run_together_3(rng: random.Random) -> tuple[int, int, int]:
    grid = tables.grid3(rng.randint, high=999)
    doc = tables.run_together_document(tables.values3(grid, "2019"), [0] * 15)
    return _cells(table3.read(tokens(doc)).values, grid)


def _run_together_4(rng: random.Random) -> tuple[int, int, int]:
    grid = tables.grid4(rng.randint, high=999)
    doc = tables.run_together_document([(tables.FIRST3, [0] * 7)], tables.values4(grid))
    return _cells(table4.read(tokens(doc)).values, grid)


def _nested_html(_: random.Random) -> tuple[int, int, int]:
    doc = load_document(fx.nested_tables_html(6000), "nested.html")
    right = [c.text for c in doc.lines[-1].cells] == ["外", "内"]  # the innermost table's row
    return int(right), int(not right), 1


CASES = {
    "table 三 run together, values up to 999": _run_together_3,
    "table 四 run together, values up to 999": _run_together_4,
    "HTML tables nested 6,000 deep": _nested_html,
}


def measure(seed: int, repeats: int = 3) -> list[dict]:
    """Per case: the slowest of ``repeats`` runs (each on new random values), and the cells
    read right and wrong over them."""
    rng = random.Random(seed)
    out = []
    for name, case in CASES.items():
        slowest, right, wrong, of = 0.0, 0, 0, 0
        for _ in range(repeats):
            t = time.perf_counter()
            r, w, n = case(rng)
            slowest = max(slowest, time.perf_counter() - t)
            right, wrong, of = right + r, wrong + w, of + n
        out.append({"case": name, "seconds": slowest, "right": right, "wrong": wrong, "of": of})
    return out
