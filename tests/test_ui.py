"""The Dagster UI that `make dev` opens really shows the asset graph: a webserver on loopback,
looked at by headless Chromium (a screenshot and the rendered DOM), not assumed."""

from __future__ import annotations

import json
import os
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
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
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
        yield url
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

    _dismiss_welcome_dialog(webserver)
    profile = tmp_path / "chromium-profile"
    shot = tmp_path / "ui.png"
    _chromium(profile, f"--screenshot={shot}", webserver + "/asset-groups")
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one

    dom = _chromium(profile, "--dump-dom", webserver + "/asset-groups")
    asset_names = {key.path[-1] for key in defs.resolve_asset_graph().get_all_asset_keys()}
    shown = {name for name in asset_names if name in dom}
    assert shown == asset_names, f"asset graph in the UI lacks {asset_names - shown}"

    automation = _chromium(profile, "--dump-dom", webserver + "/automation")
    assert "nightly_refresh" in automation and "raw_folder_sensor" in automation
