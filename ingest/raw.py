"""The raw folder: every regular file under it, without leaving it through a symlink.

File names are bytes to the OS and may not be valid UTF-8; Python carries the undecodable bytes as
lone surrogates (os.fsdecode, surrogateescape), which VARCHAR columns reject. The tables therefore
show them as `\\xNN` (`display`), and `on_disk` maps such a name back to the file.
"""

from __future__ import annotations

import hashlib
import os
import re
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
                yield display(path.relative_to(root).as_posix()), path


def display(name: str) -> str:
    """The name with each byte that is not UTF-8 shown as `\\xNN`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


_ESCAPED = re.compile(rb"\\x([89a-f][0-9a-f])")  # backslashreplace escapes only bytes >= 0x80


def on_disk(path: Path) -> Path:
    """The file a path built from a `display` name refers to. A name that exists as written wins:
    a real `\\x..` in a UTF-8 name is left alone."""
    if path.exists() or "\\x" not in str(path):
        return path
    return Path(os.fsdecode(_ESCAPED.sub(lambda m: bytes([int(m[1], 16)]), os.fsencode(path))))


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


def inventory(root: Path, known: dict[tuple[str, int, int], str] | None = None) -> pl.DataFrame:
    """The raw_files table: one row per file; an unreadable file gets a read_error, not a crash.
    A file whose path, size and mtime are in `known` (warehouse.parse_cache.known_hashes) keeps
    its sha256 unread, as make and rsync assume: a rerun over an unchanged folder reads no file."""
    known = known or {}
    rows: list[tuple[str, int | None, str | None, str | None, int | None]] = []
    for rel, path in walk(root):
        try:
            st = path.stat()
            sha = known.get((rel, st.st_size, st.st_mtime_ns)) or sha256(path)
            rows.append((rel, st.st_size, sha, None, st.st_mtime_ns))
        except OSError as e:
            rows.append((rel, None, None, f"cannot read the file: {e.strerror or e}", None))
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "source_path": pl.String,
            "size_bytes": pl.Int64,
            "sha256": pl.String,
            "read_error": pl.String,
            "modified_ns": pl.Int64,
        },
    )
