"""One corpus job per data directory across processes: a second server (or the CLI) is refused while another
process runs a job, sees that job's progress, and recovers the lock when the process that held it died."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from statement_lens.corpus import background, lock
from statement_lens.corpus.cli import main as corpus_main
from statement_lens.corpus.job import JobSpec
from tests.corpus_fixtures import TARGETS, fake_settings, write_folder
from tests.dashboard_factory import app_env, new_app

ROOT = Path(__file__).resolve().parents[1]

# Another process (as a second Streamlit server would) takes the lock, reports 3 of 8 statements, and
# waits until its stdin closes or it is killed.
OTHER = textwrap.dedent(
    """
    import sys
    from statement_lens.corpus.lock import JobLock
    held = JobLock(sys.argv[1]).acquire("their corpus")
    held.update(items=8, done=2, skipped=1)
    print("ready", flush=True)
    sys.stdin.read()
    held.release()
    """
)


@pytest.fixture()
def other_process(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", OTHER, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def _wait(job: background.BackgroundJob, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.finished


def test_a_job_of_another_process_is_refused_by_name_and_its_progress_is_visible(tmp_path, other_process):
    folder = write_folder(tmp_path / "statements", 2)
    settings = fake_settings(tmp_path / "data")
    with pytest.raises(lock.JobBusyError, match=rf"'their corpus' \(process {other_process.pid} on "):
        background.start(JobSpec(source=str(folder), settings=settings, targets=TARGETS))
    assert background.current(tmp_path / "data") is None  # nothing started here
    seen = background.elsewhere(tmp_path / "data")
    assert seen is not None and seen.held and not seen.stale
    assert (seen.corpus, seen.pid, seen.processed, seen.items) == ("their corpus", other_process.pid, 3, 8)


def test_the_cli_exits_2_naming_the_running_job(tmp_path, other_process, capsys):
    folder = write_folder(tmp_path / "statements", 2)
    code = corpus_main(["analyze", str(folder), "--data-dir", str(tmp_path / "data"), "--no-progress"])
    assert code == 2
    assert "'their corpus'" in capsys.readouterr().err


def test_the_lock_of_a_killed_process_is_recovered_and_the_job_reported_stopped(tmp_path, other_process):
    os.kill(other_process.pid, signal.SIGKILL)
    other_process.wait(timeout=30)
    status = lock.read_status(tmp_path / "data")
    assert status is not None and status.stale and not status.held  # the file says running; nobody holds it
    folder = write_folder(tmp_path / "statements", 2)
    job = background.start(
        JobSpec(source=str(folder), settings=fake_settings(tmp_path / "data"), targets=TARGETS)
    )
    _wait(job)
    assert job.error is None and job.summary is not None and job.summary.done == 2
    after = lock.read_status(tmp_path / "data")
    assert after is not None and (after.pid, after.state, after.done, after.held) == (
        os.getpid(),
        lock.FINISHED,
        2,
        False,
    )
    assert background.elsewhere(tmp_path / "data") is None  # our own job: shown from this process


def test_two_locks_in_one_process_exclude_each_other_too(tmp_path):
    first = lock.JobLock(tmp_path).acquire("a")
    with pytest.raises(lock.JobBusyError, match="'a'"):
        lock.JobLock(tmp_path).acquire("b")
    first.release()
    lock.JobLock(tmp_path).acquire("b").release()
    assert lock.read_status(tmp_path).corpus == "b"


def test_the_corpus_page_of_a_second_server_shows_the_running_job_and_disables_starting(
    monkeypatch, tmp_path, other_process
):
    app_env(monkeypatch, tmp_path, populated=False)
    at = new_app("app_pages/corpus.py").run()
    assert not at.exception, at.exception
    (bar,) = at.get("progress")
    assert "Corpus 'their corpus': 3 of 8 statements" in bar.proto.text
    assert any(f"process {other_process.pid}" in c.value for c in at.caption)
    assert at.button(key="corpus_examples").disabled
    other_process.kill()
    other_process.wait(timeout=30)
    at.run()
    assert any("stopped when its process" in w.value for w in at.warning)
    assert not at.button(key="corpus_examples").disabled
