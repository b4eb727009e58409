"""Built ONNX files: where they live, how they are built once, how a session opens them.

Both ONNX runtimes (the embedder's and the stance model's) are exported from weights the product
already ships, the first time they are needed, into one per-user cache folder. A build runs under a
lock file and lands with ``os.replace``, so two processes never both build a file and a reader never
sees half of one; a file's name carries the hash of the weights it came from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from statement_lens.errors import ModelError

ONNX_VERSIONS = "onnx==1.23.2 onnxruntime==1.32.0"


def require_onnx(*, build: bool, hint: str = "") -> None:
    """Raise ModelError with the fix when onnxruntime (and, to build, onnx) cannot be imported."""
    missing = []
    for module in ("onnxruntime", "onnx") if build else ("onnxruntime",):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise ModelError(
            f"The ONNX runtime needs the package(s) {missing}, not installed. Install them with "
            f"`pip install {ONNX_VERSIONS}` (see requirements.txt){hint}."
        )


def onnx_available() -> bool:
    """True when onnxruntime and onnx both import (an ``auto`` runtime can build and run ONNX)."""
    try:
        require_onnx(build=True)
    except ModelError:
        return False
    return True


def default_cache_dir() -> Path:
    """Where built ONNX files live, shared by every data directory of this user.

    ``$STATEMENT_LENS_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/statement_lens/models``, else
    ``~/.cache/statement_lens/models``. A build depends only on shipped weights (its name carries
    their hash), so one copy serves every store, test run and corpus worker on the machine.
    """
    explicit = os.environ.get("STATEMENT_LENS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "statement_lens" / "models"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (blocks until the other builder is done)."""
    import fcntl

    with path.open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build_once(dest: Path, build: Callable[[Path], Path], *, hint: str = "") -> tuple[Path, bool]:
    """Return ``dest``, building it first when absent; and whether this call built it.

    ``build(tmp)`` writes the file inside the temporary folder ``tmp`` (same file system as ``dest``)
    and returns its path; it is then moved onto ``dest`` atomically.
    """
    if dest.is_file():
        return dest, False
    require_onnx(build=True, hint=hint)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"Cannot create the model cache folder {dest.parent}: {exc}. "
            "Set STATEMENT_LENS_CACHE_DIR to a writable folder."
        ) from exc
    with _file_lock(dest.parent / f"{dest.name}.lock"):
        if dest.is_file():  # another process built it while we waited
            return dest, False
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".build-") as tmp:
            os.replace(build(Path(tmp)), dest)
    return dest, True


def physical_cores() -> int:
    """CPU threads an ONNX session of this process should use.

    ``OMP_NUM_THREADS`` when set (Ray sets it to an actor's CPUs, so corpus workers do not oversubscribe
    the machine), else the cores in this process's affinity, else ``os.cpu_count()``.
    """
    omp = os.environ.get("OMP_NUM_THREADS", "").strip()
    if omp.isdigit() and int(omp) > 0:
        return int(omp)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def open_session(path: Path, *, threads: int | None, what: str) -> Any:
    """An ONNX Runtime CPU session on ``path``: ``threads`` intra-op threads (default: usable cores).

    A broken or unreadable file raises ModelError saying to delete it (it is rebuilt on the next load).
    """
    require_onnx(build=False)
    import onnxruntime as ort
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or physical_cores()
    options.inter_op_num_threads = 1
    # No busy-waiting between runs: a dashboard server shares its cores between sessions, and spinning
    # threads burn CPU that the other sessions' work needs (no throughput difference measured here).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Parallel loops hand out work in blocks that shrink as they go (instead of one fixed split per thread):
    # on the shared 2-core machine a thread that the OS delays no longer holds up every node. Same numbers
    # (the split never cuts a reduction: seed outputs identical); seed encoder texts 9 % faster, whole seed
    # analysis 0.460 -> 0.432 s (medians of 15 runs, interleaved, load ~2): benchmarks/reports/speed.md.
    options.add_session_config_entry("session.dynamic_block_base", "4")
    broken = (state.Fail, state.InvalidProtobuf, state.InvalidGraph, state.NoSuchFile, OSError)
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except broken as exc:
        raise ModelError(
            f"Could not open the ONNX {what} {path}: {exc}. Delete the file; it is rebuilt from the "
            "shipped weights on the next load."
        ) from exc
