"""Corpus jobs run in a background thread of the dashboard's process: one at a time per data directory.

The dashboard starts a job (:func:`start`), every session of the same server sees it (:func:`current`),
and a user can leave the page and come back to its progress or its result. The job is the same
:func:`~statement_lens.corpus.job.run_job` the CLI runs on the local engine; a job stopped by a server
restart resumes from its committed batches when started again.

Across processes (a second server, or the CLI, on the same data directory) the job holds the data
directory's lock file (:mod:`statement_lens.corpus.lock`): a second job is refused with the running one
named, and :func:`elsewhere` gives the other process's job for the page to show.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from statement_lens.corpus import lock
from statement_lens.corpus.job import JobSpec, JobSummary, run_job
from statement_lens.errors import StatementLensError

RECENT_S = 3600.0  # another process's finished job is shown for an hour after it ended


@dataclass
class BackgroundJob:
    """A corpus job running (or run) in this process."""

    spec: JobSpec
    started: float = field(default_factory=time.time)
    summary: JobSummary | None = None
    error: str | None = None
    finished: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    lock: lock.JobLock | None = None

    @property
    def processed(self) -> int:
        """Items done, skipped or failed so far."""
        s = self.summary
        return 0 if s is None else s.done + s.skipped + len(s.failed)

    @property
    def fraction(self) -> float:
        """Share of the items processed (0 before the first batch)."""
        s = self.summary
        return 0.0 if s is None or not s.items else min(1.0, self.processed / s.items)


_JOBS: dict[str, BackgroundJob] = {}
_LOCK = threading.Lock()


def _key(spec: JobSpec) -> str:
    return str(Path(spec.settings.data_dir).resolve())


def current(data_dir: str | Path) -> BackgroundJob | None:
    """The job of this data directory started by this process (running or finished), if any."""
    with _LOCK:
        return _JOBS.get(str(Path(data_dir).resolve()))


def elsewhere(data_dir: str | Path) -> lock.JobStatus | None:
    """The data directory's job as its status file tells it, when another process runs or ran it.

    Running now (``held``), ended with its process (``stale``), or finished within :data:`RECENT_S`;
    None when the latest job is this process's own or there is none.
    """
    status = lock.read_status(data_dir)
    if status is None:
        return None
    mine = current(data_dir)
    own = mine.lock.status if mine is not None and mine.lock is not None else None
    if own is not None and (own.pid, own.started) == (status.pid, status.started):
        return None
    if status.held or status.stale or time.time() - status.updated < RECENT_S:
        return status
    return None


def start(spec: JobSpec) -> BackgroundJob:
    """Start ``spec`` in a background thread and return its handle.

    Raises:
        StatementLensError: a job is already running for this data directory, in this process or another
            (it is named).
    """
    key = _key(spec)
    with _LOCK:
        running = _JOBS.get(key)
        if running is not None and not running.finished:
            raise lock.JobBusyError(
                f"A corpus job ({running.spec.corpus_name!r}) is already running for this data directory; "
                "wait for it to finish or stop it first."
            )
        held = lock.JobLock(spec.settings.data_dir).acquire(spec.corpus_name)  # another process's job?
        job = BackgroundJob(spec=spec, lock=held)
        _JOBS[key] = job
    threading.Thread(target=_run, args=(job,), name=f"corpus-{spec.corpus_name}", daemon=True).start()
    return job


def _run(job: BackgroundJob) -> None:
    def on_batch(summary: JobSummary) -> None:
        job.summary = replace(summary, failed=list(summary.failed))
        if job.lock is not None:
            job.lock.update(**_counts(summary))

    try:
        job.summary = run_job(job.spec, on_batch=on_batch, should_stop=job.stop.is_set)
    except StatementLensError as exc:
        job.error = str(exc)
    except Exception as exc:  # a background thread has no caller: keep the reason for the page
        job.error = f"{type(exc).__name__}: {exc}"
    finally:
        if job.lock is not None:
            if job.summary is not None:
                job.lock.update(**_counts(job.summary))
            done = job.summary is not None and job.summary.finished
            state = lock.FAILED if job.error else lock.FINISHED if done else lock.STOPPED
            job.lock.release(state, job.error)
        job.finished = True


def _counts(summary: JobSummary) -> dict[str, int]:
    return {
        "items": summary.items,
        "done": summary.done,
        "skipped": summary.skipped,
        "failed": len(summary.failed),
    }
