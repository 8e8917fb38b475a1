"""The analysts' dashboard: `streamlit run dashboard/app.py`. Reads the PUBLISHED warehouse
($OGI_WAREHOUSE or data/warehouse.duckdb) read-only, through its materialised mart_ tables, so it
never blocks or sees a half-finished run.

Sections: requests by outcome over the years; regions with drill-down province → city → county
(→ agencies); reconsideration and litigation with correction rates; the quality overview.
Sums here add published numbers only: a blank or unreadable cell is left out, never taken as 0.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import altair as alt
import duckdb
import polars as pl
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
# as pipelines.resources: a relative $OGI_WAREHOUSE is taken against the repository
WAREHOUSE = ROOT / (os.environ.get("OGI_WAREHOUSE") or "data/warehouse.duckdb")
ALL = "全部 all"
OUTCOMES = {
    "3.1": "予以公开 granted",
    "3.2": "部分公开 partly",
    "3.3": "不予公开 not disclosed",
    "3.4": "无法提供 cannot provide",
    "3.5": "不予处理 not processed",
    "3.6": "其他处理 other",
}
HANDLED = "办理总数 handled (3.7)"
SHORT = {
    "3.1": "公开 granted",
    "3.2": "部分 partly",
    "3.3": "不公开 refused",
    "3.4": "无法提供 n/a",
    "3.5": "不处理 unprocessed",
    "3.6": "其他 other",
    "3.7": "总数 handled",
}
PROCEEDINGS = {
    "review": "行政复议 reconsideration",
    "litigation_direct": "直接起诉 litigation",
    "litigation_after_review": "复议后起诉 litigation after reconsideration",
}
RESULTS = {
    "upheld": "维持 upheld",
    "corrected": "纠正 corrected",
    "other": "其他 other",
    "pending": "未审结 pending",
}
CONFIDENCE = {"high": "高 high", "medium": "中 medium", "low": "低 low"}
LEVELS = {"province": "省 province", "city": "市 city", "county": "县 county"}
MARTS = (
    "agency_year_panel",
    "requests_by_outcome_region_year",
    "requests_by_outcome_region_level",
    "review_litigation_by_region_year",
    "coverage_by_region_year",
    "failed_checks_by_region_year",
    "check_reviews_by_region_year",
    "corrected_cells",
)


@st.cache_data(ttl=60, show_spinner=False)
def load_marts(
    path: str, mtime: float
) -> dict[str, pl.DataFrame]:  # mtime: a new publication reloads
    with duckdb.connect(path, read_only=True) as con:
        return {name: con.table(f"mart_{name}").pl() for name in MARTS}


def pick_province(frame: pl.DataFrame, province: str) -> pl.DataFrame:
    return frame if province == ALL else frame.filter(pl.col("province") == province)


def in_years(frame: pl.DataFrame, years: tuple[int, int]) -> pl.DataFrame:
    return frame.filter(pl.col("report_year").is_between(*years))


def total(frame: pl.DataFrame, column: str) -> int | None:
    """Sum of the published values; None where none is readable."""
    return frame[column].sum() if frame[column].drop_nulls().len() else None


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def percent(numerator: int | None, denominator: int | None) -> str:
    return f"{numerator / denominator:.1%}" if numerator is not None and denominator else "—"


def chart(spec: alt.Chart, height: int = 320) -> None:
    st.altair_chart(spec.properties(height=height), width="stretch")


st.set_page_config(
    page_title="政府信息公开年报 · ogi",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)
st.title("政府信息公开工作年度报告 · Government information disclosure annual reports")
if not WAREHOUSE.exists():
    st.error(
        f"No published warehouse at {WAREHOUSE}: build one with "
        f"`ogi run --raw-dir data/raw --warehouse {WAREHOUSE}`, or point OGI_WAREHOUSE at one."
    )
    st.stop()
stamp = WAREHOUSE.stat().st_mtime
try:
    marts = load_marts(str(WAREHOUSE), stamp)
except duckdb.Error as e:
    st.error(
        f"Cannot read the published warehouse at {WAREHOUSE}: {e}\n\n"
        "A warehouse from an older ogi lacks the mart_ tables: rebuild it with `ogi run`."
    )
    st.stop()
panel = marts["agency_year_panel"]
if panel.is_empty():
    st.warning(f"The published warehouse at {WAREHOUSE} holds no canonical report yet.")
    st.stop()

# --- filters ----------------------------------------------------------------------------------
st.sidebar.header("筛选 Filters")
province = st.sidebar.selectbox(
    "省份 Province", [ALL, *sorted(panel["province"].drop_nulls().unique())]
)
year_list = sorted(panel["report_year"].drop_nulls().unique())
years = (
    st.sidebar.select_slider("报告年度 Report year", year_list, (year_list[0], year_list[-1]))
    if len(year_list) > 1
    else (year_list[0], year_list[0])
)
st.sidebar.caption(
    f"Published warehouse `{WAREHOUSE.name}` of "
    f"{datetime.fromtimestamp(stamp):%Y-%m-%d %H:%M}: "
    f"{panel.height} agency-years (canonical reports).",
    help=str(WAREHOUSE),
)
st.sidebar.caption(
    "Sums add published numbers only; blank or unreadable cells are left out, "
    "never counted as 0. 空白或无法识别的单元格不计入合计。"
)
scope = f"{province if province != ALL else '全国 all provinces'}, {years[0]}–{years[1]}"
st.caption(f"Scope 范围: {scope}")

view = in_years(pick_province(panel, province), years)
review = in_years(pick_province(marts["review_litigation_by_region_year"], province), years)
cols = st.columns(6)
cols[0].metric("报告 Agency-years", number(view.height))
cols[1].metric("新收申请 New requests", number(total(view, "new_requests")))
cols[2].metric("办理总数 Handled", number(total(view, "handled")))
cols[3].metric("予以公开 Granted", number(total(view, "granted")))
cols[4].metric("复议 Reconsiderations", number(total(view, "reviews")))
cols[5].metric("诉讼 Lawsuits", number(total(view, "lawsuits")))

# --- requests by outcome over the years -------------------------------------------------------
st.header("办理结果 Requests by outcome")
by_year = (
    in_years(pick_province(marts["requests_by_outcome_region_year"], province), years)
    .group_by("report_year", "outcome")
    .agg(pl.col("requests").sum(), (pl.col("requests").is_not_null()).sum().alias("readable"))
)
outcomes = (
    by_year.filter(pl.col("outcome").is_in(list(OUTCOMES)), pl.col("readable") > 0)
    .with_columns(
        pl.col("outcome").replace_strict(OUTCOMES).alias("label"),
        pl.col("outcome").cast(pl.String).alias("code"),
        pl.col("report_year").cast(pl.String),
    )
    .sort("report_year", "code")
)
handled = by_year.filter(pl.col("outcome") == "3.7", pl.col("readable") > 0).with_columns(
    pl.col("report_year").cast(pl.String), pl.lit(HANDLED).alias("label")
)
left, right = st.columns([3, 2])
with left:
    year_x = alt.X("report_year:N", title="报告年度 report year", axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(outcomes)
        .mark_bar()
        .encode(
            year_x,
            alt.Y("sum(requests):Q", title="申请数 requests"),
            alt.Color(
                "label:N",
                title="办理结果 outcome",
                sort=list(OUTCOMES.values()),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
            ),
            alt.Order("code:N"),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("label:N", title="outcome"),
                alt.Tooltip("requests:Q", title="requests"),
            ],
        )
    )
    ticks = (
        alt.Chart(handled)
        .mark_tick(color="black", thickness=2, size=40)
        .encode(
            year_x,
            alt.Y("requests:Q"),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("requests:Q", title=HANDLED),
            ],
        )
    )
    chart(alt.layer(bars, ticks))
    st.caption(
        "Bars: outcomes 3.1–3.6 stacked; black tick: total handled (3.7) as published. "
        "A gap between them means blank outcome cells or a report whose rows do not add up."
    )
with right:
    chart(
        alt.Chart(outcomes)
        .mark_bar()
        .encode(
            alt.X("report_year:N", title="报告年度 report year", axis=alt.Axis(labelAngle=0)),
            alt.Y(
                "sum(requests):Q",
                stack="normalize",
                title="占比 share of outcomes",
                axis=alt.Axis(format="%"),
            ),
            alt.Color(
                "label:N", title="办理结果 outcome", sort=list(OUTCOMES.values()), legend=None
            ),
            alt.Order("code:N"),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("label:N", title="outcome"),
                alt.Tooltip("requests:Q", title="requests"),
            ],
        )
    )
    st.caption("Share of each outcome among the outcomes 3.1–3.6 of the year.")

# --- regions, drill-down ----------------------------------------------------------------------
st.header("地区 Regions")
levels = in_years(marts["requests_by_outcome_region_level"], years)


def region_options(level: str, prefix: str) -> dict[str, str]:
    """code -> name of the regions at `level` whose code starts with `prefix`."""
    rows = (
        levels.filter(pl.col("level") == level, pl.col("region_code").str.starts_with(prefix))
        .group_by("region_code")
        .agg(pl.col("region").drop_nulls().first())
        .sort("region_code")
    )
    return {code: f"{name or '?'} {code}" for code, name in rows.iter_rows()}


path = ["全国 China"]
province_code = ""
if province != ALL:
    codes = (
        levels.filter(pl.col("level") == "province", pl.col("region") == province)["region_code"]
        .unique()
        .to_list()
    )
    province_code = codes[0] if codes else ""
    path.append(province)
drill, city_code, county_code = "province", "", ""
pick = st.columns(3)
if province == ALL:
    pick[0].caption(
        "Choose a province in the sidebar to drill down to its cities and counties. "
        "在侧栏选择省份以逐级查看。"
    )
elif province_code:
    drill = "city"
    cities = region_options("city", province_code[:2])
    city = pick[0].selectbox("市 City", [ALL, *cities], format_func=lambda c: cities.get(c, c))
    if city != ALL:
        drill, city_code = "county", city
        path.append(cities[city].split(" ")[0])
        counties = region_options("county", city[:4])
        county = pick[1].selectbox(
            "县/区 County", [ALL, *counties], format_func=lambda c: counties.get(c, c)
        )
        if county != ALL:
            drill, county_code = "agency", county
            path.append(counties[county].split(" ")[0])
st.markdown(" › ".join(f"**{p}**" for p in path) + f"  ·  {years[0]}–{years[1]}")

if drill == "agency":
    agencies = (
        in_years(panel, years)
        .filter(pl.col("admin_code") == county_code)
        .select(
            "report_year",
            "agency",
            "new_requests",
            "handled",
            "granted",
            "partly_granted",
            "reviews",
            "lawsuits",
            "confidence",
            "source_path",
        )
        .sort("report_year", "agency")
    )
    st.dataframe(
        agencies,
        hide_index=True,
        column_config={
            "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
            "agency": "机关 agency",
            "new_requests": "新收 new",
            "handled": "办理 handled",
            "granted": "予以公开 granted",
            "partly_granted": "部分公开 partly",
            "reviews": "复议 reviews",
            "lawsuits": "诉讼 lawsuits",
            "confidence": "可信度 confidence",
            "source_path": "文件 file",
        },
    )
else:
    prefix = {"province": "", "city": province_code[:2], "county": city_code[:4]}[drill]
    rows = levels.filter(pl.col("level") == drill, pl.col("region_code").str.starts_with(prefix))
    wide = (
        rows.group_by("region_code", "outcome")
        .agg(
            pl.col("region").drop_nulls().first(), pl.col("requests").sum(), pl.col("reports").sum()
        )
        .with_columns(pl.when(pl.col("reports") > 0).then(pl.col("requests")).alias("requests"))
    )
    reports = (
        rows.filter(pl.col("outcome") == "3.7")
        .group_by("region_code")
        .agg(pl.col("reports").sum().alias("reports"))
    )
    table = wide.pivot("outcome", index=["region_code", "region"], values="requests").join(
        reports, on="region_code", how="left"
    )
    for code in [*OUTCOMES, "3.7"]:
        if code not in table.columns:
            table = table.with_columns(pl.lit(None, pl.Int64).alias(code))
    table = table.select("region", "region_code", "reports", *OUTCOMES, "3.7").sort("region_code")
    if table.is_empty():
        st.info("No canonical report in this region and these years. 此范围内没有报告。")
    else:
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "region": f"{LEVELS[drill]} 地区",
                "region_code": "代码 code",
                "reports": "报告 reports",
                **{
                    c: st.column_config.NumberColumn(
                        SHORT[c], help=f"{c} {OUTCOMES.get(c, HANDLED)}"
                    )
                    for c in SHORT
                },
            },
        )
        stacked = wide.filter(
            pl.col("outcome").is_in(list(OUTCOMES)), pl.col("requests").is_not_null()
        ).with_columns(
            pl.col("outcome").replace_strict(OUTCOMES).alias("label"),
            pl.col("outcome").cast(pl.String).alias("code"),
        )
        chart(
            alt.Chart(stacked)
            .mark_bar()
            .encode(
                alt.X("sum(requests):Q", title="申请数 requests (outcomes 3.1–3.6)"),
                alt.Y(
                    "region:N",
                    sort=alt.EncodingSortField("requests", op="sum", order="descending"),
                    title=None,
                ),
                alt.Color(
                    "label:N",
                    title="办理结果 outcome",
                    sort=list(OUTCOMES.values()),
                    legend=alt.Legend(orient="right", labelLimit=240),
                ),
                alt.Order("code:N"),
                tooltip=[
                    alt.Tooltip("region:N", title="region"),
                    alt.Tooltip("label:N", title="outcome"),
                    alt.Tooltip("requests:Q", title="requests"),
                ],
            ),
            height=max(140, 30 * table.height),
        )
    st.caption(
        "A report counts at its own level and every level above it (by its 行政区划代码), so "
        "a province's total also holds its provincial departments, which no city row has; "
        "blank cells stay blank (—)."
    )

# --- reconsideration and litigation -----------------------------------------------------------
st.header("行政复议 · 行政诉讼 Reconsideration and litigation")
# The correction rate counts the rows (province, year, proceeding) whose upheld, corrected and
# other are all readable, as the view's correction_rate does; a blank result is never taken as 0.
decided = review.filter(
    pl.all_horizontal(pl.col("upheld", "corrected", "other").is_not_null())
).with_columns((pl.col("upheld") + pl.col("corrected") + pl.col("other")).alias("decided"))
cols = st.columns(len(PROCEEDINGS))
for col, (code, label) in zip(cols, PROCEEDINGS.items()):
    rows, rated = (f.filter(pl.col("proceeding") == code) for f in (review, decided))
    col.metric(
        label,
        number(total(rows, "total")),
        f"纠正率 correction rate {percent(total(rated, 'corrected'), total(rated, 'decided'))}",
        delta_color="off",
        delta_arrow="off",
    )
review_long = (
    review.unpivot(
        list(RESULTS),
        index=["report_year", "proceeding"],
        variable_name="result",
        value_name="cases",
    )
    .filter(pl.col("cases").is_not_null())
    .group_by("report_year", "proceeding", "result")
    .agg(pl.col("cases").sum())
    .with_columns(
        pl.col("proceeding").replace(PROCEEDINGS).alias("proceeding_label"),
        pl.col("result").replace_strict(RESULTS).alias("result_label"),
        pl.col("report_year").cast(pl.String),
    )
)
left, right = st.columns(2)
with left:
    chart(
        alt.Chart(review_long)
        .mark_bar()
        .encode(
            alt.X("report_year:N", title="报告年度 report year", axis=alt.Axis(labelAngle=0)),
            alt.Y("sum(cases):Q", title="案件 cases"),
            alt.Color(
                "result_label:N",
                title="结果 result",
                sort=list(RESULTS.values()),
                scale=alt.Scale(
                    domain=list(RESULTS.values()),
                    range=["#4c78a8", "#e45756", "#bab0ac", "#f2cf5b"],
                ),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
            ),
            alt.XOffset("proceeding_label:N", sort=list(PROCEEDINGS.values())),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("proceeding_label:N", title="proceeding"),
                alt.Tooltip("result_label:N", title="result"),
                alt.Tooltip("sum(cases):Q", title="cases"),
            ],
        )
    )
    st.caption(
        "Per year, one bar per proceeding (reconsideration, litigation, litigation after "
        "reconsideration), split by result."
    )
with right:
    rates = (
        decided.group_by("report_year", "proceeding")
        .agg(pl.col("corrected").sum(), pl.col("decided").sum())
        .filter(pl.col("decided") > 0)
        .with_columns(
            (pl.col("corrected") / pl.col("decided")).alias("correction_rate"),
            pl.col("proceeding").replace(PROCEEDINGS).alias("proceeding_label"),
            pl.col("report_year").cast(pl.String),
        )
    )
    chart(
        alt.Chart(rates)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            alt.X("report_year:N", title="报告年度 report year", axis=alt.Axis(labelAngle=0)),
            alt.Y("correction_rate:Q", title="纠正率 correction rate", axis=alt.Axis(format="%")),
            alt.Color(
                "proceeding_label:N",
                title="程序 proceeding",
                sort=list(PROCEEDINGS.values()),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("proceeding_label:N", title="proceeding"),
                alt.Tooltip("correction_rate:Q", title="correction rate", format=".1%"),
                alt.Tooltip("corrected:Q", title="corrected"),
                alt.Tooltip("decided:Q", title="decided"),
            ],
        )
    )
    st.caption(
        "Correction rate 纠正率 = corrected / (upheld + corrected + other): the share of "
        "decided cases in which the agency was corrected; pending cases, and rows with a "
        "blank result, are left out."
    )
st.dataframe(
    review.with_columns(pl.col("proceeding").replace(PROCEEDINGS)).sort(
        "report_year", "province", "proceeding"
    ),
    hide_index=True,
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "province": "省份 province",
        "proceeding": "程序 proceeding",
        **{c: RESULTS[c] for c in RESULTS},
        "total": "总计 total",
        "correction_rate": st.column_config.NumberColumn(
            "纠正率 correction rate", format="percent"
        ),
        "reports": "报告 reports",
    },
)

# --- quality ----------------------------------------------------------------------------------
st.header("数据质量 Quality")
coverage = in_years(pick_province(marts["coverage_by_region_year"], province), years)
cols = st.columns(5)
cols[0].metric("文件 Files", number(coverage["files"].sum()))
cols[1].metric(
    "已解析 Parsed",
    number(coverage["parsed"].sum()),
    f"{number(coverage['partial'].sum())} partial 部分",
    delta_color="off",
    delta_arrow="off",
)
for col, level in zip(cols[2:], CONFIDENCE):
    col.metric(f"可信度 {CONFIDENCE[level]}", number(coverage[f"{level}_confidence"].sum()))
left, right = st.columns([2, 3])
with left:
    trust = (
        coverage.unpivot(
            [f"{c}_confidence" for c in CONFIDENCE],
            index="report_year",
            variable_name="confidence",
            value_name="reports",
        )
        .group_by("report_year", "confidence")
        .agg(pl.col("reports").sum())
        .with_columns(
            pl.col("confidence").str.strip_suffix("_confidence").replace_strict(CONFIDENCE),
            pl.col("report_year").cast(pl.String),
        )
    )
    chart(
        alt.Chart(trust)
        .mark_bar()
        .encode(
            alt.X("report_year:N", title="报告年度 report year", axis=alt.Axis(labelAngle=0)),
            alt.Y("sum(reports):Q", title="报告 canonical reports"),
            alt.Color(
                "confidence:N",
                title="可信度 confidence",
                sort=list(CONFIDENCE.values()),
                scale=alt.Scale(
                    domain=list(CONFIDENCE.values()), range=["#54a24b", "#f58518", "#e45756"]
                ),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("report_year:N", title="year"),
                alt.Tooltip("confidence:N", title="confidence"),
                alt.Tooltip("sum(reports):Q", title="reports"),
            ],
        ),
        height=280,
    )
    st.caption(
        "High: every check passed; medium: a check could not be evaluated or metadata "
        "is unknown; low: numbers contradict or tables are missing (docs/trust.md)."
    )
with right:
    st.subheader("覆盖 Coverage")
    st.dataframe(
        coverage.sort("report_year", "province"),
        hide_index=True,
        column_config={
            "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
            "province": "省份 province",
            "files": "文件 files",
            "parsed": "已解析 parsed",
            "partial": "部分 partial",
            "canonical_reports": "报告 canonical",
            "high_confidence": "高 high",
            "medium_confidence": "中 medium",
            "low_confidence": "低 low",
        },
    )
failed = (
    in_years(pick_province(marts["failed_checks_by_region_year"], province), years)
    .filter((pl.col("failed_error") + pl.col("not_evaluable")) > 0)
    .sort("report_year", "province", "check_name")
)
st.subheader("未通过的校验 Failed checks")
st.dataframe(
    failed,
    hide_index=True,
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "province": "省份 province",
        "city": "市 city",
        "county": "县 county",
        "check_name": "校验 check",
        "failed_error": "矛盾 error",
        "not_evaluable": "无法评估 not evaluable",
        "nothing_to_compare": "无可比 nothing to compare",
        "checked": "已校验 checked",
    },
)
st.subheader("复核 Open and reviewed failures, corrected cells")
reviews = in_years(pick_province(marts["check_reviews_by_region_year"], province), years)
corrected = in_years(pick_province(marts["corrected_cells"], province), years)
cols = st.columns(4)
cols[0].metric("待复核 Open (error)", number(reviews["open_error"].sum()))
cols[1].metric("待复核 Open (not evaluable)", number(reviews["open_warning"].sum()))
cols[2].metric("已复核 Reviewed", number(reviews["reviewed"].sum()))
cols[3].metric(
    "已更正 Corrected cells",
    number(corrected.height),
    f"{number(reviews['fixed_by_correction'].sum())} checks fixed 已修复",
    delta_color="off",
    delta_arrow="off",
)
st.dataframe(
    reviews.sort("report_year", "province", "check_name"),
    hide_index=True,
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "province": "省份 province",
        "check_name": "校验 check",
        "open_error": "待复核矛盾 open error",
        "open_warning": "待复核无法评估 open not evaluable",
        "reviewed": "已复核 reviewed",
        "fixed_by_correction": "更正后通过 fixed by a correction",
    },
)
st.dataframe(
    corrected.select(
        "report_year",
        "agency",
        "source_path",
        "table_name",
        "row_code",
        "column_code",
        "published_value",
        "corrected_value",
        "reason",
        "who",
        "corrected_on",
    ).sort("report_year", "source_path", "table_name", "row_code", "column_code"),
    hide_index=True,
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "agency": "机关 agency",
        "source_path": "文件 file",
        "table_name": "表 table",
        "row_code": "行 row",
        "column_code": "列 column",
        "published_value": "公布值 published",
        "corrected_value": "更正值 corrected",
        "reason": "原因 reason",
        "who": "更正人 who",
        "corrected_on": "日期 when",
    },
)
st.caption(
    "Corrections and reviews are versioned files (data/corrections/, `ogi correct`, "
    "`ogi review`); every number above the quality section uses the corrected value where one "
    "applies, and the published value stays in the fact tables. 更正不改变公布值。"
)
st.subheader("按可信度查看报告 Agency-years by confidence")
confidence = st.multiselect(
    "可信度 Confidence", list(CONFIDENCE), default=["medium", "low"], format_func=CONFIDENCE.get
)
st.dataframe(
    view.filter(pl.col("confidence").is_in(confidence))
    .select("report_year", "agency", "province", "confidence", "failed_checks", "source_path")
    .sort("report_year", "province", "agency"),
    hide_index=True,
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "agency": "机关 agency",
        "province": "省份 province",
        "confidence": "可信度 confidence",
        "failed_checks": "未通过 failed checks",
        "source_path": "文件 file",
    },
)
