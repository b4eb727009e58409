"""Target spellings that mean the same target ("defence industry" / "defense industry"), offered as one."""

from __future__ import annotations

import re
from collections.abc import Sequence

# British → American endings and words; applied to each word of a casefolded target.
_WORDS = {"defence": "defense", "offence": "offense", "licence": "license", "programme": "program"}
_ENDINGS = (("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("our", "or"), ("tre", "ter"))
_SEPARATORS = re.compile(r"[\s\-‐–—_/.]+")


def _word_key(word: str) -> str:
    word = _WORDS.get(word, word)
    for british, american in _ENDINGS:
        if len(word) > len(british) + 2 and word.endswith(british):
            return word[: -len(british)] + american
    return word


def spelling_key(target: str) -> str:
    """A key equal for spellings of one target: case, hyphens, British/American spelling, a plural "s"."""
    words = [w for w in _SEPARATORS.split(target.casefold().replace("’", "'")) if w]
    last = words[-1] if words else ""
    if len(last) > 4 and last.endswith("ies"):
        words[-1] = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    return " ".join(_word_key(w) for w in words)


def merge_spellings(new: Sequence[str], existing: Sequence[str] = ()) -> tuple[list[str], dict[str, str]]:
    """Split new targets into those to add and those that are another spelling of a known one.

    Returns:
        The targets to add (first spelling wins, also within ``new``) and ``{new spelling: kept spelling}``.
    """
    known = {spelling_key(t): t for t in existing}
    add: list[str] = []
    merged: dict[str, str] = {}
    for t in new:
        key = spelling_key(t)
        if key in known:
            if known[key] != t:
                merged[t] = known[key]
            continue
        known[key] = t
        add.append(t)
    return add, merged


def merged_note(merged: dict[str, str]) -> str:
    """``“defence industry” is the same target as “defense industry”: kept as one.`` (empty when none)."""
    return " ".join(f"“{new}” is the same target as “{kept}”: kept as one." for new, kept in merged.items())
