"""Deterministic, instant stand-ins for the real models, registered by name.

Import this module (tests do, in ``conftest.py``) to register ``embedder.fake``, ``stance.fake``
and ``summarizer.fake``. They are chosen through the registry like any backend, so production
code never carries a test flag.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from statement_lens.models.registry import register
from statement_lens.types import StanceLabel, StanceResult, Summary, SummarySentence

_WORD = re.compile(r"[a-z]+")


class FakeEmbedder:
    """Bag-of-hashed-words vectors: texts sharing words are similar. Deterministic."""

    name = "embedder.fake"
    dim = 64
    checkpoint = "fake"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Hash each lower-cased word into one of 64 buckets; L2-normalise."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in _WORD.findall(t.lower()):
                h = int(hashlib.md5(w.encode()).hexdigest()[:8], 16)
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
            if not n:
                out[i, 0] = 1.0
        return out


class FakeStance:
    """Keyword rule: 'support/welcome/help' → favor, 'against/oppose/threat' → against, else none."""

    name = "stance.fake"
    checkpoint = "fake"

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Favor/against by keyword when the target's first word appears in the text."""
        results = []
        for text, target in pairs:
            low = text.lower()
            mentioned = any(w in low for w in _WORD.findall(target.lower()) if len(w) > 3)
            if mentioned and re.search(r"support|welcome|help", low):
                probs = (0.8, 0.1, 0.1)
            elif mentioned and re.search(r"against|oppose|threat|aggress", low):
                probs = (0.1, 0.8, 0.1)
            else:
                probs = (0.15, 0.15, 0.7) if mentioned else (0.05, 0.05, 0.9)
            labels: tuple[StanceLabel, ...] = ("favor", "against", "none")
            label = labels[int(np.argmax(probs))]
            first = low.find(next((w for w in _WORD.findall(target.lower()) if len(w) > 3), "\0"))
            span = ((first, first + len(target)),) if mentioned and first >= 0 else ()
            results.append(
                StanceResult(
                    text,
                    target,
                    label,
                    probs[0],
                    probs[1],
                    probs[2],
                    confidence=max(probs),  # type: ignore[arg-type]
                    evidence_start=0 if mentioned else None,
                    evidence_end=len(text) if mentioned else None,
                    mentions=span,
                    basis="mention" if mentioned else "not mentioned",
                )
            )
        return results


class FakeSummarizer:
    """The first ``max_sentences`` sentences ending in a full stop, with offsets."""

    name = "summarizer.fake"
    checkpoint = "fake"

    def summarize(self, text: str, *, max_sentences: int = 3) -> Summary:
        """Pick leading sentences by a regex split."""
        sents = [
            SummarySentence(m.group(0).strip(), m.start(), m.start() + len(m.group(0).strip()), 1.0)
            for m in re.finditer(r"[^.!?\n]+[.!?]", text)
        ]
        return Summary(tuple(sents[:max_sentences]), method="fake", model="fake")


@register("embedder", "embedder.fake")
def _fake_embedder(**_: Any) -> FakeEmbedder:
    return FakeEmbedder()


@register("stance", "stance.fake")
def _fake_stance(**_: Any) -> FakeStance:
    return FakeStance()


@register("summarizer", "summarizer.fake")
def _fake_summarizer(**_: Any) -> FakeSummarizer:
    return FakeSummarizer()
