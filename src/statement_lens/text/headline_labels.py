"""Headline kickers that look like transcript speaker labels: ``BOOM: Trump Just Fired …``, ``PREVIOUSLY:``.

News and blog pages open items with one all-caps word and a colon (a kicker); a transcript labels turns
the same way (``PENCE: …``). A single all-caps word is no speaker label when it is a common word of
headlines (:data:`KICKER_WORDS`, or an adverb such as ``PREVIOUSLY``, ``EXCLUSIVELY``), or when the words
after it are a headline in title case (``HUFFPOLLSTER: A 'Seismic Shift' Among Voters May Have Won …``),
which a speaker's turn never is.
"""

from __future__ import annotations

import re

__all__ = ["KICKER_WORDS", "is_headline_kicker"]

_KICKERS = (
    "boom busted breaking previously exclusive developing alert bombshell wow whoa yikes oops ouch "
    "huge shock shocking flashback revealed confirmed must-see must-watch listen look lol epic "
    "unreal fact truth hilarious finally again also plus bonus correction clarification editorial "
    "opinion analysis commentary report reports poll live latest just now then today "
    "yesterday tonight earlier later meanwhile elsewhere first next last"
)
#: Single words that open a headline or a news item, never a speaker's turn.
KICKER_WORDS = frozenset(_KICKERS.split())
_ADVERB = re.compile(r"(?:ous|ive|ate|ent|ant|ial|ful|less|ical)ly$")
_SMALL_WORDS = "a an and as at but by for in of on or the to vs with"
_SMALL = frozenset(_SMALL_WORDS.split())
_MIN_TITLE_WORDS = 5


def is_headline_kicker(label: str, rest: str) -> bool:
    """Whether ``label`` (the words before the colon) is a headline kicker, given the ``rest`` of its line."""
    if " " in label.strip() or not label.isupper() or len(label) < 2:
        return False
    low = label.lower()
    if low in KICKER_WORDS or _ADVERB.search(low):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", rest) if w.lower() not in _SMALL]
    if len(words) < _MIN_TITLE_WORDS:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.8 * len(words)
