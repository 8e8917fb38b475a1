"""Bad days (issue 19): names that display alike, failures that are not the file's, a raw folder
that empties, an analyst's read-write session, a damaged build file, folders that cannot be
listed, a warehouse kept inside its raw folder, a run killed or interrupted, two runs at once."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from ingest import contract, raw
from pipelines import cli, runlog
from pipelines.assets import ASSETS, CHECKS
from pipelines.paths import build_path
from pipelines.resources import make_resources
from tests.expected import SAMPLES
from warehouse import load, parse_cache

SAMPLE = SAMPLES / "000_358dec47750a91e3.txt"
OGI = [str(Path(sys.executable).with_name("ogi")), "run"]


def materialize(raw_dir: Path, wh: Path, **kw) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ASSETS, *CHECKS], resources=make_resources(raw_dir, wh, **kw), raise_on_error=False
    )


def reports(wh: Path) -> dict[str, tuple]:
    with duckdb.connect(str(wh), read_only=True) as con:
        rows = con.execute("SELECT source_path, status, error FROM reports").fetchall()
    return {r[0]: r[1:] for r in rows}


def samples(d: Path, n: int = 3) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for s in sorted(SAMPLES.glob("*.txt"))[:n]:
        shutil.copy(s, d / s.name)
    return d


# --- file identity ----------------------------------------------------------------------------


def test_names_that_display_alike_stay_two_files(tmp_path):
    """One name holds the byte \\xe9, the other the four characters `\\xe9`: two rows, each
    found again on disk (this aborted every run at raw_files)."""
    d = tmp_path / "raw"
    d.mkdir()
    (d / os.fsdecode(b"a\xe9.txt")).write_bytes(SAMPLE.read_bytes())
    (d / "a\\xe9.txt").write_bytes(SAMPLE.read_bytes() + b"\n")
    names = [rel for rel, _, _ in raw.walk(d)]
    assert len(set(names)) == 2
    assert all(raw.locate(d, rel).is_file() for rel in names)
    assert materialize(d, tmp_path / "wh.duckdb").success
    assert {s for s, _ in reports(tmp_path / "wh.duckdb").values()} == {"parsed"}


def test_display_is_one_to_one():
    names = ["a\udce9", "a\\xe9", "a\\x5cxe9", "a\\xE9", "\\", "a\\x41", "普通.txt"]
    shown = [raw.display(n) for n in names]
    assert len(set(shown)) == len(names)
    assert [raw.locate(Path("raw"), s) for s in shown] == [Path("raw", n) for n in names]
    assert raw.display("a\udce9") == "a\\xe9" and raw.display("普通.txt") == "普通.txt"


def test_a_database_error_is_shown_as_it_is_not_as_an_aborted_transaction():
    with duckdb.connect() as con:
        load.ensure_schema(con)
        dup = pl.DataFrame(
            {
                "source_path": ["a", "a"],
                "size_bytes": [1, 1],
                "sha256": ["x", "y"],
                "read_error": [None, None],
                "modified_ns": [1, 1],
            }
        )
        with pytest.raises(duckdb.ConstraintException, match='duplicate key "a"'):
            load.replace_raw_files(con, dup)


# --- failures that are not the file's ---------------------------------------------------------


def test_a_file_unreadable_for_one_run_is_parsed_by_the_next(tmp_path, monkeypatch):
    d = samples(tmp_path / "raw")
    wh = tmp_path / "wh.duckdb"
    away, name = tmp_path / "away", sorted(SAMPLES.glob("*.txt"))[0].name
    inventory = raw.inventory

    def inventory_then_move_away(root, known=None, skip=None):
        frame = inventory(root, known, skip)
        os.rename(d / name, away)  # gone while the run parses
        return frame

    monkeypatch.setattr(raw, "inventory", inventory_then_move_away)
    assert materialize(d, wh).success
    assert reports(wh)[name][0] == "failed" and "cannot read" in reports(wh)[name][1]
    monkeypatch.undo()
    os.rename(away, d / name)  # back, unchanged: same path, size and mtime
    assert materialize(d, wh).success
    assert reports(wh)[name][0] == "parsed"


def test_only_transient_failures_are_retried_and_force_retries_every_failure():
    with duckdb.connect() as con:
        load.ensure_schema(con)
        paths = {"lasting": "l", "transient": "t", "parsed": "p", "new": "n"}
        con.execute(
            "INSERT INTO raw_files (source_path, sha256) SELECT * FROM (VALUES "
            + ", ".join(f"('{p}', '{s}')" for p, s in paths.items())
            + ")"
        )
        version = contract.parser_version()
        rows = [
            {**contract.failed("damaged .docx"), "sha256": "l"},
            {**contract.failed("parse timed out after 1 s", transient=True), "sha256": "t"},
            {"status": "parsed", "error": None, "sha256": "p"},
        ]
        load.write_parse_cache(con, [{**r, "parser_version": version} for r in rows])
        assert {s for s, _ in parse_cache.unparsed(con)} == {"t", "n"}
        assert {s for s, _ in parse_cache.unparsed(con, retry_failed=True)} == {"l", "t", "n"}


def test_reasons_are_short_and_say_what_to_do(tmp_path, monkeypatch):
    long = "第一行 " + "文档正文" * 1000
    assert len(contract.short(long)) <= 240 and contract.short(long).endswith("…")
    assert contract.short("a\n  b") == "a b"
    f = tmp_path / "huge.txt"
    f.write_bytes(b"x")

    def out_of_memory(path):
        raise MemoryError

    monkeypatch.setattr(raw, "read_bytes", out_of_memory)
    row = contract.parse_file(f, hashlib.sha256(b"x").hexdigest(), "huge.txt")
    assert row == contract.failed(contract.TOO_LARGE, transient=True)
    assert "too large" in row["error"]


# --- a raw folder that empties ----------------------------------------------------------------


@pytest.mark.slow
def test_an_emptied_folder_is_not_published_unless_asked(tmp_path, capsys):
    d, wh = samples(tmp_path / "raw", 4), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh)]) == 0
    before = reports(wh)
    cached = build_counts(wh)
    for f in d.iterdir():  # an unmounted share: the mount point is there, empty
        f.rename(tmp_path / f.name)
    capsys.readouterr()
    assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh)]) == 1
    err = capsys.readouterr().err
    assert "holds 0 files where the last run had 4" in err and "--allow-shrink" in err
    assert "Traceback" not in err
    assert reports(wh) == before
    assert build_counts(wh) == cached == (4, 4)  # the parse cache outlives the empty folder
    assert not materialize(d, wh).success  # the schedule's and the sensor's path too
    assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh), "--allow-shrink"]) == 0
    assert reports(wh) == {}


def build_counts(wh: Path) -> tuple[int, int]:
    """(raw_files, parse_cache) rows of the build file, read from a copy (this process may still
    hold the build open with another configuration)."""
    copy = wh.with_name("copy.duckdb")
    shutil.copy(build_path(wh), copy)
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            return tuple(
                con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("raw_files", "parse_cache")
            )
    finally:
        copy.unlink()


# --- the published file and the build file ----------------------------------------------------


def _build(path: Path, n: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(f"CREATE OR REPLACE TABLE t AS SELECT range AS x FROM range({n})")
    return con


_SESSION = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])  # read-write, as the duckdb shell opens a file by default
con.execute("CREATE TABLE notes AS SELECT 'mine' AS note")
print("written", flush=True)
sys.stdin.readline()
"""


def test_publish_never_puts_a_copy_beside_another_sessions_wal(tmp_path):
    wh = tmp_path / "wh.duckdb"
    with _build(tmp_path / "build.duckdb", 10) as con:
        load.publish(con, wh)
        con.execute("INSERT INTO t VALUES (100)")
        con.execute("CHECKPOINT")  # the next copy is another checkpoint of the same database
        session = subprocess.Popen(
            [sys.executable, "-c", _SESSION, str(wh)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert session.stdout.readline() == "written\n"
        with pytest.raises(load.PublishBlocked, match="open read-write in another process"):
            load.publish(con, wh, writer_wait_s=0.5)
        session.kill()  # dies without checkpointing: its WAL stays beside the file
        session.wait()
        assert wh.with_name("wh.duckdb.wal").exists()
        load.publish(con, wh, writer_wait_s=0.5)
    with duckdb.connect(str(wh), read_only=True) as reader:
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (11,)
        assert reader.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (1,)


@pytest.mark.slow
def test_a_damaged_build_file_is_set_aside_and_rebuilt(tmp_path, capsys):
    d, wh = samples(tmp_path / "raw"), tmp_path / "wh.duckdb"
    assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh)]) == 0
    before = reports(wh)
    build_path(wh).write_bytes(os.urandom(50_000))
    capsys.readouterr()
    assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh), "--force"]) == 0
    assert "could not be opened" in capsys.readouterr().err
    assert reports(wh) == before
    assert len(list(tmp_path.glob("wh.build.duckdb.damaged-*"))) == 1


def test_a_second_run_says_it_waits_for_the_first_and_gives_up_clearly(
    tmp_path, capsys, monkeypatch
):
    d, wh = samples(tmp_path / "raw", 1), tmp_path / "wh.duckdb"
    other = subprocess.Popen(  # holds the build file as a run does
        [sys.executable, "-c", _SESSION, str(build_path(wh))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline() == "written\n"
        monkeypatch.setenv("OGI_RUN_WAIT_S", "1")
        t0 = time.monotonic()
        assert cli.main(["run", "--raw-dir", str(d), "--warehouse", str(wh)]) == 1
        assert time.monotonic() - t0 < 10
    finally:
        other.kill()
        other.wait()
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"ogi: another run (pid {other.pid}) is writing")
    assert err[1].startswith("ogi: gave up after 1 s") and len(err) == 2


# --- the raw folder's own troubles ------------------------------------------------------------


def test_folders_that_cannot_be_listed_get_rows_with_reasons(tmp_path, monkeypatch):
    d = samples(tmp_path / "raw", 1)
    (d / "locked").mkdir()
    (d / "locked" / "report.txt").write_bytes(b"x")
    deep = os.open(d, os.O_RDONLY)
    for _ in range(25):  # 25 x 200 characters: longer than PATH_MAX
        os.mkdir("d" * 200, dir_fd=deep)
        deep, old = os.open("d" * 200, os.O_RDONLY, dir_fd=deep), deep
        os.close(old)
    with open(os.open("report.txt", os.O_WRONLY | os.O_CREAT, dir_fd=deep), "wb") as f:
        f.write(b"deep")
    os.close(deep)
    scandir = os.scandir

    def no_permission(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_permission)  # as for a non-root user without access
    rows = {r[0]: r[3] for r in raw.inventory(d).rows()}
    assert rows["locked/"] == "cannot list the folder: Permission denied"
    (too_long,) = [p for p in rows if p.startswith("ddd")]
    assert too_long.endswith("/") and rows[too_long] == "cannot list the folder: File name too long"


@pytest.mark.slow
def test_a_warehouse_inside_its_raw_folder_is_not_read_as_reports(tmp_path):
    d = samples(tmp_path / "raw", 2)
    wh = d / "wh.duckdb"
    assert materialize(d, wh).success
    assert materialize(d, wh).success
    assert set(reports(wh)) == {s.name for s in sorted(SAMPLES.glob("*.txt"))[:2]}
    assert runlog.unchanged(d.resolve(), wh) is not None  # the folder settles


# --- the run's process ------------------------------------------------------------------------


def _corpus(d: Path, n: int) -> Path:
    d.mkdir()
    texts = sorted(SAMPLES.glob("*.txt"))
    for i in range(n):
        s = texts[i % len(texts)]
        (d / f"{i}.txt").write_bytes(s.read_bytes() + b"\n" * (i // len(texts)))
    return d


def _session_processes(sid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _start_and_wait_for_parsing(d: Path, wh: Path) -> subprocess.Popen:
    p = subprocess.Popen(
        [*OGI, "--raw-dir", str(d), "--warehouse", str(wh)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_session_processes(p.pid)) < 4 and time.monotonic() < deadline:  # + workers
        time.sleep(0.05)
    assert p.poll() is None
    return p


@pytest.mark.slow
def test_killing_only_the_main_process_leaves_no_orphans(tmp_path):
    p = _start_and_wait_for_parsing(_corpus(tmp_path / "raw", 600), tmp_path / "wh.duckdb")
    running = [_cmdline(pid) for pid in _session_processes(p.pid)]
    assert not [c for c in running if c.startswith("tail")], running  # nothing outlives a kill
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 10
    while _session_processes(p.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: _cmdline(pid) for pid in _session_processes(p.pid)}
    assert left == {}


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "(gone)"


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0, 1.5])  # before Dagster's own handler, and under it
def test_sigterm_ends_a_run_with_one_line(tmp_path, delay):
    p = _start_and_wait_for_parsing(_corpus(tmp_path / "raw", 600), tmp_path / "wh.duckdb")
    time.sleep(delay)
    os.kill(p.pid, signal.SIGTERM)
    code = p.wait(timeout=30)
    err = p.stderr.read()
    assert code == 143, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert err.startswith("ogi: terminated")
