"""The summary stage: length from the statement's size, then the source-support check on the result."""

from __future__ import annotations

from statement_lens.pipeline.runner import call_model, require
from statement_lens.services import Services
from statement_lens.summary import mark_support, summary_length
from statement_lens.types import Statement, Summary


def summarize(services: Services, statement: Statement) -> Summary:
    """The configured summariser's summary of ``statement``, each sentence checked against the source."""
    model = services.settings.summarizer
    backend = require(services.summarizer, f"summariser {model!r}", services.failures.get("summarizer"))
    length = summary_length(len(statement.text.split()), services.settings.summary_sentences)
    summary = call_model(backend.summarize, statement.text, max_sentences=length)
    return mark_support(summary, statement.text)
