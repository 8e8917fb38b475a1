"""The analysts' dashboard: `streamlit run dashboard/app.py`. Reads the PUBLISHED warehouse
($OGI_WAREHOUSE or data/warehouse.duckdb) read-only, through its materialised mart_ tables, so it
never blocks or sees a half-finished run."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
WAREHOUSE = Path(os.environ.get("OGI_WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))
OUTCOMES = {"3.1": "予以公开 granted", "3.2": "部分公开 partly",
            "3.3": "不予公开 not disclosed", "3.4": "无法提供 cannot provide",
            "3.5": "不予处理 not processed", "3.6": "其他处理 other"}


@st.cache_data(ttl=60)
def mart(name: str, mtime: float) -> pl.DataFrame:  # mtime: a new publication reloads
    with duckdb.connect(str(WAREHOUSE), read_only=True) as con:
        return con.table(f"mart_{name}").pl()


def pick_province(frame: pl.DataFrame, province: str) -> pl.DataFrame:
    return frame if province == "全部 all" else frame.filter(pl.col("province") == province)


st.set_page_config(page_title="政府信息公开年报 · ogi", layout="wide")
st.title("政府信息公开工作年度报告 — government information disclosure")
if not WAREHOUSE.exists():
    st.error(f"No published warehouse at {WAREHOUSE}: run `ogi run` first.")
    st.stop()
stamp = WAREHOUSE.stat().st_mtime

panel = mart("agency_year_panel", stamp)
provinces = ["全部 all", *sorted(panel["province"].drop_nulls().unique())]
province = st.sidebar.selectbox("Province 省份", provinces)
st.sidebar.caption(f"{WAREHOUSE.name}: {panel.height} agency-years (canonical reports)")

st.header("Requests by outcome 办理结果")
outcomes = (pick_province(mart("requests_by_outcome_region_year", stamp), province)
            .filter(pl.col("outcome").is_in(list(OUTCOMES)))
            .group_by("report_year", "outcome").agg(pl.col("requests").sum())
            .with_columns(pl.col("outcome").replace(OUTCOMES),
                          pl.col("report_year").cast(pl.String))
            .sort("report_year", "outcome"))
st.bar_chart(outcomes, x="report_year", y="requests", color="outcome")

st.header("Regions 地区")
level = st.radio("Level", ["province", "city", "county"], horizontal=True)
regions = (mart("requests_by_outcome_region_level", stamp)
           .filter(pl.col("level") == level)
           .pivot("outcome", index=["report_year", "region_code", "region"], values="requests")
           .sort("report_year", "region_code"))
st.dataframe(regions, hide_index=True)

st.header("Reconsideration and litigation 行政复议 · 行政诉讼")
st.dataframe(pick_province(mart("review_litigation_by_region_year", stamp), province)
             .sort("report_year", "province", "proceeding"), hide_index=True)

st.header("Quality 数据质量")
st.dataframe(pick_province(mart("coverage_by_region_year", stamp), province)
             .sort("report_year", "province"), hide_index=True)
failed = (pick_province(mart("failed_checks_by_region_year", stamp), province)
          .filter((pl.col("failed_error") + pl.col("not_evaluable")) > 0)
          .sort("report_year", "province", "check_name"))
st.subheader("Failed checks")
st.dataframe(failed, hide_index=True)
confidence = st.multiselect("Agency-years with confidence", ["high", "medium", "low"],
                            default=["medium", "low"])
st.dataframe(pick_province(panel, province).filter(pl.col("confidence").is_in(confidence))
             .select("report_year", "agency", "province", "confidence", "failed_checks",
                     "source_path"), hide_index=True)
