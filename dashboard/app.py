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
CONFIDENCE = {"high": "高 high", "medium": "中 medium", "low": "低 low"}
LEVELS = {"province": "省 province", "city": "市 city", "county": "县 county"}
MARTS = (
    "agency_year_panel",
    "agency_year_over_year",
    "requests_by_outcome_region_year",
    "requests_by_outcome_region_level",
    "review_litigation_by_region_year",
    "coverage_by_region_year",
    "failed_checks_by_region_year",
    "check_reviews_by_region_year",
    "corrected_cells",
)


# The labels of the codes come from the warehouse's dimension tables (parsers' statutory.toml),
# never typed again here.
DIMS = {
    "dim_outcome": "outcome",
    "dim_proceeding": "proceeding",
    "dim_result": "result",
}


@st.cache_data(ttl=60, show_spinner=False)
def load_marts(
    path: str, mtime: float
) -> dict[str, pl.DataFrame]:  # mtime: a new publication reloads
    with duckdb.connect(path, read_only=True) as con:
        marts = {name: con.table(f"mart_{name}").pl() for name in MARTS}
        marts |= {name: con.table(name).pl().sort("sort_order") for name in DIMS}
        marts["failed_check_reports"] = con.sql(
            """SELECT r.agency_key, r.report_year, c.check_name, c.severity, c.detail
            FROM check_results c JOIN reports r USING (report_id)
            WHERE r.is_canonical AND NOT c.passed ORDER BY ALL"""
        ).pl()
        return marts


def labels(dim: pl.DataFrame, short: bool = False) -> dict[str, str]:
    """code -> "中文 English" label of a dimension (short: without the （一） ordinal)."""
    key = dim.columns[0]
    return {
        code: f"{zh.split('）')[-1] if short else zh} {en}"
        for code, zh, en in dim.select(key, "label_zh", "label_en").iter_rows()
    }


def in_scope(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of the region chosen in the sidebar (province, city, county) and its years."""
    for column, value in (("province", province), ("city", city_name), ("county", county_name)):
        if value not in (None, ALL) and column in frame.columns:
            frame = frame.filter(pl.col(column) == value)
    return in_years(frame, years) if "report_year" in frame.columns else frame


def grid(frame: pl.DataFrame, column_config: dict, percent: tuple[str, ...] = ()) -> None:
    """A table with blanks shown as — (never None), counts with thousands separators."""
    counts = [c for c, t in frame.schema.items() if t.is_integer() and c != "report_year"]
    styled = frame.to_pandas().style.format(na_rep="—")
    styled = styled.format("{:,.0f}", subset=counts, na_rep="—")
    if percent:
        styled = styled.format("{:.1%}", subset=list(percent), na_rep="—")
    st.dataframe(styled, hide_index=True, column_config=column_config, width="stretch")


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

OUTCOMES = {k: v for k, v in labels(marts["dim_outcome"], short=True).items() if k != "3.7"}
HANDLED = labels(marts["dim_outcome"], short=True)["3.7"] + " (3.7)"
PROCEEDINGS = labels(marts["dim_proceeding"])
RESULTS = {k: v for k, v in labels(marts["dim_result"]).items() if k != "total"}

# --- filters: in the sidebar and in the URL (?province=…&city=…&county=…&from=…&to=…), so a
# view can be shared as a link; every section below shows the chosen region and years ----------
params = st.query_params


def pick(label: str, options: list, key: str, names: dict | None = None):
    wanted = params.get(key)
    index = options.index(wanted) if wanted in options else 0
    return st.sidebar.selectbox(
        label,
        options,
        index=index,
        key=f"filter_{key}",
        format_func=lambda c: (names or {}).get(c, c),
    )


st.sidebar.header("筛选 Filters")
year_list = sorted(panel["report_year"].drop_nulls().unique())


def _year(key: str, default: int) -> int:
    value = params.get(key, "")
    return int(value) if value.isdigit() and int(value) in year_list else default


years = (
    st.sidebar.select_slider(
        "报告年度 Report year",
        year_list,
        (_year("from", year_list[0]), _year("to", year_list[-1])),
        key="filter_years",
    )
    if len(year_list) > 1
    else (year_list[0], year_list[0])
)
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


province = pick(
    "省份 Province", [ALL, *sorted(panel["province"].drop_nulls().unique())], "province"
)
province_code, city_code, county_code, city_name, county_name = "", "", "", None, None
if province != ALL:
    codes = levels.filter(pl.col("level") == "province", pl.col("region") == province)
    province_code = codes["region_code"].first() or ""
if province_code:
    cities = region_options("city", province_code[:2])
    city = pick("市 City", [ALL, *cities], "city", cities)
    if city != ALL:
        city_code, city_name = city, cities[city].rsplit(" ", 1)[0]
        counties = region_options("county", city[:4])
        county = pick("县/区 County", [ALL, *counties], "county", counties)
        if county != ALL:
            county_code, county_name = county, counties[county].rsplit(" ", 1)[0]
chosen = {"province": province, "city": city_code, "county": county_code}
params.from_dict(
    {k: v for k, v in chosen.items() if v and v != ALL}
    | ({"from": str(years[0]), "to": str(years[1])} if len(year_list) > 1 else {})
    | ({"agency": params["agency"]} if "agency" in params else {})
)
st.sidebar.caption(
    f"Published warehouse `{WAREHOUSE.name}` of "
    f"{datetime.fromtimestamp(stamp):%Y-%m-%d %H:%M}: "
    f"{panel.height} agency-years (canonical reports).",
    help=str(WAREHOUSE),
)
st.sidebar.caption(
    "Sums add published numbers only; blank or unreadable cells are left out, "
    "never counted as 0. 空白或无法识别的单元格不计入合计。 Blank: —."
)
path = [
    "全国 China",
    *(p for p in (None if province == ALL else province, city_name, county_name) if p),
]
st.caption(f"Scope 范围: {' › '.join(path)}, {years[0]}–{years[1]}")

view = in_scope(panel)
review = in_scope(marts["review_litigation_by_region_year"])
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
    in_scope(marts["requests_by_outcome_region_year"])
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
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
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
drill = (
    "agency" if county_code else "county" if city_code else "city" if province_code else "province"
)
if province == ALL:
    st.caption(
        "Choose a province in the sidebar to drill down to its cities and counties. "
        "在侧栏选择省份以逐级查看。"
    )
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
    grid(
        agencies,
        {
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
        grid(
            table,
            {
                "region": f"{LEVELS[drill]} 地区",
                "region_code": st.column_config.TextColumn("代码 code", width="small"),
                "reports": st.column_config.NumberColumn("报告 reports", width="small"),
                **{
                    # short headers (中文 and code), so that every column fits at 1280 px
                    c: st.column_config.NumberColumn(
                        f"{OUTCOMES.get(c, HANDLED).split(' ')[0]} {c}",
                        help=OUTCOMES.get(c, HANDLED),
                        width="small",
                    )
                    for c in [*OUTCOMES, "3.7"]
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
                    legend=alt.Legend(orient="bottom", columns=3, labelLimit=0),
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
# other are all readable (the view's rate_corrected / rate_decided, which add up across rows);
# a blank result is never taken as 0.
decided = review.with_columns(pl.col("rate_decided").alias("decided"))
cols = st.columns(len(PROCEEDINGS))
for col, (code, label) in zip(cols, PROCEEDINGS.items()):
    rows = review.filter(pl.col("proceeding") == code)
    col.metric(
        label,
        number(total(rows, "total")),
        f"纠正率 correction rate {percent(total(rows, 'rate_corrected'), total(rows, 'rate_decided'))}",
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
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
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
        .agg(pl.col("rate_corrected").sum().alias("corrected"), pl.col("decided").sum())
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
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
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
grid(
    review.with_columns(pl.col("proceeding").replace(PROCEEDINGS)).sort(
        "report_year", "province", "city", "county", "proceeding"
    ),
    percent=("correction_rate",),
    column_config={
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "province": "省份 province",
        "city": "市 city",
        "county": "县 county",
        "admin_code": "代码 code",
        "proceeding": "程序 proceeding",
        **{c: RESULTS[c] for c in RESULTS},
        "total": "总计 total",
        "correction_rate": "纠正率 correction rate",
        "rate_corrected": "纠正(率) corrected (rate)",
        "rate_decided": "已决(率) decided (rate)",
        "rate_reports": "率之报告 reports in rate",
        "reports": "报告 reports",
        "derived_cells": "推算 derived cells",
    },
)

# --- quality ----------------------------------------------------------------------------------
st.header("数据质量 Quality")
coverage = in_scope(marts["coverage_by_region_year"])
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
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
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
    grid(
        coverage.sort("report_year", "province", "city", "county"),
        {
            "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
            "province": "省份 province",
            "city": "市 city",
            "county": "县 county",
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
    in_scope(marts["failed_checks_by_region_year"])
    .filter((pl.col("failed_error") + pl.col("not_evaluable")) > 0)
    .sort("report_year", "province", "check_name")
)
st.subheader("未通过的校验 Failed checks")
grid(
    failed,
    {
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
reviews = in_scope(marts["check_reviews_by_region_year"])
corrected = in_scope(marts["corrected_cells"])
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
grid(
    view.filter(pl.col("confidence").is_in(confidence))
    .select("report_year", "agency", "province", "confidence", "failed_checks", "source_path")
    .sort("report_year", "province", "agency"),
    {
        "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "agency": "机关 agency",
        "province": "省份 province",
        "confidence": "可信度 confidence",
        "failed_checks": "未通过 failed checks",
        "source_path": "文件 file",
    },
)

# --- one agency across its years --------------------------------------------------------------
st.header("单个机关 One agency across years")
agencies_in_scope = (
    view.filter(pl.col("agency_key").is_not_null())
    .group_by("agency_key")
    .agg(pl.col("agency").last(), pl.col("province").last(), pl.col("report_year").n_unique())
    .sort("report_year", "agency_key", descending=[True, False])
)
names = {
    key: f"{agency} ({prov or '?'}, {n} 年 years)"
    for key, agency, prov, n in agencies_in_scope.iter_rows()
}
if not names:
    st.info("No agency in this region and these years. 此范围内没有机关。")
else:
    options = list(names)
    wanted = params.get("agency")
    agency_key = st.selectbox(
        "机关 Agency",
        options,
        index=options.index(wanted) if wanted in options else 0,
        format_func=names.get,
        key="filter_agency",
    )
    params["agency"] = agency_key
    figures = marts["agency_year_over_year"].filter(pl.col("agency_key") == agency_key)
    across = (
        figures.with_columns(
            (pl.col("label_zh") + " " + pl.col("label_en")).alias("figure_label"),
            pl.col("report_year").cast(pl.String),
        )
        .pivot("report_year", index=["sort_order", "figure_label"], values=["value", "delta"])
        .sort("sort_order")
        .drop("sort_order")
    )
    year_columns = sorted(
        {c.removeprefix("value_") for c in across.columns if c.startswith("value_")}
    )
    across = across.select(
        "figure_label",
        *[c for y in year_columns for c in (f"value_{y}", f"delta_{y}") if c in across.columns],
    )
    grid(
        across,
        {
            "figure_label": "指标 figure",
            **{f"value_{y}": y for y in year_columns},
            **{f"delta_{y}": f"Δ {y}" for y in year_columns},
        },
    )
    st.caption(
        "Each year beside its change against the previous year (Δ); — where a figure is blank "
        "or the agency has no report for the year before."
    )
    checks = marts["failed_check_reports"].filter(pl.col("agency_key") == agency_key)
    st.subheader("该机关未通过的校验 Its failed checks")
    grid(
        checks.drop("agency_key").sort("report_year", "check_name"),
        {
            "report_year": st.column_config.NumberColumn("年度 year", format="%d"),
            "check_name": "校验 check",
            "severity": "严重性 severity",
            "detail": "说明 detail",
        },
    )
