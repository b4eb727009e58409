"""Key quotations per topic: scores equal within 1e-6 are ties, broken by position in the statement."""

from __future__ import annotations

import pandas as pd

from statement_lens.topics.emphasis import key_units


def _units(scores: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": [f"s{i}" for i in range(len(scores))],
            "topic": ["Defense"] * len(scores),
            "topic_score": scores,
        }
    )


def test_float_noise_does_not_reorder_key_units():
    a = key_units(_units([0.5, 0.7000000001, 0.7, 0.2]), top_k=2)
    b = key_units(_units([0.5, 0.7, 0.7000000001, 0.2]), top_k=2)
    assert list(a["unit_id"]) == list(b["unit_id"]) == ["s1", "s2"]


def test_real_differences_still_rank_first():
    ranked = key_units(_units([0.5, 0.69, 0.7, 0.2]), top_k=3)
    assert list(ranked["unit_id"]) == ["s2", "s1", "s0"]
    assert list(ranked["rank"]) == [1, 2, 3]
