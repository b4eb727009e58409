"""What changed from one statement to another: topics, targets and speakers, by a rule the page states.

A topic is *new* when the first statement has none of it (0.0 % of its words) and the other has some; it is
*dropped* when the first has some and the other none. A topic in both is listed when its share of words moved
by at least ``min_points`` percentage points (pp), with both shares, so "dropped" never hides a topic that is
still there at 3 %. The catch-all "Other" is left out. Targets and speakers are new or dropped by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

DEFAULT_POINTS = 5.0


@dataclass(frozen=True)
class TopicShift:
    """One topic's share of words (%) in the first and in the other statement."""

    topic: str
    before: float
    after: float

    @property
    def points(self) -> float:
        """The change in percentage points (negative: a smaller share)."""
        return self.after - self.before

    def __str__(self) -> str:
        return f"{self.topic} {self.before:.1f} % → {self.after:.1f} % ({self.points:+.1f} pp)"


@dataclass(frozen=True)
class Changes:
    """What differs between a base statement and another one (see the module docstring for the rule)."""

    new_topics: tuple[str, ...]
    dropped_topics: tuple[str, ...]
    grown_topics: tuple[TopicShift, ...]
    shrunk_topics: tuple[TopicShift, ...]
    unchanged_topics: int
    new_targets: tuple[str, ...]
    dropped_targets: tuple[str, ...]
    new_speakers: tuple[str, ...]
    dropped_speakers: tuple[str, ...]
    min_points: float
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str]]:
        """``(label, items)`` pairs for the page, each topic with its shares."""

        def join(items: Sequence[object]) -> str:
            return "; ".join(str(i) for i in items) if items else "—"

        pp = f"{self.min_points:g} pp"
        return [
            ("New topics", join([f"{t} ({self.after.get(t, 0):.1f} %)" for t in self.new_topics])),
            (
                "Dropped topics",
                join([f"{t} (was {self.before.get(t, 0):.1f} %)" for t in self.dropped_topics]),
            ),
            (f"Larger share (+{pp} or more)", join(self.grown_topics)),
            (f"Smaller share (−{pp} or more)", join(self.shrunk_topics)),
            (f"In both, moved less than {pp}", f"{self.unchanged_topics} topic(s)"),
            ("New targets", ", ".join(self.new_targets) or "—"),
            ("Dropped targets", ", ".join(self.dropped_targets) or "—"),
            ("New speakers", ", ".join(self.new_speakers) or "—"),
            ("Dropped speakers", ", ".join(self.dropped_speakers) or "—"),
        ]


def change_rule(min_points: float) -> str:
    """The rule in words, for the page."""
    return (
        "Topics by their share of the statement's words, rounded to 0.1 %: **new** = 0 % in the first "
        "statement, some in the other; **dropped** = some in the first, 0 % in the other; a topic in both "
        f"is listed when its share moved by at least **{min_points:g} percentage points** (pp). The "
        "catch-all “Other” is left out. Targets and speakers: new or dropped by name."
    )


def topic_shares(topics: pd.DataFrame) -> dict[str, float]:
    """Topic → share of words in % (one decimal); 0.0 % topics and "Other" left out."""
    if topics.empty:
        return {}
    out = {
        str(t): round(float(s) * 100.0, 1)
        for t, s in zip(topics["topic"], topics["share_words"], strict=True)
    }
    return {t: s for t, s in out.items() if s > 0 and t.lower() != "other"}


def _diff(a: Sequence[str], b: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    sa, sb = set(a), set(b)
    return tuple(x for x in b if x not in sa), tuple(x for x in a if x not in sb)


def compare_changes(
    base_topics: pd.DataFrame,
    other_topics: pd.DataFrame,
    base_targets: Sequence[str],
    other_targets: Sequence[str],
    base_speakers: Sequence[str],
    other_speakers: Sequence[str],
    *,
    min_points: float = DEFAULT_POINTS,
) -> Changes:
    """New, dropped and moved topics; new and dropped targets and speakers, from ``base`` to ``other``."""
    before, after = topic_shares(base_topics), topic_shares(other_topics)
    new_topics, dropped_topics = _diff(list(before), list(after))
    both = [
        TopicShift(t, before[t], after[t])
        for t in sorted(set(before) & set(after), key=lambda t: (-abs(after[t] - before[t]), t))
    ]
    moved = [s for s in both if abs(s.points) >= min_points - 1e-9]
    return Changes(
        new_topics=new_topics,
        dropped_topics=dropped_topics,
        grown_topics=tuple(s for s in moved if s.points > 0),
        shrunk_topics=tuple(s for s in moved if s.points < 0),
        unchanged_topics=len(both) - len(moved),
        new_targets=_diff(list(base_targets), list(other_targets))[0],
        dropped_targets=_diff(list(base_targets), list(other_targets))[1],
        new_speakers=_diff(list(base_speakers), list(other_speakers))[0],
        dropped_speakers=_diff(list(base_speakers), list(other_speakers))[1],
        min_points=min_points,
        before=before,
        after=after,
    )
