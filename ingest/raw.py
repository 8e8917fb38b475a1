"""The raw folder: every regular file under it, without leaving it through a symlink, and a row
with a reason for every file or folder that cannot be read or listed.

File names are bytes to the OS and may not be valid UTF-8; Python carries the undecodable bytes as
lone surrogates (os.fsdecode, surrogateescape), which VARCHAR columns reject. The tables therefore
show them as `\\xNN` (`display`), and `locate` maps such a name back to the file. The mapping is
one-to-one: a name that really holds the four characters `\\xe9` shows its backslash as `\\x5c`,
so it never becomes the name of another file (the name's bytes are its identity).

Reading never blocks: files are opened non-blocking and checked with fstat (`open_regular`), so a
file replaced by a FIFO or a device after the inventory is refused, not waited on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import polars as pl

Skip = Callable[[Path], bool]  # files under the folder that are not reports (the warehouse's own)


def walk(root: Path, skip: Skip | None = None) -> Iterator[tuple[str, Path, str | None]]:
    """(relative '/'-path, absolute path, None) of every regular file, sorted, and
    (folder path + '/', its path, reason) of every folder that could not be listed (no permission,
    a path longer than the system allows). Symlinked directories are not entered (no cycles); a
    symlinked file counts only if it resolves inside the folder."""
    root = root.resolve()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from _unlisted(root, errors)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink() and not _inside(path, root):
                continue
            if path.is_file() and not (skip and skip(path)):  # not FIFOs or devices
                yield display(path.relative_to(root).as_posix()), path, None
    yield from _unlisted(root, errors)


def _unlisted(root: Path, errors: list[OSError]) -> Iterator[tuple[str, Path, str | None]]:
    while errors:
        e = errors.pop(0)
        path = Path(os.fsdecode(e.filename)) if e.filename is not None else root
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        yield display(rel) + "/", path, f"cannot list the folder: {e.strerror or e}"


def display(name: str) -> str:
    """The name with each byte that is not UTF-8 shown as `\\xNN`, and a backslash that would
    read as such an escape shown as `\\x5c`."""
    name = _LITERAL_ESCAPE.sub(r"\\x5c", name)
    return _UNDECODED.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}", name)


_LITERAL_ESCAPE = re.compile(r"\\(?=x[0-9a-f]{2})")
_UNDECODED = re.compile("[\udc80-\udcff]")  # os.fsdecode's stand-ins for undecodable bytes
_ESCAPE = re.compile(r"\\x([0-9a-f]{2})")


def locate(root: Path, rel: str) -> Path:
    """The file of a `display` name under root."""
    return root / _ESCAPE.sub(lambda m: _byte(int(m[1], 16)), rel)


def _byte(n: int) -> str:
    return chr(n) if n < 0x80 else chr(0xDC00 + n)


def _inside(link: Path, root: Path) -> bool:
    """Whether a symlink resolves inside root; a loop or an unreadable link resolves nowhere."""
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: symlink loop (Python < 3.13)
        return False


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, refused (OSError) unless it is a regular file. Opened
    non-blocking, so that a FIFO with no writer or a device cannot hold the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path) -> bytes:
    with open_regular(path) as f:
        return f.read()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open_regular(path) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def mtimes(root: Path, skip: Skip | None = None) -> dict[str, int | None]:
    """path → mtime in ns: a cheap fingerprint of the folder for the sensor."""
    return {rel: _mtime(path) for rel, path, _ in walk(root, skip)}


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def inventory(
    root: Path,
    known: dict[tuple[str, int, int], str] | None = None,
    skip: Skip | None = None,
) -> pl.DataFrame:
    """The raw_files table: one row per file; an unreadable file or an unlistable folder gets a
    read_error, not a crash. A file whose path, size and mtime are in `known`
    (warehouse.parse_cache.known_hashes) keeps its sha256 unread, as make and rsync assume: a
    rerun over an unchanged folder reads no file. `skip`: files that are not reports."""
    known = known or {}
    rows: list[tuple] = []
    for rel, path, error in walk(root, skip):
        if error:
            rows.append((rel, None, None, error, None))
            continue
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
