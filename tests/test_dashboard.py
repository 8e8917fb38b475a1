"""The Streamlit dashboard over a published warehouse of the samples' hand-read values."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_views import build_samples

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def keep_main_module(monkeypatch):
    """AppTest leaves sys.modules['__main__'] pointing at the app; a forkserver started later
    (ingest.pool) would then run the app in its workers, which die."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "published.duckdb"
    build_samples(path, monkeypatch).close()
    monkeypatch.setenv("OGI_WAREHOUSE", str(path))
    return path


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def selectbox(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def test_dashboard_shows_outcomes_regions_review_and_quality(warehouse):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [h.value for h in at.header][:4] == [
        "办理结果 Requests by outcome",
        "地区 Regions",
        "行政复议 · 行政诉讼 Reconsideration and litigation",
        "数据质量 Quality",
    ]
    # sums of the hand-read totals of the 11 canonical reports (h004 = h028 counted once)
    assert metrics(at)["新收申请 New requests"] == "1,846"
    assert metrics(at)["办理总数 Handled"] == "1,797"
    assert metrics(at)["复议 Reconsiderations"] == "76"
    provinces = at.dataframe[0].value.set_index("region")
    assert provinces.loc["广东省", "3.7"] == 15  # 000 9 + 001 6 + 002 0 + 003 0
    assert (
        provinces.loc["上海市", "3.7"] == 805 and provinces["3.1"].isna()["上海市"]
    )  # h025: blank

    at.sidebar.selectbox[0].select("福建省").run()
    assert not at.exception
    review = at.dataframe[1].value  # h028 = h004, counted once: 复议 total 7
    assert review.loc[review["proceeding"] == "行政复议 reconsideration", "total"].tolist() == [7]
    # h004: 2 upheld, 1 corrected, 3 other, 1 pending: 1 of 6 decided cases corrected
    assert metrics(at)["行政复议 reconsideration"] == "7"
    assert at.metric[6].delta == "纠正率 correction rate 16.7%"
    failed = at.dataframe[3].value
    assert failed.empty  # h028 passes every check


def test_region_drill_down_province_city_county_agency(warehouse):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.select_slider[0].set_value((2019, 2019))
    at.sidebar.selectbox[0].select("广东省").run()
    assert not at.exception
    cities = at.dataframe[0].value
    assert cities[["region", "region_code", "reports", "3.4"]].values.tolist() == [
        ["广州市", "440100", 2, 7]
    ]  # 2019: 000 (3.4.1 1 + 3.4.2 6) and 002 (0), both 海珠区
    selectbox(at, "市 City").select("440100").run()
    counties = at.dataframe[0].value
    assert counties[["region", "region_code", "3.4"]].values.tolist() == [["海珠区", "440105", 7]]
    selectbox(at, "县/区 County").select("440105").run()
    assert not at.exception
    assert "**全国 China** › **广东省** › **广州市** › **海珠区**" in at.markdown[-1].value
    agencies = at.dataframe[0].value
    assert sorted(agencies["agency"]) == [
        "广州市海珠区人力资源和社会保障局",
        "广州市海珠区政务服务数据管理局",
    ]
    assert agencies["handled"].sum() == 9  # 000: 9, 002: 0


def test_dashboard_without_a_warehouse_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "No published warehouse" in at.error[0].value


def test_dashboard_on_a_file_that_is_no_published_warehouse_says_so(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()  # a database without the mart_ tables
    monkeypatch.setenv("OGI_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "Cannot read the published warehouse" in at.error[0].value


def test_quality_shows_open_and_reviewed_failures_and_corrected_cells(tmp_path, monkeypatch):
    from tests.test_corrections import H001, REVIEW_HEADER, S000, T4, row, sha, write
    from warehouse import corrections, views

    path = tmp_path / "published.duckdb"
    fix = tmp_path / "fix"
    write(fix, "corrections.csv", row(S000, "requests/1/total", "10"))
    write(
        fix,
        "reviews.csv",
        f"{sha(H001)},{H001},{T4},confirmed,printed so,li,2026-12-02",
        header=REVIEW_HEADER,
    )
    with build_samples(path, monkeypatch) as con:
        corrections.apply(con, fix)
        views.create(con)
    monkeypatch.setenv("OGI_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = metrics(at)
    assert shown["已复核 Reviewed"] == "1"  # h001's table 四 total, printed so
    assert shown["已更正 Corrected cells"] == "1"
    assert shown["新收申请 New requests"] == "1,847"  # 000's row 1 total corrected 9 → 10
    cells = next(d.value for d in at.dataframe if "corrected_value" in d.value.columns)
    assert cells[["source_path", "published_value", "corrected_value"]].values.tolist() == [
        [S000, 9.0, 10.0]
    ]
