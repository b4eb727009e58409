"""Stance from sentiment, counted only when the text is about the target (``stance.heuristic.v1``).

The text's VADER polarity (``nltk-vader-sentiment`` bundles the lexicon, so it runs offline) decides
favor vs against; a relevance gate decides whether there is a stance at all: the target must be
mentioned in the text (a content word of the target, compared by Snowball (Porter2) stem) or be semantically
close to it (cosine of the bundled MiniLM embeddings ≥ 0.3). The gate features are shared with the
trained model (:mod:`statement_lens.stance.lens`).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from statement_lens.config import Settings, load_settings
from statement_lens.errors import InputError
from statement_lens.models.registry import create, register
from statement_lens.types import STANCE_LABELS, StanceResult

HEURISTIC_NAME = "stance.heuristic.v1"
GATE_COSINE = 0.3

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "but",
        "nor",
        "with",
        "without",
        "by",
        "from",
        "at",
        "as",
        "into",
        "about",
        "against",
        "between",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "them",
        "they",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "i",
        "me",
        "my",
        "us",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "other",
        "such",
        "than",
        "then",
        "so",
        "too",
        "very",
        "can",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "there",
        "here",
        "also",
        "just",
        "only",
        "own",
        "same",
        "both",
        "each",
        "few",
        "over",
        "under",
        "again",
        "further",
        "once",
    ]
)
# Words that name a stance or a policy act rather than what it is about: "support for Ukraine" is
# about Ukraine. A target made only of such words keeps them.
_GENERIC = frozenset(
    [
        "support",
        "supports",
        "supported",
        "supporting",
        "aid",
        "assistance",
        "help",
        "policy",
        "policies",
        "issue",
        "issues",
        "question",
        "movement",
        "concern",
        "real",
        "idea",
        "plan",
        "plans",
        "law",
        "laws",
        "right",
        "rights",
        "ban",
        "banning",
        "legalization",
        "legalisation",
        "legalize",
        "legalise",
        "abolition",
        "abolish",
        "introduction",
        "introduce",
        "increase",
        "decrease",
        "reduction",
        "reduce",
        "use",
        "using",
        "provision",
        "provide",
        "funding",
        "fund",
        "more",
        "less",
        "new",
    ]
)


_STEM_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Snowball English (Porter2), pure Python: importing NLTK's Porter stemmer imports all of NLTK
    # (≈ 2 s with scipy.stats) in the first analysis. A Snowball stemmer keeps state per word, so
    # calls go through a lock.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    with _STEM_LOCK:  # the stemmer is pure Python (~40 µs a word): each word is stemmed once
        return str(_stemmer().stemWord(word))


def _stem_words(words: list[str]) -> list[str]:
    return [_stem(w) for w in words]


@lru_cache(maxsize=50_000)
def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem_words([w.lower().strip("'’-") for w in _WORD.findall(text)]))


@lru_cache(maxsize=10_000)
def target_keywords(target: str) -> frozenset[str]:
    """Stems of the target's content words (generic stance words dropped unless nothing is left)."""
    words = [w.lower().strip("'’-") for w in _WORD.findall(target)]
    content = [w for w in words if w and w not in _STOP]
    specific = [w for w in content if w not in _GENERIC]
    return frozenset(_stem_words(specific or content))


def target_mentioned(text: str, target: str) -> bool:
    """True when a content word of ``target`` occurs in ``text``.

    Words are compared by Snowball (Porter2) stem; a stem of five letters or more also matches a
    longer word it begins ("Ukraine" → "Ukrainian").
    """
    keys = target_keywords(target)
    if not keys:
        return False
    stems = _stems(text)
    if not keys.isdisjoint(stems):
        return True
    long_keys = [k for k in keys if len(k) >= 5]
    return any(s.startswith(k) for k in long_keys for s in stems)


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_compound(text: str) -> float:
    """VADER compound polarity of ``text`` in [-1, 1]."""
    return float(_vader().polarity_scores(text)["compound"])


@dataclass(frozen=True)
class GateFeatures:
    """Relevance of each text to its target: mention, embedding cosine and the gate built from them."""

    mentioned: np.ndarray  # bool, shape (n,)
    cosine: np.ndarray  # float, shape (n,)

    @property
    def relevant(self) -> np.ndarray:
        """The relevance gate: mentioned, or cosine ≥ 0.3."""
        return self.mentioned | (self.cosine >= GATE_COSINE)


def gate_features(pairs: Sequence[tuple[str, str]], embedder: Any) -> GateFeatures:
    """Mention flags and text–target cosine (the embedder caches repeated texts and targets)."""
    texts = [t for t, _ in pairs]
    targets = [g for _, g in pairs]
    mentioned = np.array([target_mentioned(t, g) for t, g in pairs], dtype=bool)
    if not pairs:
        return GateFeatures(mentioned, np.zeros(0, dtype=np.float32))
    uniq_targets = list(dict.fromkeys(targets))
    tvec = embedder.embed(uniq_targets)
    index = {g: i for i, g in enumerate(uniq_targets)}
    xvec = embedder.embed(texts)
    cos = np.einsum("ij,ij->i", xvec, tvec[[index[g] for g in targets]]).astype(np.float32)
    return GateFeatures(mentioned, cos)


def validate_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ``pairs`` as a list of ``(text, target)`` tuples; raise InputError naming a bad pair."""
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise InputError(f"Stance pair {i} is {pair!r}; expected a (text, target) tuple of two strings.")
        text, target = pair
        if not isinstance(text, str) or not isinstance(target, str):
            raise InputError(
                f"Stance pair {i} holds {type(text).__name__}/{type(target).__name__}; both must be str."
            )
        if not text.strip() or not target.strip():
            raise InputError(
                f"Stance pair {i} has an empty text or target; give both a non-blank text and target."
            )
        out.append((text, target))
    return out


def make_result(text: str, target: str, probs: Sequence[float], review_threshold: float) -> StanceResult:
    """Build a StanceResult from (p_favor, p_against, p_none); confidence is the top probability."""
    p = np.asarray(probs, dtype=np.float64)
    p = p / p.sum()
    k = int(np.argmax(p))
    conf = float(p[k])
    return StanceResult(
        text=text,
        target=target,
        label=STANCE_LABELS[k],
        p_favor=float(p[0]),
        p_against=float(p[1]),
        p_none=float(p[2]),
        confidence=conf,
        needs_review=conf < review_threshold,
    )


def heuristic_probs(compound: float, relevant: bool) -> tuple[float, float, float]:
    """(p_favor, p_against, p_none) from VADER polarity and the relevance gate.

    Relevant text: the sign of the polarity chooses favor vs against, and weak polarity leaves room
    for "none". Irrelevant text: "none" at 0.8.
    """
    lean = 1.0 / (1.0 + math.exp(-4.0 * compound))  # P(favor | stance)
    if not relevant:
        return 0.2 * lean, 0.2 * (1.0 - lean), 0.8
    p_none = 0.6 * (1.0 - abs(compound)) ** 2
    return (1.0 - p_none) * lean, (1.0 - p_none) * (1.0 - lean), p_none


class HeuristicStance:
    """VADER polarity of the text, gated by target mention or embedding similarity."""

    name = HEURISTIC_NAME
    checkpoint = "VADER lexicon (nltk-vader-sentiment) + all-MiniLM-L6-v2 gate"
    revision = "1"

    def __init__(self, *, settings: Settings | None = None, embedder: Any = None) -> None:
        """Keep the embedder (created from the registry when not given)."""
        self._settings = settings or load_settings()
        self._embedder = embedder if embedder is not None else create("embedder", "embedder.minilm.v1")
        self._lock = threading.Lock()

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Return one result per ``(text, target)`` pair, in order."""
        pairs = validate_pairs(pairs)
        with self._lock:
            gate = gate_features(pairs, self._embedder)
            compounds = [vader_compound(t) for t, _ in pairs]
        threshold = self._settings.review_threshold
        return [
            make_result(t, g, heuristic_probs(c, bool(r)), threshold)
            for (t, g), c, r in zip(pairs, compounds, gate.relevant, strict=True)
        ]


@register("stance", HEURISTIC_NAME, aliases=("heuristic",))
def _make_heuristic(*, settings: Settings | None = None, embedder: Any = None, **_: Any) -> HeuristicStance:
    return HeuristicStance(settings=settings, embedder=embedder)
