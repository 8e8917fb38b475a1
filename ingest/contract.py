"""The worker contract: what a parse job is, the limits it runs under, and the parse_cache row it
returns. parse() never raises, whichever process or machine runs it (ingest.pool's workers,
an isolated process for `ogi explain`, ingest.dask_cluster), so one broken file costs only itself."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import parsers
from ingest import cells, raw
from parsers.errors import ParseError
from parsers.report import Report

PARSER_BUG = "parser error (bug)"
TOO_LARGE = "file too large for memory (parsing it went past the memory limit)"


@dataclass(frozen=True)
class Job:
    sha256: str
    path: Path  # the file on disk (raw.locate of the name)
    name: str  # path relative to the raw folder, as raw.display shows it: the parser's hint


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 60  # per file; 0: none
    memory_mb: int = 2048  # address space per worker; 0: none
    workers: int = os.cpu_count() or 1
    dask_scheduler: str = ""  # tcp://host:8786: parse on that Dask cluster (ingest.dask_cluster)


def env_limits() -> Limits:
    """The per-file limits set in the environment (OGI_PARSE_TIMEOUT_S, OGI_PARSE_MEMORY_MB)."""
    env = os.environ.get
    return Limits(
        timeout_s=float(env("OGI_PARSE_TIMEOUT_S", "60")),
        memory_mb=int(env("OGI_PARSE_MEMORY_MB", "2048")),
    )


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
        data = raw.read_bytes(path)
    except OSError as e:
        return failed(f"cannot read the file: {e.strerror or e}", transient=True)
    except MemoryError:
        return failed(TOO_LARGE, transient=True)
    return parse(data, name) if hashlib.sha256(data).hexdigest() == sha else None


def parse(data: bytes, name: str) -> dict:
    """Parse one file into a parse_cache row. Never raises: a documented ParseError keeps its
    status, anything else is a parser bug recorded as `failed`, costing only this file."""
    try:
        return _row(parsers.parse(data, name))
    except ParseError as e:
        return {"status": e.status, "error": short(str(e) or type(e).__name__)}
    except MemoryError:  # the worker's memory limit (ingest.pool), or the machine's
        return failed(TOO_LARGE, transient=True)
    except Exception as e:  # noqa: BLE001 - one broken file must not stop the run
        return failed(short(f"{PARSER_BUG}: {type(e).__name__}: {e}"))


_MAX_REASON = 240


def short(reason: str) -> str:
    """A reason as one line a person reads at a glance: whitespace folded, and cut (with an
    ellipsis) where it would go on quoting the document."""
    reason = " ".join(reason.split())
    return reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 1] + "…"


def failed(reason: str, transient: bool = False) -> dict:
    """A `failed` row. `transient`: the outcome depends on more than the bytes and the parser (the
    file could not be read, a time or memory limit, a dead worker), so it is stored for the
    reports but parsed again by the next run (warehouse.parse_cache.unparsed)."""
    return {"status": "failed", "error": reason, "transient": transient}


def _row(report: Report) -> dict:
    values = [
        *report.requests.values(),
        *report.review_litigation.values(),
        *report.proactive.values(),
    ]
    return {
        "status": report.status,
        "error": report.error and short(report.error),
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
