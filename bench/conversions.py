"""Accuracy on the samples as other tools convert them (issue 17): every sample rendered as a web
page (tests/variants.html_page; tests/formats.portal_html, the report inside a portal's layout
table) and as a Word document (tests/formats.report_docx: a Word table per statutory table, and
all three in one table without borders), then converted by Chromium (print to PDF), LibreOffice
(PDF, .docx, .doc, RTF, Word 2003 XML), pandoc (GitHub markdown, pandoc's markdown, plain text,
LaTeX), trafilatura, html2text, markdownify, markitdown, w3m and lynx (the web pages as crawlers
keep them: a text extractor, markdown converters, text browsers), docx2txt and markitdown (the
Word files as textract and LLM pipelines keep them), and the PDFs to text by poppler's pdftotext
(as crawls keep them: by default, -layout and -raw), by PyMuPDF (simple, blocks, layout) and by
pdfminer.six. Each converted file is parsed, and every cell the hand-read gold gives a number for
is judged right, NULL or wrong (as is a cell printed blank that a number was read in; flagged
where a check of the report fails), with the agency and the year.

The tools are needed only here: `make test` reads the fixtures committed from what this found
(tests/fixtures/). A tool that is not installed is skipped, and said so. Run:
``python -m bench.conversions`` (a few minutes; writes bench/conversions.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import parsers
from bench.ocr_accuracy import judge
from parsers.errors import ParseError
from tests import formats as F
from tests import variants as V

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "web page": lambda exp, blank: V.html_page(exp, blank).encode(),
    "portal page": lambda exp, blank: F.portal_html(exp, blank),
    "Word file": lambda exp, blank: F.report_docx(exp, blank),
    "Word file, one table": lambda exp, blank: F.report_docx(exp, blank, one_table=True),
}
# (tool, what it makes): the command for a folder of inputs, and which sources it takes.
# LibreOffice's targets: the filter, the converted file's suffix, and which sources it takes
# (Word to .doc/.docx converts nothing; a web page it cannot save as RTF or Word 2003 XML).
LIBREOFFICE = {
    "pdf": ("pdf", "pdf", (".docx", ".html")),
    "docx": ("docx:MS Word 2007 XML", "docx", (".html",)),
    "doc": ("doc:MS Word 97", "doc", (".html",)),
    "rtf": ("rtf", "rtf", (".docx",)),
    "Word 2003 XML": ("xml:MS Word 2003 XML", "xml", (".docx",)),
}
PANDOC = {"gfm": "gfm", "markdown": "markdown", "plain": "plain", "latex": "latex"}
# pdftotext's modes: its default (text in reading order, a cell's text as a paragraph), -layout
# (lines as laid out on the page) and -raw (text in content stream order).
PDFTOTEXT = {"reading order": [], "layout": ["-layout"], "raw": ["-raw"]}
# PyMuPDF's (fitz, many crawls' PDF reader): page.get_text() in the PDF's order of text, blocks
# sorted down the page, and laid out as on the page.
PYMUPDF = {"simple": "simple", "blocks": "blocks", "layout": "layout"}
# A crawler's text extractor and markdown converter: arguments (the page on stdin), what they make.
CRAWLERS = {
    "trafilatura": (["--recall"], "txt"),
    "html2text": (["--body-width=0"], "markdown"),
    "markdownify": ([], "markdown"),
    "w3m": (["-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"], "text"),
    "lynx": (["-dump", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8"], "text"),
    "markitdown": (["-x", "html", "-c", "utf-8"], "markdown"),
}
# Word files as crawls' text extractors keep them (textract's docx2txt; markitdown for LLMs).
WORD_TOOLS = {"docx2txt": "text", "markitdown": "markdown"}


def sources(folder: Path) -> dict[Path, tuple[str, str, dict]]:
    """Every sample in every source, both with blank and '-' n/a cells: path → (sample, source,
    gold)."""
    out = {}
    for name, _, exp in V.samples():
        for blank in ("", "-"):
            for source, render in SOURCES.items():
                ext = "docx" if source.startswith("Word") else "html"
                path = folder / f"{name}{'-dash' if blank else ''}_{source.replace(' ', '_')}.{ext}"
                path.write_bytes(render(exp, blank))
                out[path] = (name, source, exp)
    return out


def convert(inputs: list[Path], out: Path) -> dict[tuple[str, str], list[tuple[Path, Path]]]:
    """(tool, format) → [(input, converted file)] for every tool installed."""
    made: dict[tuple[str, str], list[tuple[Path, Path]]] = defaultdict(list)
    html = [p for p in inputs if p.suffix == ".html"]
    if chromium := shutil.which("chromium") or shutil.which("chromium-browser"):
        for p in html:
            pdf = out / "chromium" / f"{p.stem}.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--no-pdf-header-footer", f"--print-to-pdf={pdf}", p.as_uri()],
                capture_output=True, timeout=120, check=False,
            )  # fmt: skip
            made["Chromium", "pdf"].append((p, pdf))
    else:
        print("chromium not installed: skipped", file=sys.stderr)
    if soffice := shutil.which("soffice"):
        for fmt, (target, suffix, takes) in LIBREOFFICE.items():
            folder = out / f"libreoffice-{suffix}"
            for group in ([p for p in inputs if p.suffix == ".docx"], html):
                if not group or group[0].suffix not in takes:
                    continue
                web = fmt == "pdf" and group[0].suffix == ".html"
                subprocess.run(
                    [soffice, "--headless", "--convert-to",
                     "pdf:writer_web_pdf_Export" if web else target, "--outdir", str(folder),
                     *map(str, group)],
                    capture_output=True, timeout=1800, check=False,
                )  # fmt: skip
                made["LibreOffice", fmt] += [(p, folder / f"{p.stem}.{suffix}") for p in group]
    else:
        print("soffice (libreoffice-writer-nogui) not installed: skipped", file=sys.stderr)
    if pandoc := shutil.which("pandoc"):
        for fmt, target in PANDOC.items():
            for p in inputs:
                if p.suffix == ".docx" and fmt == "plain":
                    continue
                md = out / f"pandoc-{fmt}" / f"{p.stem}.md"
                md.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [pandoc, "-f", p.suffix[1:], "-t", target, str(p), "-o", str(md)],
                    capture_output=True,
                    timeout=120,
                    check=False,
                )
                made["pandoc", fmt].append((p, md))
    else:
        print("pandoc not installed: skipped", file=sys.stderr)
    for tool, (args, fmt) in CRAWLERS.items():  # the web pages as crawlers keep them
        if not (command := shutil.which(tool)):
            print(f"{tool} not installed: skipped", file=sys.stderr)
            continue
        (out / tool).mkdir(parents=True, exist_ok=True)
        for p in html:
            with p.open("rb") as page:
                run = subprocess.run([command, *args], stdin=page, capture_output=True, timeout=120)
            (out / tool / f"{p.stem}.txt").write_bytes(run.stdout)
            made[tool, fmt].append((p, out / tool / f"{p.stem}.txt"))
    for tool, fmt in WORD_TOOLS.items():
        if not (command := shutil.which(tool)):
            print(f"{tool} not installed: skipped", file=sys.stderr)
            continue
        (out / f"{tool}-docx").mkdir(parents=True, exist_ok=True)
        for p in [p for p in inputs if p.suffix == ".docx"]:
            run = subprocess.run([command, str(p)], capture_output=True, timeout=120)
            (out / f"{tool}-docx" / f"{p.stem}.txt").write_bytes(run.stdout)
            made[tool, fmt].append((p, out / f"{tool}-docx" / f"{p.stem}.txt"))
    pdfs = [(tool, pairs) for (tool, fmt), pairs in made.items() if fmt == "pdf"]
    # (reader, mode, its command: PDF and TXT stand for the files)
    readers: list[tuple[str, str, list[str]]] = []
    if pdftotext := shutil.which("pdftotext"):  # a crawl's text of those PDFs (poppler)
        readers += [("pdftotext", m, [pdftotext, *a, "PDF", "TXT"]) for m, a in PDFTOTEXT.items()]
    else:
        print("pdftotext (poppler-utils) not installed: skipped", file=sys.stderr)
    if pymupdf := shutil.which("pymupdf"):
        readers += [
            ("PyMuPDF", m, [pymupdf, "gettext", "-mode", a, "-output", "TXT", "PDF"])
            for m, a in PYMUPDF.items()
        ]
    else:
        print("pymupdf (PyMuPDF) not installed: skipped", file=sys.stderr)
    if pdf2txt := shutil.which("pdf2txt.py"):  # pdfminer.six's text of them, in its reading order
        readers.append(("pdfminer.six", "text", [pdf2txt, "-o", "TXT", "PDF"]))
    else:
        print("pdf2txt.py (pdfminer.six) not installed: skipped", file=sys.stderr)
    for reader, mode, argv in readers:
        for tool, pairs in pdfs:
            folder = out / f"{reader}-{mode.replace(' ', '-')}-{tool}"
            folder.mkdir(parents=True, exist_ok=True)
            for source, pdf in pairs:
                txt = folder / f"{pdf.stem}.txt"
                files = {"PDF": str(pdf), "TXT": str(txt)}
                cmd = [files.get(x, x) for x in argv]
                subprocess.run(cmd, capture_output=True, timeout=300, check=False)
                made[f"{tool}, then {reader}", mode].append((source, txt))
    return made


def measure(folder: Path) -> list[dict]:
    inputs = sources(folder)
    rows = []
    for (tool, fmt), pairs in convert(list(inputs), folder / "out").items():
        for source_path, converted in pairs:
            name, source, exp = inputs[source_path]
            row = {"tool": tool, "format": fmt, "source": source, "sample": name}
            if not converted.exists():
                rows.append({**row, "failed": "not converted"})
                continue
            try:
                report = parsers.parse(converted.read_bytes(), converted.name)
            except ParseError as e:
                rows.append({**row, "failed": str(e)})
                continue
            meta = (report.agency, report.report_year) == (exp["agency"], exp["report_year"])
            rows.append({**row, **judge(report, exp), "meta": meta})
    return rows


def markdown(rows: list[dict]) -> str:
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["tool"], r["format"], r["source"]].append(r)
    lines = [
        "# Accuracy on the samples as other tools convert them",
        "",
        "Regenerate with `python -m bench.conversions` (needs chromium, soffice, pandoc, "
        "trafilatura, html2text, markdownify, markitdown, w3m, lynx, docx2txt, pdftotext, PyMuPDF, "
        "pdfminer.six). "
        "Cells: "
        "every cell of tables 二, 三 and 四 the gold gives a number for, over every sample with "
        "blank and '-' n/a cells; wrong also counts a cell printed blank that a number was read "
        "in, and says how many of them a failed check of the report flags.",
        "",
        "| tool | to | from | files | cells right | NULL | wrong | agency and year right "
        "| not parsed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (tool, fmt, source), rs in sorted(groups.items()):
        ok = [r for r in rs if "failed" not in r]
        cells = sum(r["cells"] for r in ok)
        wrong = sum(len(r["wrong"]) for r in ok)
        null = sum(r["null"] for r in ok)
        right = sum(r["right"] for r in ok)
        flagged = sum(len(r["wrong"]) for r in ok if not r["checks_pass"])
        lines.append(
            f"| {tool} | {fmt} | {source} | {len(rs)} | {right:,}/{cells:,} "
            f"({100 * right / max(cells, 1):.1f} %) | {null:,} | "
            f"{f'{wrong} ({flagged} flagged)' if wrong else 0} | "
            f"{sum(r['meta'] for r in ok)}/{len(ok)} | {len(rs) - len(ok)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.conversions", description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "conversions.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ogi-conversions-") as tmp:
        text = markdown(measure(Path(tmp)))
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
