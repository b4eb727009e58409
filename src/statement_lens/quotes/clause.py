"""Attributions away from the quote's marks: a clause closing its sentence, or a first mention.

``Clinton "drew quite well" in the 2008 primary, said professor Paul Beck.`` and
``"A lot of people were upset" about it, Doyle said.``: the quote's own after-mark and before-mark patterns
see nothing, but the sentence ends with an attribution clause introduced by a comma. The clause is matched
with :func:`~statement_lens.quotes.attribution.after_quote` from each comma after the closing mark, and
counts when nothing but a short apposition follows it up to the sentence end.
"""

from __future__ import annotations

import re

from statement_lens.quotes.attribution import after_quote
from statement_lens.quotes.context import named_mid_sentence
from statement_lens.quotes.lexicon import (
    DETERMINERS,
    LY_NOUNS,
    NAME_RUN,
    NOT_IN_SUBJECT,
    NOT_NAMES,
    PRONOUNS,
    wordset,
)
from statement_lens.quotes.phrases import clean, ends_clause, is_adverb, is_cue, mention_span
from statement_lens.quotes.records import Attribution
from statement_lens.text.char_classes import APOSTROPHE_S, APOSTROPHES, DOUBLE_QUOTES, tokens

__all__ = ["first_mention", "leading_phrase", "sentence_tail"]

_COMMA = re.compile(r",[" + DOUBLE_QUOTES + APOSTROPHES + r"]?(?=\s)")


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
        if any(ch in rest for ch in DOUBLE_QUOTES) or len(rest) > 160:
            continue
        return Attribution(att.mention_start, att.mention_end, att.mention, att.cue, "tail", att.end)
    return None


_PREPOSITIONS = wordset(
    "in at of from to for on with by about into onto over under against between among than as like "
    "after before during since until through toward towards upon"
)
_MODIFIER_LEAD = wordset("the a an his her their its our my this these those every each")
_MENTION = re.compile(
    r"\b(?:he|she|they|He|She|They)\b|" + NAME_RUN.pattern,
)


def first_mention(text: str, start: int, open_mark: int) -> Attribution | None:
    """The first person-like mention of the quote's sentence before its opening mark: a weak guess.

    A name (not a sentence opener, not a possessive, not the object of a preposition) or he / she / they.
    Used only when nothing better attributes a quoted fragment; its confidence is low (see
    :mod:`.calibration`), so such speakers land in "needs review".
    """
    for m in _MENTION.finditer(text, start, open_mark):
        word = m.group(0)
        before = text[max(start, m.start() - 20) : m.start()].split()
        prev = before[-1].lower().strip(",;:()") if before else ""
        if (
            prev in _PREPOSITIONS
            or text[m.end() : m.end() + 2] in APOSTROPHE_S
            or word.endswith(APOSTROPHE_S)
        ):
            continue
        first = word.split()[0]
        if first.lower() in NOT_NAMES and first.lower() not in {"he", "she", "they"}:
            continue
        if prev in _MODIFIER_LEAD or (re.match(r"\.\s", text[m.end() : m.end() + 2]) and len(word) <= 4):
            continue  # "the Republican nomination", "a giant", "praising Sen. X": not a speaker
        if not before and first.lower() not in {"he", "she", "they"} and not named_mid_sentence(text, first):
            continue
        if any(ch in text[m.start() : open_mark] for ch in "\n"):
            return None
        return Attribution(m.start(), m.end(), word, "", "mention", 0)
    return None


# words that end a leading noun phrase (its verb, an auxiliary, a clause word) or never start one
_PHRASE_STOP = NOT_IN_SUBJECT | wordset("and or but who which whose")
_NOT_PHRASE_START = wordset("it this that there what why how when where if whether here these those such")
_SENTENCE_ADVERBS = wordset(
    "maybe perhaps even still just only whatever indeed surely probably possibly actually again yes no"
)
_OPENER_SKIP = wordset("also but and so yet still then now meanwhile however instead")


def leading_phrase(text: str, start: int, open_mark: int) -> Attribution | None:
    """The noun phrase that opens the quote's sentence: the weakest guess ("One message read "…"").

    For a quoted fragment that no cue, subject or name attributes: the words from the sentence start (past
    an opening "Also," or adverbial closed by a comma) up to the first verb-like word -- a reporting verb,
    an auxiliary, a lower-case past form, a negation -- or a comma. Its confidence is the lowest (see
    :mod:`.calibration`), so such speakers land in "needs review".
    """
    toks = tokens(text, start, open_mark)
    i = 0
    if toks and clean(toks[0][2]) in _OPENER_SKIP:
        i = 1
    if i < len(toks) and any(t[2].endswith(",") for t in toks[i : i + 6]) and not toks[i][2][0].isupper():
        i = next(k for k in range(i, min(len(toks), i + 6)) if toks[k][2].endswith(",")) + 1
    out = []
    for k in range(i, min(len(toks), i + 8)):
        w = toks[k][2]
        low = clean(w)
        if any(ch in w for ch in DOUBLE_QUOTES) or not low:
            break
        verb_like = w[0].islower() and (
            low in _PHRASE_STOP or is_cue(w) or low.endswith(("ed", "n't", "n’t")) or is_adverb(w)
        )
        if k > i and verb_like:
            break
        out.append(toks[k])
        if ends_clause(w):
            break
    first = clean(out[0][2]) if out else ""
    if not out or first in _NOT_PHRASE_START or first in PRONOUNS or first in _SENTENCE_ADVERBS:
        return None
    if first.endswith("ly") and first not in LY_NOUNS:
        return None  # "Clearly the plan is "doomed"": an adverb opens the sentence
    while out and (clean(out[-1][2]) in DETERMINERS or clean(out[-1][2]) in _PREPOSITIONS):
        out.pop()
    if not out or not any(ch.isalpha() for t in out for ch in t[2]):
        return None
    s, e, m = mention_span(out, text)
    return Attribution(s, e, m, "", "leading", 0)
