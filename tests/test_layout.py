"""The house rules that keep the code easy to change, checked like any behaviour: no path of one
machine in what is committed, and the stages' import contract (pyproject.toml
[tool.importlinter]) catches a violation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# An absolute path into a home, a work area or a mount: what only exists on the machine that
# wrote it. System paths (/usr, /tmp, /dev, /proc, …) are the same everywhere and allowed.
MACHINE_PATH = re.compile(r"""["'(=\s](/(?:work|home|root|Users|mnt|media|srv|opt)/[\w.-]+)""")
CHECKED = {".py", ".sql", ".toml", ".yaml", ".yml", ".sh", ".cfg", ".ini"}


def _tracked() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [ROOT / p for p in out.split("\0") if p]


def test_no_absolute_path_of_a_machine_in_code_tests_or_settings():
    files = [p for p in _tracked() if p.suffix in CHECKED or p.name in {"Makefile", "run"}]
    assert files, "git ls-files listed nothing"
    found = [
        f"{p.relative_to(ROOT)}:{n}: {m[1]}"
        for p in files
        if p.is_file()
        for n, line in enumerate(p.read_text("utf-8", "replace").splitlines(), 1)
        for m in MACHINE_PATH.finditer(line)
    ]
    assert not found, "paths that exist only on one machine:\n" + "\n".join(found)


def test_the_path_check_sees_a_machine_path():
    machine = "/" + "work/shared/samples"  # spelled apart, or this file would fail the check above
    assert MACHINE_PATH.search(f'SAMPLES = Path("{machine}")')
    assert not MACHINE_PATH.search('open("/dev/null")')


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(exe), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    for name in ("parsers", "ingest", "warehouse", "pipelines", "dashboard"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_import_contract_holds_and_fails_on_a_violation(tree_copy: Path):
    kept = _lint_imports(tree_copy)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    # parsers/ must not know the warehouse: one import line breaks two contracts
    (tree_copy / "parsers" / "leak.py").write_text("import duckdb\n\nfrom warehouse import load\n")
    broken = _lint_imports(tree_copy)
    assert broken.returncode != 0
    assert "parsers turn bytes into reports: no DuckDB, Dagster or polars BROKEN" in broken.stdout
    assert "Stages: parsers <- ingest <- warehouse <- pipelines BROKEN" in broken.stdout
