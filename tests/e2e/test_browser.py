"""End to end in headless Chromium: `streamlit run app.py` on a free port, driven by Playwright.

Covers: the first run shows the seed statement analysed (real embedded models, no configuration); clicking a
topic bar selects the topic; a filter narrows the highlighted quotations and lands in the URL; the URL
reproduces
the view in a fresh browser; an upload with ``<script>``/``<img onerror>`` inside a quotation shows the text
literally and runs nothing; the HTML brief downloads and renders offline. Screenshots go to
``test-artifacts/``.

Needs Debian's ``chromium`` (``bash scripts/install_chromium.sh``); skipped with that reason when it is
absent.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIRST_ANALYSIS_S = 300  # cold start on a busy 2-core machine: model loading plus the seed's analysis
STEP_S = 120
PAYLOAD = (
    "Minister rejects budget cuts\n"
    'Finance Minister Ann Lee said: "We will support Ukraine <script>alert(1)</script> and help our partners '
    'in Europe." "Taxes will not rise <img src=x onerror=alert(1)> this year," Ann Lee said on Monday.\n'
)

if CHROMIUM is None:
    pytest.skip(
        "Debian chromium is not installed: run `bash scripts/install_chromium.sh` to enable the browser test",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh `streamlit run app.py` on a free localhost port, with an empty data directory."""
    ARTIFACTS.mkdir(exist_ok=True)
    data = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")}
    env |= {
        "STATEMENT_LENS_DATA_DIR": str(data),
        "STATEMENT_LENS_CONFIG": str(data / "no-config.toml"),  # defaults only: "no configuration"
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    log = (ARTIFACTS / "streamlit.log").open("w", encoding="utf-8")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"streamlit did not start; see {ARTIFACTS / 'streamlit.log'}"
                    ) from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    pg = context.new_page()
    pg.dialogs = []  # every alert/confirm the page tries to open
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def _settled(page, fragment: str = "s=", timeout_s: float = STEP_S) -> None:
    """Wait until the run finished: the app writes the filters to the URL at the end of each run."""
    page.wait_for_url(f"**{fragment}*", timeout=timeout_s * 1000)
    page.wait_for_timeout(800)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _open_first_run(page, base: str) -> None:
    page.goto(base)
    page.locator(".js-plotly-plot").first.wait_for(timeout=FIRST_ANALYSIS_S * 1000)
    page.locator(".sl-card").first.wait_for(timeout=STEP_S * 1000)
    _settled(page)


def test_first_run_topic_click_filters_and_shared_url(server, browser, page):
    # 1. A fresh server and data dir: the seed statement is analysed and shown, topic chart next to
    # quotations.
    _open_first_run(page, server)
    assert "Stoltenberg" in page.locator("h3").first.inner_text()
    assert "Jens Stoltenberg" in page.locator(".sl-card").first.inner_text()
    _shot(page, "01-overview-first-run")

    # 2. Clicking a topic bar selects that topic (Plotly on_select) and puts it in the URL.
    bar = page.locator(".js-plotly-plot").first.locator("g.point path").nth(1)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _settled(page, "topic=")
    topic = page.url.split("topic=")[1].split("&")[0].replace("+", " ")
    assert page.get_by_text(f"Key quotations: {topic}").is_visible()
    _shot(page, "02-overview-topic-clicked")

    # 3. Quotations: a search filter narrows the highlighted quotations and lands in the URL.
    page.get_by_role("link", name="Quotations").click()
    page.locator(".sl-text").first.wait_for(timeout=STEP_S * 1000)
    _settled(page, "topic=")  # the topic filter carried over from the Overview
    page.get_by_role("button", name="Clear filters").click()
    page.locator("mark.sl-quote").first.wait_for(timeout=STEP_S * 1000)
    page.wait_for_timeout(1000)
    n_all = page.locator("mark.sl-quote").count()
    search = page.get_by_label("Search quotations")
    search.fill("Putin")
    search.press("Enter")
    _settled(page, "q=Putin")
    page.wait_for_function(
        f"document.querySelectorAll('mark.sl-quote').length < {n_all}", timeout=STEP_S * 1000
    )
    n_some = page.locator("mark.sl-quote").count()
    assert 0 < n_some < n_all
    assert "Putin" in page.locator("mark.sl-quote").first.inner_text()
    _shot(page, "03-quotations-filtered")

    # 4. The URL is the state: a fresh browser opening it sees the same filtered view.
    shared = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 2000}).new_page()
    other.goto(shared)
    other.locator("mark.sl-quote").first.wait_for(timeout=STEP_S * 1000)
    other.wait_for_timeout(1500)
    assert other.locator("mark.sl-quote").count() == n_some
    assert other.get_by_label("Search quotations").input_value() == "Putin"
    _shot(other, "04-shared-url")
    other.context.close()
    assert page.dialogs == []


def test_upload_with_script_payload_shows_text_literally_and_runs_nothing(server, page):
    _open_first_run(page, server)
    page.get_by_role("link", name="Library").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "budget.txt", "mimeType": "text/plain", "buffer": PAYLOAD.encode()}]
    )
    page.get_by_text("It is now the current statement").wait_for(timeout=FIRST_ANALYSIS_S * 1000)
    page.get_by_text("Minister rejects budget cuts").first.wait_for(
        timeout=STEP_S * 1000
    )  # the picker follows
    page.wait_for_timeout(1000)
    _shot(page, "05-library-uploaded")

    page.get_by_role("link", name="Quotations").click()
    page.locator("mark.sl-quote").first.wait_for(timeout=STEP_S * 1000)
    page.wait_for_timeout(1500)  # give a would-be onerror handler time to fire
    text = page.locator(".sl-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    marked = " ".join(page.locator("mark.sl-quote").all_inner_texts())
    assert "<script>alert(1)</script>" in marked  # the payload sits inside a highlighted quotation
    assert page.locator(".sl-text script").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    _shot(page, "06-quotations-payload-literal")

    page.get_by_role("link", name="Overview").click()
    page.locator(".sl-card").first.wait_for(timeout=STEP_S * 1000)
    page.wait_for_timeout(1500)
    assert "<script>alert(1)</script>" in " ".join(page.locator(".sl-card").all_inner_texts())
    _shot(page, "07-overview-payload-literal")

    with page.expect_download(timeout=STEP_S * 1000) as dl:
        page.get_by_role("button", name="Download the brief (HTML)").click()
    brief = ARTIFACTS / "brief-payload.html"
    dl.value.save_as(brief)
    html = brief.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page.goto(brief.as_uri())
    page.wait_for_timeout(1500)
    assert page.dialogs == []


def test_brief_downloads_and_renders_offline(server, browser, page):
    _open_first_run(page, server)
    with page.expect_download(timeout=STEP_S * 1000) as dl:
        page.get_by_role("button", name="Download the brief (HTML)").click()
    brief = ARTIFACTS / "brief.html"
    dl.value.save_as(brief)
    html = brief.read_text(encoding="utf-8")
    for part in ("Summary", "Filters used", "Key quotations", "Model provenance", "Jens Stoltenberg"):
        assert part in html

    offline = browser.new_context(viewport={"width": 1200, "height": 2400}, offline=True)
    blocked: list[str] = []
    offline.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith("file:") else (blocked.append(r.request.url), r.abort())
        ),
    )
    view = offline.new_page()
    view.goto(brief.as_uri())
    view.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    assert view.locator(".js-plotly-plot").count() == 2
    assert blocked == []  # nothing outside the file was needed
    view.screenshot(path=str(ARTIFACTS / "08-brief-offline.png"), full_page=True)
    offline.close()


def test_chart_downloads_as_a_png_image(server, page):
    _open_first_run(page, server)
    button = page.get_by_role("button", name="Chart as PNG").first
    with page.expect_download(timeout=STEP_S * 1000) as dl:
        button.click()
    png = ARTIFACTS / "09-topic-emphasis-download.png"
    dl.value.save_as(png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width >= 1200 and len(data) > 20_000  # drawn 1200 px wide at scale 2
