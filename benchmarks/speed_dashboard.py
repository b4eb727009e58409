"""Peak memory of the dashboard process, for ``benchmarks/speed.py``.

Starts ``streamlit run app.py`` on a free 127.0.0.1 port with a fresh data directory and the default
(real) models, opens it in headless Chromium (the seed statement is analysed on first view), then visits
Quotations, Stance, Library, Settings and Overview again, sampling the resident memory of the server
process and its children every 0.1 s.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import urlopen

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PAGES = ("quotations", "stance", "library", "settings", "overview")
IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')"
)


@dataclass
class DashboardMemory:
    """What the dashboard run measured."""

    peak_rss_mb: float = 0.0
    idle_rss_mb: float = 0.0  # before any page was opened
    end_rss_mb: float = 0.0
    first_view_s: float = 0.0  # models loaded + seed analysed + overview drawn
    page_s: dict[str, float] = field(default_factory=dict)
    error: str | None = None


def _rss_mb(pid: int) -> float:
    import psutil

    proc = psutil.Process(pid)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure_dashboard(root: Path, timeout_s: float = 600) -> DashboardMemory:
    """Run the dashboard, view the seed statement on every page, return its memory and timings."""
    out = DashboardMemory()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        out.error = "chromium is not installed"
        return out
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="sl-speed-dash-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")}
    env |= {
        "STATEMENT_LENS_DATA_DIR": str(tmp / "data"),
        "STATEMENT_LENS_CONFIG": str(tmp / "none.toml"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                samples.append(_rss_mb(proc.pid))
            except Exception:  # the process may be exiting
                return
            stop.wait(0.1)

    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out.error = "the dashboard did not start"
                    return out
                time.sleep(0.5)
        out.idle_rss_mb = _rss_mb(proc.pid)
        threading.Thread(target=sample, daemon=True).start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            t0 = time.perf_counter()
            page.goto(f"{base}/")
            page.get_by_test_id("stMetric").first.wait_for(timeout=timeout_s * 1000)
            page.wait_for_function(IDLE_JS, timeout=timeout_s * 1000, polling=200)
            out.first_view_s = time.perf_counter() - t0
            nav = page.get_by_test_id("stSidebarNav")
            for name in PAGES:
                t1 = time.perf_counter()
                nav.get_by_role("link", name=name.capitalize()).click()
                page.wait_for_timeout(300)
                page.wait_for_function(IDLE_JS, timeout=timeout_s * 1000, polling=200)
                out.page_s[name] = time.perf_counter() - t1
            browser.close()
    except Exception as exc:  # report what went wrong in the benchmark report, keep the other numbers
        out.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        stop.set()
        time.sleep(0.2)
        out.end_rss_mb = samples[-1] if samples else 0.0
        out.peak_rss_mb = max(samples) if samples else 0.0
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return out
