"""Attributions that close the quote's sentence after a comma, away from its marks.

``Clinton "drew quite well" in the 2008 primary, said professor Paul Beck.`` and
``"A lot of people were upset" about it, Doyle said.``: the quote's own after-mark and before-mark patterns
see nothing, but the sentence ends with an attribution clause introduced by a comma. The clause is matched
with :func:`~statement_lens.quotes.attribution.after_quote` from each comma after the closing mark, and
counts when nothing but a short apposition follows it up to the sentence end.
"""

from __future__ import annotations

import re

from statement_lens.quotes.attribution import after_quote
from statement_lens.quotes.records import Attribution

__all__ = ["sentence_tail"]

_COMMA = re.compile(r",[\"”’']?(?=\s)")
_QUOTE_MARKS = '"“”„«»'


def sentence_tail(text: str, close_mark: int, sentence_end: int) -> Attribution | None:
    """The attribution clause that ends the sentence of the quote closed at ``close_mark``.

    Args:
        text: The whole text.
        close_mark: Offset of the quote's closing mark.
        sentence_end: End of the quote's sentence (never past the paragraph end).

    Returns:
        The attribution with position ``"tail"``, or ``None``.
    """
    nl = text.find("\n", close_mark, sentence_end)
    end = nl if nl >= 0 else sentence_end
    for m in _COMMA.finditer(text, close_mark + 1, end):
        att = after_quote(text, m.end() - 1, limit=end)
        if att is None or att.position not in ("after", "according"):
            continue
        rest = text[att.end : end]
        if any(ch in rest for ch in _QUOTE_MARKS) or len(rest) > 160:
            continue
        return Attribution(att.mention_start, att.mention_end, att.mention, att.cue, "tail", att.end)
    return None
