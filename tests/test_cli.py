"""`ogi export` and `ogi explain`."""

from __future__ import annotations

import os

import duckdb
import pytest

from pipelines import cli, runlog
from tests.test_views import SAMPLES, VIEWS, build_samples

pytestmark = pytest.mark.slow  # whole runs through the CLI


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table_and_view(fmt, tmp_path, monkeypatch, capsys):
    wh = tmp_path / "wh.duckdb"
    build_samples(wh, monkeypatch).close()
    out = tmp_path / "out"
    assert cli.main(["export", "--warehouse", str(wh), "--format", fmt, str(out)]) == 0
    names = {p.stem for p in out.iterdir()}
    assert {"reports", "fact_requests", "check_results", "dim_row", *VIEWS} <= names
    assert not names & {"parse_cache", "raw_files"} and not any(
        n.startswith("mart_") for n in names
    )
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        assert con.execute(
            f"SELECT count(*) FROM {reader}(?)", [str(out / f"reports.{fmt}")]
        ).fetchone() == (12,)
    assert cli.main(["export", "--warehouse", str(tmp_path / "none.duckdb"), str(out)]) == 1


def test_explain_shows_cells_provenance_and_checks(capsys):
    assert cli.main(["explain", str(SAMPLES / "000_358dec47750a91e3.txt")]) == 0
    out = capsys.readouterr().out
    assert "agency: 广州市海珠区人力资源和社会保障局" in out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("1/total = 9"))
    assert "raw '9' at" in line
    assert "table3 column balance 1+2=3.7+4: holds" in out
    assert "PASS [error] text against table: text matches table 三: received 9" in out


def test_explain_a_missing_file_fails(tmp_path, capsys):
    assert cli.main(["explain", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf" in capsys.readouterr().err


def _folder(tmp_path):
    """Two real samples and a file that is not a report."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_358dec47750a91e3.txt", "001_94e39edef5a0b952.txt"):
        (raw / name).write_bytes((SAMPLES / name).read_bytes())
    (raw / "notes.txt").write_text("今天天气很好。\n", encoding="utf-8")
    return raw


def test_run_then_status_tells_the_last_run_and_why_files_failed(tmp_path, capsys):
    raw, wh = _folder(tmp_path), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 0
    capsys.readouterr()
    assert cli.main(["status", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert (
        f"over {raw}" in out and "3 files, 3 parsed in that run (not_a_report 1, parsed 2)" in out
    )
    assert "Files not fully parsed, and why:\n  notes.txt [not_a_report]: " in out
    assert "published file replaced" in out


def test_a_rerun_over_an_unchanged_folder_skips_the_graph(tmp_path, capsys, monkeypatch):
    raw, wh = _folder(tmp_path), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 0
    before = wh.read_bytes()
    capsys.readouterr()

    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 0
    assert "nothing changed since run" in capsys.readouterr().err
    assert wh.read_bytes() == before

    (raw / "notes.txt").write_text("改了。\n", encoding="utf-8")  # a changed file: the graph runs
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 0
    assert "nothing changed" not in capsys.readouterr().err

    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh), "--force"]) == 0
    out, err = capsys.readouterr()
    assert "nothing changed" not in err
    assert "3 files, 0 parsed in that run; published file left as it was" in out


def test_a_new_parser_or_another_folder_is_not_unchanged(tmp_path, monkeypatch):
    raw, wh = _folder(tmp_path), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 0
    assert runlog.unchanged(raw, wh)
    other = tmp_path / "other"
    other.mkdir()
    assert runlog.unchanged(other, wh) is None
    monkeypatch.setattr(runlog.contract, "parser_version", lambda: "99+new")
    assert runlog.unchanged(raw, wh) is None


def test_explain_is_bounded_like_a_run(tmp_path, capsys, monkeypatch):
    """`ogi explain` parses in a process of its own under the run's limits: a file whose parser
    loops costs the time limit and one line, and a pipe never blocks it."""
    monkeypatch.setenv("OGI_PARSE_TIMEOUT_S", "1")
    loop = tmp_path / "loop.txt"
    loop.write_bytes(b"python loop")
    monkeypatch.setattr("pipelines.cli.explain.described", looping)
    assert cli.main(["explain", str(loop)]) == 1
    assert capsys.readouterr().err == f"ogi: {loop}: parse timed out after 1 s\n"
    monkeypatch.undo()
    os.mkfifo(tmp_path / "pipe.txt")
    assert cli.main(["explain", str(tmp_path / "pipe.txt")]) == 1
    assert "not a regular file" in capsys.readouterr().err


def looping(path, sha, name):
    """A parser stuck on its file."""
    while True:
        pass
