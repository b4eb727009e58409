"""Segmentation, sentence, quotation and unit frames: what the statement is made of.

Units are what stance and topics are computed on: attributed quotations when they carry the statement,
else transcript turns, else the body sentences.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from statement_lens.pipeline.schema import (
    QUOTE_COLUMNS,
    QUOTE_UNIT_MIN_SHARE,
    SENTENCE_COLUMNS,
    UNIT_COLUMNS,
    UNIT_MIN_CONFIDENCE,
)
from statement_lens.types import Statement


def segment(statement: Statement) -> Any:
    """Sentences, paragraphs and turns of ``statement`` (see :mod:`statement_lens.text.segment`)."""
    from statement_lens.text.segment import segment_statement

    return segment_statement(statement)


def sentence_frame(statement: Statement, seg: Any) -> pd.DataFrame:
    """One row per sentence, with its paragraph, speaker and whether it is the title."""
    rows = []
    ts = statement.title_span
    for i, s in enumerate(seg.sentences):
        is_title = bool(ts is not None and s.start >= ts.start and s.end <= ts.end)
        rows.append(
            {
                "sentence_id": f"s{i}",
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "paragraph": s.paragraph,
                "speaker": s.speaker or statement.speaker,
                "topic": None,
                "topic_code": None,
                "topic_score": np.nan,
                "n_words": len(s.text.split()),
                "is_title": is_title,
            }
        )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def quote_frame(
    statement: Statement, seg: Any, *, indirect: bool = False, review_threshold: float = 0.6
) -> pd.DataFrame:
    """One row per quotation found by :func:`statement_lens.quotes.extract_quotes`.

    ``speaker_confidence`` is the confidence of the speaker attribution (NaN without a speaker);
    ``needs_review`` says it is below ``review_threshold`` (:mod:`statement_lens.quotes.calibration`).
    """
    from statement_lens.quotes import extract_quotes
    from statement_lens.quotes.calibration import NEEDS_REVIEW

    rows = [
        {
            "quote_id": f"q{i}",
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "speaker": q.speaker,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "cue": q.cue,
            "kind": q.kind,
            "confidence": float(q.confidence),
            "flags": ";".join(q.flags),
            "topic": None,
            "topic_score": np.nan,
            "speaker_confidence": float(q.confidence) if q.speaker else np.nan,
            "needs_review": NEEDS_REVIEW in q.flags,
        }
        for i, q in enumerate(
            extract_quotes(
                statement.text, segmentation=seg, indirect=indirect, review_threshold=review_threshold
            )
        )
    ]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quoted_share(quotes: pd.DataFrame, sentences: pd.DataFrame) -> float:
    """Characters inside ``quotes`` (``start``/``end``) as a share of the body sentences' characters."""
    body = sentences.loc[~sentences["is_title"].astype(bool), "text"].str.len().sum()
    quoted = (quotes["end"] - quotes["start"]).clip(lower=0).sum()
    return float(quoted / body) if body else 1.0


def unit_frame(statement: Statement, quotes: pd.DataFrame, sentences: pd.DataFrame, seg: Any) -> pd.DataFrame:
    """Stance units: attributed quotations; else transcript turns; else the body sentences.

    Unattributed quoted fragments (often scare quotes, low confidence) are listed as quotations but are
    not stance units, and neither are a few quotations inside a speech (under ``QUOTE_UNIT_MIN_SHARE`` of
    its body text): such a statement is analysed by its own sentences.
    """
    attributed = quotes[quotes["speaker"].notna() & (quotes["confidence"] >= UNIT_MIN_CONFIDENCE)]
    if len(attributed) and quoted_share(attributed, sentences) >= QUOTE_UNIT_MIN_SHARE:
        df = attributed.rename(columns={"quote_id": "unit_id"}).assign(unit_type="quote")
    elif getattr(seg, "turns", None):
        df = pd.DataFrame(
            [
                {"unit_id": f"t{i}", "text": t.text, "start": t.start, "end": t.end, "speaker": t.speaker}
                for i, t in enumerate(seg.turns)
            ]
        ).assign(unit_type="turn", topic=None, topic_score=np.nan)
    else:
        body = sentences[~sentences["is_title"]]
        df = body.rename(columns={"sentence_id": "unit_id"}).assign(unit_type="sentence")
        df["speaker"] = df["speaker"].fillna(statement.speaker) if statement.speaker else df["speaker"]
    return df.reindex(columns=UNIT_COLUMNS).reset_index(drop=True)
