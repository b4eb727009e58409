"""One long transcript uploaded in the dashboard's Library: time to analysis done, the server's peak memory.

Used by ``long_texts.py --via dashboard``. A fresh ``streamlit run app.py`` on a free port and an empty
data directory; headless Debian chromium (Playwright) opens the Library, waits until the page is idle (the
seed statement stored), uploads the file through the upload zone and waits for "It is now the current
statement" (the analysis stored and the page rerun). Every second it reads the status box's stage line
("Stage topics: ...") with the time it was first seen, and takes a screenshot when a stage first shows.
The server's peak resident memory is ``VmHWM`` of its process (``/proc/PID/status``), read before the
upload (server started, Library drawn) and after.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IDLE_JS = """() => {
  const busy = document.querySelector('[data-testid="stStatusWidget"]')
    || document.querySelector('[data-stale="true"]')
    || !document.querySelector('[data-testid="stMainBlockContainer"]');
  window.__slIdlePolls = busy ? 0 : (window.__slIdlePolls || 0) + 1;
  return window.__slIdlePolls >= 4;
}"""
DONE_TEXT = "It is now the current statement"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vm_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process, all threads (``/proc/PID/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("streamlit did not answer its health check")


def run_dashboard(path: Path, data_dir: Path, shots: Path, *, timeout_s: float = 3600) -> dict[str, Any]:
    """Upload ``path`` in a fresh server's Library; return seconds, peak RSS and the stages seen."""
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")}
    env |= {
        "STATEMENT_LENS_DATA_DIR": str(data_dir),
        "STATEMENT_LENS_CONFIG": str(data_dir / "no-config.toml"),  # defaults only
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    if "STATEMENT_LENS_STANCE" in os.environ:
        env["STATEMENT_LENS_STANCE"] = os.environ["STATEMENT_LENS_STANCE"]
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = (shots / f"streamlit_{path.stem}.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    out: dict[str, Any] = {"stages": []}
    try:
        _wait_healthy(port, proc, 300)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(f"http://127.0.0.1:{port}/library")
            uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
            uploader.wait_for(state="attached", timeout=600_000)
            page.wait_for_function(IDLE_JS, timeout=600_000, polling=250)
            out["rss_before_mib"] = _vm_kib(proc.pid, "VmHWM") / 1024
            cpu_before = _cpu_s(proc.pid)
            t0 = time.perf_counter()
            uploader.set_input_files(str(path))
            seen: set[str] = set()
            done = page.get_by_text(DONE_TEXT)
            while True:
                elapsed = time.perf_counter() - t0
                if done.count() and done.first.is_visible():
                    break
                errors = page.locator('[data-testid="stAlertContentError"], [data-testid="stException"]')
                if errors.count():
                    out["error"] = errors.first.inner_text()[:300]
                    break
                if elapsed > timeout_s:
                    out["error"] = f"not done after {timeout_s:.0f} s"
                    break
                for text in page.get_by_test_id("stProgress").all_text_contents():
                    stage = text.split(":", 1)[0].strip()
                    if stage.startswith("Stage ") and stage not in seen:
                        seen.add(stage)
                        out["stages"].append((round(elapsed, 1), text.strip()[:120]))
                        page.screenshot(path=str(shots / f"{path.stem}_{stage.split()[-1]}.png"))
                time.sleep(1.0)
            out["seconds"] = time.perf_counter() - t0
            out["cpu_s"] = _cpu_s(proc.pid) - cpu_before
            page.wait_for_function(IDLE_JS, timeout=120_000, polling=250)
            page.screenshot(path=str(shots / f"{path.stem}_done.png"), full_page=True)
            browser.close()
        out["rss_peak_mib"] = _vm_kib(proc.pid, "VmHWM") / 1024
        out["rss_end_mib"] = _vm_kib(proc.pid, "VmRSS") / 1024
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return out
