"""``stance.lens.v2`` (alias ``lens``): stance toward each target, read where the target is mentioned.

For each ``(unit, target)`` pair:

1. The target's mentions are found (:func:`~statement_lens.stance.mentions.find_mentions`: name, aliases,
   demonyms, capitals, surname; analyst aliases from ``Settings.stance_aliases``).
2. Mentioned: each window around a mention (its sentence, cut at a contrast such as ", but" or ";") is
   read by the network with the mentions wrapped in « » (``tokenizer(target, marked window)``; the head
   pools the sequence mean and the marker positions). The unit's label is the window where the stance is
   clearest — the highest ``1 - p_none`` — and that window and its mentions are the evidence. Measured
   against one pass over the whole unit and against averaging windows in ``benchmarks/stance_targets.py``.
3. A named target (a capitalised name, a country) that is not mentioned is "none" without a model call:
   a unit that does not name an actor states no stance toward it (basis ``"not mentioned"``).
4. An issue-like target in lower case ("defence production") that is not mentioned goes through v1's
   relevance gate (MiniLM cosine) and, when relevant, the network reads the whole unit unmarked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statement_lens.config import Settings
from statement_lens.models.registry import register
from statement_lens.stance.aliases import parse_alias_lines
from statement_lens.stance.heuristic import make_result, validate_pairs
from statement_lens.stance.lens import WEIGHTS_ROOT, LensStance
from statement_lens.stance.mentions import find_mentions, is_named, mark, mention_windows
from statement_lens.stance.metrics import softmax
from statement_lens.types import StanceResult

V2_NAME = "stance.lens.v2"
NOT_READ = (0.1, 0.1, 0.8)
"""(favor, against, none) of a pair no model read (named target not mentioned; issue gated off)."""
AGGREGATES = ("strongest", "mean", "whole")


class LensStanceV2(LensStance):
    """Mention-marked cross-encoder; one reading per mention window, the clearest one decides."""

    name = V2_NAME

    def __init__(
        self, *, settings: Settings | None = None, aggregate: str | None = None, **kwargs: Any
    ) -> None:
        """As :class:`LensStance`; ``aggregate`` ("strongest", "mean", "whole") overrides the config's."""
        kwargs.setdefault(
            "weights_dir",
            (settings.stance_checkpoint if settings else None) or WEIGHTS_ROOT / "stance_lens_v2",
        )
        super().__init__(settings=settings, **kwargs)
        self.aggregate = aggregate or str(self.config.get("aggregate", "strongest"))
        self.clauses = bool(self.config.get("clauses", True))
        self.aliases = parse_alias_lines(getattr(self._settings, "stance_aliases", "") or "")

    def read(
        self, pairs: Sequence[tuple[str, str]], mentions: Sequence[Sequence[tuple[int, int]]] | None = None
    ) -> list[dict[str, Any]]:
        """Per pair: calibrated ``probs`` (favor, against, none), ``evidence`` span, ``mentions``, ``basis``.

        ``mentions`` gives each pair's mention spans (benchmarks with gold mentions); by default they are
        found by name and alias.
        """
        plans: list[dict[str, Any]] = []
        queries: list[tuple[str, str]] = []
        issue_rows: list[int] = []
        for i, (text, target) in enumerate(pairs):
            spans = list(mentions[i]) if mentions is not None else find_mentions(text, target, self.aliases)
            plan: dict[str, Any] = {"mentions": tuple(spans), "rows": [], "windows": []}
            if spans and self.aggregate != "whole":
                for w in mention_windows(text, spans, clauses=self.clauses):
                    plan["rows"].append(len(queries))
                    plan["windows"].append(w)
                    queries.append((mark(text, w.mentions, w.start, w.end), target))
            elif spans:
                plan["rows"].append(len(queries))
                plan["whole"] = True
                queries.append((mark(text, spans), target))
            elif is_named(target):
                plan["basis"] = "not mentioned"
            else:
                issue_rows.append(i)
            plans.append(plan)
        if issue_rows:
            relevant = super().relevance([pairs[i] for i in issue_rows])
            for i, keep in zip(issue_rows, relevant, strict=True):
                if keep:
                    plans[i]["rows"].append(len(queries))
                    plans[i]["whole"] = True
                    queries.append(pairs[i])
                else:
                    plans[i]["basis"] = "not about target"
        probs = softmax(self.logits(queries) / self.temperature) if queries else np.zeros((0, 3))
        return [self._combine(text, plan, probs) for (text, _), plan in zip(pairs, plans, strict=True)]

    def _combine(self, text: str, plan: dict[str, Any], probs: np.ndarray) -> dict[str, Any]:
        rows = plan["rows"]
        if not rows:
            return {
                "probs": np.array(NOT_READ),
                "evidence": None,
                "mentions": plan["mentions"],
                "basis": plan["basis"],
            }
        if plan.get("whole"):
            basis = "mention" if plan["mentions"] else "text"
            return {
                "probs": probs[rows[0]],
                "evidence": (0, len(text)),
                "mentions": plan["mentions"],
                "basis": basis,
            }
        window_probs = probs[rows]
        best = int(np.argmax(1.0 - window_probs[:, 2]))
        w = plan["windows"][best]
        p = window_probs.mean(0) if self.aggregate == "mean" else window_probs[best]
        return {"probs": p, "evidence": (w.start, w.end), "mentions": w.mentions, "basis": "mention"}

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated (favor, against, none) per pair, shape (n, 3)."""
        if not pairs:
            return np.zeros((0, 3))
        return np.array([r["probs"] for r in self.read(pairs)], dtype=np.float64)

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """One result per ``(text, target)`` pair, in order, with the evidence it was read from."""
        pairs = validate_pairs(pairs)
        threshold = self._settings.review_threshold
        out = []
        for (text, target), r in zip(pairs, self.read(pairs), strict=True):
            base = make_result(text, target, r["probs"], threshold)
            ev = r["evidence"]
            out.append(
                StanceResult(
                    **{
                        **base.__dict__,
                        "evidence_start": None if ev is None else int(ev[0]),
                        "evidence_end": None if ev is None else int(ev[1]),
                        "mentions": tuple((int(s), int(e)) for s, e in r["mentions"]),
                        "basis": r["basis"],
                    }
                )
            )
        return out


def default_weights() -> Path:
    """The shipped v2 weights folder."""
    return WEIGHTS_ROOT / "stance_lens_v2"


@register("stance", V2_NAME, aliases=("lens", "lens2"))
def _make_lens_v2(*, settings: Settings | None = None, embedder: Any = None, **kwargs: Any) -> LensStanceV2:
    return LensStanceV2(settings=settings, embedder=embedder, **kwargs)
