"""The analysis frames' columns and the thresholds that decide what a unit is.

Imported by the stages, the codec, the store and the corpus Parquet writer, so every reader and writer of
an analysis agrees on one list of columns.
"""

from __future__ import annotations

from collections.abc import Callable

SCHEMA_VERSION = 1
#: ``progress(stage, fraction_done, message)``: how the runner reports each stage's start and end.
Progress = Callable[[str, float, str], None]

SENTENCE_COLUMNS = [
    "sentence_id", "start", "end", "text", "paragraph", "speaker",
    "topic", "topic_code", "topic_score", "n_words", "is_title",
]  # fmt: skip
QUOTE_COLUMNS = [
    "quote_id", "text", "start", "end", "speaker", "speaker_start", "speaker_end",
    "cue", "kind", "confidence", "flags", "topic", "topic_score", "speaker_confidence", "needs_review",
]  # fmt: skip
UNIT_COLUMNS = ["unit_id", "unit_type", "text", "start", "end", "speaker", "topic", "topic_score"]
STANCE_COLUMNS = [
    "unit_id", "unit_text", "speaker", "target", "label",
    "p_favor", "p_against", "p_none", "confidence", "needs_review",
    "evidence_start", "evidence_end", "mentions", "basis",
]  # fmt: skip
TOPIC_COLUMNS = ["topic", "code", "share_words", "share_sentences", "n_sentences", "n_words"]
TOPIC_UNIT_COLUMNS = ["topic", "unit_id", "relevance", "rank"]
#: The frames of an :class:`~statement_lens.pipeline.analysis.Analysis`, in the order they are stored.
FRAMES = ("sentences", "quotes", "units", "stance", "topics", "topic_units")

UNIT_MIN_CONFIDENCE = 0.5  # quotes below this (or without a speaker) are not stance units
# Quotations are the stance units only when they make up at least this share of the body text. Measured
# (benchmarks/reports/units_mode.md): attributed quotations cover at most 4.5 % of 50 UN General Debate
# speeches and 2.6 % of 20 State of the Union addresses (a cited proverb, a guest's words), but a median
# 19 % of PolNeAR's news articles and 78 % of the seed press report. Below it, a speech is its sentences.
QUOTE_UNIT_MIN_SHARE = 0.05
