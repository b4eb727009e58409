"""Zero-shot stance from any transformers NLI checkpoint (``stance.nli.v1``, alias ``nli``).

The text is the NLI *premise*; each target gives two hypotheses, built from templates:
favor ``"The speaker supports {}."`` (``Settings.hypothesis_template``) and against
``"The speaker opposes {}."``. Optionally a third, none hypothesis (e.g. ``"The text is not about {}."``).

Mapping (per pair), with ``e_x`` the model's entailment probability for hypothesis ``x`` (softmax over
the checkpoint's own labels, so 2-label ``entailment/not_entailment`` models work too)::

    raw_favor   = e_favor
    raw_against = e_against
    raw_none    = e_none                          if a none template is set
                = (1 - e_favor) * (1 - e_against)  otherwise: neither hypothesis is entailed
    p_x = raw_x / (raw_favor + raw_against + raw_none)

``label`` is the argmax of the three and ``confidence`` the largest probability. The pipeline
stages are kept apart: :func:`preprocess` (pure) → :meth:`NLIStance._forward` (the batched model
call, under a lock) → :func:`postprocess` (pure, frozen :class:`StanceResult` out).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from statement_lens.config import Settings, load_settings
from statement_lens.errors import ConfigError, InputError, ModelError
from statement_lens.models.hf_loading import Provenance, load_model_and_tokenizer, model_window
from statement_lens.models.registry import register
from statement_lens.types import STANCE_LABELS, StanceResult

NLI_NAME = "stance.nli.v1"
FAVOR_TEMPLATE = "The speaker supports {}."
AGAINST_TEMPLATE = "The speaker opposes {}."
SETTING = "stance_checkpoint"


@dataclass(frozen=True)
class Templates:
    """Hypothesis templates; each holds ``{}`` (or ``{target}``) where the target goes."""

    favor: str = FAVOR_TEMPLATE
    against: str = AGAINST_TEMPLATE
    none: str | None = None

    def __post_init__(self) -> None:
        """Reject a template without a target placeholder."""
        for role, tpl in (("favor", self.favor), ("against", self.against), ("none", self.none)):
            if tpl is not None and "{}" not in tpl and "{target}" not in tpl:
                raise ConfigError(
                    f"The {role} hypothesis template {tpl!r} has no placeholder for the target. "
                    "Write it with {} where the target goes, e.g. 'The speaker supports {}.'."
                )

    @property
    def per_pair(self) -> int:
        """Hypotheses per (text, target) pair: 2, or 3 with a none template."""
        return 2 if self.none is None else 3

    def hypotheses(self, target: str) -> list[str]:
        """The hypotheses for ``target``: favor, against and (if set) none."""
        tpls = [self.favor, self.against] + ([self.none] if self.none is not None else [])
        return [t.format(target, target=target) for t in tpls]


@dataclass(frozen=True)
class NLIBatch:
    """Premise/hypothesis pairs ready for the model: ``per_pair`` consecutive rows per input pair."""

    premises: tuple[str, ...]
    hypotheses: tuple[str, ...]
    per_pair: int


def entailment_index(id2label: Mapping[Any, Any], checkpoint: str) -> int:
    """Index of the ``entailment`` label in a model's ``id2label`` (case-insensitive).

    Raises:
        ModelError: The model has no entailment label (it is not an NLI model).
    """
    labels = {int(i): str(lab).strip().lower() for i, lab in id2label.items()}
    found = [i for i, lab in labels.items() if lab == "entailment" or lab.startswith("entail")]
    if not found or len(labels) < 2:
        shown = [id2label[k] for k in sorted(id2label)]
        raise ModelError(
            f"The checkpoint {checkpoint!r} is not an NLI model: its labels are {shown}, but zero-shot "
            "stance needs labels named entailment, neutral and contradiction (case-insensitive; "
            "entailment/not_entailment also works). Point STATEMENT_LENS_STANCE_CHECKPOINT or "
            "statement_lens.toml [models] stance_checkpoint at an NLI checkpoint, e.g. "
            "facebook/bart-large-mnli or MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli."
        )
    return found[0]


def preprocess(pairs: Sequence[tuple[str, str]], templates: Templates) -> NLIBatch:
    """Expand each ``(text, target)`` into its premise/hypothesis rows.

    Raises:
        InputError: A text or a target is empty.
    """
    premises: list[str] = []
    hypotheses: list[str] = []
    for i, (text, target) in enumerate(pairs):
        if not str(text).strip():
            raise InputError(f"Stance pair {i} has an empty text. Give each pair a non-empty text.")
        if not str(target).strip():
            raise InputError(
                f"Stance pair {i} has an empty target. Give each pair a target such as 'Ukraine'."
            )
        for hyp in templates.hypotheses(str(target).strip()):
            premises.append(str(text))
            hypotheses.append(hyp)
    return NLIBatch(tuple(premises), tuple(hypotheses), templates.per_pair)


def stance_probs(entail: Sequence[float] | np.ndarray) -> tuple[float, float, float]:
    """Map one pair's entailment probabilities (favor, against[, none]) to (p_favor, p_against, p_none)."""
    e_favor, e_against = float(entail[0]), float(entail[1])
    raw_none = float(entail[2]) if len(entail) > 2 else (1.0 - e_favor) * (1.0 - e_against)
    raw = np.array([e_favor, e_against, raw_none], dtype=np.float64)
    total = raw.sum()
    if not np.isfinite(total) or total <= 0:
        return 0.0, 0.0, 1.0
    p = raw / total
    return float(p[0]), float(p[1]), float(p[2])


def postprocess(
    pairs: Sequence[tuple[str, str]], entail: np.ndarray, per_pair: int, *, review_threshold: float = 0.6
) -> list[StanceResult]:
    """Turn entailment probabilities (one per hypothesis row) into one :class:`StanceResult` per pair.

    Raises:
        ModelError: The model returned a different number of rows than were sent.
    """
    flat = np.asarray(entail, dtype=np.float64).reshape(-1)
    if flat.shape[0] != len(pairs) * per_pair:
        raise ModelError(
            f"The NLI model returned {flat.shape[0]} scores for {len(pairs) * per_pair} hypotheses; "
            "this is a bug in the backend, please report it."
        )
    rows = flat.reshape(len(pairs), per_pair)
    results = []
    for (text, target), row in zip(pairs, rows, strict=True):
        probs = stance_probs(row)
        best = int(np.argmax(probs))
        conf = probs[best]
        results.append(
            StanceResult(
                text=text,
                target=target,
                label=STANCE_LABELS[best],
                p_favor=probs[0],
                p_against=probs[1],
                p_none=probs[2],
                confidence=conf,
                needs_review=conf < review_threshold,
            )
        )
    return results


class NLIStance:
    """Zero-shot stance classifier on top of an NLI sequence-classification checkpoint."""

    name = NLI_NAME

    def __init__(
        self,
        checkpoint: str | None,
        *,
        templates: Templates | None = None,
        batch_size: int = 16,
        review_threshold: float = 0.6,
    ) -> None:
        """Load the checkpoint (folder or hub id) and check that it has NLI labels."""
        from transformers import AutoModelForSequenceClassification

        loaded = load_model_and_tokenizer(
            AutoModelForSequenceClassification.from_pretrained, checkpoint, name=NLI_NAME, setting=SETTING
        )
        self._model: Any = loaded.model
        self._tokenizer: Any = loaded.tokenizer
        self.provenance: Provenance = loaded.provenance
        self.checkpoint = self.provenance.checkpoint
        self.revision = self.provenance.revision
        self.licence = self.provenance.licence
        self.templates = templates or Templates()
        self._entail = entailment_index(self._model.config.id2label, self.checkpoint)
        self._max_length = model_window(self._tokenizer, self._model.config)
        self._batch_size = max(1, batch_size)
        self._review_threshold = review_threshold
        self._lock = threading.Lock()

    def _forward(self, batch: NLIBatch) -> np.ndarray:
        """Entailment probability of each premise/hypothesis row (the model call only)."""
        import torch

        out: list[np.ndarray] = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(batch.premises), self._batch_size):
                enc = self._tokenizer(
                    list(batch.premises[i : i + self._batch_size]),
                    list(batch.hypotheses[i : i + self._batch_size]),
                    return_tensors="pt",
                    padding=True,
                    truncation="only_first",
                    max_length=self._max_length,
                )
                logits = self._model(**enc).logits
                out.append(torch.softmax(logits.float(), dim=-1)[:, self._entail].cpu().numpy())
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Return one :class:`StanceResult` per ``(text, target)`` pair, in order."""
        pairs = [(str(t), str(g)) for t, g in pairs]
        if not pairs:
            return []
        batch = preprocess(pairs, self.templates)
        entail = self._forward(batch)
        return postprocess(pairs, entail, batch.per_pair, review_threshold=self._review_threshold)


@register("stance", NLI_NAME, aliases=("nli",))
def _make_nli(
    settings: Settings | None = None,
    embedder: Any = None,  # noqa: ARG001  (every factory is called with the encoder; NLI needs none)
    checkpoint: str | None = None,
    hypothesis_template: str | None = None,
    against_template: str | None = None,
    none_template: str | None = None,
    **kwargs: Any,
) -> NLIStance:
    """Any transformers NLI checkpoint (hub id or local folder) through zero-shot entailment."""
    settings = settings or load_settings()
    templates = Templates(
        favor=hypothesis_template or settings.hypothesis_template or FAVOR_TEMPLATE,
        against=against_template or getattr(settings, "against_template", None) or AGAINST_TEMPLATE,
        none=none_template or getattr(settings, "none_template", None),
    )
    return NLIStance(
        checkpoint or settings.stance_checkpoint,
        templates=templates,
        batch_size=int(kwargs.get("batch_size", 16)),
        review_threshold=settings.review_threshold,
    )
