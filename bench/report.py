"""The results of `bench.run` as a readable markdown page, targets first."""

from __future__ import annotations

from bench import corpus, worst_cases

TEXT_RATE, RERUN_S, PDF_BEYOND, PEAK_MB = 250, 3.0, 0.50, 1024
OCR_PAGE_S = 2.0  # issue 14


def _yes(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def _table(header: list[str], rows: list[list]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *["| " + " | ".join(map(str, r)) + " |" for r in rows],
        "",
    ]


def _statuses(run: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(run["statuses"].items()))


def markdown(res: dict) -> str:
    parse, (plumber_s, pages) = res["parse"], res["pdfplumber"]
    first, rerun, forced = res["text_e2e"]
    pdf_s = parse["pdf"]["seconds"]
    beyond = (pdf_s - plumber_s) / plumber_s
    largest = max(res["mixed"])
    peak = res["mixed"][largest]["peak_mb"]
    out = [
        "# ogi benchmark",
        "",
        f"Latest `make bench` ({res['mode']} run, seed {res['seed']}); regenerate with `make bench` "
        "or `.venv/bin/python -m bench.run --help`. Figures are overwritten on each full run. "
        "Not a timed test: nothing fails when a target is missed.",
        "",
        "## Machine",
        "",
        *_table(["", ""], list(res["machine"].items())),
        "## Targets (issue 7)",
        "",
        *_table(
            ["target", "measured", ""],
            [
                [
                    f"≥ {TEXT_RATE} text reports/s end to end, {first['reports']:,} distinct reports",
                    f"{first['rate']:.1f}/s ({first['wall']:.1f} s)",
                    _yes(first["rate"] >= TEXT_RATE),
                ],
                [
                    f"rerun with nothing new ≤ {RERUN_S:.0f} s",
                    f"{rerun['wall']:.2f} s",
                    _yes(rerun["wall"] <= RERUN_S),
                ],
                [
                    f"PDF: time beyond pdfplumber's own page parsing ≤ {PDF_BEYOND:.0%}",
                    f"{beyond:+.0%}",
                    _yes(beyond <= PDF_BEYOND),
                ],
                [
                    f"peak memory flat, {largest:,} reports < 1 GB",
                    " → ".join(
                        f"{n:,}: {r['peak_mb']:.0f} MB" for n, r in sorted(res["mixed"].items())
                    ),
                    _yes(peak < PEAK_MB) + ("" if largest >= 10_000 else " (10k not measured)"),
                ],
            ],
        ),
        "## OCR (issue 14)",
        "",
        *_ocr(res["ocr"]),
        "## Worst cases",
        "",
        *_worst(res["worst"]),
        "## Parsing alone",
        "",
        "`parsers.parse` on files already in memory, one process, after one warm-up parse. "
        "Accuracy: generated cells and metadata fields (agency, region, code, year, template) read "
        "back equal to the truth they were generated from.",
        "",
        *_table(
            ["format", "reports", "seconds", "reports/s", "accuracy", "not parsed back right"],
            [
                [
                    k,
                    p["reports"],
                    f"{p['seconds']:.1f}",
                    f"{p['reports'] / p['seconds']:.1f}",
                    f"{p['right'] / max(p['checked'], 1):.2%}",
                    f"{len(p['wrong'])}: " + "; ".join(p["wrong"][:3]) if p["wrong"] else "none",
                ]
                for k, p in parse.items()
            ],
        ),
        "## PDF beyond pdfplumber",
        "",
        "The same files through a bare `pdfplumber.open(...)`, `page.extract_words()`, "
        "`page.close()` pass, against `parsers.parse`.",
        "",
        *_table(
            [
                "PDFs",
                "pages",
                "pdfplumber s",
                "parsers.parse s",
                "beyond pdfplumber",
                "pages/s (parse)",
            ],
            [
                [
                    parse["pdf"]["reports"],
                    pages,
                    f"{plumber_s:.1f}",
                    f"{pdf_s:.1f}",
                    f"{beyond:+.0%}",
                    f"{pages / pdf_s:.1f}",
                ]
            ],
        ),
        "## End to end",
        "",
        "`ogi run --raw-dir … --warehouse …` in a child process on a fresh warehouse (the whole "
        "asset graph, in-process executor, parsing in its worker processes). Peak memory: the "
        "largest sum of PSS over the run's whole process tree, sampled every 0.2 s; largest "
        "process: the biggest single process's peak RSS (wait4). CLI start-up alone "
        f"(`ogi --help`, imports included): {res['startup']['wall']:.2f} s. A rerun with nothing "
        "new finds so from the last run's record without starting Dagster; `--force` runs the "
        "asset graph anyway, which then parses and writes nothing.",
        "",
        *_table(
            [
                "corpus",
                "reports",
                "wall s",
                "reports/s",
                "peak memory MB",
                "largest process MB",
                "reports by status",
            ],
            [
                [
                    "text",
                    first["reports"],
                    f"{first['wall']:.1f}",
                    f"{first['rate']:.1f}",
                    f"{first['peak_mb']:.0f}",
                    f"{first['max_rss_mb']:.0f}",
                    _statuses(first),
                ],
                [
                    "text, rerun with nothing new",
                    rerun["reports"],
                    f"{rerun['wall']:.2f}",
                    "",
                    f"{rerun['peak_mb']:.0f}",
                    f"{rerun['max_rss_mb']:.0f}",
                    "",
                ],
                [
                    "text, rerun with nothing new, `--force` (asset graph)",
                    forced["reports"],
                    f"{forced['wall']:.2f}",
                    "",
                    f"{forced['peak_mb']:.0f}",
                    f"{forced['max_rss_mb']:.0f}",
                    "",
                ],
                *[
                    [
                        "mixed",
                        n,
                        f"{r['wall']:.1f}",
                        f"{r['rate']:.1f}",
                        f"{r['peak_mb']:.0f}",
                        f"{r['max_rss_mb']:.0f}",
                        _statuses(r),
                    ]
                    for n, r in sorted(res["mixed"].items())
                ],
            ],
        ),
        "## Corpora",
        "",
        "Generated by `bench/synth.py` and `bench/render.py`. Report i of a corpus is agency-year "
        "i of a shuffled list of 250 real places from the parser's division library (200 counties "
        "and 50 cities with nationally unique names) × 16 departments × 2019–2024, so no agency-"
        "year repeats below 24,000 reports; its template follows the year (2019 template for "
        "2019–2020). Counts satisfy every identity of table 三 (1 + 2 = 3.7 + 4, 3.7 = the "
        "outcomes, 总计 = the six applicants) and table 四 (总计 = the four results), and across "
        "years of one agency (row 2 = last year's row 4; 现行有效 = last year's + issued − "
        "repealed); table 二 has signed changes and 万元 amounts; the overview quotes table 三's "
        "totals in words; a serial number keeps every file's bytes distinct. Layouts: "
        "tab-separated text (a spanned grid position left blank), HTML and DOCX with real row/"
        "column spans, a ruled 4-page A4 PDF (reportlab, WenQuanYi Zen Hei; each table on its own "
        "page). Mixed corpora hold, per 100 reports, "
        + ", ".join(f"{share} {fmt}" for fmt, share in corpus.MIX)
        + " (PDFs kept rare: ~0.5 s each to parse). Cached under "
        f"`{corpus.CACHE}` by generator digest, seed, kind and size.",
        "",
        *_table(
            ["corpus", "files", "generation s"],
            [
                [kind, f"{n:,}", "cached" if s is None else f"{s:.1f}"]
                for (kind, n), s in res["generated"].items()
            ],
        ),
    ]
    return "\n".join(out)


def _worst(cases: list[dict]) -> list[str]:
    return [
        "Inputs that once made a parser's search explode (`bench/worst_cases.py`): the slowest "
        "of three runs, each on new random values, and the cells read right and wrong.",
        "",
        *_table(
            ["case", "target", "slowest s", "cells right", ""],
            [
                [
                    c["case"],
                    f"≤ {worst_cases.SECONDS:.0f} s, no wrong cell",
                    f"{c['seconds']:.2f}",
                    f"{c['right']}/{c['of']}" + (f" ({c['wrong']} wrong)" if c["wrong"] else ""),
                    _yes(c["seconds"] <= worst_cases.SECONDS and not c["wrong"]),
                ]
                for c in cases
            ],
        ),
    ]


def _ocr(o: dict) -> list[str]:
    change = (o["text_on_s"] - o["text_off_s"]) / o["text_off_s"]
    return _table(
        ["target", "measured", ""],
        [
            [
                f"OCR ≤ {OCR_PAGE_S:.0f} s per A4 page on one core ({o['dpi']} dpi)",
                f"{o['s_per_page']:.2f} s/page ({o['pages']} pages of {o['scans']} scanned reports)",
                _yes(o["s_per_page"] <= OCR_PAGE_S),
            ],
            [
                "text-layer PDFs no slower with OCR on (side by side)",
                f"{o['text_pdfs']} PDFs: {o['text_on_s']:.2f} s on, {o['text_off_s']:.2f} s off "
                f"({change:+.0%})",
                _yes(change <= 0.05) + " (within 5 %)",
            ],
        ],
    )
