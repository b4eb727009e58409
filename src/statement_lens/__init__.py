"""Statement Lens: quotations, speakers, topics, stance and summaries of official statements.

The public functions are imported lazily so that ``import statement_lens`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_statement": "statement_lens.ingest",
    "statement_from_text": "statement_lens.ingest",
    "extract_quotes": "statement_lens.quotes",
    "assign_topics": "statement_lens.topics",
    "load_taxonomy": "statement_lens.topics",
    "classify_stance": "statement_lens.stance",
    "summarize": "statement_lens.summary",
    "analyze": "statement_lens.pipeline",
    "Analysis": "statement_lens.pipeline",
    "Store": "statement_lens.store",
    "Settings": "statement_lens.config",
    "load_settings": "statement_lens.config",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'statement_lens' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
