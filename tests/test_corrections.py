"""Corrections and check reviews (warehouse.corrections): versioned CSV rows applied apart from
the published numbers, validated without stopping anything, surviving every rerun. The warehouse
holds the samples' hand-read values (tests.test_views.build_samples); report ids are the sha256
of the files' bytes, here each sample's file name."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from pipelines import cli
from tests import test_views
from tests.expected import SAMPLES
from tests.fake_parser import report_from_expected
from tests.test_views import build_samples
from tests.test_warehouse import build
from warehouse import corrections, views

S000 = "000_358dec47750a91e3.txt"  # 广东 2019, table 三 3.1/total = 1, 3.7/total = 9
H001 = "dev/h001.pdf"  # table 四 printed 行政复议 总计 0 though 维持 10 + 纠正 1 (hand-checked)
T4 = "table4 total = upheld+corrected+other+pending"
HEADER = ",".join(corrections.CORRECTION_COLUMNS)
REVIEW_HEADER = ",".join(corrections.REVIEW_COLUMNS)


def sha(name: str) -> str:
    return hashlib.sha256(name.rsplit("/", 1)[-1].encode()).hexdigest()


def row(path: str, cell: str, value: str, reason="confirmed with the agency", who="li") -> str:
    table, r, c = cell.split("/")
    return f"{sha(path)},{path},{table},{r},{c},{value},{reason},{who},2026-12-01"


def write(folder, name: str, *lines: str, header: str = HEADER):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")


yoy = test_views.yoy  # two years of one agency, hand-worked


@pytest.fixture
def con(tmp_path, monkeypatch):
    with build_samples(tmp_path / "w.duckdb", monkeypatch) as c:
        yield c


def apply(con, folder):
    result = corrections.apply(con, folder)
    views.create(con)
    return result


def outcome(con, year=2019, province="广东省", code="3.1"):
    return con.execute(
        "SELECT sum(requests) FROM requests_by_outcome_region_year "
        "WHERE report_year = ? AND province = ? AND outcome = ?",
        [year, province, code],
    ).fetchone()[0]


def test_a_correction_changes_the_view_sums_by_its_difference_and_keeps_the_published_value(
    con, tmp_path
):
    before = outcome(con)
    write(tmp_path / "fix", "corrections.csv", row(S000, "requests/3.1/total", "4"))
    result = apply(con, tmp_path / "fix")
    assert result.issues == [] and len(result.corrections) == 1
    assert outcome(con) == before + (4 - 1)
    q = """SELECT value, corrected_value, effective_value, is_corrected
           FROM fact_requests_effective WHERE report_id = ? AND row_code = '3.1'
           AND applicant = ?"""
    assert con.execute(q, [sha(S000), "total"]).fetchone() == (1, 4, 4, True)
    assert con.execute(q, [sha(S000), "natural_person"]).fetchone() == (1, None, 1, False)
    # the published value stays in the fact table, and an analyst can sum either
    assert con.execute(
        "SELECT value FROM fact_requests WHERE report_id = ? AND row_code = '3.1' "
        "AND applicant = 'total'",
        [sha(S000)],
    ).fetchone() == (1,)
    assert con.execute(
        "SELECT sum(effective_value) - sum(value) FROM fact_requests_effective"
    ).fetchone() == (3,)
    assert con.execute(
        "SELECT source_path, published_value, corrected_value, difference, who, file, line "
        "FROM corrected_cells"
    ).fetchall() == [(S000, 1.0, 4.0, 3.0, "li", "corrections.csv", 2)]


def test_a_correction_that_breaks_an_identity_fails_its_check_again(con, tmp_path):
    write(tmp_path / "fix", "corrections.csv", row(S000, "requests/3.1/total", "4"))
    apply(con, tmp_path / "fix")
    got = dict(
        con.execute(
            "SELECT check_name, (passed, published_passed, rechecked, state) FROM check_status "
            "WHERE report_id = ?",
            [sha(S000)],
        ).fetchall()
    )
    broken = (False, True, True, "open")
    assert got["table3 outcomes sum to 3.7"] == broken
    assert got["table3 row total = six applicants"] == broken
    assert got["table3 column balance 1+2=3.7+4"] == (True, True, True, "passed")
    assert got["template completeness"] == (True, True, False, "passed")  # not a value check


def test_a_correction_that_repairs_a_report_passes_and_a_review_closes_a_failure(con, tmp_path):
    fix = tmp_path / "fix"
    write(
        fix,
        "corrections.csv",
        row(H001, "review_litigation/review/total", "11", reason="agency's errata"),
        row(H001, "review_litigation/litigation_after_review/total", "5", reason="errata"),
    )
    apply(con, fix)
    state = "SELECT passed, published_passed, state FROM check_status WHERE report_id = ? AND check_name = ?"
    assert con.execute(state, [sha(H001), T4]).fetchone() == (True, False, "passed")
    assert con.execute(
        "SELECT fixed_by_correction, open_error FROM check_reviews_by_region_year "
        "WHERE report_year = 2023 AND check_name = ?",
        [T4],
    ).fetchone() == (1, 0)

    (fix / "corrections.csv").unlink()  # printed so: reviewed instead of corrected
    write(
        fix,
        "reviews.csv",
        f"{sha(H001)},{H001},{T4},confirmed,page 4 prints 总计 0,li,2026-12-02",
        header=REVIEW_HEADER,
    )
    apply(con, fix)
    assert con.execute(state, [sha(H001), T4]).fetchone() == (False, False, "reviewed")
    assert con.execute(
        "SELECT reviewed, open_error FROM check_reviews_by_region_year "
        "WHERE report_year = 2023 AND check_name = ?",
        [T4],
    ).fetchone() == (1, 0)


def test_bad_rows_are_reported_with_file_and_line_and_the_rest_applies(con, tmp_path):
    fix = tmp_path / "fix"
    write(
        fix,
        "corrections.csv",
        row(S000, "requests/3.1/total", "4"),  # line 2: applies
        "00ff,gone.txt,requests,1,total,3,why,li,2026-12-01",  # 3: unknown report
        row(S000, "requests/3.9/total", "4"),  # 4: unknown row code
        row(S000, "requests/1/everyone", "4"),  # 5: unknown column code
        row(S000, "requests/2/total", "four"),  # 6: text value
        row(S000, "requests/2/total", "1.5"),  # 7: not a whole count
        row(S000, "requests/3.1/total", "5"),  # 8: a second row for the cell of line 2
        row(S000, "requests/3.6.1/total", "1"),  # 9: a 2021 row in a 2019 report
        row(S000, "requests/2/total", "1", reason=""),  # 10: no reason
        row(S000, "requests/2/total", "1").replace("2026-12-01", "yesterday"),  # 11
    )
    write(
        fix,
        "reviews.csv",
        f"{sha(S000)},{S000},no such check,confirmed,x,li,2026-12-01",
        f"{sha(S000)},{S000},template completeness,confirmed,x,li,2026-12-01",
        header=REVIEW_HEADER,
    )
    write(fix, "corrections-old.csv", "x,y", header="sha,value")  # a header of another layout
    result = apply(con, fix)
    issues = {(f, line): (kind, message) for f, line, kind, message in result.issues}
    kinds = {k: v[0] for k, v in issues.items()}
    assert kinds == {
        ("corrections-old.csv", 1): "bad_file",
        ("corrections.csv", 3): "unknown_report",
        ("corrections.csv", 4): "unknown_cell",
        ("corrections.csv", 5): "unknown_cell",
        ("corrections.csv", 6): "not_a_number",
        ("corrections.csv", 7): "not_a_number",
        ("corrections.csv", 8): "duplicate",
        ("corrections.csv", 9): "unknown_cell",
        ("corrections.csv", 10): "incomplete",
        ("corrections.csv", 11): "incomplete",
        ("reviews.csv", 2): "unknown_check",
        ("reviews.csv", 3): "not_failed",
    }
    assert "'3.9'" in issues["corrections.csv", 4][1]
    assert "'four' is not a number" in issues["corrections.csv", 6][1]
    assert "corrections.csv:2, which applies" in issues["corrections.csv", 8][1]
    assert "'yesterday' is not an ISO date" in issues["corrections.csv", 11][1]
    assert con.execute("SELECT count(*) FROM correction_issues").fetchone() == (12,)
    assert con.execute("SELECT corrected_value FROM corrections").fetchall() == [(4.0,)]


def test_a_correction_for_a_file_whose_bytes_changed_is_stale_and_not_applied(
    con, tmp_path, monkeypatch
):
    before = outcome(con)
    stale = f"{'ab' * 32},{S000},requests,3.1,total,4,why,li,2026-12-01"
    write(tmp_path / "fix", "corrections.csv", stale)
    result = apply(con, tmp_path / "fix")
    ((file, line, kind, message),) = result.issues
    assert (file, line, kind) == ("corrections.csv", 2, "stale")
    assert f"{S000} changed since this row was written" in message
    assert outcome(con) == before
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)


def test_the_same_corrections_give_identical_warehouses(tmp_path, monkeypatch):
    fix = tmp_path / "fix"
    write(fix, "corrections.csv", row(S000, "requests/3.1/total", "4"), "bad,row")
    dumps = []
    for name in ("a.duckdb", "b.duckdb"):
        with build_samples(tmp_path / name, monkeypatch) as c:
            apply(c, fix)
            tables = [t for (t,) in c.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
            dumps.append(
                {t: c.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
            )
    assert dumps[0] == dumps[1]
    assert dumps[0]["corrections"] and dumps[0]["correction_issues"]


# --- through `ogi run` and the command line ----------------------------------------------------


@pytest.mark.slow
def test_the_review_loop_through_the_command_line(tmp_path, capsys):
    raw, wh, fix = tmp_path / "raw", tmp_path / "wh.duckdb", tmp_path / "fix"
    raw.mkdir()
    for name in ("000_358dec47750a91e3.txt", "002_ca5209cc26856f4b.txt"):
        shutil.copy(SAMPLES / name, raw / name)
    where = ["--raw-dir", str(raw), "--warehouse", str(wh), "--corrections", str(fix)]
    assert cli.main(["run", *where]) == 0

    def published(sql, *params):
        with duckdb.connect(str(wh), read_only=True) as c:
            return c.execute(sql, list(params)).fetchall()

    sums = "SELECT requests FROM requests_by_outcome_region_year WHERE outcome = '3.1'"
    (before,) = published(sums)[0]
    capsys.readouterr()

    file = str(raw / S000)
    assert (
        cli.main(
            [
                "correct",
                file,
                "--cell",
                "requests/3.1/total",
                "--value",
                "4",
                "--reason",
                "confirmed with the agency",
                "--who",
                "li",
                *where,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "before: 1 as published (raw '1' at" in out and "after:  4" in out
    assert "check table3 outcomes sum to 3.7: passes → fails" in out
    assert f"{fix / 'corrections.csv'}:2" in out
    assert published(sums) == [(before,)]  # recorded, applied by the next run

    assert cli.main(["run", *where]) == 0
    assert "1 cells corrected" in capsys.readouterr().out
    applied = published(sums)
    assert applied == [(before + 3,)]
    assert published(
        "SELECT value FROM fact_requests WHERE row_code = '3.1' AND applicant = "
        "'total' AND report_id = ?",
        hashlib.sha256((raw / S000).read_bytes()).hexdigest(),
    ) == [(1,)]
    first = wh.read_bytes()
    assert cli.main(["run", *where]) == 0  # nothing changed: skipped, still applied
    assert wh.read_bytes() == first
    assert cli.main(["run", *where, "--force"]) == 0
    assert published(sums) == applied and wh.read_bytes() == first

    # `ogi review` lists the failure the correction caused; a review closes it
    capsys.readouterr()
    assert cli.main(["review", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"[error] {S000} (canonical, 9 handled, after corrections)" in out
    assert f"explain: ogi explain {raw / S000}" in out
    assert (
        cli.main(
            [
                "review",
                file,
                "--check",
                "table3 outcomes sum to 3.7",
                "--verdict",
                "parser_error",
                "--reason",
                "see the correction",
                *where,
            ]
        )
        == 0
    )
    assert cli.main(["run", *where]) == 0
    assert published(
        "SELECT state FROM check_status WHERE check_name = "
        "'table3 outcomes sum to 3.7' AND NOT passed"
    ) == [("reviewed",)]

    # mistakes on the command line: one readable line, nothing written
    capsys.readouterr()
    for bad in (
        ["--cell", "requests/3.1/total", "--value", "four"],
        ["--cell", "requests/3.1/total", "--value", "5"],
        ["--cell", "requests/9/total", "--value", "5"],
    ):
        assert cli.main(["correct", file, *bad, "--reason", "x", *where]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"ogi: {file}: value 'four' is not a number",
        f"ogi: {file}: already recorded at corrections.csv:2: edit or delete that row instead",
        f"ogi: {file}: unknown row code '9' of table requests (codes: shared/spec/codes.md, dim_* tables)",
    ]

    # the file's bytes change: the correction is stale, listed by status, and not applied
    (raw / S000).write_bytes((raw / S000).read_bytes() + b"\n")
    assert cli.main(["run", *where]) == 0
    out = capsys.readouterr().out
    assert f"corrections.csv:2: [stale] {S000} changed since this row was written" in out
    assert published(sums) == [(before,)]


def test_review_of_a_warehouse_without_the_corrections_tables_says_so(tmp_path, capsys):
    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).execute("CREATE TABLE reports (report_id VARCHAR)").close()
    assert cli.main(["review", "--warehouse", str(old)]) == 1
    assert capsys.readouterr().err == (
        "ogi: the warehouse has no corrections tables (built by an older ogi): "
        "rebuild it with `ogi run`\n"
    )


def test_a_correction_of_last_year_is_checked_across_years_and_lifts_confidence(yoy, tmp_path):
    """沭阳县 2025 carries over row 2 = 36 where its 2024 report printed row 4 = 31, and its
    documents in force do not follow from 2024's (two failed cross-year checks: confidence low).
    Correcting 2024's cells re-runs the checks of the pair over the effective values: passed in
    check_status, the published failures kept."""
    ids = dict(yoy.execute("SELECT source_path, report_id FROM reports").fetchall())
    checks = (
        "cross-year carry-over: row 2 = last year's row 4",
        "cross-year in force = last year's + issued - repealed",
    )
    state = """SELECT passed, published_passed, rechecked FROM check_status
               WHERE report_id = ? AND check_name = ?"""
    confidence = "SELECT confidence FROM reports WHERE report_id = ?"
    for check in checks:
        assert yoy.execute(state, [ids["a/2025.txt"], check]).fetchone() == (False, False, False)
    assert yoy.execute(confidence, [ids["a/2025.txt"]]).fetchone() == ("low",)
    differing = yoy.execute(
        """SELECT b.applicant, a.value FROM fact_requests a JOIN fact_requests b USING (applicant)
           WHERE a.report_id = ? AND a.row_code = '2' AND b.report_id = ? AND b.row_code = '4'
             AND a.value <> b.value""",
        [ids["a/2025.txt"], ids["a/2024.txt"]],
    ).fetchall()
    assert differing
    lines = [
        f"{ids['a/2024.txt']},a/2024.txt,requests,4,{applicant},{v},misread,li,2026-12-01"
        for applicant, v in differing
    ]
    (in_force,) = yoy.execute(
        """SELECT sum(value) FILTER (metric = 'in_force') - sum(value) FILTER (metric = 'issued')
                  + sum(value) FILTER (metric = 'repealed')
           FROM fact_proactive WHERE report_id = ? AND item = 'normative_documents'""",
        [ids["a/2025.txt"]],
    ).fetchone()
    lines.append(
        f"{ids['a/2024.txt']},a/2024.txt,proactive,normative_documents,in_force,{in_force:g},"
        "misread,li,2026-12-01"
    )
    write(tmp_path / "fix", "corrections.csv", *lines)
    assert apply(yoy, tmp_path / "fix").issues == []
    for check in checks:
        assert yoy.execute(state, [ids["a/2025.txt"], check]).fetchone() == (True, False, True)
    assert yoy.execute(confidence, [ids["a/2025.txt"]]).fetchone() != ("low",)
    # and with the corrections gone, as published again
    write(tmp_path / "fix", "corrections.csv")
    apply(yoy, tmp_path / "fix")
    for check in checks:
        assert yoy.execute(state, [ids["a/2025.txt"], check]).fetchone() == (False, False, False)
    assert yoy.execute(confidence, [ids["a/2025.txt"]]).fetchone() == ("low",)


@pytest.fixture
def without_table_4(tmp_path, monkeypatch):
    """沭阳县 2025 (h013, template 2021) as read by a parse that found table 二 only (tables 三
    and 四 pictures OCR could not read): the report has no cell of tables 三 and 四 at all."""
    e = test_views._h013()
    r = report_from_expected(e)
    r.review_litigation = {}
    r.requests = {}
    r.tables_found = {"二"}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        build(c, {"h013.txt": (b"h013", r)}, monkeypatch)
        yield c, e


def test_a_person_enters_the_cells_of_a_table_the_report_lacks(without_table_4, tmp_path):
    con, e = without_table_4
    rid = hashlib.sha256(b"h013").hexdigest()
    read = e["review_litigation"]
    lines = [
        f"{rid},h013.txt,review_litigation,{p},{r},{v},read from the picture by eye,li,2026-12-01"
        for p, results in read.items()
        for r, v in results.items()
    ]
    # a row code of the 2019 template only, in a report following the 2021 template
    lines.append(f"{rid},h013.txt,requests,3.6,total,1,typed from the page,li,2026-12-01")
    write(tmp_path / "fix", "corrections.csv", *lines)
    result = apply(con, tmp_path / "fix")
    ((file, line, kind, message),) = result.issues
    assert (line, kind) == (17, "unknown_cell") and "2021 template" in message
    cells = con.execute(
        """SELECT proceeding, result, value, effective_value, is_corrected, note
           FROM fact_review_litigation_effective WHERE report_id = ?""",
        [rid],
    ).fetchall()
    assert {(p, r): v for p, r, _, v, _, _ in cells} == {
        (p, r): v for p, results in read.items() for r, v in results.items()
    }
    assert {(value, corrected) for _, _, value, _, corrected, _ in cells} == {(None, True)}
    assert all("entered by a correction" in note for *_, note in cells)
    # the published table stays empty; the identities hold over the entered cells; views sum them
    assert con.execute(
        "SELECT count(*) FROM fact_review_litigation WHERE report_id = ?", [rid]
    ).fetchone() == (0,)
    assert con.execute(
        "SELECT passed FROM check_status WHERE report_id = ? AND check_name = ?", [rid, T4]
    ).fetchone() == (True,)
    assert con.execute(
        "SELECT total FROM review_litigation_by_region_year WHERE proceeding = 'review'"
    ).fetchone() == (read["review"]["total"],)
