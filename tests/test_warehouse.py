"""warehouse/: the parse cache's cells, one-transaction loads, is_canonical and the views, driven
with hand-built reports (no parser needed)."""

from __future__ import annotations

import hashlib
import sys
import types
from dataclasses import dataclass

import duckdb
import polars as pl
import pytest

import parsers
from ingest import contract
from parsers.report import Report, Value
from warehouse import frames, load, parse_cache, views

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)


def v(x, raw: str | None = None) -> Value:
    return Value(x, raw if raw is not None else "" if x is None else str(x), "line 1")


def report(
    agency="某市某区某局",
    year=2020,
    template="2019",
    fmt="text",
    tables="二三四",
    rows: dict[str, int | None] | None = None,
) -> Report:
    """A report whose table 三 has `rows` (row_code -> total; natural_person gets the same)."""
    rows = rows or {"1": 3, "3.1": 2, "3.7": 3}
    requests = {}
    for code, total in rows.items():
        for app in APPLICANTS:
            requests[(code, app)] = v(total if app in ("natural_person", "total") else 0)
    return Report(
        agency=agency,
        province="广东省",
        city="广州市",
        county="海珠区",
        admin_code="440105",
        report_year=year,
        template=template,
        requests=requests,
        review_litigation={("review", "upheld"): v(1), ("review", "total"): v(None)},
        proactive={
            ("procurement", "procurement_amount"): v(78800.0, "7.88万元"),
            ("licensing", "change"): v(-1),
        },
        extra={("三", "（八）其他", "总计"): v(2)},
        tables_found=set(tables),
        source_format=fmt,
    )


@dataclass
class Check:
    name: str
    passed: bool
    detail: str
    severity: str


@pytest.fixture
def fake_identities(monkeypatch):
    """parsers.identities stand-in: one passing and one failing check per report."""
    mod = types.ModuleType("parsers.identities")
    mod.check = lambda r: [
        Check("row_total", True, "", "error"),
        Check("carry_over", False, "1+2 != 3.7+4", "warning"),
    ]
    monkeypatch.setitem(sys.modules, "parsers.identities", mod)
    monkeypatch.setattr(parsers, "identities", mod, raising=False)


def build(con, files: dict[str, tuple[bytes, Report | Exception]], monkeypatch) -> None:
    """Run the warehouse steps over `files` (path -> content, what the parser returns/raises)."""
    by_content = {data: out for data, out in files.values()}

    def fake_parse(data: bytes, name: str) -> Report:
        out = by_content[data]
        if isinstance(out, Exception):
            raise out
        return out

    monkeypatch.setattr(parsers, "parse", fake_parse)
    load.ensure_schema(con)
    load.replace_raw_files(
        con,
        pl.DataFrame(
            [
                (p, len(d), hashlib.sha256(d).hexdigest(), None)
                for p, (d, _) in sorted(files.items())
            ],
            orient="row",
            schema=["source_path", "size_bytes", "sha256", "read_error"],
        ),
    )
    load.prune_parse_cache(con, contract.parser_version())
    rows = [
        {
            **contract.parse(files[p][0], p),
            "sha256": sha,
            "parser_version": contract.parser_version(),
        }
        for sha, p in parse_cache.unparsed(con)
    ]
    if rows:
        load.write_parse_cache(con, rows)
    load.load_cached(con, load.stale_report_ids(con))
    views.create(con)


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        yield c


def test_loaded_cells_are_typed_labelled_and_keep_blanks(con, monkeypatch, fake_identities):
    build(con, {"a.txt": (b"a", report())}, monkeypatch)
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'fact_requests'"
        ).fetchall()
    )
    assert types["value"] == "BIGINT" and types["derived_value"] == "BIGINT"
    assert con.execute("SELECT count(*) FROM fact_requests").fetchone() == (3 * 7,)
    assert con.execute("""
        SELECT value, row_label_zh, applicant_label_zh, source_where FROM fact_requests
        WHERE row_code = '3.1' AND applicant = 'total'""").fetchone() == (
        2,
        "（一）予以公开",
        "总计",
        "line 1",
    )
    # a blank stays NULL, never 0
    assert con.execute(
        "SELECT value FROM fact_review_litigation WHERE result = 'total'"
    ).fetchall() == [(None,)]
    assert con.execute("""SELECT value, unit, raw FROM fact_proactive
                          WHERE metric = 'procurement_amount'""").fetchone() == (
        78800.0,
        "yuan",
        "7.88万元",
    )
    assert con.execute(
        """SELECT table_name, row_label, column_label, value FROM fact_extra"""
    ).fetchall() == [("三", "（八）其他", "总计", 2.0)]
    assert con.execute(
        "SELECT check_name, passed FROM check_results WHERE report_id = "
        "(SELECT report_id FROM reports) AND check_name IN ('row_total', 'carry_over') "
        "ORDER BY 1"
    ).fetchall() == [("carry_over", False), ("row_total", True)]


def test_a_report_with_no_cells_in_a_table_loads_none(con, monkeypatch):
    build(con, {"a.txt": (b"a", report(tables="三"))}, monkeypatch)
    r = report(tables="三")
    r.review_litigation, r.proactive, r.extra = {}, {}, {}
    build(con, {"a.txt": (b"b", r)}, monkeypatch)
    for t in ("fact_review_litigation", "fact_proactive", "fact_extra"):
        assert con.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,), t
    assert con.execute("SELECT count(*) FROM fact_requests").fetchone() == (21,)


def test_a_cache_of_an_older_layout_is_dropped_and_refilled(con, monkeypatch):
    con.execute(
        "CREATE TABLE parse_cache (sha256 VARCHAR, parser_version VARCHAR, "
        "status VARCHAR, report_json VARCHAR)"
    )
    con.execute("INSERT INTO parse_cache VALUES ('x', 'old', 'parsed', '{}')")
    build(con, {"a.txt": (b"a", report())}, monkeypatch)
    assert con.execute("SELECT count(*) FROM parse_cache").fetchone() == (1,)
    assert "report_json" not in {d[0] for d in con.execute("SELECT * FROM parse_cache").description}
    assert con.execute("SELECT count(*) FROM fact_requests").fetchone() == (21,)


def test_load_every_file_gets_a_row_and_failures_keep_their_reason(con, monkeypatch):
    build(
        con,
        {
            "a.txt": (b"a", report()),
            "a copy.txt": (b"a", report()),
            "notes.md": (b"n", parsers.errors.NotAReport("no statutory table")),
            "bad.pdf": (b"b", RuntimeError("boom")),
        },
        monkeypatch,
    )
    got = {
        p: (s, e)
        for p, s, e in con.execute("SELECT source_path, status, error FROM reports").fetchall()
    }
    assert got["a.txt"] == ("parsed", None) and got["a copy.txt"] == ("parsed", None)
    assert got["notes.md"] == ("not_a_report", "no statutory table")
    assert got["bad.pdf"][0] == "failed" and "RuntimeError: boom" in got["bad.pdf"][1]
    # byte-identical files share one report_id and one set of cells
    (n,) = con.execute(
        "SELECT count(DISTINCT report_id) FROM reports WHERE source_path LIKE 'a%'"
    ).fetchone()
    assert n == 1
    assert con.execute("SELECT count(*) FROM fact_requests").fetchone() == (21,)


def test_reload_replaces_changed_and_drops_vanished_content(con, monkeypatch):
    build(con, {"a.txt": (b"a", report()), "b.txt": (b"b", report(agency="乙局"))}, monkeypatch)
    build(con, {"a.txt": (b"a2", report(rows={"1": 9}))}, monkeypatch)
    assert con.execute("SELECT source_path FROM reports").fetchall() == [("a.txt",)]
    assert con.execute("SELECT DISTINCT row_code FROM fact_requests").fetchall() == [("1",)]
    for t in frames.TABLES:
        (orphans,) = con.execute(
            f"SELECT count(*) FROM {t} WHERE report_id NOT IN (SELECT report_id FROM reports)"
        ).fetchone()
        assert orphans == 0, t


def test_a_parse_written_again_replaces_it_and_loads_the_same(con, monkeypatch):
    files = {
        "a.txt": (b"a", report()),
        "b.txt": (b"b", report(agency="乙局", rows={"1": None})),
        "bad.pdf": (b"c", RuntimeError("boom")),
    }
    build(con, files, monkeypatch)

    def facts():
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in frames.TABLES}

    first = facts()
    load.write_parse_cache(
        con,
        [
            {
                **contract.parse(data, path),
                "sha256": hashlib.sha256(data).hexdigest(),
                "parser_version": contract.parser_version(),
                "parsed_name": path,
            }
            for path, (data, _) in files.items()
        ],
    )
    ids = [sha for (sha,) in con.execute("SELECT sha256 FROM parse_cache").fetchall()]
    assert len(ids) == 3  # one row per content, not two
    load.load_cached(con, ids)
    assert facts() == first


def test_is_canonical_one_per_agency_and_year(con, monkeypatch):
    build(
        con,
        {
            "x2020.txt": (b"1", report(year=2020, fmt="text")),
            "x2020.pdf": (b"2", report(year=2020, fmt="pdf")),  # original format wins
            "x2021.pdf": (b"3", report(year=2021, fmt="pdf", tables="三")),
            "x2021.txt": (b"4", report(year=2021, fmt="text")),  # parsed beats partial
            "y/b.txt": (b"5", report(agency="乙局")),
            "y/a.txt": (b"5", report(agency="乙局")),  # identical: first path
            "z/more.txt": (b"6", report(agency="丙局", rows={"1": 1, "2": 0})),  # more cells
            "z/less.txt": (b"7", report(agency="丙局", rows={"1": 1})),
            "anon.txt": (b"8", report(agency=None)),  # unattributable
            "broken.txt": (b"9", ValueError("bug")),
        },
        monkeypatch,
    )
    canonical = {
        p for (p,) in con.execute("SELECT source_path FROM reports WHERE is_canonical").fetchall()
    }
    assert canonical == {"x2020.pdf", "x2021.txt", "y/a.txt", "z/more.txt"}


def test_dimensions_come_from_the_templates(con, monkeypatch):
    build(con, {}, monkeypatch)
    rows = dict(con.execute("SELECT row_code, outcome FROM dim_row").fetchall())
    assert rows["3.3.2"] == "3.3" and rows["3.6"] == rows["3.6.1"] == "3.6" and rows["1"] is None
    assert con.execute("SELECT count(*) FROM dim_applicant").fetchone() == (7,)
    assert con.execute("SELECT unit FROM dim_metric WHERE metric = 'fee_amount'").fetchone() == (
        "yuan",
    )


def test_requests_by_outcome_view(con, monkeypatch):
    r2019 = report(
        agency="甲局", template="2019", rows={"3.1": 5, "3.3.1": 1, "3.3.2": 2, "3.6": 4, "3.7": 12}
    )
    r2021 = report(
        agency="乙局",
        template="2021",
        rows={"3.1": None, "3.6.1": 1, "3.6.2": None, "3.6.3": 2, "3.7": 3},
    )
    copy = report(agency="甲局", template="2019", rows={"3.1": 100})  # loses to the pdf
    build(con, {"a.pdf": (b"a", r2019), "b.txt": (b"b", r2021), "c.txt": (b"c", copy)}, monkeypatch)
    # r2019 must be canonical over `copy`: same agency and year, pdf beats text
    got = {
        o: (n, k)
        for o, n, k in con.execute(
            "SELECT outcome, requests, reports FROM requests_by_outcome_region_year"
        ).fetchall()
    }
    # 乙局's 3.6 has a blank sub-row (3.6.2) that no identity determines: the group is unknown
    # there, not 1 + 2, so 3.6 covers 甲局 only
    assert got == {"3.1": (5, 1), "3.3": (3, 1), "3.6": (4, 1), "3.7": (15, 2)}
    cols = [d[0] for d in con.execute("SELECT * FROM requests_by_outcome_region_year").description]
    assert cols == [
        "report_year",
        "province",
        "city",
        "county",
        "admin_code",
        "outcome",
        "requests",
        "reports",
        "derived_reports",
        "derived_requests",
        "share_of_handled",
        "share_reports",
    ]
    assert (
        con.execute("SELECT * FROM mart_requests_by_outcome_region_year ORDER BY ALL").fetchall()
        == con.execute("SELECT * FROM requests_by_outcome_region_year ORDER BY ALL").fetchall()
    )


def test_load_is_one_transaction(con, monkeypatch):
    build(con, {"a.txt": (b"a", report())}, monkeypatch)
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in frames.TABLES}
    # the last table's insert fails, after the others' cells were deleted and inserted again
    monkeypatch.setitem(frames.LABELS, "check_results", "JOIN no_such_table USING (report_id)")
    with pytest.raises(duckdb.Error):
        load.load_cached(
            con, [r for (r,) in con.execute("SELECT report_id FROM reports").fetchall()]
        )
    assert {
        t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in frames.TABLES
    } == before
