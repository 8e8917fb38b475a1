"""Analyst views over the samples' hand-read values (expected.json, not the parser): every number
asserted here was worked out by hand from those files. Plus the generated data dictionary."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

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
