"""The raw folder: every regular file under it, without leaving it through a symlink."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl


def walk(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative '/'-path, absolute path) of every regular file, sorted. Symlinked directories are
    not entered (no cycles); a symlinked file counts only if it resolves inside the folder."""
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink() and not _inside(path, root):
                continue
            if path.is_file():  # not FIFOs or devices: reading those would block or never end
                rel = path.relative_to(root).as_posix()
                # Undecodable names would break VARCHAR columns; show them escaped.
                yield rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), path


def _inside(link: Path, root: Path) -> bool:
    """Whether a symlink resolves inside root; a loop or an unreadable link resolves nowhere."""
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: symlink loop (Python < 3.13)
        return False


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def mtimes(root: Path) -> dict[str, int]:
    """path → mtime in ns: a cheap fingerprint of the folder for the sensor."""
    return {rel: path.stat().st_mtime_ns for rel, path in walk(root)}


def inventory(root: Path) -> pl.DataFrame:
    """The raw_files table: one row per file; an unreadable file gets a read_error, not a crash."""
    rows = []
    for rel, path in walk(root):
        try:
            st = path.stat()
            rows.append((rel, st.st_size, sha256(path), None, st.st_mtime_ns))
        except OSError as e:
            rows.append((rel, None, None, f"cannot read the file: {e.strerror or e}", None))
    return pl.DataFrame(rows, orient="row", schema={
        "source_path": pl.String, "size_bytes": pl.Int64, "sha256": pl.String,
        "read_error": pl.String, "modified_ns": pl.Int64})
