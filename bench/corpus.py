"""Corpora of distinct synthetic reports on disk, cached under /tmp, and parse accuracy against
the truth they were generated from.

A corpus is keyed by (digest of the generator's code, seed, kind, size), so an edit to the
generator never reuses stale files. Report `i` of a corpus is `synth.report(seed, i)` in the
corpus's format: its truth is rebuilt on demand instead of stored.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from bench import render, synth

CACHE = Path(os.environ.get("OGI_BENCH_CACHE", "/tmp/ogi-bench"))
# Share of each format in a mixed corpus, per 100 reports: crawled text and HTML pages dominate
# real collections; PDFs are rarer here than in the wild because each costs ~0.5 s to parse.
MIX = (("text", 60), ("html", 30), ("docx", 7), ("pdf", 3))
_META = ("agency", "province", "city", "county", "admin_code", "report_year", "template")


def fmt_of(kind: str, i: int) -> str:
    if kind != "mixed":
        return kind
    slot = i % 100
    for fmt, share in MIX:
        if slot < share:
            return fmt
        slot -= share
    raise AssertionError("MIX must add up to 100")


def file_name(kind: str, i: int) -> str:
    return f"{i:05d}.{render.FORMATS[fmt_of(kind, i)]}"


@cache
def _digest() -> str:
    h = hashlib.sha256()
    for path in (synth.__file__, render.__file__, __file__):
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:10]


def _root(kind: str, n: int, seed: int) -> Path:
    return CACHE / f"{_digest()}-s{seed}-{kind}-{n}"


def cached(kind: str, n: int, seed: int) -> bool:
    return (_root(kind, n, seed) / "done").exists()


def corpus(kind: str, n: int, seed: int) -> Path:
    """The raw folder of `n` reports of one format ("text", "html", "pdf", "docx") or "mixed"."""
    root = _root(kind, n, seed)
    if not cached(kind, n, seed):
        shutil.rmtree(root, ignore_errors=True)
        (root / "raw").mkdir(parents=True)
        workers = os.cpu_count() or 1
        chunks = [(kind, seed, range(k, n, workers), root / "raw") for k in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write, *zip(*chunks)))
        (root / "done").touch()
    return root / "raw"


def _write(kind: str, seed: int, indices: range, folder: Path) -> None:
    for i in indices:
        (folder / file_name(kind, i)).write_bytes(
            render.render(synth.report(seed, i), fmt_of(kind, i))
        )


def accuracy(parsed, truth: synth.Truth) -> tuple[int, int]:
    """(right, checked) over every generated cell and metadata field; None counts as wrong."""
    right = checked = 0
    for table in ("requests", "review_litigation", "proactive"):
        got = getattr(parsed, table)
        for key, want in getattr(truth, table).items():
            value = got[key].value if key in got else None
            right += value is not None and abs(value - want) < 0.01
            checked += 1
    right += sum(getattr(parsed, k) == getattr(truth, k) for k in _META)
    return right, checked + len(_META)
