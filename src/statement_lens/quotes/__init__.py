"""Quotations and their speakers: ``extract_quotes(text) -> list[Quote]``.

Modules: :mod:`.marks` pairs quote marks, :mod:`.assign` orders the attribution patterns,
:mod:`.attribution` (after the closing mark) and :mod:`.before` (before the opening mark) find cues and
speaker mentions with the token rules of :mod:`.phrases`, :mod:`.context` and :mod:`.clause` give fallbacks,
:mod:`.governor` reads a weakly attributed fragment's speaker from a dependency parse,
:mod:`.names` builds the text's name map (and loads spaCy NER lazily), :mod:`.resolve` maps mentions to
canonical names, :mod:`.layout` handles headlines and transcript turns, :mod:`.indirect` finds reported
speech without quote marks (opt-in: ``extract_quotes(text, indirect=True)``), :mod:`.extract` ties them
together.
"""

from statement_lens.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
