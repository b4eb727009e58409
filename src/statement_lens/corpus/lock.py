"""One corpus job at a time per data directory, across processes: a lock file and a status file.

The process that runs a job (a dashboard server's background thread, or ``statement-lens corpus analyze``)
holds an exclusive ``flock`` on ``<data dir>/corpus_job.lock`` for as long as the job runs, and writes
the job's progress to ``corpus_job.json`` beside it after every batch (atomically: a reader never sees
half a file). Another process on the same data directory (a second Streamlit server, the CLI) that wants to
start a job finds the lock held and is told which job runs, where, and since when; its Corpus page reads
``corpus_job.json`` to show that job's progress.

Stale locks cannot happen: the operating system drops a ``flock`` when its process ends, however it ends
(``kill -9`` included). A status file that still says "running" while nobody holds the lock is the trace of
a job whose process died: :func:`read_status` reports it as such (``stale``), and the next job takes the
lock and overwrites it. ``flock`` is local to one machine: servers on different machines sharing a data
directory over a network file system are not covered.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

from statement_lens.errors import StatementLensError

LOCK_NAME = "corpus_job.lock"
STATUS_NAME = "corpus_job.json"
ACQUIRE_TRIES = 20  # a reader holds a shared lock for microseconds: retry before calling the lock busy
ACQUIRE_PAUSE_S = 0.025
RUNNING, FINISHED, STOPPED, FAILED = "running", "finished", "stopped", "failed"


class JobBusyError(StatementLensError):
    """A corpus job is already running for this data directory (in this or another process)."""


@dataclass(frozen=True)
class JobStatus:
    """What ``corpus_job.json`` says about the data directory's latest job."""

    corpus: str
    pid: int
    host: str
    started: float
    state: str = RUNNING
    items: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    error: str | None = None
    updated: float = 0.0
    held: bool = False  # read back: a process holds the lock now
    stale: bool = False  # read back: says "running", but the process that ran it has ended

    @property
    def processed(self) -> int:
        """Items done, skipped or failed so far."""
        return self.done + self.skipped + self.failed

    @property
    def fraction(self) -> float:
        """Share of the items processed (0 before the first batch)."""
        return min(1.0, self.processed / self.items) if self.items else 0.0

    def owner(self) -> str:
        """``process 1234 on host`` (who runs or ran the job)."""
        return f"process {self.pid} on {self.host}"

    def describe(self) -> str:
        """One sentence naming the job, its owner, its start and its progress."""
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started))
        progress = f"{self.processed} of {self.items} statements" if self.items else "starting"
        return f"corpus job {self.corpus!r} ({self.owner()}, started {since}, {progress})"


def lock_paths(data_dir: str | Path) -> tuple[Path, Path]:
    """The lock file and the status file of a data directory."""
    folder = Path(data_dir)
    return folder / LOCK_NAME, folder / STATUS_NAME


def read_status(data_dir: str | Path) -> JobStatus | None:
    """The latest job's status with ``held`` (running now) and ``stale`` (its process died); None if none."""
    lock_path, status_path = lock_paths(data_dir)
    try:
        doc = json.loads(status_path.read_text(encoding="utf-8"))
        status = JobStatus(**{k: v for k, v in doc.items() if k in JobStatus.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None
    held = _held(lock_path)
    return replace(status, held=held, stale=status.state == RUNNING and not held)


def _held(lock_path: Path) -> bool:
    try:
        fh = lock_path.open("rb")
    except OSError:
        return False
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


class JobLock:
    """The data directory's job lock, held by this process from :meth:`acquire` to :meth:`release`."""

    def __init__(self, data_dir: str | Path) -> None:
        """Bind to ``data_dir`` (nothing is locked yet)."""
        self.lock_path, self.status_path = lock_paths(data_dir)
        self._fh: IO[bytes] | None = None
        self.status: JobStatus | None = None

    def acquire(self, corpus: str) -> JobLock:
        """Take the lock for a job on ``corpus`` and write its first status.

        Raises:
            JobBusyError: another job holds the lock; the message names it and what to do.
        """
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.lock_path.open("a+b")
        for attempt in range(ACQUIRE_TRIES):
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt == ACQUIRE_TRIES - 1:
                    fh.close()
                    running = read_status(self.lock_path.parent)
                    what = running.describe() if running else "a corpus job"
                    raise JobBusyError(
                        f"Only one corpus job runs at a time per data directory, and {what} is running "
                        f"on {self.lock_path.parent}. Wait for it to finish (the Corpus page shows "
                        "its progress), stop it where it was started, or use another data directory."
                    ) from None
                time.sleep(ACQUIRE_PAUSE_S)
        self._fh = fh
        now = time.time()
        self._write(JobStatus(corpus=corpus, pid=os.getpid(), host=socket.gethostname(), started=now))
        return self

    def update(self, **fields: Any) -> None:
        """Rewrite the status with new counts (``items``, ``done``, ``skipped``, ``failed``)."""
        if self.status is not None and self._fh is not None:
            self._write(replace(self.status, **fields))

    def release(self, state: str = FINISHED, error: str | None = None) -> None:
        """Write the final state and let the next job start."""
        if self._fh is None:
            return
        if self.status is not None:
            self._write(replace(self.status, state=state, error=error))
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
        self._fh = None

    def _write(self, status: JobStatus) -> None:
        self.status = replace(status, updated=time.time(), held=False, stale=False)
        tmp = self.status_path.with_name(f".{STATUS_NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(self.status), indent=1), encoding="utf-8")
        os.replace(tmp, self.status_path)


@contextlib.contextmanager
def holding(data_dir: str | Path, corpus: str) -> Iterator[JobLock]:
    """Hold the job lock of ``data_dir`` around a block (the CLI's job); FAILED if the block raises."""
    lock = JobLock(data_dir).acquire(corpus)
    try:
        yield lock
    except KeyboardInterrupt:
        lock.release(STOPPED)
        raise
    except BaseException as exc:
        lock.release(FAILED, f"{type(exc).__name__}: {exc}")
        raise
    lock.release(lock.status.state if lock.status and lock.status.state != RUNNING else FINISHED)
