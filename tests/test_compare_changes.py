"""What changed between two statements: new / dropped are 0 % on one side; moves in percentage points."""

from __future__ import annotations

import pandas as pd
import pytest

from statement_lens.ui.changes import TopicShift, compare_changes, topic_shares


def _topics(**shares: float) -> pd.DataFrame:
    return pd.DataFrame({"topic": list(shares), "share_words": [v / 100 for v in shares.values()]})


def _changes(before: pd.DataFrame, after: pd.DataFrame, points: float = 5.0):
    return compare_changes(before, after, [], [], [], [], min_points=points)


def test_a_topic_still_present_at_three_percent_is_not_dropped():
    """Issue 17: 'Dropped topics: Domestic Commerce' although the second statement had 3.0 %."""
    ch = _changes(_topics(Defense=60, Domestic_Commerce=8), _topics(Defense=55, Domestic_Commerce=3))
    assert ch.dropped_topics == ()
    assert ch.shrunk_topics == (TopicShift("Defense", 60.0, 55.0), TopicShift("Domestic_Commerce", 8.0, 3.0))
    assert str(ch.shrunk_topics[1]) == "Domestic_Commerce 8.0 % → 3.0 % (-5.0 pp)"


def test_new_and_dropped_are_zero_on_one_side():
    ch = _changes(_topics(Defense=50, Health=0.04), _topics(Health=20, Energy=0.5))
    assert ch.new_topics == ("Health", "Energy")  # 0.04 % rounds to 0.0 %: absent before
    assert ch.dropped_topics == ("Defense",)


@pytest.mark.parametrize(("points", "listed"), [(1.0, 2), (5.0, 1), (30.0, 0)])
def test_the_threshold_decides_which_moves_are_listed(points, listed):
    ch = _changes(_topics(A=40, B=20), _topics(A=30, B=22), points)
    assert len(ch.grown_topics) + len(ch.shrunk_topics) == listed
    assert ch.unchanged_topics == 2 - listed


def test_other_is_left_out():
    assert topic_shares(_topics(Other=40, Defense=10)) == {"Defense": 10.0}
