"""The Dagster UI that `make dev` opens really shows the asset graph: a webserver on loopback,
looked at by headless Chromium (a screenshot and the rendered DOM), not assumed."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
]  # starts the Dagster webserver, looks in Chromium

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
    "--virtual-time-budget=20000",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def webserver(tmp_path):
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "OGI_RAW_DIR": str(tmp_path / "raw"),
        "OGI_WAREHOUSE": str(tmp_path / "w.duckdb"),
    }
    (tmp_path / "raw").mkdir()
    log = open(tmp_path / "webserver.log", "w")  # noqa: SIM115 - the server writes it until the end
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("dagster-webserver")),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-m",
            "pipelines.definitions",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/server_info", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "webserver.log").read_text()) from None
                time.sleep(0.5)
        yield url, env
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _dismiss_welcome_dialog(url: str) -> None:
    """The first visit shows a community dialog over the graph; the server remembers it as seen."""
    request = urllib.request.Request(
        url + "/graphql",
        data=json.dumps({"query": "mutation { setNuxSeen }"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30).read()


def _chromium(profile: Path, *args: str) -> str:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test` (sysdeps)")
def test_ui_shows_the_asset_graph_schedule_and_sensor(webserver, tmp_path):
    from pipelines.definitions import defs

    webserver, _ = webserver
    _dismiss_welcome_dialog(webserver)
    profile = tmp_path / "chromium-profile"
    shot = tmp_path / "ui.png"
    _chromium(profile, f"--screenshot={shot}", webserver + "/asset-groups")
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one

    # tall enough for every node: the graph draws only what is in view (the later flag wins)
    dom = _chromium(profile, "--window-size=1400,6000", "--dump-dom", webserver + "/asset-groups")
    asset_names = {key.path[-1] for key in defs.resolve_asset_graph().get_all_asset_keys()}
    shown = {name for name in asset_names if name in dom}
    assert shown == asset_names, f"asset graph in the UI lacks {asset_names - shown}"

    automation = _chromium(profile, "--dump-dom", webserver + "/automation")
    assert "nightly_refresh" in automation and "raw_folder_sensor" in automation


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test` (sysdeps)")
def test_after_ogi_run_the_ui_shows_the_run_materialisations_and_checks(webserver, tmp_path):
    """`ogi run` with the project's DAGSTER_HOME (as `make run` sets it) records into the instance
    the UI reads: its run, the assets materialised, the checks evaluated."""
    url, env = webserver
    sample = ROOT / "tests" / "samples" / "000_358dec47750a91e3.txt"
    shutil.copy(sample, Path(env["OGI_RAW_DIR"]) / "000.txt")
    subprocess.run(
        [str(Path(sys.executable).with_name("ogi")), "run"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    _dismiss_welcome_dialog(url)
    profile = tmp_path / "chromium-profile"
    runs = _text(_chromium(profile, "--dump-dom", url + "/runs"))
    assert "Success" in runs and "Manually launched" in runs
    asset = _text(_chromium(profile, "--dump-dom", url + "/assets/reports"))
    assert "Latest materialization" in asset and "Never materialized" not in asset
    assert "Row count 1" in asset  # the catalogue: row count and columns with their meaning
    assert "report_year INTEGER the year the report covers" in asset
    checks = _text(_chromium(profile, "--dump-dom", url + "/assets/check_results?view=checks"))
    assert "template_completeness Succeeded" in checks
    # one report, one year: the cross-year checks compared nothing and say so
    assert "cross_year_carry_over_row_2_last_year_s_row_4 Skipped" in checks


def _text(dom: str) -> str:
    """The page's visible text, whitespace collapsed."""
    dom = re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))
