"""Batches of token sequences with little padding: sort by length, cut where padding would waste.

A transformer's cost grows with the padded width of each batch, so sequences are grouped by token
length; a batch also ends early when adding the next (longer) sequence would make more than
``max_waste`` of the batch padding. Both encoders (sentence embedder and stance cross-encoder) use it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def plan_batches(lengths: Sequence[int], max_batch: int, *, max_waste: float = 0.25) -> list[np.ndarray]:
    """Index arrays, shortest sequences first; each at most ``max_batch`` long.

    Args:
        lengths: tokens per sequence (padding excluded).
        max_batch: most sequences per batch.
        max_waste: largest share of padding tokens a batch may reach by taking one more sequence
            (a batch of one never counts as waste).

    Returns:
        Batches of indices into ``lengths``; together they cover every index once.
    """
    if max_batch < 1:
        raise ValueError(f"max_batch must be at least 1, got {max_batch}")
    order = np.argsort(np.asarray(lengths, dtype=np.int64), kind="stable")
    batches: list[np.ndarray] = []
    start, real = 0, 0
    for pos, i in enumerate(order):
        n, width = pos - start + 1, int(lengths[i])  # ascending: the newest is the widest
        real += width
        if n > 1 and (n > max_batch or n * width - real > max_waste * n * width):
            batches.append(order[start:pos])
            start, real = pos, width
    if len(order):
        batches.append(order[start:])
    return batches
