"""Parsing many files on all cores, each file isolated from the others (plain Python, no Dagster).

Parsers run C libraries (pdfium, lxml, selectolax) on untrusted bytes: a segfault, a runaway
allocation or an endless loop there must cost that one file, not the run. Files are therefore
parsed in worker processes started by a forkserver (forked from a clean process that has already
imported the parsers: quick to start, and no Dagster threads or DuckDB handles inherited), each
under a memory limit (RLIMIT_AS) and a time limit per file.

Work goes out in batches of files per task (a task per file costs IPC, a Dagster step per file
costs seconds). Two batches per worker are in flight (one queued, so that a worker never waits
while the caller stores results), and no more, so when a worker dies and breaks the pool, the
files of the batches that did not come back are few and known: they are parsed again one per
process, which names the culprit and its reason, and a new pool takes the remaining batches.

Small runs of plain-text files parse in the calling process: starting workers costs more than
parsing them, and the text backend is pure Python, where a bug is an exception that already costs
only its file (warehouse.cache.parse). Whatever may reach a C library (PDF, zip, HTML) or is large
is always isolated.

Outcomes of the limits (timeouts, deaths) are cached like any parse: the same parser would meet
the same fate on the same bytes. A new parser version retries them.

Workers never run the caller's __main__ (see _without_main), so ogi can be embedded. With
`Limits.dask_scheduler` set, the batches go to a Dask cluster instead (warehouse.parse_dask).
"""

from __future__ import annotations

import faulthandler
import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import forkserver
from pathlib import Path

from warehouse import cache, raw

_GRACE_S = 2  # past the time limit, for C code that SIGALRM cannot interrupt
_INPROCESS_MAX_BYTES = 1 << 20
_IN_FLIGHT = 2  # batches per worker
# Imported once in the forkserver, so every worker starts with them loaded.
_PRELOAD = [__name__, "parsers.backends.pdf", "parsers.backends.docx", "parsers.backends.html"]


@dataclass(frozen=True)
class Job:
    sha256: str
    path: Path  # may end in the escaped name of raw.walk: parse_all maps it back (raw.on_disk)
    name: str  # path relative to the raw folder: the parser's hint and the log's label


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 60  # per file; 0: none
    memory_mb: int = 2048  # address space per worker; 0: none
    workers: int = os.cpu_count() or 1
    inprocess_max: int = 8  # at most this many small plain-text files parse in-process
    dask_scheduler: str = ""  # tcp://host:8786: parse on that Dask cluster (warehouse.parse_dask)


ParseFile = Callable[[Path, str, str], "dict | None"]  # cache.parse_file; tests pass misbehaving ones


def parse_all(jobs: list[Job], limits: Limits, parse_file: ParseFile = cache.parse_file,
              ) -> Iterator[tuple[Job, dict | None]]:
    """(job, parse_cache row) for every job, in completion order. The row is None when the file
    changed since it was hashed (see cache.parse_file)."""
    jobs = [replace(job, path=raw.on_disk(job.path)) for job in jobs]
    if len(jobs) <= limits.inprocess_max and all(map(_pure_python, jobs)):
        for job in jobs:
            yield job, parse_file(job.path, job.sha256, job.name)
    elif limits.dask_scheduler:
        from warehouse import parse_dask  # imports this module

        yield from parse_dask.parse_all(jobs, limits)
    else:
        yield from _pooled(jobs, limits, parse_file)


def _pure_python(job: Job) -> bool:
    """Small plain text, which only the pure-Python text backend reads (parsers.backends)."""
    try:
        with job.path.open("rb") as f:
            head = f.read(4096)
            f.seek(0, os.SEEK_END)
            size = f.tell()
    except OSError:
        return False  # the worker will record why
    return (size <= _INPROCESS_MAX_BYTES and b"%PDF-" not in head and b"<" not in head
            and not head.startswith(b"PK"))


def _pooled(jobs: list[Job], limits: Limits, parse_file: ParseFile) -> Iterator[tuple[Job, dict | None]]:
    workers = max(1, limits.workers)
    size = max(1, min(16, len(jobs) // (4 * workers)))  # ~4 batches per worker balance the load
    todo = [jobs[i:i + size] for i in range(0, len(jobs), size)][::-1]  # pop() keeps the order
    while todo:
        suspects: list[Job] = []
        with _Pool(min(workers, len(todo)), mp_context=_context(), initializer=_init_worker,
                   initargs=(limits.memory_mb,)) as pool:
            running: dict[Future, list[Job]] = {}
            broken = False  # a worker died: no more batches for this pool
            while todo or running:
                while todo and len(running) < _IN_FLIGHT * workers and not broken:
                    batch = todo.pop()
                    try:
                        with _without_main():  # the first submit starts the workers
                            future = pool.submit(_parse_batch, batch, limits.timeout_s, parse_file)
                    except BrokenProcessPool:  # a running batch's worker died: the next pool's
                        todo.append(batch)
                        broken = True
                    else:
                        running[future] = batch
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    batch = running.pop(future)
                    try:
                        rows = future.result()
                    except Exception as e:  # noqa: BLE001 - mostly BrokenProcessPool: a worker died
                        suspects.extend(batch)
                        broken = broken or isinstance(e, BrokenProcessPool)
                    else:
                        yield from zip(batch, rows)
        for job in suspects:
            yield job, parse_isolated(job, limits, parse_file)


class _Pool(ProcessPoolExecutor):
    """A process pool whose workers all start with its first task, before it watches them.
    Started one by one as tasks arrive (the default under forkserver), a worker that dies while
    the next one is starting leaves that one out of the pool's books, and closing the broken
    pool then waits for it forever (CPython 3.11; the race of python/cpython#132969 and kin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._safe_to_dynamically_spawn_children = False  # what it does for "fork": all at once


def parse_isolated(job: Job, limits: Limits, parse_file: ParseFile = cache.parse_file,
                   ) -> dict | None:
    """One file in a process of its own, so its death or silence is its own."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_isolated_child, args=(send, job, limits, parse_file), daemon=True)
    with _without_main():
        child.start()
    send.close()
    try:
        if receive.poll(limits.timeout_s + _GRACE_S if limits.timeout_s else None):  # the watchdog
            try:
                return receive.recv()
            except EOFError:  # died without an answer
                child.join()
                return _failed(_death(child.exitcode))
        child.kill()
        return _failed(f"parse timed out after {limits.timeout_s:g} s")
    finally:
        child.join()
        receive.close()


def start_early() -> None:
    """Start the forkserver now, so that it imports the parsers while the caller goes on (the CLI
    calls this before Dagster starts up, on the other core); parse_all then finds it running."""
    _context()
    with _without_main():
        forkserver.ensure_running()


def _context() -> mp.context.BaseContext:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)  # no effect once the forkserver runs
    return ctx


_MAIN_LOCK = threading.Lock()


@contextmanager
def _without_main() -> Iterator[None]:
    """Start processes without the caller's __main__. Under forkserver (and spawn) every new
    process runs the parent's `sys.modules['__main__']` again, as `__mp_main__`, so that functions
    defined there can be unpickled (multiprocessing.spawn.get_preparation_data and prepare). Ours
    live in importable modules, and when ogi is embedded that main module is the host's: a
    Streamlit script (which would run the app again in every worker), a notebook's kernel. A main
    module with neither __spec__ nor __file__ makes the new process import nothing."""
    with _MAIN_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class _Timeout(BaseException):
    """BaseException, so that parsers' own `except Exception` fallbacks cannot swallow it."""


def _on_alarm(signum, frame):
    raise _Timeout


def _init_worker(memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends the pool
    signal.signal(signal.SIGALRM, _on_alarm)
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = memory_mb << 20 if hard == resource.RLIM_INFINITY else min(memory_mb << 20, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _parse_batch(jobs: list[Job], timeout_s: float, parse_file: ParseFile) -> list[dict | None]:
    return [_parse_one(job, timeout_s, parse_file) for job in jobs]


def _parse_one(job: Job, timeout_s: float, parse_file: ParseFile, watchdog: bool = True,
               ) -> dict | None:
    if timeout_s:
        # SIGALRM interrupts Python code and keeps the worker; faulthandler's watchdog thread
        # ends a worker stuck in C code, which breaks the pool and isolates the file.
        if watchdog:
            faulthandler.dump_traceback_later(timeout_s + _GRACE_S, exit=True, file=_devnull())
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return parse_file(job.path, job.sha256, job.name)
    except _Timeout:
        return _failed(f"parse timed out after {timeout_s:g} s")
    except (Exception, SystemExit) as e:  # parse_file should not raise; nor end the worker
        return _failed(f"{cache.PARSER_BUG}: {type(e).__name__}: {e}")
    finally:
        if timeout_s:
            signal.setitimer(signal.ITIMER_REAL, 0)
            faulthandler.cancel_dump_traceback_later()


def _isolated_child(conn, job: Job, limits: Limits, parse_file: ParseFile) -> None:
    _init_worker(limits.memory_mb)
    conn.send(_parse_one(job, limits.timeout_s, parse_file, watchdog=False))  # parse_isolated watches


_DEVNULL = None


def _devnull():
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker
    return _DEVNULL


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        sig = signal.Signals(-exitcode)
        hint = ": killed, most likely for memory" if sig == signal.SIGKILL else ""
        return f"parser process died (signal {-exitcode}, {sig.name}){hint}"
    return f"parser process exited with status {exitcode} without an answer"


def _failed(reason: str) -> dict:
    return {"status": "failed", "error": reason}
