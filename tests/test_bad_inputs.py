"""A corpus of bad inputs, generated at test time, through the whole graph with the real parsers:
the run completes, every regular file gets a `reports` row with a reason a person can read, and
re-encoded or renamed copies of a real report parse exactly like the original."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from reportlab.pdfgen import canvas

from ingest import raw as raw_module
from pipelines.assets import ASSETS, CHECKS
from pipelines.resources import make_resources
from tests.expected import SAMPLES
from tests.fixtures import documents as fx

pytestmark = pytest.mark.slow  # a run over a folder of hostile files

SAMPLE = SAMPLES / "000_358dec47750a91e3.txt"
ODD_NAME = "sub dir/报告 \"quoted\" 'x'; rm -rf.txt"
LATIN1_NAME = "rapport annuel é.txt".encode("latin-1")
LATIN1_SHOWN = "rapport annuel \\xe9.txt"  # how `source_path` shows the undecodable byte
LITERAL_NAME = "rapport annuel \\xe9.txt"  # a name that holds a backslash, x, e, 9
LITERAL_SHOWN = "rapport annuel \\x5cxe9.txt"


def pdf(encrypt: str | None = None) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=encrypt)
    c.drawString(72, 720, "2023 annual report")
    c.showPage()
    c.save()
    return out.getvalue()


PAGELESS_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def build_corpus(d: Path, outside: Path) -> tuple[set[str], dict[str, str]]:
    """Writes the corpus; returns the regular files' relative paths and, for the copies of the
    sample report, copy → original."""
    rnd = random.Random(6)
    sample = SAMPLE.read_bytes()
    text = sample.decode("utf-8")
    files = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\r\n  ",
        "random.pdf": rnd.randbytes(5000),
        "random.txt": rnd.randbytes(5000),
        "random.docx": rnd.randbytes(5000),
        "truncated.pdf": pdf()[:400],
        "encrypted.pdf": pdf(encrypt="secret"),
        "pageless.pdf": PAGELESS_PDF,
        "image.txt": b"\x89PNG\r\n\x1a\n" + rnd.randbytes(2000),
        "big.txt": "本网讯 今天天气很好，市民纷纷外出游玩。\n".encode() * 870_000,  # ~50 MB
        "news.txt": "本报讯 昨日，我市举行春季运动会，三千余名市民参加了比赛。".encode() * 20,
        "half.txt": text[: len(text) // 2].encode(),
        "000.txt": sample,
        "copy of 000.txt": sample,
        ODD_NAME: sample,
        "000 gb18030.txt": text.encode("gb18030"),
        "000 utf16.txt": text.encode("utf-16"),
        "/".join("deep") * 10 + "/deep.txt": sample,
        "vanishes.pdf": pdf(),
        "report.doc": fx.report_doc(),
        "truncated.doc": fx.report_doc()[:20000],
        "sheet.xls": fx.ole_renamed(fx.report_doc(), "WordDocument", "Workbook"),
        LITERAL_NAME: sample,  # displays like LATIN1_NAME but for its escaped backslash
        "becomes a pipe.txt": sample + b"\n",
        "self-drawing.pdf": fx.self_drawing_pdf(),
        "nested tables.html": fx.nested_tables_html(4000),
        "bomb.docx": fx.zip_bomb_docx(),
        "no paragraph properties.doc": fx.doc_without_paragraph_properties(),
    }
    for rel, data in files.items():
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_bytes(data)
    (d / os.fsdecode(LATIN1_NAME)).write_bytes(sample)  # a name that is not UTF-8
    (d / "loop1.txt").symlink_to(d / "loop2.txt")
    (d / "loop2.txt").symlink_to(d / "loop1.txt")
    (d / "sub dir" / "up").symlink_to(d)  # a directory cycle
    (d / "secret.txt").symlink_to(outside)
    os.mkfifo(d / "pipe.txt")  # not a regular file: reading it would block the run
    too_long = _path_too_long(d)
    copies = {
        c: "000.txt"
        for c in (
            "copy of 000.txt",
            ODD_NAME,
            "000 gb18030.txt",
            "000 utf16.txt",
            "/".join("deep") * 10 + "/deep.txt",
            LATIN1_SHOWN,
            LITERAL_SHOWN,
        )
    }
    return {*files.keys() - {LITERAL_NAME}, LATIN1_SHOWN, LITERAL_SHOWN, too_long}, copies


def _path_too_long(d: Path) -> str:
    """A folder deeper than PATH_MAX, with a report at the bottom: its row, as listed."""
    fd = os.open(d, os.O_RDONLY)
    for _ in range(25):
        os.mkdir("x" * 200, dir_fd=fd)
        fd, parent = os.open("x" * 200, os.O_RDONLY, dir_fd=fd), fd
        os.close(parent)
    os.close(os.open("report.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    os.close(fd)
    return next(rel for rel, _, error in raw_module.walk(d) if error)


def test_every_bad_input_gets_a_row_with_a_reason(tmp_path, monkeypatch):
    d, outside = tmp_path / "raw", tmp_path / "outside.txt"
    d.mkdir()
    outside.write_bytes(SAMPLE.read_bytes())
    expected, copies = build_corpus(d, outside)
    monkeypatch.setenv("OGI_PARSE_TIMEOUT_S", "30")  # room for a loaded machine; none needs it

    inventory = raw_module.inventory

    def inventory_then_vanish(root, known=None, skip=None):
        frame = inventory(root, known, skip)
        (d / "vanishes.pdf").unlink()  # gone between the inventory and the parse
        (d / "becomes a pipe.txt").unlink()  # a FIFO now: opening it must not block
        os.mkfifo(d / "becomes a pipe.txt")
        return frame

    monkeypatch.setattr(raw_module, "inventory", inventory_then_vanish)
    wh = d / "wh.duckdb"  # inside its own raw folder: its files are no reports
    assert dg.materialize([*ASSETS, *CHECKS], resources=make_resources(d, wh)).success

    with duckdb.connect(str(wh), read_only=True) as con:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT source_path, status, error, report_id FROM reports"
            ).fetchall()
        }
        cells = {
            rid: con.execute(
                "SELECT row_code, applicant, value FROM fact_requests WHERE report_id = ? ORDER BY ALL",
                [rid],
            ).fetchall()
            for _, _, rid in rows.values()
        }
    assert set(rows) == expected
    for path, (status, error, _) in rows.items():
        if status != "parsed":
            assert error and "Traceback" not in error and len(error) < 300, (path, error)
        assert not (error or "").startswith("parser error (bug)"), (path, error)
    assert rows["big.txt"][0] == "not_a_report", rows[
        "big.txt"
    ]  # 50 MB of prose: refused fast, no timeout
    assert rows["vanishes.pdf"][0] == "failed" and "cannot read the file" in rows["vanishes.pdf"][1]
    assert rows["000.txt"][0] == "parsed" and cells[rows["000.txt"][2]]
    assert rows["report.doc"][0] == "parsed" and cells[rows["report.doc"][2]]
    assert rows["truncated.doc"][0] == "failed" and "damaged" in rows["truncated.doc"][1]
    assert rows["sheet.xls"][0] == "unsupported_format" and "Excel" in rows["sheet.xls"][1]
    assert "not a regular file" in rows["becomes a pipe.txt"][1]
    assert rows["self-drawing.pdf"][0] == "failed"
    assert rows["nested tables.html"][0] == "not_a_report"
    assert "too large" in rows["bomb.docx"][1]
    assert rows["no paragraph properties.doc"][0] == "parsed"
    (too_long,) = [p for p in rows if p.startswith("xxx")]
    assert rows[too_long][1] == "cannot list the folder: File name too long"
    for copy, original in copies.items():
        assert rows[copy][0] == rows[original][0], copy
        assert cells[rows[copy][2]] == cells[rows[original][2]], copy

    # The next runs: nothing lost (the vanished file and the pipe are gone for good, the
    # transient failures go with them), and a rerun leaves the warehouse identical.
    monkeypatch.undo()
    monkeypatch.setenv("OGI_PARSE_TIMEOUT_S", "30")
    assert dg.materialize([*ASSETS, *CHECKS], resources=make_resources(d, wh)).success
    after = dump(wh)
    assert {r[1] for r in after["reports"]} == expected - {"vanishes.pdf", "becomes a pipe.txt"}
    assert dg.materialize([*ASSETS, *CHECKS], resources=make_resources(d, wh)).success
    assert dump(wh) == after


def dump(wh: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(wh), read_only=True) as con:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("reports", "fact_requests", "fact_review_litigation", "check_results")
        }
