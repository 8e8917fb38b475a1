"""`ogi export` and `ogi explain`."""

from __future__ import annotations

import contextlib
import csv
import importlib.metadata
import io
import json
import os
import time
import types

import duckdb
import pytest

from pipelines import cli, runlog
from tests.fake_parser import report_from_expected
from tests.test_views import SAMPLES, VIEWS, build_samples, two_years_of_one_agency
from tests.test_warehouse import build

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
    assert "PASS text against table: text matches table 三: received 9" in out


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


def test_csv_export_opens_in_excel_and_runs_no_formula(tmp_path, monkeypatch):
    """UTF-8 with a byte-order mark; a text cell starting like a formula gets a leading quote."""
    files = {
        "=HYPERLINK(1).txt": (b"a", _report('=HYPERLINK("http://x")')),
        "@SUM(1).txt": (b"b", _report("平潭综合实验区")),
    }
    wh = tmp_path / "wh.duckdb"
    with duckdb.connect(str(wh)) as con:
        build(con, files, monkeypatch)
    out = tmp_path / "out"
    assert cli.main(["export", "--warehouse", str(wh), "--format", "csv", str(out)]) == 0
    data = (out / "reports.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["source_path"] for r in rows} == {"'=HYPERLINK(1).txt", "'@SUM(1).txt"}
    assert {r["agency"] for r in rows} == {'\'=HYPERLINK("http://x")', "平潭综合实验区"}
    # numbers, even negative ones, stay numbers
    assert all(not r["size_bytes"].startswith("'") for r in rows)


def _report(agency: str):
    e = json.loads((SAMPLES / "dev" / "h004.expected.json").read_text("utf-8"))
    e["agency"] = agency
    return report_from_expected(e)


def test_export_onto_an_existing_file_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    wh = tmp_path / "wh.duckdb"
    build_samples(wh, monkeypatch).close()
    existing = tmp_path / "existing.csv"
    existing.write_text("keep me")
    before = set(tmp_path.iterdir())
    assert cli.main(["export", "--warehouse", str(wh), "--format", "csv", str(existing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists and is not a folder" in err
    assert set(tmp_path.iterdir()) == before and existing.read_text() == "keep me"


@pytest.mark.parametrize("command", ["status", "export"])
def test_a_corrupt_warehouse_is_one_readable_line(command, tmp_path, capsys):
    wh = tmp_path / "wh.duckdb"
    wh.write_bytes(b"this is not a duckdb file\n" * 1000)
    args = [command, "--warehouse", str(wh)] + (
        [str(tmp_path / "out")] if command == "export" else []
    )
    assert cli.main(args) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("ogi: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "out").exists()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ogi {importlib.metadata.version('ogi')}"


def _two_years(tmp_path, monkeypatch, names=("a/2025.txt", "a/2024.txt", "b/2025.txt")):
    files = {
        name: (name.encode(), report_from_expected(e))
        for name, e in zip(names, two_years_of_one_agency().values())
    }
    wh = tmp_path / "wh.duckdb"
    with duckdb.connect(str(wh)) as con:
        build(con, files, monkeypatch)
    return wh


def test_status_names_the_reports_behind_failed_checks_most_severe_first(
    tmp_path, monkeypatch, capsys
):
    evil = "a/2024\x1b[2K\rFiles by status:\n  parsed 99.txt"
    wh = _two_years(tmp_path, monkeypatch, ("a/2025.txt", evil, "b/2025.txt"))
    assert cli.main(["status", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    reports = out.split("Reports behind the failed checks, most severe first:\n")[1]
    lines = reports.split("\n\n")[0].splitlines()
    # the carry-over contradiction (error) of a/2025 before a/2024's blank totals (warning)
    assert lines[0].startswith("  a/2025.txt [error] cross-year carry-over")
    assert "row 2 = 36 but 2024 row 4 = 31" in lines[0]
    assert any(
        ln.startswith("  a/2024\\x1b[2K\\rFiles by status:\\n  parsed 99.txt [warning] table3")
        for ln in lines
    )
    assert "\x1b" not in out and "\r" not in out
    assert [ln for ln in out.splitlines() if ln.startswith("Files by status:")] == [
        "Files by status:"
    ]
    severities = [ln.split(" [")[-1].split("]")[0] for ln in lines]
    assert severities == sorted(severities, key=["error", "warning"].index)
    # info (nothing to compare) is not among the failures
    failed = out.split("Failed checks")[1].split("\n\n")[0]
    assert " / info " not in failed


def test_compare_shows_one_agency_across_its_years(tmp_path, monkeypatch, capsys):
    wh = _two_years(tmp_path, monkeypatch)
    assert cli.main(["compare", "--warehouse", str(wh), "沭阳县人民政府"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("沭阳县人民政府 (321322:人民政府;")
    assert out[1].split() == ["2024", "2025"]
    row = next(ln for ln in out if ln.startswith("本年新收申请 new requests"))
    assert row.split()[-3:] == ["613", "713", "(+100)"]
    # a name that matches two agencies asks for one, in one line
    assert cli.main(["compare", "--warehouse", str(wh), "沭阳县"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2 agencies match" in err
    assert cli.main(["compare", "--warehouse", str(wh), "nobody"]) == 1


def test_run_over_a_missing_folder_is_one_line_and_creates_nothing(tmp_path, capsys):
    wh = tmp_path / "out" / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(tmp_path / "missing"), "--warehouse", str(wh)]) == 1
    err = capsys.readouterr().err
    assert err == f"ogi: raw folder not found: {tmp_path / 'missing'}\n"
    assert list(tmp_path.iterdir()) == []  # no build file, no warehouse folder


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


def _interrupted_step():
    """What Dagster's own SIGTERM handler leaves a step to report: its interruption behind a
    later error of the step's cleanup; or, raised inside a DuckDB query, only DuckDB's."""
    from dagster._utils.error import SerializableErrorInfo

    interrupted = SerializableErrorInfo("", [], "DagsterExecutionInterruptedError")
    return {
        "cleanup failing as it unwinds": SerializableErrorInfo(
            "cannot join thread", [], "RuntimeError", context=interrupted
        ),
        "inside a DuckDB query": SerializableErrorInfo(
            "RuntimeError: Query interrupted\n", [], "RuntimeError"
        ),
    }


@pytest.mark.parametrize("how", _interrupted_step())
def test_a_step_failing_from_dagsters_interrupt_is_a_termination(
    tmp_path, capsys, monkeypatch, how
):
    """Dagster's own SIGTERM handler raises its interruption inside the step. The step's cleanup
    can fail in turn, and Dagster then reports that later error, the interruption only behind it
    (CI met it: a RuntimeError of the worker pool, exit 1). Raised inside a DuckDB query, it is
    lost to DuckDB's RuntimeError('Query interrupted') (CI: SIGTERM while raw_files created the
    schema, 'ogi: step raw_files failed', exit 1). Either way the run ends as terminated."""
    import dagster as dg
    from dagster._utils.error import SerializableErrorInfo

    error = _interrupted_step()[how]
    failure = types.SimpleNamespace(
        step_key="raw_files",
        event_specific_data=types.SimpleNamespace(
            error=SerializableErrorInfo("step failed", [], "DagsterUserCodeError", cause=error)
        ),
    )
    failed = types.SimpleNamespace(success=False, get_step_failure_events=lambda: [failure])
    monkeypatch.setattr(dg, "materialize", lambda *args, **kwargs: failed)
    raw, wh = _folder(tmp_path), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 143
    err = capsys.readouterr().err
    assert err.startswith("ogi: terminated") and err.strip().count("\n") == 0, err


def test_sigterm_that_dagster_swallows_still_ends_the_run_as_terminated(
    tmp_path, capsys, monkeypatch
):
    """Should SIGTERM land where Dagster catches what the handler raises and reports only a
    failed run, with no step failure to say why, the run still ends as terminated, in one
    line."""
    import signal

    import dagster as dg

    class Failed:
        success = False

        def get_step_failure_events(self):
            return []

    def materialize(*args, **kwargs):
        with contextlib.suppress(BaseException):  # what Dagster does with it, at worst
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # (the handler runs here)
        return Failed()

    monkeypatch.setattr(dg, "materialize", materialize)
    raw, wh = _folder(tmp_path), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(raw), "--warehouse", str(wh)]) == 143
    err = capsys.readouterr().err
    assert err.startswith("ogi: terminated") and err.strip().count("\n") == 0, err
