"""Import the modules whose import registers the built-in backends."""

from __future__ import annotations

import importlib

_MODULES = (
    "statement_lens.models.embedder",
    "statement_lens.stance.heuristic",
    "statement_lens.stance.lens",
    "statement_lens.stance.lens_v2",
    "statement_lens.stance.nli",
    "statement_lens.summary.extractive",
    "statement_lens.summary.seq2seq",
    "statement_lens.summary.causal",
)

for _name in _MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a backend module not written yet must not break the others
        if exc.name != _name:
            raise
