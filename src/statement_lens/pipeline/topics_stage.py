"""The topics stage: every sentence and unit gets a topic; the emphasis table and key units follow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from statement_lens.pipeline.runner import call_model, require
from statement_lens.services import Services
from statement_lens.text.ceremony import is_ceremonial
from statement_lens.topics import OTHER, assign_topics, key_units, topic_emphasis

#: Texts per call to the encoder when progress is reported (a long statement shows it moving).
CHUNK = 2000


def assign(
    services: Services,
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    units: pd.DataFrame,
    report: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sentences, quotations and units with their topic columns filled, and the topic emphasis table.

    With ``report``, texts go to the encoder ``CHUNK`` at a time and ``report(done, total)`` follows.
    """
    reasons = {k: v for k, v in services.failures.items() if k in ("embedder", "taxonomy")}
    embedder = require(services.embedder, "the sentence encoder", reasons)
    taxonomy = require(services.taxonomy, "the taxonomy", reasons)
    texts = list(dict.fromkeys([*sentences["text"], *units["text"]]))
    step = CHUNK if report is not None and len(texts) > CHUNK else max(len(texts), 1)
    assigned = []
    for start in range(0, len(texts), step):
        assigned += call_model(
            assign_topics,
            texts[start : start + step],
            taxonomy=taxonomy,
            embedder=embedder,
            threshold=services.settings.topic_threshold,
        )
        if report is not None:
            report(min(start + step, len(texts)), len(texts))
    # Protocol ("Mr. President,", "I thank His Excellency …") is no policy topic: it goes to "Other" so
    # topic shares (above all by sentences: salutation lines are many and short) reflect the substance.
    by_text = {a.text: replace(a, topic=OTHER, code=None) if is_ceremonial(a.text) else a for a in assigned}
    sentences = sentences.assign(
        topic=[by_text[t].topic for t in sentences["text"]],
        topic_code=[by_text[t].code for t in sentences["text"]],
        topic_score=[by_text[t].score for t in sentences["text"]],
    )
    units = units.assign(
        topic=[by_text[t].topic for t in units["text"]],
        topic_score=[by_text[t].score for t in units["text"]],
    )
    if len(quotes):
        quotes = quotes.assign(
            topic=[by_text[t].topic if t in by_text else None for t in quotes["text"]],
            topic_score=[by_text[t].score if t in by_text else np.nan for t in quotes["text"]],
        )
    return sentences, quotes, units, topic_emphasis(sentences)


def topic_units(units: pd.DataFrame) -> pd.DataFrame:
    """The key units of each topic, ranked by relevance (see :func:`statement_lens.topics.key_units`)."""
    return key_units(units)
