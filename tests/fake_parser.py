"""Stand-in parsers for pipeline tests. Files are parsed in worker processes (ingest.pool), where a
monkeypatch of the test process does not reach: these module-level parse_file functions are
importable by the workers, and swap parsers.parse only for their own call."""

from __future__ import annotations

import json
from pathlib import Path

import parsers
from ingest import contract
from parsers.errors import NotAReport
from parsers.report import Report, Value
from tests.expected import SAMPLES


def report_from_expected(e: dict) -> Report:
    """A Report holding exactly the hand-read values of an expected.json."""

    def cells(table):
        return {
            (a, b): Value(x, str(x), "expected.json")
            for a, row in table.items()
            for b, x in row.items()
        }

    return Report(
        **{
            k: e[k]
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
        requests=cells(e["requests"]),
        review_litigation=cells(e["review_litigation"]),
        proactive=cells(e["proactive"]),
        tables_found={"二", "三", "四"},
        source_format="text",
    )


def by_content(data: bytes, name: str) -> Report:
    """Content decides: `crash` is a parser bug, `nope` is not a report, else JSON of a report."""
    if data == b"crash":
        raise KeyError("parser bug")
    if data == b"nope":
        raise NotAReport("no statutory table found")
    return report_from_expected(json.loads(data))


def hand_read(data: bytes, name: str) -> Report:
    """The hand-read values of the sample of that name (tests/samples/*.expected.json)."""
    return report_from_expected(
        json.loads((SAMPLES / name).with_suffix(".expected.json").read_text("utf-8"))
    )


def _with(parse, path: Path, sha: str, name: str) -> dict | None:
    real, parsers.parse = parsers.parse, parse
    try:
        return contract.parse_file(path, sha, name)
    finally:
        parsers.parse = real


def by_content_file(path: Path, sha: str, name: str) -> dict | None:
    return _with(by_content, path, sha, name)


def hand_read_file(path: Path, sha: str, name: str) -> dict | None:
    return _with(hand_read, path, sha, name)
