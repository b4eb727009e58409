"""Scores and calibration used by training and the benchmark (pure NumPy)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal, overload

import numpy as np


def f1_per_class(
    y_true: Sequence[str] | np.ndarray, y_pred: Sequence[str] | np.ndarray, labels: Sequence[str]
) -> list[float]:
    """F1 of each label in ``labels`` (0 when a label is never predicted nor gold)."""
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    out = []
    for lab in labels:
        tp = float(np.sum((yt == lab) & (yp == lab)))
        fp = float(np.sum((yt != lab) & (yp == lab)))
        fn = float(np.sum((yt == lab) & (yp != lab)))
        out.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out


@overload
def macro_f1(
    y_true: Sequence[str] | np.ndarray,
    y_pred: Sequence[str] | np.ndarray,
    labels: Sequence[str],
    per_class: Literal[False] = False,
) -> float: ...
@overload
def macro_f1(
    y_true: Sequence[str] | np.ndarray,
    y_pred: Sequence[str] | np.ndarray,
    labels: Sequence[str],
    per_class: Literal[True],
) -> list[float]: ...
def macro_f1(
    y_true: Sequence[str] | np.ndarray,
    y_pred: Sequence[str] | np.ndarray,
    labels: Sequence[str],
    per_class: bool = False,
) -> float | list[float]:
    """Mean F1 over ``labels`` (predictions outside ``labels`` count as errors), or the per-class list."""
    scores = f1_per_class(y_true, y_pred, labels)
    return scores if per_class else float(np.mean(scores))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def nll(logits: np.ndarray, y: np.ndarray, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of integer labels ``y`` under ``softmax(logits / T)``."""
    p = softmax(np.asarray(logits, dtype=np.float64) / temperature)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature in [0.05, 20] minimising validation NLL (log-spaced grid, then a finer grid)."""
    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 121))
    best = min(grid, key=lambda t: nll(logits, y, t))
    fine = np.linspace(best * 0.94, best * 1.06, 25)
    return float(min(fine, key=lambda t: nll(logits, y, t)))


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """ECE of the top-label confidence with equal-width bins."""
    probs = np.asarray(probs)
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == np.asarray(y)).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)


ORDER = {"against": 0, "none": 1, "favor": 2}


def contrast_accuracy(groups: Sequence[str], gold: Sequence[str], probs: np.ndarray) -> tuple[float, int]:
    """Share of same-sentence target pairs with different gold labels that the model orders rightly.

    Gold order: against < none < favor. The model's order is that of ``p_favor - p_against`` (columns 0
    and 1 of ``probs``); a tie counts as wrong. Returns ``(accuracy, number of pairs)``.
    """
    score = np.asarray(probs)[:, 0] - np.asarray(probs)[:, 1]
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    right = total = 0
    for idx in by_group.values():
        for a, i in enumerate(idx):
            for j in idx[a + 1 :]:
                gi, gj = ORDER[gold[i]], ORDER[gold[j]]
                if gi == gj:
                    continue
                total += 1
                right += int((score[i] - score[j]) * (gi - gj) > 0)
    return (right / total if total else float("nan")), total


def contrast_label_accuracy(
    groups: Sequence[str], gold: Sequence[str], probs: np.ndarray
) -> tuple[float, int]:
    """As :func:`contrast_accuracy`, but by the predicted *labels* (stricter).

    Right only when the two predicted labels differ and follow the gold order (against < none < favor).
    """
    labels = np.array(("favor", "against", "none"))[np.asarray(probs).argmax(1)]
    rank = np.array([ORDER[str(x)] for x in labels], dtype=float)
    return contrast_accuracy(groups, gold, np.stack([rank, np.zeros_like(rank)], axis=1))
