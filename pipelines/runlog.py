"""The last run's record, kept beside the published warehouse (``x.duckdb`` → ``x.last-run.json``).

Outside the database on purpose: two runs over the same folder must leave the warehouse identical
(the contract), so when and how it was last refreshed cannot live inside it. The record also lets
`ogi run` see, without starting Dagster, that nothing changed since the published build
(`unchanged`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ingest import contract, raw
from pipelines import paths
from pipelines.paths import own_files
from warehouse import corrections, load, views


def path(published: Path) -> Path:
    return published.with_name(f"{published.stem}.last-run.json")


def write(published: Path, record: dict) -> None:
    """Atomically, so a reader never sees half a record."""
    target = path(published)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)


def read(published: Path) -> dict | None:
    try:
        return json.loads(path(published).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def fingerprint(files: Iterable[tuple[str, int | None, int | None]]) -> str | None:
    """Digest of (path, size, mtime_ns) of every file, the same rows raw.inventory trusts to skip
    hashing; None when a file could not be read (making it readable changes none of the three)."""
    h = hashlib.sha256()
    for rel, size, mtime in sorted(files):
        if size is None or mtime is None:
            return None
        h.update(f"{rel}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def folder_fingerprint(root: Path, published: Path) -> str | None:
    """fingerprint() of the folder now; None when a file or folder cannot be read."""
    try:
        return fingerprint(
            (rel, (st := p.stat()).st_size, st.st_mtime_ns) if error is None else (rel, None, None)
            for rel, p, error in raw.walk(root, own_files(published))
        )
    except OSError:
        return None


def unchanged(raw_dir: Path, published: Path, corrections_dir: Path | None = None) -> dict | None:
    """The last run's record when a run now would leave the published warehouse as it is: same
    folder, same files by path, size and mtime, same corrections, same parser, load and view
    code, and the published file is the one that run built. None otherwise (then the asset graph
    runs)."""
    record = read(published)
    if not record or record.get("raw_dir") != str(raw_dir) or not record.get("fingerprint"):
        return None
    corrections_dir = corrections_dir or paths.corrections()
    if record.get("corrections_dir") != str(corrections_dir):
        return None
    tables, views_built = record.get("tables_digest"), record.get("views_digest")
    if (
        record.get("parser_version") != contract.parser_version()
        or not tables
        or tables.rpartition(".")[2] != load.code_digest()
        or views_built != views.digest(tables, corrections.digest(corrections_dir))
        or load.published_state(published) != (tables, views_built)
    ):
        return None
    return record if folder_fingerprint(raw_dir, published) == record["fingerprint"] else None
