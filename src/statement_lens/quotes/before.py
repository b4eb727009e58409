"""Attributions before a quote's opening mark, in its own sentence (see :mod:`.attribution`).

``Stoltenberg recalled that … "…"``, ``According to X, "…"``, ``And from Chairwoman X: "…"``,
``X: "…"``, round-up lines ``Jan Novak, Daily Planet: "…"`` / ``Eva Berg, economist, said: "…"``, inverted
``But, said Novak, "…"``, ``As the senator put it, "…"``, and phrasal cues ("pointed out").
"""

from __future__ import annotations

import re

from statement_lens.quotes.context import sentence_subject
from statement_lens.quotes.lexicon import (
    MESSAGE_NOUNS,
    NOUN_LIKE,
    PHRASAL_CUES,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    SPEECH_NOUNS,
    WEAK_CUES,
    wordset,
)
from statement_lens.quotes.phrases import (
    AS_PUT,
    Tok,
    clean,
    ends_clause,
    is_adverb,
    is_base_form,
    is_cue,
    mention_span,
    name_run_before,
    np_after,
    np_before,
    relative_subject,
    source_after,
    valid_subject,
)
from statement_lens.quotes.records import Attribution
from statement_lens.text.char_classes import (
    APOSTROPHES,
    DOUBLE_QUOTES,
    POSSESSIVE_SUFFIX,
    is_possessive,
    tokens,
)

__all__ = ["before_quote"]

# "Jan Novak, Daily Planet:" / "Eva Berg, economist, said:" alone on the line before the opening mark
_NAME_WORD = r"[A-Z][\w." + APOSTROPHES + r"-]*"
_ROUNDUP = re.compile(
    r"^[ \t]*((?:" + _NAME_WORD + r")(?:[ \t]+(?:" + _NAME_WORD + r"|de|van|von|al)){1,3}),"
    r"[ \t]+[^:\n" + DOUBLE_QUOTES + r"]{2,60}:[ \t]*$",
    re.MULTILINE,
)
_PHRASAL = re.compile(r"\b(" + "|".join(re.escape(p) for p in PHRASAL_CUES) + r")\b")


def before_quote(
    text: str,
    window_start: int,
    open_mark: int,
    quoted: list[tuple[int, int]] | None = None,
    sentence_start: int | None = None,
) -> Attribution | None:
    """Match an attribution in ``text[window_start:open_mark]`` (the quote's own sentence so far).

    Args:
        text: The whole text.
        window_start: Start of the stretch to search.
        open_mark: Offset of the quote's opening mark.
        quoted: Spans of other quotes; words inside them are never cues.
        sentence_start: Start of the whole sentence, where its subject is looked for ("X, …, telling Y
            that …"); defaults to ``window_start``.

    Returns:
        The attribution, or ``None``.
    """
    toks = tokens(text, window_start, open_mark)
    subject_from = window_start if sentence_start is None else min(sentence_start, window_start)
    if quoted:
        inside = [(s, e) for s, e in quoted if s < open_mark and e > window_start]
        toks = [t for t in toks if not any(s <= t[0] < e for s, e in inside)] if inside else toks
    if not toks:
        return None
    words = [clean(t[2]) for t in toks]
    # "According to X, "…""
    for i in range(len(toks) - 2, -1, -1):
        if words[i] == "according" and words[i + 1] == "to":
            subj = source_after(toks, i + 2)
            if subj:
                s, e, m = mention_span(subj, text)
                return Attribution(s, e, m, "according to", "according", subj[-1][1])
    as_put = AS_PUT.search(text, window_start, open_mark)
    if as_put:
        return Attribution(as_put.start(1), as_put.end(1), as_put.group(1), "put it", "before", as_put.end())
    # "X: "…"" / "And from Chairwoman X: "…"" / "Said Ellis: "…""
    roundup = _ROUNDUP.search(text, max(window_start, text.rfind("\n", 0, open_mark) + 1), open_mark)
    if roundup:  # "Jan Novak, Daily Planet: "…"" / "Eva Berg, economist, said: "…""
        return Attribution(roundup.start(1), roundup.end(1), roundup.group(1), ":", "roundup", open_mark)
    dash = max((k for k, t in enumerate(toks) if t[2] in ("-", "–", "—", "--")), default=-1)
    said_of = any(  # "X said of Sanders:" (not the noun in "secretary of state Clinton:", nor "… - Name:")
        is_cue(t[2]) and t[2][0].islower() and (k == 0 or clean(toks[k - 1][2]) not in {"of", "the", "a"})
        for k, t in enumerate(toks[:-1])
        if k >= len(toks) - 5 and k > dash
    )
    if toks[-1][2].endswith(":") and not is_cue(toks[-1][2]) and not said_of:
        subj = [*np_before(toks, len(toks) - 1), toks[-1]]
        if len(subj) > 1 and is_cue(subj[0][2]) and subj[0][2][0].isupper():
            s, e, m = mention_span(subj[1:], text)
            return Attribution(s, e, m, clean(subj[0][2]), "before", toks[-1][1])
        if subj and (subj[-1][2][0].isupper() or clean(subj[-1][2]) in PRONOUNS):
            if clean(subj[0][2]) == "from":
                subj = subj[1:]
            if subj and not valid_subject(subj):
                k = len(subj)  # "Former secretary of state Hillary Clinton:": the capitalised name
                while k > 0 and subj[k - 1][2][0].isupper():
                    k -= 1
                cut = 0 < k < len(subj) and not subj[k - 1][2][0].isupper()  # lower case or a dash
                subj = subj[k:] if cut else subj
            if subj and valid_subject(subj):
                s, e, m = mention_span(subj, text)
                return Attribution(s, e, m, ":", "colon", toks[-1][1])
    inverted = _inverted_before(toks, text)
    if inverted is not None:
        return inverted
    owner = _speech_owner(toks, text)
    if owner is not None:
        return owner
    sent = _message_sender(toks, text, subject_from)
    if sent is not None:
        return sent
    # "X said (that) … "…"": the last reporting verb with a valid subject
    phrasal = list(_PHRASAL.finditer(text, window_start, open_mark))
    for j in range(len(toks) - 1, -1, -1):
        w = toks[j][2]
        if not is_cue(w) or w[0].isupper():
            continue
        if phrasal and phrasal[-1].start() > toks[j][0]:
            break  # "After X criticized him, Hillary shot back, "…"": the nearer phrasal cue first
        cue = clean(w)
        if (cue in WEAK_CUES and j < len(toks) - 6) or cue in NOUN_LIKE:
            continue
        if cue.endswith("ed") and j and clean(toks[j - 1][2]) in _PASSIVE_AUX:
            continue  # "Guccifer 2.0 was branded "…"": the one so named did not say it
        if cue.endswith("ing"):
            if j >= 2 and is_cue(toks[j - 1][2]) and toks[j - 1][2].endswith(","):
                said = np_before(toks, j - 1)  # "Nefzi said, adding, "…""
                if said and valid_subject(said):
                    s, e, m = mention_span(said, text)
                    return Attribution(s, e, m, cue, "before", toks[j][1])
            subj = name_run_before(toks, j)
            if not subj and j >= 2 and clean(toks[j - 1][2]).endswith("ly") and toks[j - 1][2].isalpha():
                subj = name_run_before(toks, j - 1)  # "with Cruz recently promising to "…""
            lead = toks.index(subj[0]) if subj else 0
            if lead and clean(toks[lead - 1][2]) in _OBJECT_PREPOSITIONS:
                subj = []  # "responded to the question on Facebook writing, "…"": a place or a medium
            if not (subj and valid_subject(subj)) and _modifies_noun(toks, j):
                continue  # "a report suggesting …": the participle belongs to the noun, not the subject
            if not (subj and valid_subject(subj)):
                att = sentence_subject(text, subject_from, toks[j][0])
                if att is not None:
                    return Attribution(
                        att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1]
                    )
                continue
        elif (
            cue.endswith("s")
            and cue[:-1] in NOUN_LIKE
            and j
            and toks[j - 1][2][0].islower()
            and clean(toks[j - 1][2]) not in PRONOUNS
        ):
            continue  # "a flurry of late-night tweets" -- a noun, not a verb
        elif j and clean(toks[j - 1][2]) in {"and", "but"}:
            shared = _coordinated_subject(toks, j - 1)  # "which Trump had called … and promised to "…""
            if shared:
                s, e, m = mention_span(shared, text)
                return Attribution(s, e, m, cue, "before", toks[j][1])
            att = sentence_subject(text, subject_from, toks[j][0])  # "X stressed … and said …"
            if att is not None and clean(att.mention) not in {"it"}:
                return Attribution(att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1])
            continue
        else:
            rel = relative_subject(toks, j)
            if rel is not None:  # "Trump, who has called the pact "insanity"": who, resolved to Trump
                return Attribution(rel[0], rel[1], rel[2], cue, "before", toks[j][1])
            subj = np_before(toks, j)
            if not (subj and valid_subject(subj)) and j and toks[j - 1][2].endswith(","):
                att = sentence_subject(text, subject_from, toks[j][0])  # "X, noting …, said"
                if att is not None:
                    return Attribution(
                        att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1]
                    )
        if subj and is_base_form(cue) and clean(subj[-1][2]) not in {"i", "we", "they", "you"}:
            continue
        if subj and valid_subject(subj):
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, cue, "before", toks[j][1])
    for ph in reversed(phrasal):
        at = next((k for k, t in enumerate(toks) if t[0] >= ph.start()), None)
        if at is None:
            continue
        subj = np_before(toks, at)
        if subj and valid_subject(subj):
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, ph.group(1), "before", ph.end())
    return None


_PASSIVE_AUX = wordset("is are was were be been being")
# a name right after one of these is its object, not the subject of the participle after it
_OBJECT_PREPOSITIONS = wordset("on in at to of for about into via by")
_PROGRESSIVE = wordset(
    "is are was were be been being am while after before by when and or but then without with upon in on "
    "for of from"
)


def _modifies_noun(toks: list[Tok], j: int) -> bool:
    """Whether the -ing cue at ``j`` follows a lower-case noun directly ("a report suggesting")."""
    if j == 0:
        return False
    prev = toks[j - 1][2]
    low = clean(prev)
    return (
        prev[0].islower()
        and prev[-1].isalpha()
        and low not in _PROGRESSIVE
        and low not in MESSAGE_NOUNS
        and low not in PRONOUNS
        and not is_adverb(prev)
        and (low in NOUN_LIKE or not is_cue(prev))
    )


def _coordinated_subject(toks: list[Tok], k: int) -> list[Tok]:
    """The subject of the cue before the "and" at ``k`` in its clause ("X had called it … and promised")."""
    for i in range(k - 1, max(-1, k - 12), -1):
        w = toks[i][2]
        if ends_clause(w) and not w.endswith(","):
            return []
        if is_cue(w) and w[0].islower() and not clean(w).endswith("ing") and clean(w) not in NOUN_LIKE:
            subj = np_before(toks, i)
            return subj if subj and valid_subject(subj) else []
    return []


def _inverted_before(toks: list[Tok], text: str) -> Attribution | None:
    """``But, said Solovey, "…"``: a cue and its subject right before the opening mark."""
    if not toks[-1][2].endswith(","):
        return None
    for j in range(len(toks) - 2, max(-1, len(toks) - 10), -1):
        w = toks[j][2]
        if not (is_cue(w) and (w[0].islower() or j == 0)) or clean(w).endswith("ing"):
            continue  # "But, said Solovey," / "Said Comey,"
        if j and not toks[j - 1][2].endswith(","):
            return None
        subj = np_after(toks, j + 1)
        if subj and subj[-1] == toks[-1] and valid_subject(subj):
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, clean(w), "before", toks[-1][1])
        return None
    return None


# words allowed between a speech noun and the opening mark ("her claim that she "…"", "pledge to be "…"")
_NOUN_TO_QUOTE = wordset("that to be of for he she they it i we")


def _speech_owner(toks: list[Tok], text: str) -> Attribution | None:
    """``her remark that "…"`` / ``Trump's controversial pledge to be "…"``: the possessor of a speech noun.

    The noun (:data:`~.lexicon.SPEECH_NOUNS`) stands at most three words before the opening mark, with only
    linking words between; at most two modifiers ("March", "controversial") sit between it and the
    possessor: a possessive determiner ("her" → she) or a name with ``'s`` ("Donald Trump's" → Donald Trump).
    """
    for k in range(len(toks) - 1, max(-1, len(toks) - 5), -1):
        if clean(toks[k][2]) in SPEECH_NOUNS and not toks[k][2][0].isupper():
            if k == len(toks) - 1 and not toks[k][2].endswith(","):
                return None  # "Trump's comments "are based on …"": words about the comments
            break
        if clean(toks[k][2]) not in _NOUN_TO_QUOTE or (toks[k][2][-1] in ".;:!?" and k < len(toks) - 1):
            return None
    else:
        return None
    for m in range(k - 1, max(-1, k - 4), -1):
        w = toks[m][2]
        low = clean(w)
        if ends_clause(w):
            return None
        if low in POSSESSIVE_PRONOUNS and w[0].islower():
            s0, cue = toks[m][0], clean(toks[k][2])
            return Attribution(s0, s0 + len(low), w[: len(low)], cue, "before", toks[k][1])
        if is_possessive(w) and w[0].isupper():
            run = [toks[m]]
            while m > 0 and len(run) < 4 and toks[m - 1][2][0].isupper() and not ends_clause(toks[m - 1][2]):
                m -= 1
                run.insert(0, toks[m])
            name = POSSESSIVE_SUFFIX.sub("", w)
            s, e = run[0][0], run[-1][0] + len(name)
            if not valid_subject([*run[:-1], (run[-1][0], e, name)]):
                return None
            return Attribution(s, e, text[s:e], clean(toks[k][2]), "before", toks[k][1])
        if not (w[0].isupper() or low.isalpha()) or low in {"the", "a", "an", "this", "that"}:
            return None
    return None


# verbs that put out a message ("issued a statement, "…"")
_SEND_VERBS = wordset(
    "issued issues released releases posted posts sent sends put puts tweeted tweets published publishes "
    "wrote writes penned pens ran runs aired airs"
)


def _message_sender(toks: list[Tok], text: str, subject_from: int) -> Attribution | None:
    """``Trump issued a statement, "…"``: the sender of a message noun closed by a comma before the mark.

    A verb that puts a message out stands a few words before the noun; the sender is the sentence's subject.
    """
    last = toks[-1][2]
    if last[-1] not in ",:" or clean(last) not in MESSAGE_NOUNS or len(toks) < 3:
        return None
    for k in range(len(toks) - 2, max(-1, len(toks) - 6), -1):
        if clean(toks[k][2]) in _SEND_VERBS and toks[k][2][0].islower():
            att = sentence_subject(text, subject_from, toks[k][1])
            if att is None:
                return None
            s0, e0 = att.mention_start, att.mention_end
            return Attribution(s0, e0, att.mention, clean(last), "before", toks[-1][1])
        if ends_clause(toks[k][2]):
            return None
    return None
