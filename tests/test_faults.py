"""`ogi run` killed at any point (SIGKILL, the whole process group) leaves the published warehouse
either the previous one or the new one, never broken; the next run ends equal to a clean run. A
reader holding the published file open neither blocks a run nor sees it change under it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest import raw as raw_module
from pipelines.assets import ASSETS, CHECKS
from pipelines.resources import make_resources
from tests.expected import SAMPLES
from warehouse import load

pytestmark = pytest.mark.slow  # whole runs, killed and resumed

SAMPLE_TEXTS = sorted(SAMPLES.glob("*.txt"))
OGI = [str(Path(sys.executable).with_name("ogi")), "run"]


def corpus(d: Path, variants: int) -> Path:
    """Copies of the samples, each variant a distinct content (trailing newlines differ)."""
    d.mkdir(parents=True, exist_ok=True)
    for s in SAMPLE_TEXTS:
        for k in range(variants):
            (d / f"{s.stem}_{k}.txt").write_bytes(s.read_bytes() + b"\n" * k)
    return d


def dump(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}


def start(raw: Path, wh: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*OGI, "--raw-dir", str(raw), "--warehouse", str(wh)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # its own group: workers die with it


def run(raw: Path, wh: Path) -> None:
    """A complete run, in-process: the same graph, without the subprocess start-up."""
    assert dg.materialize([*ASSETS, *CHECKS], resources=make_resources(raw, wh)).success


def kill_when(p: subprocess.Popen, ready) -> bool:
    """SIGKILL the run's process group as soon as ready() holds; False if the run ended first."""
    while p.poll() is None:
        if ready():
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return True
        time.sleep(0.005)
    return False


def test_killed_runs_leave_old_or_new_and_recover(tmp_path):
    raw, wh, ref = tmp_path / "raw", tmp_path / "out" / "wh.duckdb", tmp_path / "ref.duckdb"
    corpus(raw, 1)
    run(raw, wh)
    old = dump(wh)
    corpus(raw, 3)
    run(raw, ref)
    new = dump(ref)
    assert old != new

    t0 = time.monotonic()
    points = {
        "after 0.5 s": lambda: time.monotonic() - t0 > 0.5,
        "while parsing": lambda: (wh.parent / "wh.build.duckdb.wal").exists(),
        "during publish": lambda: any(wh.parent.glob(".wh.duckdb.*.tmp")),
    }
    killed = []
    for name, ready in points.items():
        t0 = time.monotonic()
        killed.append(kill_when(start(raw, wh), ready))
        assert dump(wh) in (old, new), name
    assert killed[0] and any(killed[1:])
    p = start(raw, wh)
    assert p.wait(timeout=120) == 0, p.stderr.read().decode()
    assert dump(wh) == new
    assert not list(wh.parent.glob(".wh.duckdb.*.tmp*"))  # killed publishes left nothing behind


def test_publish_removes_only_its_own_stale_copies(tmp_path):
    wh = tmp_path / "wh.duckdb"
    dead = 2**22 + 1  # above Linux's largest pid: no such process
    stale = [f".wh.duckdb.{dead}.tmp", f".wh.duckdb.{dead}.tmp.wal"]
    kept = [
        ".wh.duckdb.1.tmp",  # pid 1 lives: it might be publishing now
        ".wh.duckdb.notes.tmp",
        f".other.duckdb.{dead}.tmp",
        "wh.duckdb.tmp",
        "x.tmp",
    ]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"x")
    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
        load.publish(con, wh)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, "build.duckdb", "wh.duckdb"]
    )


def test_publish_copies_a_fresh_build_as_is_and_compacts_one_updates_left_holes_in(tmp_path):
    build, wh = tmp_path / "build.duckdb", tmp_path / "wh.duckdb"
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE TABLE old AS SELECT repeat('x', 100) || range AS s FROM range(200000)")
        con.execute("CREATE TABLE kept AS SELECT range AS x FROM range(1000)")
        load.publish(con, wh)
        assert wh.read_bytes() == build.read_bytes()  # checkpointed, then copied byte for byte
        con.execute("DROP TABLE old")  # its blocks become free space inside the file
        load.publish(con, wh)
        assert wh.stat().st_size < build.stat().st_size / 2
    with duckdb.connect(str(wh), read_only=True) as reader:
        assert reader.execute("SELECT count(*), sum(x) FROM kept").fetchone() == (1000, 499500)
        assert reader.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("kept",)]


def test_publish_refuses_a_build_written_while_it_copies(tmp_path, monkeypatch):
    build, wh = tmp_path / "build.duckdb", tmp_path / "wh.duckdb"
    copy = shutil.copyfile
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
        other = con.cursor()  # another connection of this process: DuckDB's lock lets it write

        def copy_while_writing(src, dst):
            copy(src, dst)
            other.execute("INSERT INTO t VALUES (2)")

        monkeypatch.setattr(shutil, "copyfile", copy_while_writing)
        with pytest.raises(RuntimeError, match="written while"):
            load.publish(con, wh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build.duckdb"]


def test_a_reader_keeps_its_consistent_view_during_a_run(tmp_path):
    raw, wh = tmp_path / "raw", tmp_path / "wh.duckdb"
    corpus(raw, 1)
    run(raw, wh)
    query = "SELECT count(*), sum(value) FROM reports JOIN fact_requests USING (report_id)"
    with duckdb.connect(str(wh), read_only=True) as reader:
        before = reader.execute(query).fetchone()
        shutil.copy(SAMPLE_TEXTS[0], raw / "another copy.txt")
        (raw / "new.txt").write_bytes(SAMPLE_TEXTS[1].read_bytes() + b"\n\n\n")
        run(raw, wh)
        assert reader.execute(query).fetchone() == before
    with duckdb.connect(str(wh), read_only=True) as fresh:
        assert fresh.execute(query).fetchone() != before


def test_a_rerun_reads_only_changed_files(tmp_path, monkeypatch):
    raw, wh = corpus(tmp_path / "raw", 1), tmp_path / "wh.duckdb"
    run(raw, wh)
    before = dump(wh)
    changed = raw / f"{SAMPLE_TEXTS[0].stem}_0.txt"
    changed.write_bytes(changed.read_bytes().replace(b"\n", b"\r", 1))  # same size, new content
    hashed = []
    monkeypatch.setattr(
        raw_module, "sha256", lambda p, real=raw_module.sha256: hashed.append(p) or real(p)
    )
    run(raw, wh)
    assert hashed == [changed]
    assert dump(wh) != before


def test_a_step_that_fails_inside_its_connection_block_leaves_it_closed(tmp_path):
    """dagster-duckdb closes its connection only when the block ends normally; the build
    database's resource closes it either way, so a failing step holds no file open."""
    db = make_resources(tmp_path / "raw", tmp_path / "wh.duckdb")["duckdb"]
    with pytest.raises(RuntimeError, match="step failed"), db.get_connection() as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
        raise RuntimeError("step failed")
    with pytest.raises(duckdb.ConnectionException, match="closed"):
        con.execute("SELECT 1")
