"""The parse cache: one parse per (content sha256, parser version), stored in DuckDB as the
report's metadata and its cells of every warehouse table (warehouse.frames.cells), computed here,
in the parse workers, so that loading the warehouse is SQL."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import duckdb

import parsers
from parsers.errors import ParseError
from parsers.report import Report
from warehouse import frames

PARSER_BUG = "parser error (bug)"


@cache
def parser_version() -> str:
    """The parsers' declared PARSER_VERSION plus a digest of their code and templates, so an
    edit re-parses even when nobody bumped the version. The code that turns a parse into cached
    rows (this module, warehouse.frames) counts too."""
    h = hashlib.sha256()
    for root in map(Path, parsers.__path__):
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".toml"}):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in (Path(__file__), Path(frames.__file__)):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{parsers.PARSER_VERSION}+{h.hexdigest()[:12]}"


def parse_file(path: Path, sha: str, name: str) -> dict | None:
    """parse() of a file's bytes; None when the file changed since it was hashed (the next run
    sees the new content)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return {"status": "failed", "error": f"cannot read the file: {e.strerror or e}"}
    return parse(data, name) if hashlib.sha256(data).hexdigest() == sha else None


def parse(data: bytes, name: str) -> dict:
    """Parse one file into a parse_cache row. Never raises: a documented ParseError keeps its
    status, anything else is a parser bug recorded as `failed`, costing only this file."""
    try:
        return _row(parsers.parse(data, name))
    except ParseError as e:
        return {"status": e.status, "error": str(e) or type(e).__name__}
    except MemoryError:  # the worker's memory limit (warehouse.parse_pool), or the machine's
        return {"status": "failed", "error": "the parser ran out of memory on this file"}
    except Exception as e:  # noqa: BLE001 - one broken file must not stop the run
        return {"status": "failed", "error": f"{PARSER_BUG}: {type(e).__name__}: {e}"}


def _row(report: Report) -> dict:
    cells = [*report.requests.values(), *report.review_litigation.values(), *report.proactive.values()]
    return {
        "status": report.status,
        "error": report.error,
        **{k: getattr(report, k) for k in
           ("agency", "province", "city", "county", "admin_code", "report_year", "template")},
        "source_format": report.source_format,
        "n_values": sum(v.value is not None for v in cells),
        "meta_notes": list(report.meta_notes),
        "cells_json": frames.cells_json(report),
    }


def unparsed(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(sha256, first path) of each readable content with no parse by the current parser yet
    (parse_cache holds the current version only, see load.prune_parse_cache)."""
    return con.execute("""
        SELECT sha256, min(source_path) FROM raw_files
        WHERE sha256 IS NOT NULL AND sha256 NOT IN (SELECT sha256 FROM parse_cache)
        GROUP BY sha256 ORDER BY 2""").fetchall()
