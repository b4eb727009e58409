"""Cue words and speaker noun phrases around a quotation: the token-level rules of attribution.

Shared by :mod:`.attribution` (after the closing mark), :mod:`.before` (before the opening mark) and
:mod:`.indirect`. A token is ``(start, end, text)`` with offsets in the whole text
(:func:`statement_lens.text.char_classes.tokens`).
"""

from __future__ import annotations

import re

from statement_lens.quotes.lexicon import (
    ADVERBS,
    AGE,
    BAD_FIRST,
    BOUNDARY_WORDS,
    DETERMINERS,
    LY_NOUNS,
    NOT_IN_SUBJECT,
    NOT_NAMES,
    NOUN_LIKE,
    PRONOUNS,
    REPORTING_VERBS,
    STOP_AFTER_CUE,
    wordset,
)
from statement_lens.text.char_classes import (
    APOSTROPHES,
    DASHES,
    DASHES_AND_HYPHEN,
    DOUBLE_QUOTES,
    POSSESSIVE_ENDINGS,
    is_abbreviation,
    tokens,
)

__all__ = [
    "AS_PUT",
    "Tok",
    "apposition_ok",
    "appositive",
    "clean",
    "ends_clause",
    "is_adverb",
    "is_base_form",
    "is_cue",
    "is_subject_phrase",
    "mention_span",
    "name_head",
    "name_run_before",
    "np_after",
    "np_before",
    "relative_subject",
    "source_after",
    "valid_subject",
]

Tok = tuple[int, int, str]

#: "As the senator put it": the speaker of the quote that follows or precedes.
AS_PUT = re.compile(
    r"\b[Aa]s\s+((?:the|a|an|one|[A-Z][\w.’'-]*)(?:\s+[\w.’'-]+){0,6}?)\s+"
    r"(?:put|puts|said|says|wrote|noted|described|called)\s+it\b"
)
# "Cruz." / "Berg." have an abbreviation's shape but end a sentence; titles and "Jr." keep their period
_SURNAME_DOT = re.compile(
    r"^(?!(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Adm|Maj|Capt|Rev|Prof|Inc|Co|Corp|Ltd|No|Vs)\.)"
    r"[A-Z][a-z]{2,3}\.$"
)
_DOCUMENT_NOUNS = wordset(
    "statement release report letter memo email spokesman spokeswoman spokesperson transcript"
)
# a quantifier that stands for people on its own ("Another tweeted", "Several said")
_PEOPLE_WORDS = wordset("another several many some both few most")
_CONTRACTION = re.compile(r"(\w+)[" + APOSTROPHES + r"](?:d|ll|s|ve|re)$")
# what is stripped from a word's edges before it is looked up in a word list

_EDGE = ",.;:!?()" + DOUBLE_QUOTES + APOSTROPHES + DASHES_AND_HYPHEN


def is_cue(word: str) -> bool:
    """Whether ``word`` is a reporting verb form ("said", "adds")."""
    return word.lower().strip(",.;:!?" + DOUBLE_QUOTES) in REPORTING_VERBS


def is_adverb(word: str) -> bool:
    """Whether ``word`` may stand between a subject and its cue ("also", "later", "repeatedly")."""
    low = clean(word)
    return low in ADVERBS or (word[:1].islower() and low.endswith("ly") and low not in LY_NOUNS)


def clean(word: str) -> str:
    """``word`` in lower case without edge punctuation, quote marks, apostrophes or dashes."""
    return word.strip(_EDGE).lower()


def ends_clause(word: str) -> bool:
    """Whether ``word`` closes a clause (a comma, colon, quote mark, dash or sentence-final period)."""
    if word[-1] in ",;:!?" or word[-1] in DOUBLE_QUOTES or word[-1] in DASHES or word == "-":
        return True
    return word.endswith(".") and not is_abbreviation(word)


def valid_subject(toks: list[Tok]) -> bool:
    """Whether the tokens form a speaker noun phrase: a name, a pronoun, "the minister", "Name, title,"."""
    if not toks or len(toks) > 14:
        return False
    first = toks[0][2]
    if clean(first) in BAD_FIRST or not first[0].isalnum():
        return False
    lowered = [clean(t[2]) for t in toks]
    bad_end = lowered[-1] in BAD_FIRST or lowered[-1] in DETERMINERS or lowered[-1] in {"of", "into", "for"}
    alone = len(toks) == 1 and (
        lowered[0] in PRONOUNS or (toks[0][2][0].isupper() and lowered[0] in _PEOPLE_WORDS)
    )
    if bad_end and not alone:
        return False
    if not any(ch.isalpha() for t in toks for ch in t[2]):
        return False  # "2010"
    if len(toks) == 1 and first[0].islower() and lowered[0].endswith(("ing", "ed")):
        return False  # "…, having referred to him as", "that were hacked suggested": a verb, not a subject
    if not alone and all(low in NOT_NAMES and low not in PRONOUNS for low in lowered):
        return False  # "Friday", "Once"
    has_name = any(t[2][0].isupper() or t[2][0].isdigit() for t in toks)
    if not (has_name or lowered[0] in DETERMINERS or lowered[0] in PRONOUNS) and len(toks) > 2:
        return False
    for (_, _, w), low in zip(toks, lowered, strict=True):
        if any(ch in w for ch in ";!?" + DOUBLE_QUOTES):
            return False
        if w.endswith(".") and not is_abbreviation(w):
            return False
        if w[0].islower() and (
            low in NOT_IN_SUBJECT
            or (is_cue(w) and low not in NOUN_LIKE)
            or (low.endswith("ly") and low not in LY_NOUNS)
        ):
            return False
    # "the mayor's": a possessive, not a speaker
    return not toks[-1][2].rstrip(",").endswith(POSSESSIVE_ENDINGS)


def is_subject_phrase(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` looks like a speaker noun phrase (a name, "the minister", "he")."""
    return valid_subject(tokens(text, start, end))


_NOMINATIVE = frozenset({"he", "she", "they", "we", "i"})


def mention_span(toks: list[Tok], text: str) -> tuple[int, int, str]:
    """``(start, end, mention)`` of a subject's tokens, less a sentence-final period or trailing comma."""
    if len(toks) > 1 and AGE.match(toks[0][2]):
        toks = toks[1:]  # "81-year-old Parker Eaton": the age is not part of the name
    while len(toks) > 1 and toks[-1][2].startswith("("):
        toks = toks[:-1]  # "Sen. Ted Cruz (R-Tex.),": the party and state are not part of the name
    if len(toks) > 1 and clean(toks[-1][2]) in _NOMINATIVE and clean(toks[-2][2]) not in {"and", "or"}:
        toks = toks[-1:]  # "an investment he concludes has …": the pronoun is the subject
    s, e = toks[0][0], toks[-1][1]
    last = toks[-1][2]
    if text[e - 1] == "." and (not is_abbreviation(last) or _SURNAME_DOT.match(last)):
        e -= 1  # a sentence-final period, also after a short surname ("said Ted Cruz.")
    while e > s and text[e - 1] in ",;:" + DASHES_AND_HYPHEN:
        e -= 1
    contracted = _CONTRACTION.match(text, s, e)
    if len(toks) == 1 and contracted is not None and contracted.group(1).lower() in PRONOUNS:
        e = s + len(contracted.group(1))  # "he’d asked": the pronoun without its auxiliary
    return s, e, text[s:e]


def appositive(toks: list[Tok]) -> bool:
    """Whether ``toks`` open with a capitalised name closed by a comma ("Scott Pruitt, the …")."""
    for k, (_, _, w) in enumerate(toks[:6]):
        if not (w[0].isupper() or is_abbreviation(w)):
            return False
        if w.endswith(","):
            return k + 1 < len(toks)
    return False


def name_head(toks: list[Tok]) -> list[Tok]:
    """The name before an apposition ("Scott Pruitt," of "Scott Pruitt, the attorney general,")."""
    for k, (_, _, w) in enumerate(toks):
        if w.endswith(","):
            return toks[: k + 1]
    return toks


def apposition_ok(subj: list[Tok]) -> bool:
    """A subject with commas must be "Name, title," -- the first part capitalised."""
    if not any(t[2].endswith(",") for t in subj[:-1]):
        return True
    return subj[0][2][0].isupper() or clean(subj[0][2]) in DETERMINERS


def np_after(toks: list[Tok], i: int, allow_lower: bool = True) -> list[Tok]:
    """A noun phrase starting at token ``i``, cut at clause punctuation or a preposition."""
    if i >= len(toks):
        return []
    first = toks[i][2]
    lw = clean(first)
    if not (first[0].isupper() or first[0].isdigit()) and not (
        allow_lower and (lw in DETERMINERS or lw in PRONOUNS or _name_follows(toks, i))
    ):
        return []
    out: list[Tok] = []
    for k in range(i, min(len(toks), i + 10)):
        w = toks[k][2]
        if k > i and clean(w) in STOP_AFTER_CUE and not w[0].isupper():
            break
        if any(ch in w for ch in DOUBLE_QUOTES):
            break
        out.append(toks[k])
        if ends_clause(w):
            break
    return out


def _name_follows(toks: list[Tok], i: int) -> bool:
    """Whether lower-case modifiers at ``i`` lead into a name ("former Gov. Jim Doyle", "aide Jo Li")."""
    for k in range(i, min(len(toks), i + 4)):
        w = toks[k][2]
        if w[0].isupper():
            return k > i
        low = clean(w)
        if low in STOP_AFTER_CUE or low in BAD_FIRST or ends_clause(w) or is_cue(w) or not w[0].isalpha():
            return False
    return False


def source_after(toks: list[Tok], i: int) -> list[Tok]:
    """The source after "according to": past "a statement from" / "a spokesman for" to who issued it."""
    subj = np_after(toks, i)
    k = i + len(subj)
    if (
        not subj
        or k + 1 >= len(toks)
        or ends_clause(subj[-1][2])
        or clean(subj[-1][2]) not in _DOCUMENT_NOUNS
    ):
        return subj
    return (np_after(toks, k + 1) or subj) if clean(toks[k][2]) in {"from", "by", "for", "of"} else subj


def np_before(toks: list[Tok], j: int) -> list[Tok]:
    """The noun phrase that ends just before token ``j`` (walking back to a clause boundary).

    Handles an apposition closed by a comma: "Jens Stoltenberg, NATO Secretary General, said".
    """
    k = j
    while k > 0 and is_adverb(toks[k - 1][2]):
        k -= 1
    if k > 1 and toks[k - 1][2].endswith(","):
        m = k - 1
        while m > 0 and k - m < 16 and not ends_clause(toks[m - 1][2]):
            m -= 1
        if m > 0 and toks[m - 1][2].endswith(","):
            head = _walk_back(toks, m - 1, [toks[m - 1]])
            if head and head[0][2][0].isupper():
                if clean(toks[m][2]) in {"who", "who's", "who’s", "whose", "which"}:
                    return head  # "Michael Bloomberg, who's thinking about running, said"
                full = head + toks[m:k]
                # a long apposition ("Sen. Ted Cruz (R-Tex.), a candidate who …, tweeted"): the name alone
                return head if len(full) > 14 and valid_subject(head) else full
            inner = toks[m:k]
            place = toks[m - 1][2][0].isupper() and len(inner) == 1  # "in Columbus, Ohio," "of Flint, Mich.,"
            if inner and not place and all(t[2][0].isupper() or is_abbreviation(t[2]) for t in inner):
                return inner  # "her senior policy adviser, Jake Sullivan, said"
        return []
    return _walk_back(toks, k, [])


def _walk_back(toks: list[Tok], k: int, out: list[Tok]) -> list[Tok]:
    out = list(out)
    while k > 0 and len(out) < 12:
        w = toks[k - 1][2]
        if ends_clause(w) or (clean(w) in BOUNDARY_WORDS and not w[0].isupper()):
            break
        out.insert(0, toks[k - 1])
        k -= 1
    while out and clean(out[0][2]) in BAD_FIRST:
        out.pop(0)
    return out


def name_run_before(toks: list[Tok], j: int) -> list[Tok]:
    """Capitalised words right before token ``j`` ("footage of Hillary Clinton asking")."""
    out: list[Tok] = []
    k = j
    while k > 0 and len(out) < 6:
        w = toks[k - 1][2]
        if not (w[0].isupper() or is_abbreviation(w)) or (w.endswith(",") and k != j):
            break
        out.insert(0, toks[k - 1])
        k -= 1
        if w.endswith(","):
            break
    if out and out[-1][2].endswith(","):
        return []
    while out and clean(out[0][2]) in BAD_FIRST:
        out.pop(0)
    return out


def relative_subject(toks: list[Tok], j: int) -> Tok | None:
    """The "who" that is the subject of the cue at ``j`` after a name ("Trump, who has called it")."""
    k = j
    while k > 0 and is_adverb(toks[k - 1][2]):
        k -= 1
    if (
        k >= 2
        and toks[k - 1][2].lower() == "who"
        and (toks[k - 2][2].endswith(",") or toks[k - 2][2][0].isupper())
    ):
        return toks[k - 1]
    return None


def is_base_form(cue: str) -> bool:
    """Whether a cue is a bare verb form ("say", "tell"): it needs "I/we/they/you" as its subject."""
    return not cue.endswith(("s", "d", "ing")) and cue not in {"told", "wrote", "thought", "sang", "read"}
