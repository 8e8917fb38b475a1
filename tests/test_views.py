"""Analyst views over the samples' hand-read values (expected.json, not the parser): every number
asserted here was worked out by hand from those files. Plus the generated data dictionary."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import duckdb
import pytest

from parsers.errors import ParseError
from tests.fake_parser import report_from_expected
from tests.test_warehouse import build
from warehouse import dictionary

SAMPLES = Path(__file__).resolve().parent / "samples"
VIEWS = (
    "requests_by_outcome_region_year",
    "requests_by_outcome_region_level",
    "applicants_by_region_year",
    "refusal_reasons_by_region_year",
    "review_litigation_by_region_year",
    "proactive_by_item_year",
    "agency_year_panel",
    "coverage_by_region_year",
    "failed_checks_by_region_year",
)


def build_samples(path: Path, monkeypatch) -> duckdb.DuckDBPyConnection:
    """A warehouse at `path` holding every sample's hand-read values."""
    files = {}
    for exp in sorted(SAMPLES.rglob("*.expected.json")):
        e = json.loads(exp.read_text("utf-8"))
        r = report_from_expected(e)
        r.source_format = Path(e["file"]).suffix.lstrip(".")
        files[str(exp.relative_to(SAMPLES).with_name(e["file"]))] = (e["file"].encode(), r)
    con = duckdb.connect(str(path))
    build(con, files, monkeypatch)
    return con


@pytest.fixture
def con(tmp_path, monkeypatch):
    with build_samples(tmp_path / "w.duckdb", monkeypatch) as c:
        yield c


def one(con, sql: str, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_outcomes_across_templates(con):
    q = """SELECT o.requests FROM canonical_outcomes o JOIN reports r USING (report_id)
           WHERE r.agency = ? AND o.applicant = 'total' AND o.outcome = ?"""
    assert one(con, q, "沭阳县人民政府", "3.6") == (159,)  # h013 (2021): 3.6.1-3 = 9 + 7 + 143
    assert one(con, q, "沭阳县人民政府", "3.3") == (32,)  # 2 + 2 + 13 + 2 + 4 + 9
    assert one(con, q, "洪泽区人民政府", "3.6") == (0,)  # h001 (hybrid): its single 3.6 row
    assert one(con, q, "上海市人民政府办公厅", "3.7") == (805,)  # h025


def test_region_roll_up_by_division_code(con):
    q = """SELECT requests, reports FROM requests_by_outcome_region_level
           WHERE report_year = ? AND level = ? AND region_code = ? AND outcome = ?"""
    # 2019 广东: 000 (3.4.1 1 + 3.4.2 6) and 002 (all 0), both 海珠区 440105 in 广州市
    for level, code in (("province", "440000"), ("city", "440100"), ("county", "440105")):
        assert one(con, q, 2019, level, code, "3.4") == (7, 2)
    # 2020 广东: 001 (花都区, 3.7 = 6) and 003 (湘桥区 in 潮州市, 3.7 = 0)
    assert one(con, q, 2020, "province", "440000", "3.7") == (6, 2)
    assert one(con, q, 2020, "city", "440100", "3.7") == (6, 1)
    assert one(con, q, 2020, "city", "445100", "3.7") == (0, 1)
    # 河北省教育厅 (130000) is province-level: no city or county row
    assert con.execute(
        "SELECT count(*) FROM requests_by_outcome_region_level "
        "WHERE region_code LIKE '13%' AND level <> 'province'"
    ).fetchone() == (0,)


def test_applicant_mix(con):
    q = """SELECT new_requests, reports FROM applicants_by_region_year
           WHERE report_year = ? AND province = ? AND applicant = ?"""
    assert one(con, q, 2023, "江苏省", "natural_person") == (21, 1)  # h001
    assert one(con, q, 2019, "广东省", "natural_person") == (9, 2)  # 000: 9, 002: 0
    assert one(con, q, 2024, "福建省", "commercial_enterprise") == (1, 1)  # h028 = h004, once


def test_refusal_reasons(con):
    q = """SELECT requests FROM refusal_reasons_by_region_year
           WHERE report_year = ? AND province = ? AND reason = ?"""
    assert one(con, q, 2025, "江苏省", "3.3.5") == (13,)  # h013 三类内部事务信息
    assert one(con, q, 2025, "江苏省", "3.4.1") == (111,)  # h013 本机关不掌握
    assert one(con, q, 2023, "江苏省", "3.4.1") == (10,)  # h001


def test_review_and_litigation_with_correction_rates(con):
    q = """SELECT upheld, corrected, other, pending, total, correction_rate
           FROM review_litigation_by_region_year
           WHERE report_year = ? AND province = ? AND proceeding = ?"""
    # h028 (= h004, counted once): 复议 2/1/3/1/7, 复议后起诉 13/2/4/0/19
    assert one(con, q, 2024, "福建省", "review") == (2, 1, 3, 1, 7, pytest.approx(1 / 6))
    assert one(con, q, 2024, "福建省", "litigation_after_review") == (
        13,
        2,
        4,
        0,
        19,
        pytest.approx(2 / 19),
    )
    assert one(con, q, 2025, "江苏省", "review")[5] == pytest.approx(10 / 46)  # h013: 27/10/9
    assert one(con, q, 2024, "福建省", "litigation_direct")[5] is None  # nothing decided


def test_proactive_by_item_and_year(con):
    q = """SELECT value, reports FROM proactive_by_item_year
           WHERE report_year = ? AND item = ? AND metric = ?"""
    assert one(con, q, 2024, "fees", "fee_amount") == (186510600, 1)  # 18651.06万元, once
    assert one(con, q, 2023, "fees", "fee_amount") == (77302800, 1)  # h001 7730.28万元


def test_agency_year_panel(con):
    row = one(
        con,
        """SELECT new_requests, carried_in, handled, granted, partly_granted,
        carried_out, reviews, lawsuits, corrected FROM agency_year_panel
        WHERE agency = '沭阳县人民政府' AND report_year = 2025""",
    )
    assert row == (713, 36, 718, 294, 101, 31, 61, 13, 10)  # h013
    assert con.execute("SELECT count(*) FROM agency_year_panel").fetchone() == (11,)  # 12 - copy


def test_coverage_and_quality(con):
    assert one(
        con,
        """SELECT files, parsed, canonical_reports FROM coverage_by_region_year
        WHERE report_year = 2024 AND province = '福建省'""",
    ) == (2, 2, 1)
    assert one(
        con,
        """SELECT failed_error, checked FROM failed_checks_by_region_year
        WHERE report_year = 2023 AND province = '江苏省'
          AND check_name = 'table4 total = upheld+corrected+other+pending'""",
    ) == (1, 1)  # h001


def test_every_view_has_its_materialised_table(con):
    for v in VIEWS:
        assert (
            con.execute(f"SELECT * FROM mart_{v} ORDER BY ALL").fetchall()
            == con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall()
        ), v


def test_label_dimensions_have_zh_and_en(con):
    for dim in (
        "dim_applicant",
        "dim_row",
        "dim_proceeding",
        "dim_result",
        "dim_item",
        "dim_metric",
    ):
        assert con.execute(
            f"SELECT count(*) FROM {dim} WHERE label_zh IS NULL OR label_en IS NULL "
            f"OR label_en = ''"
        ).fetchone() == (0,), dim


def test_committed_data_dictionary_is_the_generated_one():
    assert dictionary.DOC.read_text("utf-8") == dictionary.generate(), (
        "run: python -m warehouse.dictionary"
    )


# --- view semantics over two years of one agency (hand-worked from h013) -----------------------

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)


def _h013() -> dict:
    return json.loads((SAMPLES / "dev" / "h013.expected.json").read_text("utf-8"))


def two_years_of_one_agency() -> dict[str, dict]:
    """沭阳县人民政府: 2025 as published (h013); 2024 a copy that leaves the whole 总计 column of
    table 三 and the reconsideration total blank (every applicant cell filled, as a real 2019
    Shanghai report does), with 100 fewer natural-person requests, all granted:
    row 1 605 (total 613), 3.1 190 (total 194), 3.7 610 (total 618); 1 + 2 = 605 + 36 = 641 =
    610 + 31 = 3.7 + 4. And a second agency of the same county in 2025 whose 3.3.5 and 3.3.6
    are blank in two columns, so that its 3.3 cannot be known but its 3.7 (718) is."""
    y2025 = _h013()
    y2024 = copy.deepcopy(y2025)
    y2024["report_year"] = 2024
    req = y2024["requests"]
    req["1"]["natural_person"] = 605
    req["3.1"]["natural_person"] = 190
    req["3.7"]["natural_person"] = 610
    for row in req.values():
        row["total"] = None
    y2024["review_litigation"]["review"]["total"] = None
    y2024["proactive"]["normative_documents"]["issued"] = 4
    other = copy.deepcopy(y2025)
    other["agency"] = "沭阳县教育局"
    for row in ("3.3.5", "3.3.6"):
        for col in ("natural_person", "total"):
            other["requests"][row][col] = None
    return {"a/2025.txt": y2025, "a/2024.txt": y2024, "b/2025.txt": other}


@pytest.fixture
def yoy(tmp_path, monkeypatch):
    files = {}
    for name, e in two_years_of_one_agency().items():
        r = report_from_expected(e)
        files[name] = (name.encode(), r)
    with duckdb.connect(str(tmp_path / "yoy.duckdb")) as c:
        build(c, files, monkeypatch)
        yield c


SHUYANG = "321322:人民政府"


def test_a_blank_total_column_counts_by_its_derived_totals_counted_apart(yoy):
    q = """SELECT requests, reports, derived_reports, derived_requests
           FROM requests_by_outcome_region_year WHERE report_year = ? AND outcome = ?"""
    assert one(yoy, q, 2024, "3.7") == (618, 1, 1, 618)  # 610 + 3 + 5, derived
    assert one(yoy, q, 2024, "3.1") == (194, 1, 1, 194)  # 190 + 1 + 3
    assert one(yoy, q, 2024, "3.3") == (32, 1, 1, 32)  # 2 + 2 + 13 + 2 + 4 + 9
    # 2025: h013 published (718) and the other agency published (718)
    assert one(yoy, q, 2025, "3.7") == (1436, 2, 0, 0)
    q = "SELECT new_requests, derived_cells FROM agency_year_panel WHERE report_year = 2024"
    assert one(yoy, q) == (613, 25 + 1)  # 25 table-三 rows' totals + the review total


def test_a_rate_uses_one_set_of_reports_and_says_how_many(yoy):
    q = """SELECT requests, reports, share_of_handled, share_reports
           FROM requests_by_outcome_region_year WHERE report_year = 2025 AND outcome = '3.3'"""
    # 3.3 is known for h013 only (32 of its 718), not 32 / (718 + 718)
    assert one(yoy, q) == (32, 1, pytest.approx(32 / 718), 1)


def test_no_share_or_rate_is_nan(con):
    for view, col in (
        ("requests_by_outcome_region_year", "share_of_handled"),
        ("review_litigation_by_region_year", "correction_rate"),
    ):
        assert con.execute(f"SELECT count(*) FROM {view} WHERE isnan({col})").fetchone() == (0,)
    # 湘桥区 2020 handled nothing (3.7 = 0): 0/0 is NULL
    q = """SELECT share_of_handled, share_reports FROM requests_by_outcome_region_year
           WHERE county = '湘桥区' AND outcome = '3.1'"""
    assert one(con, q) == (None, 1)


def test_summing_the_applicant_mix_does_not_double_it(yoy):
    (n,) = one(
        yoy,
        "SELECT sum(new_requests) FROM applicants_by_region_year "
        "WHERE report_year = 2025 AND admin_code = '321322'",
    )
    assert n == 713 + 713  # the six types of both agencies; no 总计 pseudo-applicant
    assert yoy.execute(
        "SELECT count(*) FROM applicants_by_region_year WHERE applicant = 'total'"
    ).fetchone() == (0,)


def test_counts_are_bigint_never_hugeint(con):
    assert (
        con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'HUGEINT'"
        ).fetchall()
        == []
    )


def test_severity_describes_failures_only(yoy):
    assert yoy.execute(
        "SELECT count(*) FROM check_results WHERE passed AND severity IS NOT NULL"
    ).fetchone() == (0,)
    assert yoy.execute(
        "SELECT count(*) FROM check_results WHERE NOT passed AND severity IS NULL"
    ).fetchone() == (0,)
    # 2025 row 2 (36) against 2024 row 4 (31): a contradiction, an error
    (severity,) = one(
        yoy,
        """SELECT severity FROM check_results JOIN reports USING (report_id)
           WHERE check_name LIKE 'cross-year carry-over%' AND agency = '沭阳县人民政府'""",
    )
    assert severity == "error"


def test_year_over_year_against_the_previous_year(yoy):
    q = """SELECT previous_year, value, previous_value, delta FROM agency_year_over_year
           WHERE agency_key = ? AND report_year = ? AND figure = ?"""
    assert one(yoy, q, SHUYANG, 2025, "new_requests") == (2024, 713, 613, 100)
    assert one(yoy, q, SHUYANG, 2025, "handled") == (2024, 718, 618, 100)
    assert one(yoy, q, SHUYANG, 2025, "granted") == (2024, 294, 194, 100)
    assert one(yoy, q, SHUYANG, 2025, "partly_granted") == (2024, 101, 101, 0)
    assert one(yoy, q, SHUYANG, 2025, "refused") == (2024, 32, 32, 0)
    assert one(yoy, q, SHUYANG, 2025, "reviews") == (2024, 61, 61, 0)  # 2024: 27+10+9+15
    assert one(yoy, q, SHUYANG, 2025, "lawsuits") == (2024, 13, 13, 0)  # 3 + 10
    assert one(yoy, q, SHUYANG, 2025, "documents_issued") == (2024, 6, 4, 2)  # 0 + 6, 0 + 4
    assert one(yoy, q, SHUYANG, 2024, "new_requests") == (None, 613, None, None)
    # the other agency of the county has no previous year
    assert one(yoy, q, "321322:教育局", 2025, "handled") == (None, 718, None, None)


def readme_sql() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    return re.findall(r"```sql\n(.*?)```", readme, re.S)


def test_every_readme_query_runs_and_gives_the_numbers_it_promises(con):
    refused, corrections, yoy_query, cells = readme_sql()
    shares = con.execute(refused).fetchall()
    # 广东 2019: 000 and 002 refused nothing of 9 + 0 handled → 0.0 over 2 reports; 湘桥 2020
    # and 花都 2020: 0 of 6 → 0.0; no NaN sorted above the numbers; NULL last
    values = [s for _, _, s, _ in shares]
    assert not any(v is not None and math.isnan(v) for v in values)
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and values[: len(known)] == known
    assert ("江苏省", 2025, pytest.approx(32 / 718), 1) in shares  # h013: 32 of 718
    rates = {(y, p, k): (r, n) for y, p, k, r, n in con.execute(corrections).fetchall()}
    assert rates[(2024, "福建省", "review")] == (pytest.approx(1 / 6), 1)  # h028: 1 / (2+1+3)
    assert rates[(2024, "福建省", "litigation_direct")] == (None, 1)  # nothing decided: NULL
    (row,) = [r for r in con.execute(yoy_query).fetchall() if r[1] == "new requests"]
    assert row == (2025, "new requests", 713, None, None)  # no 2024 report among the samples
    got = con.execute(cells).fetchall()
    assert len(got) == 25 * 7 and all(r[4] for r in got)  # 2021 table 三: 25 rows × 7 columns


def test_the_data_dictionary_describes_every_table_view_and_column():
    assert dictionary.undescribed() == []


def test_the_data_dictionary_lists_every_status_a_parse_can_give():
    statuses = {c.status for c in (ParseError, *_subclasses(ParseError))}
    assert statuses | {"parsed", "partial", "unreadable", "not_parsed"} == set(dictionary.STATUSES)
    doc = dictionary.DOC.read_text("utf-8")
    assert "shared/spec" not in doc  # a file outside the repository
    assert all(f"| `{s}` |" in doc for s in dictionary.STATUSES)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
