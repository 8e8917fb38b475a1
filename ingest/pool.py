"""Parsing many files on all cores, each file isolated from the others (plain Python, no Dagster).

Parsers run C libraries (pdfium, lxml, selectolax) on untrusted bytes: a segfault, a runaway
allocation or an endless loop there must cost that one file, not the run. Files are therefore
parsed in worker processes started by a forkserver (forked from a clean process that has already
imported the parsers: quick to start, and no Dagster threads or DuckDB handles inherited), each
under a memory limit (RLIMIT_AS) and a time limit per file.

Work goes out in batches of files per task (a task per file costs IPC, a Dagster step per file
costs seconds). Two batches per worker are in flight (one queued, so that a worker never waits
while the caller stores results), and no more, so when a worker dies and breaks the pool, the
files of the batches that did not come back are few and known. Each worker notes in shared memory
which file of its batch it is on, so only those files (the culprit, and the files other workers
were on when the pool stopped) are parsed again one per process, which names the culprit and its
reason; a new pool takes the rest of those batches.

Outcomes of the limits (timeouts, deaths) are stored for the reports but marked transient: they
depend on the machine's load and the limits as much as on the bytes, so the next run retries them.

Workers die with their parent (PR_SET_PDEATHSIG): the forkserver exits when the run's process
does, so killing only that process leaves no worker behind holding the run's output open.

Workers never run the caller's __main__ (see _without_main), so ogi can be embedded. Nor does a
signal interrupt the starting of processes (see _uninterrupted), so Ctrl-C or SIGTERM at any
moment ends the parse cleanly, and at once: the pool's workers are killed, not waited for.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import forkserver
from typing import Any

from ingest.contract import PARSER_BUG, Job, Limits, ParseFile, failed, parse_file

_GRACE_S = 2  # past the time limit, for C code that SIGALRM cannot interrupt
_ALARM_REPEAT_S = 0.5
_IN_FLIGHT = 2  # batches per worker
_POLL_S = 0.2  # the longest a signal waits for the pool's bookkeeping to reach a safe point
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Imported once in the forkserver, so every worker starts with them loaded.
_PRELOAD = [
    __name__,
    "ingest.warm",
    "parsers.backends.pdf",
    "parsers.backends.docx",
    "parsers.backends.html",
]


def parse_pooled(
    jobs: list[Job],
    limits: Limits,
    parse_file: ParseFile = parse_file,
) -> Iterator[tuple[Job, dict | None]]:
    """(job, parse_cache row) for every job, in completion order, each file in a worker under
    the limits."""
    workers = max(1, limits.workers)
    size = max(1, min(16, len(jobs) // (4 * workers)))  # ~4 batches per worker balance the load
    todo = [jobs[i : i + size] for i in range(0, len(jobs), size)][::-1]  # pop() keeps the order
    slots = _IN_FLIGHT * workers
    while todo:
        suspects: list[Job] = []
        ctx = _context()
        progress = ctx.RawArray("q", slots)  # per in-flight batch: the file its worker is on
        free = list(range(slots))
        with _starting():
            pool = _Pool(
                min(workers, len(todo)),
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(limits.memory_mb, progress),
            )
        running: dict[Future, tuple[list[Job], int]] = {}
        broken = False  # a worker died: no more batches for this pool
        try:
            while todo or running:
                while todo and free and not broken:
                    batch, slot = todo.pop(), free.pop()
                    progress[slot] = -1
                    try:
                        with _starting():  # the first submit starts the workers
                            future = pool.submit(
                                _parse_batch, slot, batch, limits.timeout_s, parse_file
                            )
                    except BrokenProcessPool:  # a running batch's worker died: the next pool's
                        todo.append(batch)
                        free.append(slot)
                        broken = True
                    else:
                        running[future] = (batch, slot)
                if not running:
                    break
                with _uninterrupted():  # see _uninterrupted: wait() takes every future's lock
                    done, _ = wait(running, timeout=_POLL_S, return_when=FIRST_COMPLETED)
                for future in done:
                    batch, slot = running.pop(future)
                    free.append(slot)
                    try:
                        with _uninterrupted():
                            rows = future.result()
                    except BrokenProcessPool:  # a worker died: on its file, or stopped with it
                        broken = True
                        at = progress[slot]
                        if at >= 0:  # that file is the suspect; the rest go to the next pool
                            suspects.append(batch[at])
                            todo.append(batch[:at] + batch[at + 1 :])
                        else:
                            todo.append(batch)
                    except Exception:  # noqa: BLE001 - e.g. a result that does not pickle
                        suspects.extend(batch)
                    else:
                        yield from zip(batch, rows)
        except BaseException:  # interrupted, or closed by the caller: no batch is waited for
            with _uninterrupted():
                _abandon(pool)
            raise
        with _uninterrupted():
            pool.shutdown()
        todo = [batch for batch in todo if batch]
        if broken and not suspects:  # died before any file: each alone, so that none loops
            suspects = [job for batch in todo for job in batch]
            todo = []
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


def _abandon(pool: _Pool) -> None:
    """Workers killed and queued batches dropped, without waiting: an interrupted parse keeps
    what came back, and the next run parses the rest. A worker killed partway through sending
    its rows leaves the pool's watcher thread reading the rest of that message, and the rest
    never comes while this process holds the pipe's writing end too: closing it ends the read
    (else the thread, and the interpreter's exit that joins it, wait forever)."""
    results = pool._result_queue  # shutdown() forgets it
    for worker in list((pool._processes or {}).values()):
        worker.kill()
    results._writer.close()  # type: ignore[attr-defined]
    pool.shutdown(wait=False, cancel_futures=True)


def parse_isolated(
    job: Job,
    limits: Limits,
    parse_file: ParseFile = parse_file,
) -> dict | None:
    """One file in a process of its own, so its death or silence is its own."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_isolated_child, args=(send, job, limits, parse_file), daemon=True)
    with _starting():
        child.start()
    send.close()
    try:
        if receive.poll(limits.timeout_s + _GRACE_S if limits.timeout_s else None):  # the watchdog
            try:
                return receive.recv()
            except EOFError:  # died without an answer
                child.join()
                return failed(_death(child.exitcode), transient=True)
        child.kill()
        return failed(f"parse timed out after {limits.timeout_s:g} s", transient=True)
    except BaseException:  # interrupted: the file is parsed again next run
        child.kill()
        raise
    finally:
        child.join()
        receive.close()


def start_early() -> None:
    """Start the forkserver now, so that it imports the parsers while the caller goes on (the CLI
    calls this before Dagster starts up, on the other core); parse_pooled then finds it running."""
    _context()
    with _starting():
        forkserver.ensure_running()


def _context() -> mp.context.ForkServerContext:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)  # no effect once the forkserver runs
    return ctx


_MAIN_LOCK = threading.Lock()
_DEFERRED = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _starting() -> Iterator[None]:
    with _uninterrupted(), _without_main():
        yield


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Signals that arrive in the block take effect at its end. Python runs a signal's handler
    between any two bytecodes of the main thread, and what it raises there (KeyboardInterrupt,
    `ogi run`'s Terminated) can land inside ProcessPoolExecutor's start: between a worker's start
    and its entry in the pool's books, or between making the pool's watcher thread and starting
    it. Closing the pool then waits forever for a worker it does not know of, or fails with
    "cannot join thread before it is started". Or inside concurrent.futures.wait(), which takes
    every future's lock one by one: a lock left held blocks the pool's watcher thread as it
    hands that future its result, and closing the pool, or the interpreter's exit, waits for
    that thread forever. Handlers can only be swapped in the main thread;
    elsewhere (a Dagster step in a thread) no handler of ours runs anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    for sig in _DEFERRED:
        if signal.getsignal(sig) is not None:  # None: a handler not set from Python, left alone
            saved[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        for signum in caught:
            signal.raise_signal(signum)  # now its own handler runs


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


_PROGRESS: Any = None  # this worker's view of parse_pooled's progress array


def _init_worker(memory_mb: int, progress: Any = None) -> None:
    global _PROGRESS
    _PROGRESS = progress
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the run's own handler is not for workers
    signal.signal(signal.SIGALRM, _on_alarm)
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = memory_mb << 20 if hard == resource.RLIM_INFINITY else min(memory_mb << 20, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _die_with_parent() -> None:
    """SIGKILL when the parent (the forkserver) exits: nothing else ends a worker blocked on a
    queue whose writer it holds itself. The forkserver exits when the last copy of its "alive"
    pipe closes: the run's process holds one, and every worker inherits another (for forking
    processes of its own, which ours never do), so each worker closes its copy."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    server = forkserver._forkserver
    if server._forkserver_alive_fd is not None:  # type: ignore[attr-defined]
        os.close(server._forkserver_alive_fd)  # type: ignore[attr-defined]
        server._forkserver_alive_fd = None  # type: ignore[attr-defined]


def _parse_batch(
    slot: int, jobs: list[Job], timeout_s: float, parse_file: ParseFile
) -> list[dict | None]:
    rows = []
    for i, job in enumerate(jobs):
        _PROGRESS[slot] = i
        rows.append(_parse_one(job, timeout_s, parse_file))
    return rows


def _parse_one(
    job: Job,
    timeout_s: float,
    parse_file: ParseFile,
    watchdog: bool = True,
) -> dict | None:
    if timeout_s:
        # SIGALRM interrupts Python code and keeps the worker; faulthandler's watchdog thread
        # ends a worker stuck in C code, which breaks the pool and isolates the file. The alarm
        # repeats: one that lands where its handler cannot run (at the recursion limit, where
        # calling the handler is itself a RecursionError that the parser catches) is not the
        # last.
        if watchdog:
            faulthandler.dump_traceback_later(timeout_s + _GRACE_S, exit=True, file=_devnull())
        signal.setitimer(signal.ITIMER_REAL, timeout_s, _ALARM_REPEAT_S)
    try:
        try:
            return parse_file(job.path, job.sha256, job.name)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)  # first of all: no second alarm from here
    except _Timeout:
        return failed(f"parse timed out after {timeout_s:g} s", transient=True)
    except (Exception, SystemExit) as e:  # noqa: BLE001 - parse_file should not raise; nor end the worker
        return failed(f"{PARSER_BUG}: {type(e).__name__}: {e}")
    finally:
        if timeout_s:
            faulthandler.cancel_dump_traceback_later()


def _isolated_child(conn, job: Job, limits: Limits, parse_file: ParseFile) -> None:
    _init_worker(limits.memory_mb)
    conn.send(
        _parse_one(job, limits.timeout_s, parse_file, watchdog=False)
    )  # parse_isolated watches


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
