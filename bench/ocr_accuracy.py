"""OCR's accuracy on realistic scans of real reports (issue 14): every sample printed and scanned
the way offices do (150–300 dpi, mild skew, grain, blur, JPEG), parsed, and each cell the
hand-read gold has judged right, NULL or wrong; a wrong number is the one failure that matters,
above all in a report whose checks all pass.

The printed pages: the real PDF sample as published (h001); the HTML samples as Chromium prints
them (tests/fixtures/pdf: small type, double borders, tables as wide as the page); every sample's
gold rendered as a ruled PDF (tests/formats.py), also scanned in colour with an official seal
stamped in red across table 三, with its pages fed sideways and upside down, under another
program's invisible OCR layer whose digits are all wrong, with its tables pasted as pictures
into a Word file, its scanned pages put into a Word file with no text, as a multi-page TIFF
stating no resolution, and laid 9° askew on the scanner; with '-' printed in its empty cells
where it has any, and printed without rules (tests/formats.unruled_pdf).
Run: ``python -m bench.ocr_accuracy`` (about 5 minutes; ``make bench`` runs it and writes
bench/ocr_accuracy.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import parsers
from parsers import identities
from tests import formats as F
from tests import variants as V
from tests.expected import expected_cells, report_cells

ROOT = Path(__file__).resolve().parent.parent
PRINTS = ROOT / "tests" / "fixtures" / "pdf"
TABLES = ("proactive", "requests", "review_litigation")
SCANS = {
    "150 dpi, 1° askew, grain 8": dict(dpi=150, skew=1.0, noise=8),
    "200 dpi, −1.5° askew, grain 10, JPEG 70": dict(dpi=200, skew=-1.5, noise=10, jpeg=70),
    "300 dpi, 0.5° askew, blur 0.8 px": dict(dpi=300, skew=0.5, blur=0.8),
}


def printed() -> list[tuple[str, str, bytes, dict]]:
    """(sample, how it was printed, PDF, gold) for every printed page set."""
    out = []
    for name, source, exp in V.samples():
        if source.suffix == ".pdf":
            out.append((name, "as published", source.read_bytes(), exp))
        chromium = PRINTS / f"{name}_chromium.pdf"
        if chromium.exists():
            out.append((name, "Chromium print", chromium.read_bytes(), exp))
        out.append((name, "gold as a ruled PDF", F.ruled_pdf(exp), exp))
        out.append((name, "gold, unruled", F.unruled_pdf(exp), exp))
        if any(v is None for k, v in expected_cells(exp).items() if k[0] in TABLES):
            out.append((name, "gold, '-' in empty cells", F.ruled_pdf(exp, blank="-"), exp))
    return out


def judge(report, exp: dict) -> dict:
    """Cells the gold gives a number for: right, NULL or wrong; a cell the report leaves blank
    and ogi reads a number in (a rule's remnant read as a digit) is wrong too."""
    want, got = expected_cells(exp), report_cells(report)
    cells = {k: v for k, v in want.items() if k[0] in TABLES and v is not None}
    wrong = [k for k, v in cells.items() if got.get(k) is not None and got[k] != v]
    wrong += [k for k, v in want.items() if k[0] in TABLES and v is None and got.get(k) is not None]
    null = [k for k, v in cells.items() if got.get(k) is None]
    right = sum(got.get(k) == v for k, v in cells.items())
    checks = all(c.passed or c.severity != "error" for c in identities.check(report))
    return {
        "cells": len(cells),
        "right": right,
        "wrong": wrong,
        "null": len(null),
        "checks_pass": checks,
    }


STAMPED = "colour, 200 dpi, JPEG 85, a red seal on table 三's total"
TURNED = "200 dpi, 1° askew, grain 6, pages fed sideways and upside down"
LAYERED = "200 dpi, under another program's OCR layer that read every digit 8"
PASTED = "a Word file, its tables pasted as 96 dpi pictures"
INTO_WORD = "150 dpi, 0.8° askew, grain 6, the pages put into a Word file with no text"
NO_RESOLUTION = "a TIFF at 200 dpi stating no resolution, 0.6° askew, grain 6"
PHOTO = "200 dpi, photographed from below: the top 3 % narrower at each end, grain 6"
CROOKED = "200 dpi, laid 9° askew on the flatbed, grain 6"


def scans(pdf: bytes, how: str, exp: dict):
    """(scan, file to parse) for every way a printed page set is scanned; the gold's ruled PDFs
    also stamped with a seal (tests/formats.stamped), fed turned, under another OCR's layer, its
    tables pasted as pictures into a Word file, its scanned pages put into one, as a TIFF that
    states no resolution, photographed at an angle, and laid crooked on the scanner."""
    for scan, damage in SCANS.items():
        yield scan, F.scanned_pdf(pdf, **damage)
    if how == "gold as a ruled PDF":
        yield PASTED, F.docx_with_table_pictures(exp, dpi=96)
        yield INTO_WORD, F.word_of_scans(pdf, dpi=150, skew=0.8, noise=6)
        yield NO_RESOLUTION, F.scanned_images(pdf, "TIFF", 200, stated=None, skew=0.6, noise=6)
        yield STAMPED, F.stamped(pdf, "（七）总计", across=0.6)
        yield TURNED, F.scanned_pdf(pdf, 200, (90, 180, 270) * 3, skew=1.0, noise=6)
        yield LAYERED, F.under_ocr_layer(pdf, misread=F.all_eights)
        yield PHOTO, F.scanned_pdf(pdf, 200, skew=0.5, noise=6, keystone=(0.03, 0.0))
        yield CROOKED, F.scanned_pdf(pdf, 200, skew=-9, noise=6)


def measure() -> list[dict]:
    rows = []
    for name, how, pdf, exp in printed():
        for scan, image in scans(pdf, how, exp):
            t = time.perf_counter()
            report = parsers.parse(image, "scan.pdf")
            row = {"sample": name, "printed": how, "scan": scan, **judge(report, exp)}
            row["seconds"] = time.perf_counter() - t
            rows.append(row)
            print(
                f"{name} {how} {scan}: {row['right']}"
                f"/{row['cells']} right, {row['null']} NULL, {len(row['wrong'])} wrong",
                file=sys.stderr,
                flush=True,
            )
    return rows


def markdown(rows: list[dict]) -> str:
    cells = sum(r["cells"] for r in rows)
    right = sum(r["right"] for r in rows)
    wrong = sum(len(r["wrong"]) for r in rows)
    null = sum(r["null"] for r in rows)
    silent = sum(len(r["wrong"]) for r in rows if r["checks_pass"])
    lines = [
        "# OCR accuracy on scans of the samples",
        "",
        "Regenerate with `python -m bench.ocr_accuracy` (also run by `make bench`). Cells: every "
        "cell of tables 二, 三 and 四 the hand-read gold gives a number for; wrong also counts a "
        "cell printed blank that a number was read in.",
        "",
        f"**{right:,} of {cells:,} cells right "
        f"({100 * right / cells:.2f} %), {null:,} NULL, {wrong} wrong "
        f"({silent} in reports whose checks all pass).**",
        "",
        "| printed | scan | sample | right | NULL | wrong | checks pass | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        right = r["right"]
        shown = ", ".join("/".join(k[1:]) for k in r["wrong"][:3])
        lines.append(
            f"| {r['printed']} | {r['scan']} | {r['sample']} | {right}/{r['cells']} | {r['null']} "
            f"| {len(r['wrong'])}{f' ({shown})' if shown else ''} | "
            f"{'yes' if r['checks_pass'] else 'no'} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr_accuracy", description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "ocr_accuracy.md")
    args = ap.parse_args(argv)
    text = markdown(measure())
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
