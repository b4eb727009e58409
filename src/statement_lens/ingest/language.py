"""A cheap English check: the share of common English function words among all words.

English prose runs at 40-55 % function words ("the", "of", "and", "to", ...); French, German, Spanish,
Russian or Chinese text scores under 5 % against this list. The models behind Statement Lens are
English-only, so other languages are refused with a clear message rather than analysed badly.
"""

from __future__ import annotations

import re

from statement_lens.errors import UnsupportedLanguageError
from statement_lens.ingest.limits import MIN_ENGLISH_STOPWORD_RATIO, MIN_WORDS_FOR_LANGUAGE_CHECK

# Words chosen to be rare as whole words in other European languages ("a", "in", "on", "so",
# "was", "die" are left out on purpose).
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to is that for it with as be this are by we have not you from at or but which "  # noqa: SIM905
    "they has an will their been were would our can there all its more also who these had he "
    "she his her them than should must about what when into only other such may because could "
    "those us your any some being does did do very our its it's we're don't i'm has shall upon "
    "between through against under over after before while where how why then here each most "
    "both same own just again further once my me him these itself themselves ourselves".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SAMPLE_WORDS = 50_000


def english_ratio(text: str) -> tuple[float, int]:
    """Return (share of English function words, number of words looked at)."""
    words = [w.lower() for w in _WORD.findall(text[: _SAMPLE_WORDS * 8])][:_SAMPLE_WORDS]
    if not words:
        return 0.0, 0
    hits = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS)
    return hits / len(words), len(words)


def check_english(text: str) -> None:
    """Refuse text that is clearly not English.

    Texts under ``MIN_WORDS_FOR_LANGUAGE_CHECK`` words are let through: too short to judge.

    Raises:
        UnsupportedLanguageError: the text is long enough to judge and is not English.
    """
    ratio, n_words = english_ratio(text)
    if n_words < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return
    if ratio < MIN_ENGLISH_STOPWORD_RATIO:
        raise UnsupportedLanguageError(
            "The text does not look like English "
            f"({ratio:.0%} common English words among {n_words} words; English text has 25 % or more). "
            "Only English is supported yet: translate the statement to English and try again."
        )
