"""`make bench` (`python -m bench.run`): throughput, rerun time and peak memory of ogi on synthetic
corpora, written with the machine's description to bench/results.md. Not a timed test: it
records figures and says which of issue 7's targets they meet.

Parsing alone runs in this process on files read into memory first; end-to-end figures run the
real CLI (`ogi run`) in a child process on a fresh warehouse, its peak RSS read from wait4.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import duckdb

import parsers
from bench import corpus, proc, synth

ROOT = Path(__file__).resolve().parents[1]
OGI = Path(sys.executable).with_name("ogi")
FULL = {
    "per_format": {"text": 500, "html": 500, "docx": 300, "pdf": 60},
    "text_reports": 2000,
    "sizes": [1000, 10000],
    "ocr_scans": 6,
}
QUICK = {
    "per_format": {"text": 30, "html": 30, "docx": 20, "pdf": 5},
    "text_reports": 200,
    "sizes": [100],
    "ocr_scans": 1,
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def timed_corpus(kind: str, n: int, seed: int, generated: dict) -> Path:
    """The corpus, recording its generation time (None when reused from the cache)."""
    fresh = not corpus.cached(kind, n, seed)
    t = time.perf_counter()
    path = corpus.corpus(kind, n, seed)
    generated[(kind, n)] = time.perf_counter() - t if fresh else None
    return path


def parse_rate(kind: str, folder: Path, seed: int) -> dict:
    """parsers.parse over every file (bytes already in memory), and how much of the generated
    truth came back."""
    files = sorted(folder.iterdir())
    data = [f.read_bytes() for f in files]
    parsers.parse(data[0], files[0].name)  # warm-up: lazy imports and the division library
    seconds, right, checked, wrong = 0.0, 0, 0, []
    for f, b in zip(files, data):
        t = time.perf_counter()
        try:
            parsed = parsers.parse(b, f.name)
        except parsers.ParseError as e:
            wrong.append(f"{f.name}: {e}")
            continue
        finally:
            seconds += time.perf_counter() - t
        r, c = corpus.accuracy(parsed, synth.report(seed, int(f.stem)).truth)
        right, checked = right + r, checked + c
        if r < c:
            wrong.append(f"{f.name}: {c - r} of {c} values wrong")
    return {
        "reports": len(files),
        "seconds": seconds,
        "right": right,
        "checked": checked,
        "wrong": wrong,
    }


def pdfplumber_pass(folder: Path) -> tuple[float, int]:
    """(seconds, pages) of pdfplumber's own work on the same files: words of every page."""
    import pdfplumber

    seconds, pages = 0.0, 0
    for f in sorted(folder.iterdir()):
        data = f.read_bytes()
        t = time.perf_counter()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.close()
                pages += 1
        seconds += time.perf_counter() - t
    return seconds, pages


def run_cli(*args: str) -> dict:
    return proc.run([str(OGI), *args], cwd=ROOT)


def end_to_end(raw: Path, reruns: tuple[tuple[str, ...], ...] = ()) -> list[dict]:
    """`ogi run` on a fresh warehouse, then a run with nothing new per item of `reruns` (its
    extra flags)."""
    with tempfile.TemporaryDirectory(prefix="ogi-bench-wh-") as tmp:
        wh = Path(tmp, "warehouse.duckdb")
        runs = [
            run_cli("run", "--raw-dir", str(raw), "--warehouse", str(wh), *flags)
            for flags in ((), *reruns)
        ]
        with duckdb.connect(str(wh), read_only=True) as con:
            statuses = dict(
                con.execute("SELECT status, count(*) FROM reports GROUP BY 1").fetchall()
            )
    n = sum(1 for _ in raw.iterdir())
    return [{**r, "reports": n, "rate": n / r["wall"], "statuses": statuses} for r in runs]


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain") else ""
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 1024**2:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Packages": ", ".join(
            f"{p} {version(p)}" for p in ("duckdb", "polars", "dagster", "pdfplumber", "reportlab")
        ),
        "Commit": git("rev-parse", "--short", "HEAD") + dirty,
        "Date": datetime.now().astimezone().isoformat(timespec="minutes"),
        # Other work on the machine slows every figure: say how busy it was.
        "Load average (1/5/15 min) at start": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small corpora: a smoke run (~1 min)")
    ap.add_argument("--sizes", help="mixed-format end-to-end corpus sizes, e.g. 1000,10000")
    ap.add_argument("--text-reports", type=int, help="distinct text reports end to end (2000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--out",
        type=Path,
        help="results file (default bench/results.md; a --quick run only prints unless given)",
    )
    args = ap.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.sizes:
        cfg["sizes"] = [int(s) for s in args.sizes.split(",")]
    if args.text_reports:
        cfg["text_reports"] = args.text_reports
    out = args.out or (None if args.quick else ROOT / "bench" / "results.md")

    from bench import report  # the results' layout, kept apart from the measuring

    seed, generated, res = (
        args.seed,
        {},
        {"mode": "quick" if args.quick else "full", "seed": args.seed},
    )
    res["machine"] = machine()
    res["parse"] = {}
    for kind, n in cfg["per_format"].items():
        folder = timed_corpus(kind, n, seed, generated)
        log(f"parsing {n} {kind} reports")
        res["parse"][kind] = parse_rate(kind, folder, seed)
    log("pdfplumber's own pass over the same PDFs")
    res["pdfplumber"] = pdfplumber_pass(corpus.corpus("pdf", cfg["per_format"]["pdf"], seed))
    log("OCR: scanned pages on one core; text-layer PDFs with OCR on and off")
    from bench import ocr

    res["ocr"] = ocr.measure(corpus.corpus("pdf", cfg["per_format"]["pdf"], seed), cfg["ocr_scans"])
    log("worst cases of the parsers' searches")
    from bench import worst_cases

    res["worst"] = worst_cases.measure(seed)
    log("CLI start-up")
    res["startup"] = run_cli("--help")
    n = cfg["text_reports"]
    log(f"end to end: {n} text reports, then reruns with nothing new (plain, and --force)")
    res["text_e2e"] = end_to_end(
        timed_corpus("text", n, seed, generated), reruns=((), ("--force",))
    )
    res["mixed"] = {}
    for n in cfg["sizes"]:
        folder = timed_corpus("mixed", n, seed, generated)
        log(f"end to end: {n} mixed-format reports")
        res["mixed"][n] = end_to_end(folder)[0]
    res["generated"] = generated
    res["machine"]["Load average (1/5/15 min) at end"] = " / ".join(
        f"{x:.2f}" for x in os.getloadavg()
    )
    text = report.markdown(res)
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")
        log(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
