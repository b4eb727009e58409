"""Hand-built Analysis objects for tests that must not run the pipeline."""

from __future__ import annotations

import pandas as pd

from statement_lens.config import Settings
from statement_lens.pipeline.analysis import Analysis
from statement_lens.pipeline.schema import (
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    TOPIC_COLUMNS,
    TOPIC_UNIT_COLUMNS,
    UNIT_COLUMNS,
)
from statement_lens.types import Statement, Summary, SummarySentence

NO_EVIDENCE = (None, None, "[]", "")


def make_analysis(
    text: str = 'He said "we support Ukraine" today.',
    *,
    errors: list[str] | None = None,
    settings: Settings | None = None,
) -> Analysis:
    settings = settings or Settings(
        stance="stance.fake", summarizer="summarizer.fake", embedder="embedder.fake"
    )
    st = Statement(text=text, title=None, origin="test")
    q0 = text.find('"') + 1
    q1 = text.find('"', q0)
    row = ["q0", text[q0:q1], q0, q1, "Jane Doe", None, None, "said", "direct", 0.9, "", "Defense", 0.5]
    quotes = pd.DataFrame([[*row, 0.9, False]], columns=QUOTE_COLUMNS)  # speaker_confidence, needs_review
    units = pd.DataFrame(
        [["q0", "quote", text[q0:q1], q0, q1, "Jane Doe", "Defense", 0.5]], columns=UNIT_COLUMNS
    )
    sentences = pd.DataFrame(
        [["s0", 0, len(text), text, 0, None, "Defense", 16, 0.5, len(text.split()), False]],
        columns=SENTENCE_COLUMNS,
    )
    stance = pd.DataFrame(  # evidence_start, evidence_end, mentions, basis: none recorded
        [
            ["q0", text[q0:q1], "Jane Doe", "Ukraine", "favor", 0.8, 0.1, 0.1, 0.8, False, *NO_EVIDENCE],
        ],
        columns=STANCE_COLUMNS,
    )
    topics = pd.DataFrame([["Defense", 16, 1.0, 1.0, 1, len(text.split())]], columns=TOPIC_COLUMNS)
    topic_units = pd.DataFrame([["Defense", "q0", 0.5, 1]], columns=TOPIC_UNIT_COLUMNS)
    summary = Summary((SummarySentence(text, 0, len(text), 1.0),), method="fake", model="fake")
    return Analysis(
        statement=st,
        sentences=sentences,
        quotes=quotes,
        units=units,
        stance=stance,
        topics=topics,
        topic_units=topic_units,
        summary=summary,
        targets=["Ukraine"],
        provenance={"config_hash": settings.config_hash(), "models": {}},
        errors=errors or [],
    )
