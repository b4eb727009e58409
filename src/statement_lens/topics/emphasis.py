"""Topic emphasis tables (pure pandas): how much of a statement goes to each topic, and its key units."""

from __future__ import annotations

import pandas as pd

from statement_lens.topics.taxonomy import OTHER

__all__ = ["EMPHASIS_COLUMNS", "KEY_UNIT_COLUMNS", "key_units", "topic_emphasis"]

EMPHASIS_COLUMNS = ["topic", "code", "share_words", "share_sentences", "n_sentences", "n_words"]
KEY_UNIT_COLUMNS = ["topic", "unit_id", "relevance", "rank"]
_DTYPES = ["object", "Int64", "float64", "float64", "int64", "int64"]


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs column(s) {missing}; it has {list(df.columns)}.")


def topic_emphasis(sentences: pd.DataFrame) -> pd.DataFrame:
    """Share of the statement per topic, by words and by sentences.

    Args:
        sentences: One row per sentence with ``topic`` and either ``n_words`` or ``text``; optional
            ``topic_code`` (or ``code``). A missing topic counts as ``"Other"``.

    Returns:
        Columns ``topic, code, share_words, share_sentences, n_sentences, n_words``, one row per topic
        present, sorted by ``share_words`` (then ``share_sentences``) descending, ``"Other"`` last.
        Both share columns sum to 1 (empty input gives an empty frame).
    """
    _require(sentences, ["topic"], "topic_emphasis")
    if "n_words" not in sentences.columns:
        _require(sentences, ["text"], "topic_emphasis (without n_words)")
    if sentences.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(EMPHASIS_COLUMNS, _DTYPES, strict=True)})
    code_col = next((c for c in ("topic_code", "code") if c in sentences.columns), None)
    words = (
        sentences["n_words"].fillna(0).astype(int)
        if "n_words" in sentences.columns
        else sentences["text"].fillna("").str.split().str.len()
    )
    frame = pd.DataFrame(
        {
            "topic": sentences["topic"].fillna(OTHER).astype(str).to_numpy(),
            "code": sentences[code_col].to_numpy() if code_col else None,
            "n_words": words.to_numpy(),
        }
    )
    grouped = frame.groupby("topic", sort=False).agg(
        code=("code", "first"), n_sentences=("topic", "size"), n_words=("n_words", "sum")
    )
    total_words = int(grouped["n_words"].sum())
    total_sents = int(grouped["n_sentences"].sum())
    grouped["share_sentences"] = grouped["n_sentences"] / total_sents
    grouped["share_words"] = grouped["n_words"] / total_words if total_words else grouped["share_sentences"]
    out = grouped.reset_index()
    out["code"] = pd.array([None if pd.isna(c) else int(c) for c in out["code"]], dtype="Int64")
    out["_other"] = out["topic"] == OTHER
    out = out.sort_values(
        ["_other", "share_words", "share_sentences"], ascending=[True, False, False], kind="stable"
    )
    return out[EMPHASIS_COLUMNS].reset_index(drop=True)


def key_units(
    units: pd.DataFrame, *, top_k: int = 3, min_relevance: float = 0.0, include_other: bool = False
) -> pd.DataFrame:
    """The most relevant units (quotations, turns or sentences) per topic.

    Args:
        units: One row per unit with ``unit_id``, ``topic`` and ``topic_score`` (the similarity to its topic).
        top_k: How many units to keep per topic.
        min_relevance: Drop units whose score is below this.
        include_other: Also rank the units of the ``"Other"`` bucket.

    Returns:
        Columns ``topic, unit_id, relevance, rank`` (rank 1 = most relevant), topics in order of their
        best unit's relevance.
    """
    _require(units, ["unit_id", "topic", "topic_score"], "key_units")
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}.")
    df = units.loc[units["topic"].notna() & units["topic_score"].notna(), ["topic", "unit_id", "topic_score"]]
    if not include_other:
        df = df[df["topic"] != OTHER]
    df = df[df["topic_score"] >= min_relevance].rename(columns={"topic_score": "relevance"})
    if df.empty:
        return pd.DataFrame(
            {
                "topic": pd.Series(dtype="object"),
                "unit_id": pd.Series(dtype="object"),
                "relevance": pd.Series(dtype="float64"),
                "rank": pd.Series(dtype="int64"),
            }
        )
    # scores within 1e-6 are ties, broken by position in the statement: the ranking must not depend on
    # float noise from thread counts or batch shapes (the same statement ranks alike on every engine)
    df = df.assign(relevance=df["relevance"].astype(float), _tie=df["relevance"].astype(float).round(6))
    df = df.sort_values(["topic", "_tie"], ascending=[True, False], kind="stable")
    df["rank"] = df.groupby("topic").cumcount() + 1
    df = df[df["rank"] <= top_k]
    best = df.groupby("topic")["_tie"].transform("max")
    df = df.assign(_best=best).sort_values(
        ["_best", "topic", "rank"], ascending=[False, True, True], kind="stable"
    )
    return df[KEY_UNIT_COLUMNS].reset_index(drop=True)
