"""Parsing on a Dask cluster (OGI_PARSE_EXECUTOR=dask): a loopback LocalCluster of two worker
processes gives the same warehouse as the local pool, and keeps the per-file error semantics."""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import sys
from pathlib import Path

import cloudpickle
import dagster as dg
import dask
import duckdb
import pytest
from distributed import LocalCluster

from ingest import contract, dask_cluster
from ingest.contract import Job, Limits
from pipelines.assets import ASSETS, CHECKS
from pipelines.resources import make_resources
from tests.expected import SAMPLES

pytestmark = pytest.mark.slow  # a Dask LocalCluster


@pytest.fixture(scope="module")
def scheduler():
    # A worker that dies fails its task at once: the test need not wait for three restarts.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
    ):
        yield cluster


def dump(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table but build_info, the writer's state (it records when it built)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_name <> 'build_info' "
                "ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}


def test_dask_run_equals_local_run(scheduler, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "dev").mkdir(parents=True)
    for f in SAMPLES.glob("*.txt"):
        shutil.copy(f, raw)
    for f in (SAMPLES / "dev").iterdir():
        if not f.name.endswith(".json"):
            shutil.copy(f, raw / "dev")
    graph = [*ASSETS, *CHECKS]
    assert dg.materialize(graph, resources=make_resources(raw, tmp_path / "local.duckdb")).success
    monkeypatch.setenv("OGI_PARSE_EXECUTOR", "dask")
    monkeypatch.setenv("OGI_DASK_SCHEDULER", scheduler.scheduler_address)
    assert dg.materialize(graph, resources=make_resources(raw, tmp_path / "dask.duckdb")).success
    assert "parse_batch" in scheduler.scheduler.task_prefixes  # the parse did go to the cluster
    local, distributed = dump(tmp_path / "local.duckdb"), dump(tmp_path / "dask.duckdb")
    assert len(local["reports"]) == 12 and local["fact_requests"]
    assert distributed == local


def misbehaving_parse(data: bytes, name: str) -> dict:
    """contract.parse of a parser whose input says how to fail; runs on the workers, sent by value
    (below) so that they need not import this module and Dagster with it."""
    if data == b"segfault":
        ctypes.string_at(0)
    if data == b"sys.exit":
        sys.exit(3)
    if data == b"bug":
        raise KeyError("bug")
    return contract.parse(data, name) if data == b"not a report" else {"status": "parsed"}


def test_dask_keeps_per_file_errors_and_isolates_a_crash(scheduler, tmp_path, monkeypatch):
    # The crash comes last, in a batch of good files: parsed again alone, it kills the other
    # worker too, and nothing should have to wait for a restart after that.
    contents = {
        "exit.pdf": b"sys.exit",
        "bug.pdf": b"bug",
        "news.txt": b"not a report",
        **{f"ok{i}.txt": b"ok %d" % i for i in range(40)},
        "segv.pdf": b"segfault",
    }
    jobs = []
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
        jobs.append(Job(hashlib.sha256(data).hexdigest(), tmp_path / name, name))
    (tmp_path / "news.txt").write_bytes(b"changed since hashed")
    monkeypatch.setattr(dask_cluster, "_BATCH_FILES", 4)  # a crash takes down 3 files with it
    limits = Limits(dask_scheduler=scheduler.scheduler_address)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        results = list(dask_cluster.parse_on_dask(jobs, limits, misbehaving_parse))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert sorted(j.name for j, _ in results) == sorted(contents)  # each exactly once
    rows = {j.name: r for j, r in results}
    assert rows["news.txt"] is None
    assert all(rows[f"ok{i}.txt"] == {"status": "parsed"} for i in range(40))
    assert rows["bug.pdf"] == contract.failed("parser error (bug): KeyError: 'bug'")
    assert rows["exit.pdf"]["error"].startswith("parser error (bug): SystemExit")
    assert rows["segv.pdf"]["status"] == "failed"
    assert rows["segv.pdf"]["error"].startswith("parser process died on a Dask worker")


def test_workers_on_another_parser_version_are_refused(scheduler, monkeypatch):
    monkeypatch.setattr(contract, "parser_version", lambda: "0+elsewhere")  # this process only
    sample = SAMPLES / "000_358dec47750a91e3.txt"
    job = Job(hashlib.sha256(sample.read_bytes()).hexdigest(), sample, sample.name)
    with pytest.raises(RuntimeError, match="deploy the same ogi commit"):
        next(dask_cluster.parse_on_dask([job], Limits(dask_scheduler=scheduler.scheduler_address)))
