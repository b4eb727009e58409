"""Two `streamlit run app.py` servers on one data directory, in headless Chromium: a corpus job started on the
first shows on the second's Corpus page (which cannot start another); when the first server is killed the
second reports the job stopped and can start it again (the dead server's lock is recovered).
Screenshots ``20-…`` to ``22-…`` in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.test_browser import ARTIFACTS, ROOT, _free_port, _shot, browser, page  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.slow]

START_S = 300  # a cold server on a busy 2-core machine


def _server(data: Path, name: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATEMENT_LENS_")}
    env |= {"STATEMENT_LENS_DATA_DIR": str(data), "STATEMENT_LENS_CONFIG": str(data / "no-config.toml"),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = (ARTIFACTS / f"streamlit-{name}.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit {name} did not start; see {ARTIFACTS / f'streamlit-{name}.log'}")


def _start_button(page):  # noqa: F811 - a page, not the fixture
    """The example corpus button; behind the "Analyse another corpus" expander once a corpus exists."""
    page.wait_for_timeout(1500)  # the fragment and the page settle
    more = page.get_by_text("Analyse another corpus")
    if more.count():
        more.first.click()
    return page.get_by_role("button", name="Analyse the example corpus")


def test_a_second_server_sees_the_first_servers_corpus_job_and_recovers_its_lock(tmp_path, browser):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    data = tmp_path / "data"
    first, first_url = _server(data, "first")
    second, second_url = _server(data, "second")
    one = browser.new_page(viewport={"width": 1400, "height": 1100})
    two = browser.new_page(viewport={"width": 1400, "height": 1100})
    try:
        _walk(first, first_url, second_url, one, two)
    except Exception:
        _shot(two, "23-corpus-lock-failure")
        raise
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _shot_at(page, text: str, name: str) -> None:  # noqa: F811 - a page, not the fixture
    """A screenshot with ``text`` (near the top of the Corpus page) scrolled into view."""
    page.get_by_text(text).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _walk(first, first_url: str, second_url: str, one, two) -> None:
    """Start on the first server, watch on the second, kill the first, resume on the second."""
    one.goto(f"{first_url}/corpus")
    one.get_by_role("button", name="Analyse the example corpus").click(timeout=START_S * 1000)
    one.get_by_text("Corpus 'examples'").first.wait_for(timeout=START_S * 1000)

    two.goto(f"{second_url}/corpus")
    two.get_by_text("Running in another process").wait_for(timeout=START_S * 1000)
    assert two.get_by_text(f"process {first.pid}").count()
    assert _start_button(two).is_disabled()
    _shot_at(two, "Running in another process", "20-corpus-second-server-sees-the-job")

    os.kill(first.pid, signal.SIGKILL)  # the server dies without releasing anything
    first.wait(timeout=30)
    two.reload()
    two.get_by_text("stopped when its process").wait_for(timeout=START_S * 1000)
    start = _start_button(two)
    assert start.is_enabled()
    _shot_at(two, "stopped when its process", "21-corpus-stale-lock-reported")

    start.click()  # the dead server's lock is taken over: the job resumes here
    two.get_by_text("Corpus 'examples'").first.wait_for(timeout=START_S * 1000)
    assert not two.get_by_text("Running in another process").count()
    _shot_at(two, "Corpus 'examples'", "22-corpus-job-resumed-on-the-second-server")
