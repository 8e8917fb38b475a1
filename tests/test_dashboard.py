"""The Streamlit dashboard over a published warehouse of the samples' hand-read values."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_views import build_samples

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def keep_main_module(monkeypatch):
    """AppTest leaves sys.modules['__main__'] pointing at the app; a forkserver started later
    (warehouse.parse_pool) would then run the app in its workers, which die."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "published.duckdb"
    build_samples(path, monkeypatch).close()
    monkeypatch.setenv("OGI_WAREHOUSE", str(path))
    return path


def test_dashboard_shows_outcomes_regions_review_and_quality(warehouse):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [h.value for h in at.header][:4] == [
        "Requests by outcome 办理结果", "Regions 地区",
        "Reconsideration and litigation 行政复议 · 行政诉讼", "Quality 数据质量"]
    at.sidebar.selectbox[0].select("福建省").run()
    assert not at.exception
    review = at.dataframe[1].value  # h028 = h004, counted once: 复议 total 7
    assert review.loc[review["proceeding"] == "review", "total"].tolist() == [7]
    failed = at.dataframe[3].value
    assert failed.empty  # h028 passes every check


def test_dashboard_without_a_warehouse_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "No published warehouse" in at.error[0].value

