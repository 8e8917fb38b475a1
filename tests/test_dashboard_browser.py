"""The dashboard in a real browser: `ogi run` builds a warehouse from the sample reports, `streamlit
run` serves dashboard/app.py over it on loopback, and headless Chromium (driven over the DevTools
protocol) loads the page; the charts must hold data marks and the page the hand-read totals.

Set OGI_DASHBOARD_SCREENSHOT=docs/img/dashboard.png to refresh the README's screenshot."""

from __future__ import annotations

import base64
import contextlib
import io
import itertools
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

from tests.expected import SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # Streamlit in Chromium

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
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]
VIEWPORT = (1600, 2300)  # tall enough that every section is laid out in view
CHARTS = 6  # outcomes, outcome shares, regions, review results, correction rates, confidence

# Every chart's data marks, every grid's rows, and whether the script run has finished.
PAGE_STATE = """(() => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c =>
    [...c.querySelectorAll('.role-mark [role="graphics-symbol"]')].map(m => m.getAttribute('aria-label')));
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"] table[role="grid"]')].map(t =>
    [...t.querySelectorAll('tr')].map(r => [...r.children].map(c => c.textContent.trim())));
  const text = id => [...document.querySelectorAll(`[data-testid="${id}"]`)].map(e => e.innerText);
  const legends = [...document.querySelectorAll('.role-legend text')].map(t => t.textContent);
  return {charts, grids, legends, metrics: text('stMetric'), headers: text('stHeading'),
          errors: [...text('stException'), ...text('stAlertContentError')],
          running: !!document.querySelector('[data-testid="stStatusWidget"]')};
})()"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, ready, proc: subprocess.Popen, log: Path, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if result := ready():
                return result
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The published warehouse `ogi run` makes of the sample reports (the real parsers)."""
    tmp = tmp_path_factory.mktemp("dashboard")
    raw = tmp / "raw"
    for f in SAMPLES.rglob("*"):
        if f.is_file() and not f.name.endswith((".json", ".md")):
            (raw / f.relative_to(SAMPLES)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, raw / f.relative_to(SAMPLES))
    path = tmp / "published.duckdb"
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("ogi")),
            "run",
            "--raw-dir",
            str(raw),
            "--warehouse",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return path


@pytest.fixture
def dashboard(warehouse, tmp_path):
    port = _free_port()
    log_path = tmp_path / "streamlit.log"
    env = {**os.environ, "OGI_WAREHOUSE": str(warehouse)}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("streamlit")),
                "run",
                str(ROOT / "dashboard" / "app.py"),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(
            "streamlit",
            lambda: urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok",
            proc,
            log_path,
        )
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Browser:
    """Headless Chromium, one page, driven over the DevTools protocol (websockets is a dependency
    of Streamlit): the dashboard talks to its server over a websocket, which --dump-dom's virtual
    time does not wait for."""

    def __init__(self, tmp_path: Path):
        from websockets.sync.client import connect

        self.stack = contextlib.ExitStack()
        profile = tmp_path / "chromium-profile"
        profile.mkdir()
        self.log_path = tmp_path / "chromium.log"
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        port_file = profile / "DevToolsActivePort"
        port = _wait(
            "chromium",
            # (Chromium creates the file before it writes the port into it)
            lambda: port_file.exists() and next(iter(port_file.read_text().split()), None),
            self.proc,
            self.log_path,
        )
        targets = _wait(
            "chromium",
            lambda: json.load(
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2)
            ),
            self.proc,
            self.log_path,
        )
        page = next(t for t in targets if t["type"] == "page")
        self.ws = self.stack.enter_context(
            connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        )
        self.ids = itertools.count(1)

    def call(self, method: str, **params):
        i = next(self.ids)
        self.ws.send(json.dumps({"id": i, "method": method, "params": params}))
        while True:  # events arrive in between; skip them
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == i:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"][
            "value"
        ]

    def close(self):
        self.stack.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path)
    yield b
    b.close()


def _rendered(state: dict, charts: int = CHARTS) -> bool:
    return (
        not state["running"]
        and len(state["charts"]) >= charts
        and all(state["charts"])
        and len(state["grids"]) >= 5
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test` (sysdeps)")
def test_dashboard_renders_charts_with_the_samples_data(dashboard, browser, tmp_path):
    width, height = VIEWPORT
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )
    browser.call("Page.navigate", url=dashboard)
    deadline = time.monotonic() + 30
    while not _rendered(state := browser.evaluate(PAGE_STATE)):
        assert not state["errors"], state["errors"]
        assert time.monotonic() < deadline, f"dashboard did not render: {state}"
        time.sleep(0.3)
    time.sleep(0.5)  # let the last chart finish its transition before the screenshot
    state = browser.evaluate(PAGE_STATE)
    assert not state["errors"], state["errors"]

    headers = " ".join(state["headers"])
    for section in ("Requests by outcome", "Regions", "Reconsideration and litigation", "Quality"):
        assert section in headers

    # Every chart drew data marks, and they carry the samples' hand-read numbers.
    charts = state["charts"]
    assert len(charts) == CHARTS and all(len(marks) > 0 for marks in charts)
    outcomes = charts[0]
    # h013 (沭阳县, 2025): 其他处理 3.6.1-3 = 9 + 7 + 143 = 159, total handled (3.7) 718
    assert any("2025" in m and "requests: 159" in m and "其他处理" in m for m in outcomes), outcomes
    assert any("2025" in m and "handled (3.7): 718" in m for m in outcomes), outcomes
    # 2019: h025 (上海) publishes only its total handled, 805, no outcome rows; with 000 (9),
    # 002 (0), 004 (0) and h019 (16) the year's tick stands at 830, far above its bars
    assert any("2019" in m and "handled (3.7): 830" in m for m in outcomes), outcomes
    regions = charts[2]
    assert any("region: 江苏省" in m and "其他处理" in m and ": 159" in m for m in regions), regions

    # Headline metrics: sums of the hand-read totals of the 11 canonical reports (h004 = h028)
    metrics = dict([line for line in m.splitlines() if line.strip()][:2] for m in state["metrics"])
    assert metrics["新收申请 New requests"] == "1,846"  # table 三 row 1
    assert metrics["办理总数 Handled"] == "1,797"  # row 3.7
    assert metrics["复议 Reconsiderations"] == "76"  # 1 + 7 (h004) + 61 (h013) + 7 (h025)

    # The region table (a grid rendered for screen readers): 广东省 = 000 + 001 + 002 + 003
    region_rows = {row[0]: row for grid in state["grids"] for row in grid if row}
    guangdong = region_rows["广东省"]
    header = next(grid[0] for grid in state["grids"] if grid and grid[0][0].startswith("省"))
    handled = dict(zip(header, guangdong))["总计 3.7"]
    assert guangdong[1:3] == ["440000", "4"] and handled == "15", guangdong  # 9 + 6 + 0 + 0

    # A screenshot of the page, not a blank one
    png = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == VIEWPORT
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200
    background = max(colours)[0]
    assert background < 0.95 * width * height  # at least 5 % of the page is not background
    if target := os.environ.get("OGI_DASHBOARD_SCREENSHOT"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes(png)


def _load(browser, url: str, width: int, charts: int = CHARTS) -> dict:
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=VIEWPORT[1],
        deviceScaleFactor=1,
        mobile=False,
    )
    browser.call("Page.navigate", url=url)
    deadline = time.monotonic() + 30
    while not _rendered(state := browser.evaluate(PAGE_STATE), charts):
        assert not state["errors"], state["errors"]
        assert time.monotonic() < deadline, f"dashboard did not render: {state}"
        time.sleep(0.3)
    time.sleep(0.5)
    return browser.evaluate(PAGE_STATE)


def _metrics(state: dict) -> dict[str, str]:
    return dict([line for line in m.splitlines() if line.strip()][:2] for m in state["metrics"])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test` (sysdeps)")
def test_a_county_chosen_by_link_changes_every_section_at_1280_px(dashboard, browser):
    """The filters live in the URL: a link to 沭阳县 shows h013's numbers in every section, and
    at 1280 px no legend label is cut short."""
    everywhere = _load(browser, dashboard, 1280)
    link = dashboard + "/?province=江苏省&city=321300&county=321322&from=2019&to=2025"
    county = _load(browser, link, 1280, CHARTS - 1)  # a county lists its agencies, no chart
    assert not county["errors"], county["errors"]
    shown, before = _metrics(county), _metrics(everywhere)
    assert shown["新收申请 New requests"] == "713" and shown["办理总数 Handled"] == "718"
    assert shown["行政复议 Administrative reconsideration"] == "61"
    assert shown["文件 Files"] == "1"
    for label in shown:
        if label != "报告 Agency-years" or before[label] != "1":
            assert shown[label] != before[label] or before[label] in ("0", "—"), label
    # every chart redrawn with the county's marks: 2025 outcomes of h013 only
    assert any("2025" in m and "requests: 159" in m for m in county["charts"][0])
    assert county["charts"] != everywhere["charts"]
    for state in (everywhere, county):
        assert state["legends"] and not any(t.endswith("…") for t in state["legends"])
        # no clipped table: the region table's last column (3.7) is laid out
        assert any("总计 3.7" in grid[0] for grid in state["grids"] if grid) or state is county, [
            g[0] for g in state["grids"] if g
        ]
        cells = [c for g in state["grids"] for row in g for c in row]
        assert "None" not in cells
