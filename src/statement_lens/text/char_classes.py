"""Character classes and token patterns shared by every text rule (like spaCy's ``lang/char_classes.py``).

One place for the marks that the quotation and attribution rules read, so that a new kind of quote mark or
dash is added once:

* :data:`DOUBLE_QUOTES` -- straight and curly double quotes, low-9 and guillemets: the marks that open and
  close a quotation; :data:`SINGLE_QUOTES` -- curly single quotes (quotation marks only in a text with no
  double quotes); :data:`QUOTE_CHARS` -- both, with the straight apostrophe (what to strip from a word's
  edges); :data:`OPENING_QUOTES` / :data:`CLOSING_QUOTES` -- the curly marks whose shape says their role;
* :data:`APOSTROPHES` and :data:`POSSESSIVE_ENDINGS` ("Smith's", "Smith’s", "Davis'");
* :data:`DASHES` (em dash, en dash, horizontal bar) and :data:`DASHES_AND_HYPHEN`;
* :data:`CLAUSE_PUNCT` -- marks that close a clause inside a sentence or end it;
* :data:`TOKEN` (whitespace-separated tokens), :data:`WORD` (a word: a letter or digit, then word characters,
  apostrophes and hyphens) and :data:`ABBREVIATION` (a token ending in a period that does not end a
  sentence: "Gov.", "U.S.", "Jr.", "(R-Texas)").
"""

from __future__ import annotations

import re

__all__ = [
    "ABBREVIATION",
    "APOSTROPHES",
    "APOSTROPHE_S",
    "CLAUSE_PUNCT",
    "CLOSING_QUOTES",
    "DASHES",
    "DASHES_AND_HYPHEN",
    "DOUBLE_QUOTES",
    "OPENING_QUOTES",
    "POSSESSIVE_ENDINGS",
    "POSSESSIVE_SUFFIX",
    "QUOTE_CHARS",
    "SINGLE_QUOTES",
    "TOKEN",
    "WORD",
    "is_abbreviation",
    "is_possessive",
    "tokens",
]

#: Marks that open or close a quotation: straight, curly (“ ”), low-9 (German „) and guillemets.
DOUBLE_QUOTES = '"“”„«»'
#: Curly single quotes: quotation marks only in British-style texts with no double quotes.
SINGLE_QUOTES = "‘’"
#: Curly marks whose shape says they open a quote.
OPENING_QUOTES = "“„«‘"
#: Curly marks whose shape says they close a quote (also the apostrophe ’).
CLOSING_QUOTES = "”»’"
#: Every mark that can stand at a quoted word's edge, with the straight apostrophe.
QUOTE_CHARS = DOUBLE_QUOTES + SINGLE_QUOTES + "'"
#: Straight and typographic apostrophes.
APOSTROPHES = "'’"
#: "'s" with either apostrophe ("Smith's", "Smith’s"; also "he's").
APOSTROPHE_S = ("'s", "’s")
#: Endings of a possessive noun ("Smith's", "Smith’s", "Davis'", "Davis’").
POSSESSIVE_ENDINGS = ("'s", "’s", "s'", "s’")
#: Em dash, en dash and horizontal bar (a hyphen-minus is not among them).
DASHES = "—–―"
#: The dashes and the hyphen-minus (a typed dash: ``"…" - Commissioner X``).
DASHES_AND_HYPHEN = DASHES + "-"
#: Marks that close a clause or a sentence.
CLAUSE_PUNCT = ",;:!?."

#: A whitespace-separated token.
TOKEN = re.compile(r"\S+")
#: A word: a letter or digit (Latin, with accents), then word characters, apostrophes and hyphens.
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w'’\-]*")
#: An apostrophe ending a word, or a possessive "'s" ("Davis'", "Clinton’s").
POSSESSIVE_SUFFIX = re.compile("[" + APOSTROPHES + "]s?$")
#: A token ending in a period that does not end a sentence: a title or short abbreviation ("Gov.", "Sen.",
#: "Jr.", "St."), initials ("U.S.", "J."), optionally in parentheses or before a comma, or a parenthesised
#: token ("(R-Texas)").
ABBREVIATION = re.compile(r"^\(?(?:[A-Z][a-z]{0,3}\.|(?:[A-Za-z]\.)+)[),]?$|^\([^)]*\)[,]?$")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """The whitespace-separated tokens of ``text[start:end]`` as ``(start, end, token)``, offsets in text."""
    stop = len(text) if end is None else end
    return [(start + m.start(), start + m.end(), m.group(0)) for m in TOKEN.finditer(text[start:stop])]


def is_abbreviation(token: str) -> bool:
    """Whether a token ending in a period is an abbreviation rather than a sentence end."""
    return ABBREVIATION.match(token) is not None


def is_possessive(word: str) -> bool:
    """Whether ``word`` (trailing comma ignored) ends like a possessive noun."""
    return word.rstrip(",").endswith(POSSESSIVE_ENDINGS)
