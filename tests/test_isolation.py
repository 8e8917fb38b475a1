"""ingest.pool: a file that crashes, hangs or eats memory costs only itself, and every
file comes back exactly once, on worker processes."""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

import parsers
from ingest import contract, pool
from ingest.contract import Job, Limits
from ingest.parse import parse_all
from ingest.pool import parse_isolated
from parsers.errors import NotAReport

pytestmark = pytest.mark.slow  # starts parse worker pools and kills their workers

LIMITS = Limits(timeout_s=1, memory_mb=1024, workers=2)


def misbehaving_parse(path: Path, sha: str, name: str) -> dict | None:
    """contract.parse_file with a parser whose input says how to fail. Module level, so worker
    processes can import it; it swaps the parser only for its own call."""
    real, parsers.parse = parsers.parse, _misbehave
    try:
        return contract.parse_file(path, sha, name)
    finally:
        parsers.parse = real


def _misbehave(data: bytes, name: str):
    if data == b"segfault":
        ctypes.string_at(0)
    elif data == b"python loop":
        while True:
            pass
    elif data == b"stuck in C":  # SIGALRM blocked: only the watchdog can end it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    elif data == b"memory hog":
        bytearray(2 << 30)
    elif data == b"sys.exit":
        sys.exit(3)
    elif data == b"slow":
        time.sleep(20)
    raise NotAReport(f"pid {os.getpid()}")


def jobs_for(tmp_path: Path, contents: dict[str, bytes]) -> list[Job]:
    jobs = []
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
        jobs.append(Job(hashlib.sha256(data).hexdigest(), tmp_path / name, name))
    return jobs


def test_misbehaving_files_cost_only_themselves(tmp_path):
    bad = {
        "segv.pdf": b"segfault",
        "loop.pdf": b"python loop",
        "stuck.pdf": b"stuck in C",
        "hog.pdf": b"memory hog",
        "exit.pdf": b"sys.exit",
    }
    good = {f"good{i}.txt": f"report {i}".encode() for i in range(10)}
    jobs = jobs_for(tmp_path, {**bad, **good})
    t0 = time.monotonic()
    results = list(parse_all(jobs, LIMITS, misbehaving_parse))
    assert sorted(j.name for j, _ in results) == sorted(j.name for j in jobs)  # each exactly once
    rows = {j.name: r for j, r in results}
    assert all(rows[n]["status"] == "not_a_report" for n in good)
    assert f"pid {os.getpid()}" not in {rows[n]["error"] for n in good}
    assert all(rows[n]["status"] == "failed" for n in bad)
    assert rows["segv.pdf"]["error"] == "parser process died (signal 11, SIGSEGV)"
    assert rows["loop.pdf"]["error"] == "parse timed out after 1 s"
    assert rows["stuck.pdf"]["error"] == "parse timed out after 1 s"
    assert rows["hog.pdf"]["error"] == contract.TOO_LARGE
    assert rows["exit.pdf"]["error"].startswith("parser error (bug): SystemExit")
    assert time.monotonic() - t0 < 30


def test_a_worker_dying_while_others_start_never_hangs_the_pool(tmp_path):
    """The first file kills its worker while the pool is still starting the others, and batches
    are still being submitted: every file comes back (in a child process, so that a hang is a
    timeout, not a stuck test suite)."""
    code = f"""
from pathlib import Path
from tests.test_isolation import jobs_for, misbehaving_parse
from ingest.contract import Limits
from ingest.parse import parse_all
jobs = jobs_for(Path({str(tmp_path)!r}), {{"segv.pdf": b"segfault",
                **{{f"good{{i}}.txt": f"report {{i}}".encode() for i in range(40)}}}})
for _ in range(3):
    rows = dict(parse_all(jobs, Limits(timeout_s=5, memory_mb=1024, workers=8),
                          misbehaving_parse))
    assert len(rows) == 41 and sum(r["status"] == "failed" for r in rows.values()) == 1, rows
"""
    done = _python(code, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("where", "after"),
    [
        ("multiprocessing.process.BaseProcess", True),  # a worker started, not yet in its books
        ("concurrent.futures.process._ExecutorManagerThread", False),  # its watcher not started
    ],
)
def test_ctrl_c_while_the_pool_starts_ends_the_parse_cleanly(tmp_path, where, after):
    """Ctrl-C (or `ogi run`'s SIGTERM, raised the same way) landing while the pool starts its
    workers: the parse stops with that KeyboardInterrupt, not with a failure of the pool's
    shutdown nor a wait for a worker it does not know of (CI met both)."""
    module, cls = where.rsplit(".", 1)
    _assert_interrupted(
        tmp_path,
        f"""
import importlib
cls = getattr(importlib.import_module({module!r}), {cls!r})
start = cls.start
def interrupted_start(self):
    cls.start = start
    if {after}:
        start(self)
    os.kill(os.getpid(), signal.SIGINT)
    if not {after}:
        start(self)
cls.start = interrupted_start
""",
        workers=4,
    )


def test_ctrl_c_inside_wait_for_results_ends_the_parse_cleanly(tmp_path):
    """Ctrl-C landing inside concurrent.futures.wait(), after it took the first future's lock and
    before the others: that lock must not stay held (the pool's watcher thread would block on
    it, and the parse, or the interpreter's exit, wait for that thread forever: `ogi run` once
    ignored SIGTERM for 30 s in CI)."""
    _assert_interrupted(
        tmp_path,
        """
import concurrent.futures._base as base
def interrupted_enter(self):
    for i, future in enumerate(self.futures):
        future._condition.acquire()
        if i == 0 and len(self.futures) > 1:
            base._AcquireFutures.__enter__ = enter
            os.kill(os.getpid(), signal.SIGINT)
enter, base._AcquireFutures.__enter__ = base._AcquireFutures.__enter__, interrupted_enter
""",
        workers=2,
    )


def _assert_interrupted(tmp_path: Path, setup: str, workers: int) -> None:
    """Forty small files parsed, in a Python of its own, after ``setup`` (which arranges a Ctrl-C
    somewhere): the parse ends with that KeyboardInterrupt, and nothing hangs."""
    code = f"""
import os, signal
from pathlib import Path
from tests.test_isolation import jobs_for
from ingest.contract import Limits
from ingest.parse import parse_all
{setup}
jobs = jobs_for(Path({str(tmp_path)!r}), {{f"{{i}}.txt": b"text" for i in range(40)}})
try:
    list(parse_all(jobs, Limits(timeout_s=5, memory_mb=1024, workers={workers})))
except KeyboardInterrupt:
    print("interrupted")
"""
    done = _python(code, timeout=60)
    assert (done.returncode, done.stdout) == (0, "interrupted\n"), done.stderr


def test_ctrl_c_ends_the_parse_without_waiting_for_the_files_in_flight(tmp_path):
    """Files that take 20 s each are being parsed when Ctrl-C comes: the parse ends at once, its
    workers killed (the next run parses those files), not after they finish."""
    code = f"""
import os, signal, threading, time
from pathlib import Path
from tests.test_isolation import jobs_for, misbehaving_parse
from ingest.contract import Limits
from ingest.parse import parse_all
jobs = jobs_for(Path({str(tmp_path)!r}), {{f"{{i}}.pdf": b"slow" for i in range(8)}})
threading.Timer(2, os.kill, (os.getpid(), signal.SIGINT)).start()
start = time.monotonic()
try:
    list(parse_all(jobs, Limits(timeout_s=60, memory_mb=1024, workers=2), misbehaving_parse))
except KeyboardInterrupt:
    print(time.monotonic() - start)
"""
    t0 = time.monotonic()
    done = _python(code, timeout=60)
    assert done.returncode == 0, done.stderr
    # Ctrl-C at 2 s; a file takes 20 s (a busy machine may hold the signal while the pool starts)
    assert 2 <= float(done.stdout) < 10, done.stdout
    assert time.monotonic() - t0 < 15  # nor does the interpreter's exit wait for them


def big_parse(path: Path, sha: str, name: str) -> dict:
    """A parse whose row is large (100 MB), so that its worker is a while sending it back; it
    leaves its process id for the test to watch that worker."""
    path.with_suffix(".pid").write_text(str(os.getpid()))
    return {"blob": "x" * (100 << 20)}


def test_ctrl_c_while_a_worker_sends_its_result_ends_the_parse_cleanly(tmp_path):
    """Ctrl-C landing while a worker is partway through sending its batch's rows (frozen there
    with SIGSTOP, then killed with the pool): its half-sent message must not leave the pool's
    watcher thread waiting for the rest forever (the parent holds the result pipe's other end,
    so no end of file comes), which the interpreter's exit would then wait for."""
    code = f"""
import concurrent.futures.process as cfp, os, signal, threading, time
from pathlib import Path
from tests.test_isolation import jobs_for, big_parse
from ingest.contract import Limits
from ingest.pool import parse_pooled
[job] = jobs_for(Path({str(tmp_path)!r}), {{"big.txt": b"text"}})
pid_file = job.path.with_suffix(".pid")
def freeze_mid_send_and_interrupt():
    while not pid_file.exists() or not pid_file.read_text():
        time.sleep(0.001)
    pid = int(pid_file.read_text())
    while "pipe_write" not in Path(f"/proc/{{pid}}/wchan").read_text():  # waits for the reader
        pass
    os.kill(pid, signal.SIGSTOP)
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=freeze_mid_send_and_interrupt, daemon=True).start()
try:
    list(parse_pooled([job], Limits(timeout_s=60, memory_mb=2048, workers=1), big_parse))
except KeyboardInterrupt:
    print("interrupted")
for thread in list(cfp._threads_wakeups):  # what the interpreter's exit joins
    thread.join(10)
    print("stuck" if thread.is_alive() else "ended")
"""
    done = _python(code, timeout=30)
    assert (done.returncode, done.stdout) == (0, "interrupted\nended\n"), done.stderr


def _python(code: str, timeout: float) -> subprocess.CompletedProcess:
    """The code run by a Python of its own from the project's root: a hang is a timeout there,
    not a stuck test suite. Ctrl-C raises KeyboardInterrupt there, as at a terminal, even when
    the suite runs in the background of a shell, which ignores SIGINT for its children."""
    ctrl_c = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    return subprocess.run(
        [sys.executable, "-c", ctrl_c + code],
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_no_file_is_parsed_in_the_calling_process_not_even_small_text(tmp_path):
    """A small text file could still loop or eat memory (issue 19: a quadratic search ran for
    minutes in-process): every parse has the workers' limits."""
    text = jobs_for(tmp_path, {"a.txt": b"plain text", "b.txt": b"more text"})
    rows = [r for _, r in parse_all(text, Limits(workers=2), misbehaving_parse)]
    assert [r["status"] for r in rows] == ["not_a_report"] * 2
    assert f"pid {os.getpid()}" not in {r["error"] for r in rows}
    (loop,) = jobs_for(tmp_path, {"loop.txt": b"python loop"})
    assert dict(parse_all([loop], LIMITS, misbehaving_parse))[loop] == {
        "status": "failed",
        "error": "parse timed out after 1 s",
        "transient": True,
    }


def test_a_late_kill_reparses_alone_only_the_files_workers_were_on(tmp_path, monkeypatch):
    """A file stuck in C code is killed late (by the watchdog): the pool breaks, and only the
    file each worker was on is parsed again in a process of its own, not every file of the
    batches in flight."""
    isolated = []
    real = pool.parse_isolated
    monkeypatch.setattr(
        pool, "parse_isolated", lambda job, *a: isolated.append(job.name) or real(job, *a)
    )
    jobs = jobs_for(
        tmp_path,
        {
            **{f"good{i:02}.txt": f"report {i}".encode() for i in range(20)},
            "stuck.pdf": b"stuck in C",
            **{f"late{i:02}.txt": f"late {i}".encode() for i in range(20)},
        },
    )
    rows = dict(parse_all(jobs, LIMITS, misbehaving_parse))
    assert len(rows) == 41
    assert {j.name: r["status"] for j, r in rows.items()} == {
        j.name: "failed" if j.name == "stuck.pdf" else "not_a_report" for j in jobs
    }
    assert "stuck.pdf" in isolated and len(isolated) <= LIMITS.workers, isolated


def test_a_file_changed_since_hashing_is_skipped_not_parsed(tmp_path):
    (job,) = jobs_for(tmp_path, {"x.pdf": b"%PDF-1.4 original"})
    job.path.write_bytes(b"%PDF-1.4 edited")
    assert list(parse_all([job], LIMITS)) == [(job, None)]


def test_workers_do_not_run_an_embedding_programs_main(tmp_path, monkeypatch):
    """Embedded (a Streamlit script, a notebook), the program's __main__ is no module of ours:
    workers must not run it again, as multiprocessing would under forkserver."""
    marker = tmp_path / "main ran in a worker"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit('app ran again')\n")
    app = types.ModuleType("__main__")
    app.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", app)
    jobs = jobs_for(tmp_path, {"a.pdf": b"%PDF-1.4 a", "b.pdf": b"%PDF-1.4 b"})
    pooled = [r for _, r in parse_all(jobs, LIMITS, misbehaving_parse)]
    alone = parse_isolated(jobs[0], LIMITS, misbehaving_parse)
    assert [r["status"] for r in [*pooled, alone]] == ["not_a_report"] * 3
    assert not marker.exists()
    assert sys.modules["__main__"] is app
