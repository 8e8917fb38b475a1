"""What the warehouse already knows of the raw folder: the hashes of the last inventory, and the
contents that the current parser has not parsed yet."""

from __future__ import annotations

import duckdb


def known_hashes(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, int], str]:
    """(source_path, size, mtime_ns) → sha256 from the previous inventory (table raw_files)."""
    return {
        (p, size, mtime): sha
        for p, size, mtime, sha in con.execute(
            "SELECT source_path, size_bytes, modified_ns, sha256 FROM raw_files "
            "WHERE sha256 IS NOT NULL"
        ).fetchall()
    }


def unparsed(con: duckdb.DuckDBPyConnection, retry_failed: bool = False) -> list[tuple[str, str]]:
    """(sha256, first path) of each readable content to parse now: those with no parse by the
    current parser yet (parse_cache holds the current version only, see
    load.prune_parse_cache), those whose last outcome was transient (a time or memory limit, a
    dead worker, a file that could not be read), and with `retry_failed` every failure."""
    return con.execute(
        """
        SELECT sha256, min(source_path) FROM raw_files
        WHERE sha256 IS NOT NULL AND sha256 NOT IN (
            SELECT sha256 FROM parse_cache
            WHERE NOT coalesce(transient, FALSE) AND NOT ($retry AND status = 'failed'))
        GROUP BY sha256 ORDER BY 2""",
        {"retry": retry_failed},
    ).fetchall()
