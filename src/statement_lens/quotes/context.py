"""Fallback attributions from context, for quotes with no reporting verb next to them.

* ``subject``: a quoted fragment inside a sentence belongs to the sentence's subject
  ("Trump openly admires Putin as a “strong leader”").
* ``previous``: a quote that opens its sentence, right after a sentence about someone, is theirs
  ("Sanders identified young voters' exhaustion as a reason. "The younger people are …"").
* ``continuation``: a quote paragraph with no attribution continues the quote in the paragraph before it.

These are weaker than a cue and get lower confidence.
"""

from __future__ import annotations

import re

from statement_lens.quotes.lexicon import AGE, NOT_NAMES, PRONOUNS, REPORTING_VERBS, ROLE_HEADS, wordset
from statement_lens.quotes.records import Attribution
from statement_lens.text.char_classes import (
    APOSTROPHES,
    DOUBLE_QUOTES,
    POSSESSIVE_ENDINGS,
    POSSESSIVE_SUFFIX,
    QUOTE_CHARS,
    is_abbreviation,
    tokens,
)

__all__ = ["named_mid_sentence", "sentence_subject"]

_ADVERBIAL_START = wordset(
    "in on at during after before meanwhile since while when as for with from by under over despite "
    "following amid among earlier later last this today yesterday but and so yet still however also "
    "speaking asked though although because if once whether unless until ironically instead here there now "
    "like unlike besides beyond across against around behind near throughout toward towards upon regarding "
    "alongside "
    "somewhere based given"
)
_GROUP_NOUNS = wordset(
    "campaign family spokesman spokeswoman spokesperson aides aide administration government team office "
    "lawyer lawyers attorney officials official staff supporters critics allies party committee "
    "ministry department agency leaders letter statement ad ads email emails tweet website memo release "
    "editorial response reply answer message comment comments remarks words"
)
_ORG_NOUNS = wordset(
    "newspaper paper daily network company group organization organisation website magazine station "
    "outlet firm union board council court foundation institute association commission center centre "
    "town city county"
)
_APPOSITION_START = wordset("who whose which a an the")
# "Clinton, during a town hall meeting, said": a phrase set off by commas after the subject
_INTERJECTION_START = wordset("during in at on speaking appearing writing")
_OPENERS = wordset(
    "maybe perhaps even still just only whatever contrast beyond hours minutes days weeks months years "
    "people led asked reached told given faced everyone nobody something nothing everything anyone "
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
)
_WORD_ENDINGS = re.compile(r"(?:ing|ed|ly|ions?|ness|ments?|ity|ies|ous|ive|ic|ism|ists?)$")


def _strip(word: str) -> str:
    return word.strip(",.;:!?()" + QUOTE_CHARS).lower()


def named_mid_sentence(text: str, word: str) -> bool:
    """Whether ``word`` also stands capitalised inside a sentence somewhere in ``text`` (so: a name)."""
    return re.search(r"[a-z0-9,;:)" + APOSTROPHES + r"] +" + re.escape(word) + r"\b", text) is not None


def _not_a_name(text: str, word: str) -> bool:
    """Whether a capitalised sentence-initial ``word`` is an ordinary word ("Fundraising", "Maybe").

    A word that also stands capitalised inside a sentence is a name. Otherwise a word from the list of
    sentence openers, or with the ending of a verb form, adverb or abstract noun, is not.
    """
    if named_mid_sentence(text, word):
        return False
    low = word.lower()
    return low in _OPENERS or (len(low) > 5 and _WORD_ENDINGS.search(low) is not None)


def _common_subject(toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """A determiner + role or organisation noun subject: "the justice", "His office", "The paper"."""
    if _strip(toks[i][2]) not in {"the", "his", "her", "their", "its"}:
        return None
    for k in range(i + 1, min(len(toks), i + 5)):
        w = toks[k][2]
        low = _strip(w)
        if not w[0].islower() or not low.isalpha():
            return None
        if low in ROLE_HEADS or low in _GROUP_NOUNS or low in _ORG_NOUNS:
            nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
            if w.endswith(",") or (nxt[:1].islower() and _strip(nxt) not in {"of", "and", "or", "for", "at"}):
                return toks[i][0], toks[k][0] + len(w.rstrip(",;:"))
            return None
    return None


def sentence_subject(text: str, start: int, end: int) -> Attribution | None:
    """The subject noun phrase at the start of the sentence ``text[start:end]``.

    Accepts a pronoun, or a capitalised name run (with titles, abbreviations and a possessive noun:
    "Scott's family"), optionally after an opening adverbial closed by a comma ("In July, Gingrich …").
    The subject must be followed by a lower-case word (its verb) or an apposition comma.

    Args:
        text: The whole text.
        start: Sentence start.
        end: Where to stop looking (the quote's opening mark, or the sentence end).

    Returns:
        An attribution with position ``"subject"``, or ``None``.
    """
    toks = tokens(text, start, end)
    if not toks:
        return None
    i = 0
    if _strip(toks[0][2]) in {"but", "and", "so", "yet", "or"} and not toks[0][2].endswith(","):
        i = 1  # "But Sen. X, noting …, said"
    elif (
        _strip(toks[0][2]) in _ADVERBIAL_START
        or any(ch in toks[0][2] for ch in DOUBLE_QUOTES)
        or (_strip(toks[0][2]) in NOT_NAMES and any(t[2].endswith(",") for t in toks[:4]))  # "To wit, X"
        or (  # "Hours later, Trump …"
            toks[0][2][:1].isupper()
            and _not_a_name(text, toks[0][2].strip(","))
            and any(t[2].endswith(",") for t in toks[:5])
        )
    ):
        for k, (_, _, w) in enumerate(toks[:12]):
            if w.endswith(",") or (w[-1] in DOUBLE_QUOTES and len(w) > 1 and w[-2] == ","):
                i = k + 1
                break
        else:
            return None
    if i + 1 < len(toks) and AGE.match(toks[i][2]) and toks[i + 1][2][0].isupper():
        i += 1  # "81-year-old Parker Eaton said": the age is not part of the name
    if i >= len(toks):
        return None
    first = toks[i][2]
    common = _common_subject(toks, i)
    if common is not None:
        s, e = common
        return Attribution(s, e, text[s:e], "", "subject", 0)
    if _strip(first) in {"his", "her", "their", "its", "my", "our", "your"}:
        return None
    if first.lower().endswith(("’s", "'s", "’d", "'d", "’ll", "'ll")) and _strip(first[:-2]) in PRONOUNS:
        return None  # "He’s been investigated …": a contraction, not a speaking subject
    if _strip(first) in PRONOUNS:
        if i + 1 < len(toks) and toks[i + 1][2][0].islower():
            return Attribution(
                toks[i][0], toks[i][0] + len(first.rstrip(",")), first.rstrip(","), "", "subject", 0
            )
        return None
    run: list[tuple[int, int, str]] = []
    k = i
    if _strip(first) in {"the", "a", "an"} and k + 1 < len(toks) and toks[k + 1][2][0].isupper():
        run.append(toks[k])
        k += 1
    while k < len(toks) and len(run) < 8:
        w = toks[k][2]
        if w[0].isupper() or is_abbreviation(w):
            run.append(toks[k])
            k += 1
            if w.endswith(","):
                break
            continue
        break
    names = [t for t in run if _strip(t[2]) not in NOT_NAMES]
    if not names or any(ch in "".join(t[2] for t in run) for ch in DOUBLE_QUOTES):
        return None
    if len(run) == 1 and run[0][2].endswith(",") and i == 0:
        after = toks[k][2] if k < len(toks) else ""
        word = _strip(run[0][2])
        if word.endswith("ly") or not (
            after[:1].isupper() or _strip(after) in _APPOSITION_START or _strip(after) in _INTERJECTION_START
        ):
            return None  # "Ironically, …": an adverb, not a subject
    if i == 0 and len(run) == 1 and _not_a_name(text, POSSESSIVE_SUFFIX.sub("", run[0][2].rstrip(","))):
        return None  # "Fundraising was …", "Maybe …": a capitalised first word, not a name
    last = run[-1][2]
    possessive = last.endswith(POSSESSIVE_ENDINGS)
    if possessive and not (k < len(toks) and _strip(toks[k][2]) in _GROUP_NOUNS):
        return None  # "Ouisa Davis' commentary": the subject is the noun, not the name
    if k < len(toks) and toks[k][2][0].islower() and _strip(toks[k][2]) in _GROUP_NOUNS:
        run.append(toks[k])  # "Scott's family", "The Clinton campaign"
        k += 1
        last = run[-1][2]
    if not last.endswith(",") and (k >= len(toks) or not toks[k][2][0].islower()):
        return None
    if (
        k + 1 < len(toks)
        and _strip(toks[k][2]) == "and"
        and toks[k + 1][2][0].isupper()
        and not last.endswith(",")
    ):
        more = k + 1  # "Trump and Ryan issued"
        while more < len(toks) and toks[more][2][0].isupper() and more - k < 4:
            more += 1
        if more < len(toks) and toks[more][2][0].islower() and _strip(toks[more][2]) not in NOT_NAMES:
            run, k = run + toks[k:more], more
    if k < len(toks) and _strip(toks[k][2]) in {"of", "and", "or"}:
        return None
    s, e = run[0][0], run[-1][1]
    while e > s and text[e - 1] in ",.;:":
        e -= 1
    if _strip(text[s:e]) in REPORTING_VERBS:
        return None
    return Attribution(s, e, text[s:e], "", "subject", 0)
