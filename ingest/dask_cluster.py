"""Parsing on a Dask distributed cluster (OGI_PARSE_EXECUTOR=dask, OGI_DASK_SCHEDULER=tcp://...).

Workers on other machines cannot see the raw folder, so every task carries its files' bytes: this
process reads each file, checks it against the sha256 of the inventory, and sends batches of at
most _BATCH_BYTES (a larger file goes alone). Only a few batches per worker thread are in flight,
which bounds the memory held here and on the scheduler. The workers need ogi installed at the same
parser version (every batch says which it used; another version fails the run).

What holds per file on Dask, and what does not:
- Errors: as locally, a ParseError keeps its status and any other exception (SystemExit too)
  becomes `failed` with its reason; it costs only its file.
- Crashes and memory: there is no per-file RLIMIT_AS, since a worker's tasks share its process.
  What holds is Dask's own limit per worker (`dask worker --memory-limit`): past its terminate
  fraction (95 %) the nanny kills and restarts the worker. A worker that dies (segfault, OOM kill)
  loses its tasks; the scheduler retries them elsewhere up to `distributed.scheduler.
  allowed-failures` times (default 3), then gives up with KilledWorker. The files of such a
  batch are then parsed again one at a time, alone on the cluster, so that the culprit alone is
  recorded `failed`.
- Time: no per-file time limit. Tasks run in worker threads, which SIGALRM cannot reach, and Dask
  does not stop a running task: a file that loops forever holds a worker thread (and the run)
  until someone restarts that worker. Run workers with `--nthreads 1 --nworkers N` so that a
  crash loses one batch, not several. (The local executor has both limits: prefer it when the
  corpus may hold hostile files and one machine is enough.)
- Deaths and KilledWorker outcomes are marked transient, like the local pool's limits: the next
  run parses those files again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from ingest import contract, raw
from ingest.contract import PARSER_BUG, Job, Limits, failed, parse

_BATCH_BYTES = 8 << 20
_BATCH_FILES = 16
_IN_FLIGHT_PER_THREAD = 2

Parse = Callable[[bytes, str], dict]  # contract.parse; tests pass misbehaving ones


def parse_on_dask(
    jobs: list[Job],
    limits: Limits,
    parse: Parse = parse,
) -> Iterator[tuple[Job, dict | None]]:
    """(job, parse_cache row) for every job, in completion order, parsed on the cluster at
    limits.dask_scheduler. The row is None when the file changed since it was hashed."""
    from distributed import Client  # only when configured: the import costs ~1 s

    # Not the default client: an embedding program's own Dask client stays its default.
    with Client(limits.dask_scheduler, set_as_default=False, timeout=30) as client:
        threads = max(1, sum(client.nthreads().values()))
        files = max(1, min(_BATCH_FILES, len(jobs) // (4 * threads)))  # balance, as in ingest.pool
        yield from _run(client, jobs, parse, files, _IN_FLIGHT_PER_THREAD * threads)


def _run(
    client,
    jobs: list[Job],
    parse: Parse,
    files: int,
    window: int,
) -> Iterator[tuple[Job, dict | None]]:
    from distributed import KilledWorker, as_completed

    def submit(batch: list[tuple[Job, bytes]]):
        return client.submit(_parse_batch, [(j.name, data) for j, data in batch], parse, pure=False)

    running: dict = {}  # future → its batch of (job, bytes)
    done = as_completed(loop=client.loop)  # not the default client: see parse_on_dask
    suspects: list[tuple[Job, bytes]] = []

    def collect() -> Iterator[tuple[Job, dict | None]]:
        future = next(done)
        batch = running.pop(future)
        try:
            rows = _rows(future.result())  # other errors: the cluster failed, so does the run
        except KilledWorker:  # the batch was on workers that died: by its fault or another's
            suspects.extend(batch)
        else:
            yield from zip((j for j, _ in batch), rows)

    batch: list[tuple[Job, bytes]] = []
    size = 0
    for job in jobs:
        data = _read(job)
        if not isinstance(data, bytes):
            yield job, data
            continue
        if batch and (len(batch) == files or size + len(data) > _BATCH_BYTES):
            running[future := submit(batch)] = batch
            done.add(future)
            batch, size = [], 0
        batch.append((job, data))
        size += len(data)
        while len(running) >= window:
            yield from collect()
    if batch:
        running[future := submit(batch)] = batch
        done.add(future)
    while running:
        yield from collect()
    for job, data in suspects:  # alone on the cluster, a death is the file's own
        try:
            (row,) = _rows(submit([(job, data)]).result())
        except KilledWorker as e:
            row = failed(f"parser process died on a Dask worker ({e})", transient=True)
        yield job, row


def _read(job: Job) -> bytes | dict | None:
    """The file's bytes; a `failed` row when unreadable; None when changed since it was hashed
    (as contract.parse_file, but here: the worker cannot read the file)."""
    try:
        data = raw.read_bytes(job.path)
    except OSError as e:
        return failed(f"cannot read the file: {e.strerror or e}", transient=True)
    except MemoryError:
        return failed(contract.TOO_LARGE, transient=True)
    return data if hashlib.sha256(data).hexdigest() == job.sha256 else None


def _parse_batch(items: list[tuple[str, bytes]], parse: Parse) -> tuple[str, list[dict]]:
    """Runs on a Dask worker: its parser version and the rows."""
    return contract.parser_version(), [_parse_one(data, name, parse) for name, data in items]


def _rows(result: tuple[str, list[dict]]) -> list[dict]:
    """A batch's rows, refused when its worker parsed with another parser than this process's:
    the cache is keyed by the version, and a worker left on an older checkout would store its
    parses under the new one."""
    version, rows = result
    if version != contract.parser_version():
        raise RuntimeError(
            f"a Dask worker parsed with parser {version}, this process has "
            f"{contract.parser_version()}: deploy the same ogi commit to every worker and restart them"
        )
    return rows


def _parse_one(data: bytes, name: str, parse: Parse) -> dict:
    try:
        return parse(data, name)
    except (Exception, SystemExit) as e:  # noqa: BLE001 - parse should not raise; nor end the worker
        return failed(f"{PARSER_BUG}: {type(e).__name__}: {e}")
