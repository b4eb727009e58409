"""Corpus jobs run in a background thread of the dashboard's process: one at a time per data directory.

The dashboard starts a job (:func:`start`), every session of the same server sees it (:func:`current`),
and a user can leave the page and come back to its progress or its result. The job is the same
:func:`~statement_lens.corpus.job.run_job` the CLI runs on the local engine; a job stopped by a server
restart resumes from its committed batches when started again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from statement_lens.corpus.job import JobSpec, JobSummary, run_job
from statement_lens.errors import StatementLensError


@dataclass
class BackgroundJob:
    """A corpus job running (or run) in this process."""

    spec: JobSpec
    started: float = field(default_factory=time.time)
    summary: JobSummary | None = None
    error: str | None = None
    finished: bool = False
    stop: threading.Event = field(default_factory=threading.Event)

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


def start(spec: JobSpec) -> BackgroundJob:
    """Start ``spec`` in a background thread and return its handle.

    Raises:
        StatementLensError: a job is already running for this data directory (it is named).
    """
    key = _key(spec)
    with _LOCK:
        running = _JOBS.get(key)
        if running is not None and not running.finished:
            raise StatementLensError(
                f"A corpus job ({running.spec.corpus_name!r}) is already running for this data directory; "
                "wait for it to finish or stop it first."
            )
        job = BackgroundJob(spec=spec)
        _JOBS[key] = job
    threading.Thread(target=_run, args=(job,), name=f"corpus-{spec.corpus_name}", daemon=True).start()
    return job


def _run(job: BackgroundJob) -> None:
    def on_batch(summary: JobSummary) -> None:
        job.summary = replace(summary, failed=list(summary.failed))

    try:
        job.summary = run_job(job.spec, on_batch=on_batch, should_stop=job.stop.is_set)
    except StatementLensError as exc:
        job.error = str(exc)
    except Exception as exc:  # a background thread has no caller: keep the reason for the page
        job.error = f"{type(exc).__name__}: {exc}"
    finally:
        job.finished = True
