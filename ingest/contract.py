"""The worker contract: what a parse job is, the limits it runs under, and the parse_cache row it
returns. parse() never raises, whichever process or machine runs it (ingest.pool, in-process,
ingest.dask_cluster), so one broken file costs only itself."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import parsers
from ingest import cells
from parsers.errors import ParseError
from parsers.report import Report

PARSER_BUG = "parser error (bug)"


@dataclass(frozen=True)
class Job:
    sha256: str
    path: (
        Path  # may end in the escaped name of raw.walk: ingest.parse_all maps it back (raw.on_disk)
    )
    name: str  # path relative to the raw folder: the parser's hint and the log's label


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 60  # per file; 0: none
    memory_mb: int = 2048  # address space per worker; 0: none
    workers: int = os.cpu_count() or 1
    inprocess_max: int = 8  # at most this many small plain-text files parse in-process
    dask_scheduler: str = ""  # tcp://host:8786: parse on that Dask cluster (ingest.dask_cluster)


ParseFile = Callable[[Path, str, str], "dict | None"]  # parse_file; tests pass misbehaving ones


@cache
def parser_version() -> str:
    """The parsers' declared PARSER_VERSION plus a digest of their code and templates, so an
    edit re-parses even when nobody bumped the version. The code that turns a parse into cached
    rows (this module, ingest.cells) counts too."""
    h = hashlib.sha256()
    for root in map(Path, parsers.__path__):
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".toml"}):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in (Path(__file__), Path(cells.__file__)):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{parsers.PARSER_VERSION}+{h.hexdigest()[:12]}"


def parse_file(path: Path, sha: str, name: str) -> dict | None:
    """parse() of a file's bytes; None when the file changed since it was hashed (the next run
    sees the new content)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return failed(f"cannot read the file: {e.strerror or e}")
    return parse(data, name) if hashlib.sha256(data).hexdigest() == sha else None


def parse(data: bytes, name: str) -> dict:
    """Parse one file into a parse_cache row. Never raises: a documented ParseError keeps its
    status, anything else is a parser bug recorded as `failed`, costing only this file."""
    try:
        return _row(parsers.parse(data, name))
    except ParseError as e:
        return {"status": e.status, "error": str(e) or type(e).__name__}
    except MemoryError:  # the worker's memory limit (ingest.pool), or the machine's
        return failed("the parser ran out of memory on this file")
    except Exception as e:  # noqa: BLE001 - one broken file must not stop the run
        return failed(f"{PARSER_BUG}: {type(e).__name__}: {e}")


def failed(reason: str) -> dict:
    return {"status": "failed", "error": reason}


def _row(report: Report) -> dict:
    values = [
        *report.requests.values(),
        *report.review_litigation.values(),
        *report.proactive.values(),
    ]
    return {
        "status": report.status,
        "error": report.error,
        **{
            k: getattr(report, k)
            for k in (
                "agency",
                "province",
                "city",
                "county",
                "admin_code",
                "report_year",
                "template",
            )
        },
        "source_format": report.source_format,
        "n_values": sum(v.value is not None for v in values),
        "meta_notes": list(report.meta_notes),
        "cells_json": cells.cells_json(report),
    }
