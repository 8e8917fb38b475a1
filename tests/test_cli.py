"""`ogi export` and `ogi explain`."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import cli
from tests.test_views import SAMPLES, VIEWS, build_samples


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table_and_view(fmt, tmp_path, monkeypatch, capsys):
    wh = tmp_path / "wh.duckdb"
    build_samples(wh, monkeypatch).close()
    out = tmp_path / "out"
    assert cli.main(["export", "--warehouse", str(wh), "--format", fmt, str(out)]) == 0
    names = {p.stem for p in out.iterdir()}
    assert {"reports", "fact_requests", "check_results", "dim_row", *VIEWS} <= names
    assert not names & {"parse_cache", "raw_files"} and not any(n.startswith("mart_") for n in names)
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out / f"reports.{fmt}")]
                           ).fetchone() == (12,)
    assert cli.main(["export", "--warehouse", str(tmp_path / "none.duckdb"), str(out)]) == 1


def test_explain_shows_cells_provenance_and_checks(capsys):
    assert cli.main(["explain", str(SAMPLES / "000_358dec47750a91e3.txt")]) == 0
    out = capsys.readouterr().out
    assert "agency: 广州市海珠区人力资源和社会保障局" in out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("1/total = 9"))
    assert "raw '9' at" in line
    assert "table3 column balance 1+2=3.7+4: holds" in out
    assert "PASS [error] text against table: text matches table 三: received 9" in out


def test_explain_a_missing_file_fails(tmp_path, capsys):
    assert cli.main(["explain", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf" in capsys.readouterr().err
