"""Pure table helpers for the pages: quotation tables, key quotations, review counts, comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

QUOTE_EXTRA = ["cue", "kind", "confidence", "flags"]


def quotation_table(
    units: pd.DataFrame, quotes: pd.DataFrame, stance: pd.DataFrame, targets: Sequence[str]
) -> pd.DataFrame:
    """One row per unit: speaker, cue, topic, text, attribution confidence and stance per target.

    Stance columns come in pairs, ``<target> stance`` (label) and ``<target> confidence``, in target order.
    """
    base = units[["unit_id", "speaker", "topic", "text", "start", "end"]].copy()
    if len(quotes) and "quote_id" in quotes:
        extra = quotes.rename(columns={"quote_id": "unit_id", "confidence": "attribution_confidence"})
        base = base.merge(
            extra[["unit_id", "cue", "kind", "attribution_confidence"]],
            on="unit_id",
            how="left",
            validate="1:1",
        )
    else:
        base = base.assign(cue=None, kind=units.get("unit_type"), attribution_confidence=float("nan"))
    cols = ["unit_id", "speaker", "cue", "kind", "topic", "text", "attribution_confidence", "start", "end"]
    base = base[cols]
    if stance.empty:
        return base
    wide_label = stance.pivot_table(index="unit_id", columns="target", values="label", aggfunc="first")
    wide_conf = stance.pivot_table(index="unit_id", columns="target", values="confidence", aggfunc="first")
    for t in targets:
        if t in wide_label.columns:
            base[f"{t} stance"] = base["unit_id"].map(wide_label[t])
            base[f"{t} confidence"] = base["unit_id"].map(wide_conf[t]).astype(float).round(3)
    return base


def key_quotations(
    topic_quotes: pd.DataFrame, units: pd.DataFrame, topic: str | None, *, limit: int = 5
) -> pd.DataFrame:
    """The top-ranked units of ``topic`` (all topics' best when ``topic`` is None), with text and speaker."""
    if topic_quotes.empty or units.empty:
        return units.head(0).assign(relevance=pd.Series(dtype=float))
    tq = topic_quotes if topic is None else topic_quotes[topic_quotes["topic"] == topic]
    tq = tq.sort_values(["rank", "relevance"], ascending=[True, False])
    tq = tq.drop_duplicates("unit_id").head(limit)
    merged = tq[["unit_id", "relevance"]].merge(units, on="unit_id", how="inner")
    return merged.reset_index(drop=True)


def stance_by_unit(stance: pd.DataFrame, unit_ids: Sequence[str]) -> dict[str, list[tuple[str, str, float]]]:
    """unit_id → [(target, label, confidence), …] for the given units, in target order."""
    out: dict[str, list[tuple[str, str, float]]] = {u: [] for u in unit_ids}
    if stance.empty:
        return out
    s = stance[stance["unit_id"].isin(out)]
    for uid, target, label, conf in zip(s["unit_id"], s["target"], s["label"], s["confidence"], strict=True):
        out[str(uid)].append((str(target), str(label), float(conf)))
    return out


@dataclass(frozen=True)
class ReviewCounts:
    """How many items fall below the review threshold."""

    stance: int
    attributions: int
    threshold: float

    @property
    def total(self) -> int:
        """Stance calls plus speaker attributions that need review."""
        return self.stance + self.attributions


def review_counts(stance: pd.DataFrame, quotes: pd.DataFrame, threshold: float) -> ReviewCounts:
    """Stance calls and speaker attributions whose confidence is below ``threshold``."""
    n_stance = int((stance["confidence"] < threshold).sum()) if len(stance) else 0
    n_attr = int((quotes["confidence"] < threshold).sum()) if len(quotes) and "confidence" in quotes else 0
    return ReviewCounts(stance=n_stance, attributions=n_attr, threshold=threshold)


@dataclass(frozen=True)
class Changes:
    """What differs between a base statement and another one."""

    new_topics: tuple[str, ...]
    dropped_topics: tuple[str, ...]
    new_targets: tuple[str, ...]
    dropped_targets: tuple[str, ...]
    new_speakers: tuple[str, ...]
    dropped_speakers: tuple[str, ...]


def _present_topics(topics: pd.DataFrame, min_share: float) -> list[str]:
    if topics.empty:
        return []
    keep = topics[(topics["share_words"] >= min_share) & (topics["topic"].str.lower() != "other")]
    return [str(t) for t in keep["topic"]]


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
    min_share: float = 0.05,
) -> Changes:
    """New and dropped topics (share ≥ ``min_share``), targets and speakers from ``base`` to ``other``."""
    nt, dt = _diff(_present_topics(base_topics, min_share), _present_topics(other_topics, min_share))
    ng, dg = _diff(list(base_targets), list(other_targets))
    ns, ds = _diff(list(base_speakers), list(other_speakers))
    return Changes(nt, dt, ng, dg, ns, ds)


def speakers_of(units: pd.DataFrame) -> list[str]:
    """Distinct named speakers in order of first appearance."""
    return [str(s) for s in dict.fromkeys(units["speaker"].dropna()) if str(s).strip()]


def speaker_table(units: pd.DataFrame) -> pd.DataFrame:
    """Quotations and words per speaker, most quoted first."""
    if units.empty:
        return pd.DataFrame(columns=["speaker", "quotations", "words"])
    df = units.assign(
        speaker=units["speaker"].fillna("(unattributed)"),
        words=units["text"].fillna("").str.split().str.len(),
    )
    g = df.groupby("speaker", as_index=False).agg(quotations=("unit_id", "count"), words=("words", "sum"))
    return g.sort_values(["quotations", "speaker"], ascending=[False, True]).reset_index(drop=True)
