"""Trust: each report check fails and passes on cases built from the real samples (their hand-read
expected.json values and their own text), repairs kept apart, agency identity, one canonical
report per agency and year, confidence, and the Dagster asset checks over the real samples."""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import replace

import dagster as dg
import duckdb
import pytest

from parsers.identities import check, derive, quoted_counts
from parsers.report import Report, Value
from pipelines.assets import ASSETS, CHECKS
from pipelines.checks import TRUST_CHECKS
from pipelines.resources import make_resources
from tests.expected import SAMPLES
from tests.fake_parser import report_from_expected
from tests.test_warehouse import build

CLEAN = (
    "000_358dec47750a91e3.txt",
    "001_94e39edef5a0b952.txt",
    "002_ca5209cc26856f4b.txt",
    "003_67f54b88c4b037a9.txt",
    "004_5f426183c81c7ccf.txt",
    "dev/h004.txt",
    "dev/h013.txt",
    "dev/h016.txt",
    "dev/h028.html",
)


def sample(name: str, text_from: str | None = None) -> Report:
    """The hand-read values of a sample, with the sample's own text when it is a text file."""
    path = next(SAMPLES.rglob(name))
    e = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    r = report_from_expected(e)
    if path.suffix == ".txt":
        r.text = path.read_text("utf-8")
    return r


def result(r: Report, name: str):
    (c,) = [c for c in check(r) if c.name == name]
    return c


def edit(r: Report, table: str, key: tuple, value) -> Report:
    r = copy.deepcopy(r)
    getattr(r, table)[key] = Value(value, str(value), "edited by the test")
    return r


@pytest.mark.parametrize(
    "name, table, key, value",
    [
        ("table3 column balance 1+2=3.7+4", "requests", ("4", "natural_person"), 32),  # h013: 31
        ("table3 outcomes sum to 3.7", "requests", ("3.7", "natural_person"), 711),
        ("table3 row total = six applicants", "requests", ("3.1", "total"), 295),  # 294
        (
            "table4 total = upheld+corrected+other+pending",
            "review_litigation",
            ("review", "total"),
            0,
        ),
        ("non-negative whole counts", "review_litigation", ("review", "pending"), -1),
    ],
)
def test_identity_checks_pass_on_h013_and_fail_when_a_cell_breaks(name, table, key, value):
    r = sample("h013.txt")
    assert result(r, name).passed
    failed = result(edit(r, table, key, value), name)
    assert not failed.passed and failed.severity == "error"


def test_h001_table4_totals_contradict_their_parts():
    c = result(sample("h001.pdf"), "table4 total = upheld+corrected+other+pending")
    assert not c.passed and c.severity == "error" and "= 11 but review/total = 0" in c.detail


def test_completeness_fails_when_a_table_is_missing():
    r = sample("h016.txt")
    assert result(r, "template completeness").passed
    r.tables_found.discard("四")
    r.review_litigation = {}
    c = result(r, "template completeness")
    assert not c.passed and "table 四 not found" in c.detail


def test_no_check_passes_without_cells():
    r = Report(agency="x", report_year=2020, template="2019")
    assert not any(c.passed for c in check(r))


def test_text_against_table():
    r = sample("000_358dec47750a91e3.txt")  # 共收到9宗政府信息公开申请
    assert result(r, "text against table").passed
    c = result(edit(r, "requests", ("1", "total"), 8), "text against table")
    assert not c.passed and c.severity == "error" and "received 9" in c.detail
    h013 = sample("h013.txt")  # 受理 749 = row 1 (713) + row 2 (36): carry-over included
    assert result(h013, "text against table").passed
    quiet = result(sample("003_67f54b88c4b037a9.txt"), "text against table")  # quotes no count
    assert not quiet.passed and quiet.severity == "info"


def test_derived_value_only_for_the_single_blank_of_an_identity():
    r = edit(sample("h028.html"), "review_litigation", ("review", "total"), None)
    assert derive(r) == {
        ("review_litigation", ("review", "total")): (
            7,
            "table4 total = upheld+corrected+other+pending",
        )
    }
    assert derive(edit(r, "review_litigation", ("review", "upheld"), None)) == {}


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        yield c


def test_blank_cell_repair_kept_apart_and_checks_use_published_numbers(con, monkeypatch):
    r = edit(sample("h028.html"), "review_litigation", ("review", "total"), None)
    build(con, {"h028.html": (b"a", r)}, monkeypatch)
    assert con.execute("""SELECT value, derived_value, derived_rule FROM fact_review_litigation
        WHERE proceeding = 'review' AND result = 'total'""").fetchone() == (
        None,
        7,
        "table4 total = upheld+corrected+other+pending",
    )


def test_numbers_read_by_ocr_from_a_word_files_picture_are_at_most_medium_confidence(
    con, monkeypatch
):
    """A .docx whose table 三 ogi read by OCR from a picture: source_format docx, but its cells
    say ocr, so its confidence is medium like a scan's (it had been high)."""
    clean = sample("h028.html")
    pictured = replace(copy.deepcopy(clean), source_format="docx")
    value = pictured.requests[("1", "total")]
    where = "picture 2 table 1 row 4 col 8 ocr bbox=10,20,30,40px conf=0.98"
    pictured.requests[("1", "total")] = replace(value, where=where)
    build(con, {"a.html": (b"a", clean), "b.docx": (b"b", pictured)}, monkeypatch)
    got = dict(con.execute("SELECT source_path, confidence FROM reports").fetchall())
    assert got == {"a.html": "high", "b.docx": "medium"}


def test_agency_key_strips_the_region_prefix_and_one_canonical_per_agency_year(con, monkeypatch):
    short = sample("h001.pdf")
    long = replace(sample("h001.pdf"), agency="淮安市洪泽区人民政府", source_format="pdf")
    build(con, {"a.txt": (b"a", short), "b.pdf": (b"b", long)}, monkeypatch)
    rows = con.execute("""SELECT source_path, agency_key, is_canonical, canonical_report_id
        FROM reports ORDER BY 1""").fetchall()
    (canon,) = [r for r in rows if r[2]]
    assert {r[1] for r in rows} == {"320813:人民政府"} and canon[0] == "b.pdf"
    assert {r[3] for r in rows} == {
        con.execute("SELECT report_id FROM reports WHERE source_path = 'b.pdf'").fetchone()[0]
    }


def _year_pair(con, monkeypatch, carried_in: int, in_force: float):
    """h016 (2021) and its 2022 report h017, values from h016's notes: 5 issued, 4 repealed,
    26 in force."""
    y2021 = sample("h016.txt")
    y2022 = replace(copy.deepcopy(y2021), report_year=2022)
    for key, v in {
        ("normative_documents", "issued"): 5.0,
        ("normative_documents", "repealed"): 4.0,
        ("normative_documents", "in_force"): in_force,
    }.items():
        y2022.proactive[key] = Value(v, str(v), "h017")
    y2022.requests[("2", "total")] = Value(carried_in, str(carried_in), "h017")
    content = f"2022 {carried_in} {in_force}".encode()  # a new content for each variant
    build(con, {"2021.txt": (b"2021", y2021), "2022.txt": (content, y2022)}, monkeypatch)
    return dict(
        (
            (n, (p, s))
            for n, p, s in con.execute("""
        SELECT check_name, passed, severity FROM check_results JOIN reports USING (report_id)
        WHERE starts_with(check_name, 'cross-year') AND report_year = 2022""").fetchall()
        )
    )


def test_cross_year_checks(con, monkeypatch):
    ok = _year_pair(con, monkeypatch, carried_in=0, in_force=26.0)
    assert ok == {
        "cross-year carry-over: row 2 = last year's row 4": (True, None),  # no failure
        "cross-year in force = last year's + issued - repealed": (True, None),
    }
    bad = _year_pair(con, monkeypatch, carried_in=3, in_force=27.0)
    assert bad == {
        "cross-year carry-over: row 2 = last year's row 4": (False, "error"),
        "cross-year in force = last year's + issued - repealed": (False, "error"),
    }
    (confidence,) = con.execute(
        "SELECT confidence FROM reports WHERE report_year = 2022"
    ).fetchone()
    assert confidence == "low"


# --- the real samples, parsed, through the Dagster graph ----------------------------------------


@pytest.fixture(scope="module")
def samples_warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trust")
    raw = tmp / "raw"
    for s in SAMPLES.rglob("*"):
        if s.is_file() and not s.name.endswith(".json") and s.name != "README.md":
            (raw / s.relative_to(SAMPLES)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(s, raw / s.relative_to(SAMPLES))
    wh = tmp / "wh.duckdb"
    res = dg.materialize([*ASSETS, *CHECKS, *TRUST_CHECKS], resources=make_resources(raw, wh))
    assert res.success
    with duckdb.connect(str(wh), read_only=True) as con:
        yield con, {c.asset_check_key.name: c for c in res.get_asset_check_evaluations()}


def test_h001_flagged_and_clean_samples_pass(samples_warehouse):
    con, _ = samples_warehouse
    failed = con.execute("""SELECT source_path, check_name, severity FROM check_results
        JOIN reports USING (report_id) WHERE NOT passed""").fetchall()
    assert ("dev/h001.pdf", "table4 total = upheld+corrected+other+pending", "error") in failed
    assert [f for f in failed if f[0] in CLEAN and f[2] != "info"] == []
    confidence = dict(con.execute("SELECT source_path, confidence FROM reports").fetchall())
    assert confidence["dev/h001.pdf"] == "low"
    assert {confidence[c] for c in CLEAN} == {"high"}


def test_h004_and_h028_are_one_report(samples_warehouse):
    con, _ = samples_warehouse
    rows = con.execute("""SELECT source_path, is_canonical, canonical_report_id, report_id
        FROM reports WHERE source_path IN ('dev/h004.txt', 'dev/h028.html')""").fetchall()
    assert sum(r[1] for r in rows) == 1
    (canon,) = [r for r in rows if r[1]]
    assert {r[2] for r in rows} == {canon[3]}


def test_asset_checks_surface_each_report_check(samples_warehouse):
    _, evaluations = samples_warehouse
    assert not evaluations["table4_total_upheld_corrected_other_pending"].passed
    assert evaluations["table3_column_balance_1_2_3_7_4"].passed
    assert evaluations["template_completeness"].metadata["reports"].value == 12


def test_text_against_table_reads_counts_in_chinese_numerals():
    r = sample("000_358dec47750a91e3.txt")  # table 三 row 1 total: 9
    r.text = r.text.replace("共收到9宗政府信息公开申请", "共收到九宗政府信息公开申请")
    assert "共收到九宗" in r.text
    assert result(r, "text against table").detail == "text matches table 三: received 9"
    wrong = result(edit(r, "requests", ("1", "total"), 8), "text against table")
    assert not wrong.passed and wrong.severity == "error" and "received 9" in wrong.detail
    assert quoted_counts("收到政府信息公开申请一百零五件。")[0][:2] == ("received", 105)
    assert quoted_counts("收到政府信息公开申请两千三百件，")[0][:2] == ("received", 2300)
    assert quoted_counts("收到政府信息公开申请十十件。") == []  # no number: no claim
