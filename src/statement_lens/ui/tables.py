"""Pure table helpers for the pages: quotation tables, key quotations, review counts, comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd


def quotation_table(
    units: pd.DataFrame, quotes: pd.DataFrame, stance: pd.DataFrame, targets: Sequence[str]
) -> pd.DataFrame:
    """One row per unit: speaker, cue, topic, text, attribution confidence and stance per target.

    Stance columns come in pairs, ``<target> stance`` (label) and ``<target> confidence``, in target order.
    Built with dictionary lookups rather than merges and pivots: it runs on every Quotations rerun.
    """
    uids = [str(u) for u in units["unit_id"]]
    table: dict[str, Any] = {
        "unit_id": uids,
        "speaker": units["speaker"].to_numpy(),
        "cue": [None] * len(uids),
        # what the row is (quote / turn / sentence) and, for a quotation, how it is quoted: two columns
        "unit_type": list(units["unit_type"]) if "unit_type" in units else [None] * len(uids),
        "quote_kind": [None] * len(uids),
        "topic": units["topic"].to_numpy(),
        "text": units["text"].to_numpy(),
        "attribution_confidence": [float("nan")] * len(uids),
        "start": units["start"].to_numpy(),
        "end": units["end"].to_numpy(),
    }
    if len(quotes) and "quote_id" in quotes:
        by_id = {
            str(q): (c, k, float(conf))
            for q, c, k, conf in zip(
                quotes["quote_id"], quotes["cue"], quotes["kind"], quotes["confidence"], strict=True
            )
        }
        found = [by_id.get(u) for u in uids]
        table["cue"] = [f[0] if f else None for f in found]
        table["quote_kind"] = [f[1] if f else None for f in found]
        table["attribution_confidence"] = [f[2] if f else float("nan") for f in found]
    table["speaker_review"] = ["needs review" if r else "" for r in speaker_review(quotes, uids)]
    if len(stance):
        cells = {
            (str(u), t): (lab, float(c))
            for u, t, lab, c in zip(
                stance["unit_id"],
                stance["target"],
                shown_labels(stance),
                shown_confidence(stance),
                strict=True,
            )
        }
        present = set(stance["target"])
        for t in targets:
            if t in present:
                col = [cells.get((u, t)) for u in uids]
                table[f"{t} stance"] = [c[0] if c else None for c in col]
                table[f"{t} confidence"] = [round(c[1], 3) if c else float("nan") for c in col]
    return pd.DataFrame(table)


def speaker_review(quotes: pd.DataFrame, unit_ids: Sequence[str], threshold: float = 0.6) -> list[bool]:
    """Per unit: whether its quotation names a speaker with low confidence ("needs review").

    The quotes frame's ``needs_review`` column decides; an analysis stored before that column existed
    falls back to ``confidence < threshold`` for attributed quotations. Units that are no quotation: False.
    """
    if not len(quotes) or "quote_id" not in quotes:
        return [False] * len(unit_ids)
    if "needs_review" in quotes:
        flags = quotes["needs_review"].fillna(False).astype(bool)
    else:
        flags = quotes["speaker"].notna() & (quotes["confidence"] < threshold)
    by_id = dict(zip(quotes["quote_id"].astype(str), flags, strict=True))
    return [bool(by_id.get(u, False)) for u in unit_ids]


def topic_key_units(
    topic_units: pd.DataFrame, units: pd.DataFrame, topic: str | None, *, limit: int = 5
) -> pd.DataFrame:
    """The top-ranked units of ``topic`` (all topics' best when ``topic`` is None), with text and speaker."""
    if topic_units.empty or units.empty:
        return units.head(0).assign(relevance=pd.Series(dtype=float))
    tq = topic_units if topic is None else topic_units[topic_units["topic"] == topic]
    tq = tq.sort_values(["rank", "relevance"], ascending=[True, False])
    tq = tq.drop_duplicates("unit_id").head(limit)
    merged = tq[["unit_id", "relevance"]].merge(units, on="unit_id", how="inner")
    return merged.reset_index(drop=True)


def stance_by_unit(
    stance: pd.DataFrame, unit_ids: Sequence[str]
) -> dict[str, list[tuple[str, str, float, str, str]]]:
    """unit_id → [(target, label, confidence, evidence, basis), …] for the given units, in target order.

    ``evidence`` is the window the label was read from, mentions in «» (empty when none is recorded);
    ``basis`` says how the label was reached (see :class:`~statement_lens.types.StanceResult`).
    """
    from statement_lens.stance.evidence import evidence_plain

    out: dict[str, list[tuple[str, str, float, str, str]]] = {u: [] for u in unit_ids}
    if stance.empty:
        return out
    s = stance[stance["unit_id"].isin(out)]
    n = len(s)
    basis = s["basis"] if "basis" in s.columns else [""] * n
    starts = s["evidence_start"] if "evidence_start" in s.columns else [None] * n
    ends = s["evidence_end"] if "evidence_end" in s.columns else [None] * n
    mentions = s["mentions"] if "mentions" in s.columns else ["[]"] * n
    for uid, target, label, conf, text, b, a, e, m in zip(
        s["unit_id"],
        s["target"],
        s["label"],
        s["confidence"],
        s["unit_text"],
        basis,
        starts,
        ends,
        mentions,
        strict=True,
    ):
        ev = evidence_plain(str(text), a, e, m, width=240)
        out[str(uid)].append((str(target), str(label), float(conf), ev, b if isinstance(b, str) else ""))
    return out


def not_read(stance: pd.DataFrame) -> pd.Series:
    """True for unit × target pairs no model read (the target is not mentioned, or the gate kept it away)."""
    if "basis" not in stance or stance.empty:
        return pd.Series(False, index=stance.index)
    from statement_lens.stance.evidence import was_read

    return ~stance["basis"].map(was_read).astype(bool)


def shown_labels(stance: pd.DataFrame) -> list[str]:
    """The stance label as shown: the model's label, or words such as "not about this target"."""
    if "basis" not in stance:
        return [str(x) for x in stance["label"]]
    from statement_lens.stance.evidence import NOT_READ

    return [
        NOT_READ.get(b, str(lab)) if isinstance(b, str) else str(lab)
        for lab, b in zip(stance["label"], stance["basis"], strict=True)
    ]


def shown_confidence(stance: pd.DataFrame) -> list[float]:
    """The confidence as shown: NaN (no number) where no model read the pair."""
    off = not_read(stance)
    return [float("nan") if o else float(c) for c, o in zip(stance["confidence"], off, strict=True)]


_UNIT_NOUNS = {
    "quote": ("quotation", "quotations"),
    "sentence": ("sentence", "sentences"),
    "turn": ("speaker turn", "speaker turns"),
}


def unit_kind(units: pd.DataFrame) -> str | None:
    """The one kind of the units: "quote", "sentence" or "turn" ("quote" when none); None when mixed."""
    kinds = set(units["unit_type"]) if len(units) and "unit_type" in units else {"quote"}
    return next(iter(kinds)) if len(kinds) == 1 else None


def unit_nouns(units: pd.DataFrame) -> tuple[str, str]:
    """Singular and plural noun for the analysis units: quotations, sentences or speaker turns."""
    return _UNIT_NOUNS.get(unit_kind(units) or "", ("unit", "units"))


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
    n_stance = int(((stance["confidence"] < threshold) & ~not_read(stance)).sum()) if len(stance) else 0
    n_attr = int((quotes["confidence"] < threshold).sum()) if len(quotes) and "confidence" in quotes else 0
    return ReviewCounts(stance=n_stance, attributions=n_attr, threshold=threshold)


def filtered_review_counts(analysis: Any, units: pd.DataFrame, threshold: float) -> ReviewCounts:
    """Review counts over the units that pass the filters (stance rows and attributions of those units)."""
    ids = set(units["unit_id"])
    stance = (
        analysis.stance[analysis.stance["unit_id"].isin(ids)] if len(analysis.stance) else analysis.stance
    )
    quotes = analysis.quotes
    if len(quotes) and len(units) != len(analysis.units):
        quotes = quotes[quotes["quote_id"].isin(ids)]
    return review_counts(stance, quotes, threshold)


def speakers_of(units: pd.DataFrame) -> list[str]:
    """Distinct named speakers in order of first appearance."""
    return [str(s) for s in dict.fromkeys(units["speaker"].dropna()) if str(s).strip()]


def speaker_table(units: pd.DataFrame) -> pd.DataFrame:
    """Units and words per speaker, most units first.

    Columns: ``Speaker``, the units by name (``Quotations``, ``Sentences``, ``Speaker turns``), ``Words``.
    """
    count = unit_nouns(units)[1].capitalize()
    if units.empty:
        return pd.DataFrame(columns=["Speaker", count, "Words"])
    df = units.assign(
        speaker=units["speaker"].fillna("(unattributed)"),
        words=units["text"].fillna("").str.split().str.len(),
    )
    g = df.groupby("speaker", as_index=False).agg(n=("unit_id", "count"), words=("words", "sum"))
    g = g.sort_values(["n", "speaker"], ascending=[False, True]).reset_index(drop=True)
    return g.rename(columns={"speaker": "Speaker", "n": count, "words": "Words"})
