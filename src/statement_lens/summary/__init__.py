"""Summaries: backends, the one source-support check, the length rule.

Backends: ``extractive``, ``seq2seq`` and ``causal``; the support check is ``support``; the length rule
and the public ``summarize`` are in ``api`` and re-exported here.
"""

from statement_lens.summary.api import mark_support, summarize, summary_length
from statement_lens.summary.support import names_and_numbers, unsupported_tokens

__all__ = ["mark_support", "names_and_numbers", "summarize", "summary_length", "unsupported_tokens"]
