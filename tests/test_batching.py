"""Length-aware batching: every sequence once, bounded batch size, little padding."""

from __future__ import annotations

import numpy as np
import pytest

from statement_lens.models.batching import plan_batches


def _padding_share(lengths: list[int], batch: np.ndarray) -> float:
    widths = [lengths[i] for i in batch]
    return 1 - sum(widths) / (len(widths) * max(widths))


@pytest.mark.parametrize(
    "lengths",
    [
        [],
        [7],
        [5] * 70,
        [160, 12, 14, 13, 150, 11, 40, 41, 160, 9],
        list(np.random.default_rng(0).integers(5, 160, 300)),
    ],
)
def test_every_sequence_lands_in_exactly_one_batch_of_bounded_size(lengths: list[int]) -> None:
    batches = plan_batches(lengths, 32)
    flat = sorted(int(i) for b in batches for i in b)
    assert flat == list(range(len(lengths)))
    assert all(1 <= len(b) <= 32 for b in batches)


def test_short_and_long_sequences_are_not_padded_together() -> None:
    lengths = [12, 14, 13, 11, 150, 160, 155, 9]
    batches = plan_batches(lengths, 32)
    assert [sorted(int(i) for i in b) for b in batches] == [[0, 1, 2, 3, 7], [4, 5, 6]]
    assert all(_padding_share(lengths, b) <= 0.25 for b in batches)


def test_equal_lengths_fill_whole_batches() -> None:
    assert [len(b) for b in plan_batches([20] * 70, 32)] == [32, 32, 6]


def test_zero_batch_size_is_refused() -> None:
    with pytest.raises(ValueError, match="max_batch"):
        plan_batches([1, 2], 0)
