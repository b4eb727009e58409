"""Load: the real dashboard server driven by 8 concurrent headless-Chromium sessions.

One ``streamlit run app.py`` on 127.0.0.1 (a fresh data directory, the real embedded models unless
``STATEMENT_LENS_LOAD_MODELS=fake``), one Chromium, eight browser contexts at once. Each uploads its own
statement, waits for the analysis, opens Quotations, narrows the table with the search filter and
downloads the CSV. Every session must finish, see only its own statement's quotations, show no error;
the server log must hold no traceback and the server's memory must stay bounded. Latencies are printed
and written to ``test-artifacts/load_latencies.json``.

Only 127.0.0.1 is contacted: Chromium resolves every other host to nothing and each context aborts any
request that leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
N_SESSIONS = 8
SERVER_START_S = 90  # the health endpoint answers before any model loads
WARMUP_S = 240  # first page: loads the models and analyses the seed (minutes on a busy 2-core machine)
SESSION_S = 240  # one session's whole script, all eight running at once
MAX_RSS_MB = 2048  # the dashboard's memory target
MAX_GROWTH_MB = 600  # growth of the server's memory over the 8 sessions, after the warm-up

# Eight statements, each with its own speakers and made-up marker word; "budget" is in one quotation each.
PLACES = [
    "Avonlea",
    "Brindlemoor",
    "Caldera Bay",
    "Dunmarrow",
    "Elmstead",
    "Farrowdale",
    "Glenquill",
    "Hollin Ford",
]
SPEAKERS = [
    "Quillfeather",
    "Brackenridge",
    "Marchbanks",
    "Oakenshaw",
    "Penhaligon",
    "Thistlewood",
    "Wrenfield",
    "Ashgrove",
]
COUNCILLORS = ["Lindqvist", "Okonkwo", "Vasquez", "Ferreira", "Nakamura", "Kowalczyk", "Haddad", "Sorensen"]
MARKERS = [
    "zephyrine",
    "quorvane",
    "lumbricon",
    "tessaract",
    "pellucine",
    "gravimond",
    "sylvatorn",
    "mirelith",
]
SEARCH = "budget"
# `streamlit run` in a process that registered the fake backends first (the registry is per process).
FAKE_LAUNCHER = (
    "import sys, statement_lens.models.fakes; from streamlit.web.cli import main; "
    "sys.argv = ['streamlit', *sys.argv[1:]]; sys.exit(main())"
)


def statement_text(i: int) -> str:
    """A short news report with three quotations; the marker word is in every quotation."""
    place, speaker, councillor, marker = PLACES[i], SPEAKERS[i], COUNCILLORS[i], MARKERS[i]
    return (
        f"{place} council backs the {marker} plan\n"
        f"The mayor of {place}, Anna {speaker}, presented the {marker} plan to the council on Monday.\n"
        f'Mayor Anna {speaker} said: "We will finish the {marker} project by next spring and it will serve '
        f'every family in {place}." "The {marker} works create jobs for young people," {speaker} said. '
        f'Councillor Tom {councillor} said: "We oppose any cut to the {marker} budget this year."\n'
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RssSampler:
    """Samples the resident memory of a process and its children every 0.2 s in a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._proc = psutil.Process(pid)
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss_mb(self) -> float:
        import psutil

        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                self.samples.append(self._rss_mb())
            except psutil.Error:
                return
            self._stop.wait(0.2)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def now(self) -> float:
        return self._rss_mb()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live ``streamlit run app.py`` on a free 127.0.0.1 port with a fresh data directory."""
    pytest.importorskip("playwright.async_api")
    pytest.importorskip("psutil")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/install_chromium.sh)")
    tmp = tmp_path_factory.mktemp("load")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")}
    env |= {
        "STATEMENT_LENS_DATA_DIR": str(tmp / "data"),
        "STATEMENT_LENS_CONFIG": str(tmp / "no-config.toml"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    launcher = ["-m", "streamlit"]
    if os.environ.get("STATEMENT_LENS_LOAD_MODELS") == "fake":  # for a machine too slow for the real models
        env |= {
            "STATEMENT_LENS_STANCE": "stance.fake",
            "STATEMENT_LENS_SUMMARIZER": "summarizer.fake",
            "STATEMENT_LENS_EMBEDDER": "embedder.fake",
        }
        launcher = ["-c", FAKE_LAUNCHER]
    log_path = tmp / "server.log"
    cmd = [
        sys.executable, *launcher, "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    while True:
        try:
            with urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the dashboard did not start: {log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.5)
    try:
        yield base, proc, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


async def _local_only(context, blocked: list[str]) -> None:
    async def guard(route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme not in ("http", "https", "ws", "wss") or url.hostname == "127.0.0.1":
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", guard)


IDLE_JS = """() => {
  const busy = document.querySelector('[data-testid="stStatusWidget"]')
    || document.querySelector('[data-stale="true"]')
    || !document.querySelector('[data-testid="stMainBlockContainer"]');
  window.__slIdlePolls = busy ? 0 : (window.__slIdlePolls || 0) + 1;
  return window.__slIdlePolls >= 4;
}"""


async def _idle(page, timeout_s: float) -> None:
    """Wait until the script run finished and the page settled.

    While a rerun is going on Streamlit shows its status widget (after a short delay) and marks the
    previous run's elements stale; a download button clicked then still holds the previous run's file.
    Idle means neither, for four polls in a row (one second).
    """
    await page.wait_for_function(IDLE_JS, timeout=timeout_s * 1000, polling=250)


async def _page_problems(page) -> list[str]:
    problems = []
    for sel in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]'):
        for el in await page.query_selector_all(sel):
            problems.append(f"{sel}: {(await el.inner_text())[:300]}")
    return problems


async def _warm_up(browser, base: str, blocked: list[str]) -> float:
    """One session opens the overview: the models load and the seed statement is analysed."""
    context = await browser.new_context()
    await _local_only(context, blocked)
    page = await context.new_page()
    t0 = time.perf_counter()
    await page.goto(f"{base}/")
    await page.get_by_test_id("stMetric").first.wait_for(timeout=WARMUP_S * 1000)
    await _idle(page, WARMUP_S)
    problems = await _page_problems(page)
    await context.close()
    assert not problems, problems
    return time.perf_counter() - t0


async def _session(browser, base: str, i: int, blocked: list[str]) -> dict[str, object]:
    """One user's session; a failing step is recorded (with a screenshot) instead of raised."""
    context = await browser.new_context(accept_downloads=True)
    await _local_only(context, blocked)
    page = await context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    lat: dict[str, object] = {"session": i, "step": "start"}
    try:
        await _script(page, base, i, lat)
    except Exception as exc:  # any failure of the browser script is reported per session, below
        lat["failed"] = f"{lat['step']}: {type(exc).__name__}: {str(exc)[:500]}"
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / f"load_session_{i}.png"), full_page=True)
    lat["problems"] = [*await _page_problems(page), *page_errors]
    await context.close()
    return lat


async def _script(page, base: str, i: int, lat: dict[str, object]) -> None:
    """Upload statement ``i``, wait for its analysis, filter the quotations, download the CSV."""
    t0 = time.perf_counter()
    lat["step"] = "open library"
    await page.goto(f"{base}/library")
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    await uploader.wait_for(state="attached", timeout=60_000)
    lat["open_library_s"] = time.perf_counter() - t0

    lat["step"] = "upload and analyse"
    t1 = time.perf_counter()
    await uploader.set_input_files(
        files=[{"name": f"council-{i}.txt", "mimeType": "text/plain", "buffer": statement_text(i).encode()}]
    )
    await page.get_by_text("It is now the current statement").wait_for(timeout=SESSION_S * 1000)
    lat["upload_to_analysis_s"] = time.perf_counter() - t1

    lat["step"] = "open quotations"
    t2 = time.perf_counter()
    await page.get_by_test_id("stSidebarNav").get_by_role("link", name="Quotations").click()
    counter = page.get_by_text("showing all")  # the filter bar: "Filters: none — showing all N quotations."
    await counter.first.wait_for(timeout=120_000)
    await _idle(page, 120)
    before = await counter.first.inner_text()
    lat["open_quotations_s"] = time.perf_counter() - t2

    lat["step"] = "filter"
    t3 = time.perf_counter()
    search = page.get_by_label("Search quotations")
    await search.fill(SEARCH)
    await search.press("Enter")
    await page.wait_for_function(
        "(before) => [...document.querySelectorAll('[data-testid=\"stMarkdownContainer\"]')]"
        ".some(e => e.innerText.includes(' match.') && e.innerText !== before)",
        arg=before,
        timeout=120_000,
        polling=200,
    )
    await _idle(page, 120)
    after = await page.get_by_text(" match.").first.inner_text()  # "Filters — N of M quotations match."
    lat["filter_s"] = time.perf_counter() - t3

    lat["step"] = "download CSV"
    t4 = time.perf_counter()
    async with page.expect_download(timeout=120_000) as info:
        await page.get_by_role("button", name="Quotations as CSV").click()
    download = await info.value
    csv_text = Path(await download.path()).read_text(encoding="utf-8-sig")
    lat["download_csv_s"] = time.perf_counter() - t4
    lat["total_s"] = time.perf_counter() - t0
    lat["before"], lat["after"], lat["csv"] = before, after, csv_text
    lat["title"] = await page.get_by_test_id("stHeading").first.inner_text()
    lat["step"] = "done"


async def _drive(base: str, on_warm: Callable[[], None]) -> tuple[float, list[dict[str, object]], list[str]]:
    from playwright.async_api import async_playwright

    blocked: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm = await _warm_up(browser, base, blocked)
            on_warm()
            results = await asyncio.wait_for(
                asyncio.gather(*(_session(browser, base, i, blocked) for i in range(N_SESSIONS))),
                timeout=SESSION_S + 60,
            )
        finally:
            await browser.close()
    return warm, list(results), blocked


def _quoted_rows(csv_text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(csv_text)))


def test_eight_concurrent_sessions_each_see_only_their_own_statement(server):
    base, proc, log_path = server
    rss = RssSampler(proc.pid).start()
    warm_rss: list[float] = []
    t0 = time.perf_counter()
    try:
        warm, results, blocked = asyncio.run(_drive(base, lambda: warm_rss.append(rss.now)))
    finally:
        rss.stop()
    wall = time.perf_counter() - t0
    log = log_path.read_text(errors="replace")

    report = {
        "models": os.environ.get("STATEMENT_LENS_LOAD_MODELS", "real"),
        "sessions": N_SESSIONS,
        "warm_up_s": round(warm, 2),
        "wall_s": round(wall, 2),
        "server_rss_peak_mb": round(max(rss.samples), 1) if rss.samples else None,
        "server_rss_after_warm_up_mb": round(warm_rss[0], 1) if warm_rss else None,
        "server_rss_end_mb": round(rss.samples[-1], 1) if rss.samples else None,
        "blocked_requests": dict(Counter(blocked)),
        "per_session": [
            {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items() if k != "csv"}
            for r in results
        ],
    }
    for key in ("upload_to_analysis_s", "open_quotations_s", "filter_s", "download_csv_s", "total_s"):
        vals = sorted(float(r[key]) for r in results if key in r)  # type: ignore[arg-type]
        if not vals:
            continue
        report[key] = {
            "median": round(statistics.median(vals), 3),
            "max": round(vals[-1], 3),
            "min": round(vals[0], 3),
        }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load_latencies.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "per_session"}, indent=2))

    assert len(results) == N_SESSIONS
    failed = {int(r["session"]): r["failed"] for r in results if "failed" in r}  # type: ignore[call-overload]
    assert not failed, f"sessions failed (screenshots in {ARTIFACTS}): {failed}"
    for r in results:
        i = int(r["session"])  # type: ignore[call-overload]
        mine, others = MARKERS[i], [m for j, m in enumerate(MARKERS) if j != i]
        assert not r["problems"], (i, r["problems"])
        assert PLACES[i] in str(r["title"]), (i, r["title"])
        rows = _quoted_rows(str(r["csv"]))
        assert rows, (i, r["csv"])
        assert all(mine in row["text"] and SEARCH in row["text"].lower() for row in rows), (i, rows)
        assert not any(m in str(r["csv"]) for m in others), f"session {i} sees another session's statement"
        assert r["before"] != r["after"], (i, r["before"], r["after"])
    assert "Traceback" not in log and "Exception" not in log, log[-3000:]
    assert proc.poll() is None, "the server died"
    peak = max(rss.samples)
    assert peak <= MAX_RSS_MB, f"server peak RSS {peak:.0f} MB > {MAX_RSS_MB} MB"
    assert peak - warm_rss[0] <= MAX_GROWTH_MB, (
        f"server RSS grew {peak - warm_rss[0]:.0f} MB over the sessions"
    )
