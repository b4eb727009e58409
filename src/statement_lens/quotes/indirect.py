"""Reported (indirect) speech without quote marks: opt-in ``kind="indirect"`` quotes.

Patterns, tried in this order in each body sentence (the title line and questions are skipped):

* ``According to X, CLAUSE.``: the content is the clause after the comma;
* ``CLAUSE, X said.`` / ``CLAUSE, said X.`` / ``CLAUSE, according to X.`` / ``A, X said, B.``: the
  attribution after a comma (found by :func:`~.attribution.after_quote`), with nothing but adverbials
  after its cue ("said on Friday"); the content is the sentence before the comma (and after the
  attribution, for a parenthetical one);
* ``X said (that) CLAUSE`` / ``X told reporters that CLAUSE`` / ``X believes/warned/argued/announced that
  CLAUSE``: a reporting verb with a subject (found by :func:`~.attribution.before_quote`, the same rules as
  for a direct quote's attribution), then an optional object (tell-type verbs) and adverbials ("on Friday",
  "in a statement"), then "that" -- only say-type verbs may go without "that", and only when a clause
  follows ("said on Friday." and "said so." have no content).

Negated cues ("did not say", "never said") and first/second-person subjects ("I believe that", "we
said") are not reported speech of someone else and yield nothing; nor does a mention that resolves to no
speaker (an unresolved "they"/"it"). Content overlapping a quotation, or a quote mark, is dropped by the
caller. This module is pure: text and segmentation in, candidates out; speaker resolution is the caller's
(:class:`~.resolve.Resolver`), exactly as for direct quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from statement_lens.quotes.attribution import after_quote, before_quote, is_subject_phrase
from statement_lens.quotes.lexicon import NOT_NAMES, PRONOUNS, ROLE_WORDS, wordset
from statement_lens.quotes.records import Attribution
from statement_lens.quotes.resolve import Resolution
from statement_lens.text.char_classes import APOSTROPHE_S, DOUBLE_QUOTES, QUOTE_CHARS, tokens
from statement_lens.text.segment import Segmentation
from statement_lens.types import Quote

__all__ = ["IndirectCandidate", "find_indirect", "indirect_quote"]

# Cues whose clause must start with "that" (verbs of saying, arguing and believing).
_THAT_CUES = wordset(
    "said says say stated states state told tells tell added adds argued argues argue believes believe "
    "believed warned warns warn announced announces announce claimed claims claim insisted insists insist "
    "noted notes explained explains stressed stresses emphasized emphasizes emphasised emphasises "
    "acknowledged acknowledges admitted admits suggested suggests declared declares maintained maintains "
    "contended contends asserted asserts confirmed confirms reported reports revealed reveals predicted "
    "predicts estimated estimates concluded concludes testified testifies recalled "
    "recalls reiterated reiterates agreed agrees thinks think thought hopes hope hoped fears fear feared "
    "promised promises pledged pledges vowed vows conceded concedes complained complains alleged alleges "
    "observed observes cautioned cautions signaled signalled signals informed informs assured assures "
    "reminded reminds wrote writes tweeted mentioned mentions"
)
# Cues that may take a bare clause ("Smith said the talks failed").
_BARE_CUES = wordset("said says say added adds")
# Cues with an object before the clause ("told reporters that", "warned allies that").
_OBJECT_CUES = wordset(
    "told tells tell informed informs assured assures reminded reminds warned warns cautioned cautions"
)
_NEGATIONS = wordset(
    "not n't never didn't doesn't don't won't wouldn't cannot can't hasn't haven't hadn't no"
)
_SELF = wordset("i we you me us")
# Words that may sit between a cue and "that" ("said on Friday that", "said in a statement that").
_ADVERBIAL_FIRST = wordset(
    "on in at during after before last this earlier later today yesterday tonight recently previously "
    "again also repeatedly publicly privately monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "separately then"
)
_PREPOSITIONS = wordset(
    "in on at to for with by from of about during after before over under into through since until as like "
    "than via amid following"
)
# A bare clause after a say-type cue never starts with one of these ("said in a statement", "said so").
_NOT_CLAUSE_START = _PREPOSITIONS | wordset(
    "so nothing yes no goodbye hello thanks thank again also earlier later only simply otherwise then when "
    "while if because and but or what how why whether who whom where little much something anything "
    "enough"
)
_TAIL_FIRST = _ADVERBIAL_FIRST | wordset("in on at during after before to via from when while outside inside")
_DETERMINERS = wordset(
    "the a an one another his her their its our some several many two three other both each"
)
_PEOPLE = wordset(
    "source sources aide aides official officials analyst analysts expert experts critics supporters "
    "people spokesman spokeswoman spokesperson statement report study poll survey letter lawsuit complaint "
    "campaign administration government police prosecutors investigators researchers economists lawmakers "
    "ministry department agency office committee council court judge lawyers attorneys residents voters "
    "witnesses activists protesters leaders diplomats"
)
_NOT_SPEAKERS = wordset(
    "evidence data history experience facts fact reality science figures numbers results record logic "
    "truth time times situation trend trends signs"
)
_SUBORDINATORS = wordset(
    "when if as while because although though after before since until unless once whether where"
)
_NOT_NAME_START = wordset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today yesterday"
)
_STRIP = ",.;:!?()" + QUOTE_CHARS


@dataclass(frozen=True)
class IndirectCandidate:
    """Reported content found in a sentence, with the attribution that introduces it."""

    parts: tuple[tuple[int, int], ...]  # content pieces (one, or two around a parenthetical attribution)
    att: Attribution
    that: bool  # introduced by "that" (or "according to")


def _low(word: str) -> str:
    return word.strip(_STRIP).lower()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and trailing clause punctuation from ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:!"):
        end -= 1
    return start, end


def _n_words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _according_first(text: str, toks: list[tuple[int, int, str]], end: int) -> IndirectCandidate | None:
    """``According to X, CLAUSE`` (optionally after "But"/"And")."""
    i = 1 if toks and _low(toks[0][2]) in {"but", "and", "yet", "so"} else 0
    if len(toks) < i + 4 or _low(toks[i][2]) != "according" or _low(toks[i + 1][2]) != "to":
        return None
    for k in range(i + 2, min(len(toks), i + 14)):
        if toks[k][2].endswith(","):
            ms, me = toks[i + 2][0], toks[k][1] - 1
            cs, ce = _trim(text, toks[k][1], end)
            if _n_words(text, cs, ce) < 3:
                return None
            att = Attribution(ms, me, text[ms:me], "according to", "according", toks[k][1])
            return IndirectCandidate(((cs, ce),), att, True)
        if toks[k][2][-1] in ".;:!?":
            return None
    return None


def _clause_after_cue(toks: list[tuple[int, int, str]], j: int, cue: str) -> tuple[int, bool] | None:
    """Index of the first content token after the cue at ``j`` and whether "that" introduced it."""
    k = j + 1
    if k >= len(toks):
        return None
    limit = min(len(toks), k + 8)
    first = _low(toks[k][2])
    # "said (on Friday / in a statement) that", "told reporters (on Friday) that"
    if cue in _OBJECT_CUES or first in _ADVERBIAL_FIRST or toks[k][2] == ",":
        for m in range(k, limit):
            w = toks[m][2]
            if _low(w) == "that" and w[0].islower():
                return (m + 1, True) if m + 1 < len(toks) else None
            if w[-1] in ".;:!?" or any(ch in w for ch in DOUBLE_QUOTES) or _low(w) in _THAT_CUES:
                return None
        return None
    if first == "that" and toks[k][2][0].islower():
        return (k + 1, True) if k + 1 < len(toks) else None
    if cue not in _BARE_CUES or toks[j][2][-1] in ",.;:!?":
        return None
    w = toks[k][2]
    if first in _NOT_CLAUSE_START or first.endswith("ly") or w[-1] in ".;:!?" or first in _THAT_CUES:
        return None
    if w[0].isupper() and first in _NOT_NAME_START:
        return None  # "said Friday …" without "that"
    return k, False


def _verb_first(
    text: str, toks: list[tuple[int, int, str]], ws: int, end: int, quoted: list[tuple[int, int]]
) -> IndirectCandidate | None:
    """``X said (that) CLAUSE``: the first cue with a valid subject and a clause after it."""
    for j, (_, cue_end, w) in enumerate(toks):
        cue = _low(w)
        if cue not in _THAT_CUES or not w[0].islower() or j == 0:
            continue
        prev = toks[j - 1][2]
        if _low(prev) in _NEGATIONS or prev.lower().endswith(("n't", "n’t")):
            continue  # "did not say", "didn’t say"
        if j >= 2 and _low(toks[j - 2][2]) in _NEGATIONS and _low(prev) in {"also", "ever", "really"}:
            continue
        found = _clause_after_cue(toks, j, cue)
        if found is None:
            continue
        k, that = found
        cs, ce = _trim(text, toks[k][0], end)
        if _n_words(text, cs, ce) < 2:
            continue
        att = before_quote(text, ws, cue_end, quoted)
        if att is None or att.end != cue_end or att.position != "before":
            continue
        if _low(att.mention) in _SELF:
            continue
        return IndirectCandidate(((cs, ce),), att, that)
    return None


def _cue_tail_ok(text: str, att: Attribution, toks: list[tuple[int, int, str]]) -> bool:
    """After an attribution that follows a comma, only adverbials may stand between its cue and its end.

    "…, Smith said on Friday." / "…, said Smith." / "…, he told reporters." pass; "…, Mexico said enough."
    and "…, Graham urged Republicans to join …" do not.
    """
    if att.cue == "according to":
        return len(att.mention.split()) <= 12
    if att.cue not in _THAT_CUES or _low(att.mention) in _SELF or len(att.mention.split()) > 8:
        return False
    if not _speaker_like(text, att):
        return False
    after = [t for t in toks if att.mention_end <= t[0] < att.end]
    cue_at = next((i for i, t in enumerate(after) if _low(t[2]) == att.cue), None)
    rest = after[cue_at + 1 :] if cue_at is not None else after  # cue-first: what follows the mention
    if not rest:
        return True
    if len(rest) > 6 or any(_low(t[2]) == "that" for t in rest):
        return False
    return att.cue in _OBJECT_CUES or _low(rest[0][2]) in _TAIL_FIRST


def _speaker_like(text: str, att: Attribution) -> bool:
    """A mention next to a cue after a comma: a name, a pronoun, or a short phrase about a person."""
    if not is_subject_phrase(text, att.mention_start, att.mention_end):
        return False
    words = att.mention.split()
    first = _low(words[0])
    if words[0][0].isupper() or first in PRONOUNS:
        return not (first.endswith("ing") and words[0][0].islower())
    if first not in _DETERMINERS or len(words) > 6:
        return False
    return any(w[0].isupper() or _low(w) in ROLE_WORDS or _low(w) in _PEOPLE for w in words[1:])


def _attribution_after_comma(
    text: str, toks: list[tuple[int, int, str]], start: int, end: int
) -> IndirectCandidate | None:
    """``CLAUSE, X said.`` / ``CLAUSE, according to X.`` / ``A, X said, B.`` (the last comma that fits)."""
    for k in range(len(toks) - 2, 0, -1):
        w = toks[k][2]
        if not w.endswith(",") or any(ch in w for ch in DOUBLE_QUOTES):
            continue
        comma = toks[k][1] - 1
        att = after_quote(text, comma, limit=end)
        if att is None or att.position not in ("after", "according") or not _cue_tail_ok(text, att, toks):
            continue
        cs, ce = _trim(text, start, comma)
        words = [_low(x) for x in text[cs:ce].split()]
        if words and words[0] in {"but", "and", "so", "yet"}:
            words = words[1:]
        if len(words) < 3 or words[0] in _SUBORDINATORS or words[-1] in _DETERMINERS:
            continue
        if words[-1].endswith(APOSTROPHE_S):
            continue
        parts = [(cs, ce)]
        ts, te = _trim(text, att.end, end)
        if te > ts:
            tail_first = _low(text[ts:te].split()[0])
            if tail_first.endswith("ing") or tail_first in {"and", "but"}:
                pass  # ", adding that …" / ", and …": the content is the part before the comma
            elif text[att.end - 1] == ",":
                parts.append((ts, te))  # "A, X said, B."
            else:
                continue
        return IndirectCandidate(tuple(parts), att, att.position == "according")
    return None


def find_indirect(text: str, seg: Segmentation, blocked: list[tuple[int, int]]) -> list[IndirectCandidate]:
    """Reported-speech candidates in the body sentences of ``text``.

    Args:
        text: The whole text.
        seg: Its segmentation.
        blocked: Spans of quotations (with their marks) and the title; cues inside them are ignored and
            content overlapping them is dropped.

    Returns:
        Candidates in text order, at most one per sentence; the content never contains a quote mark.
    """
    out: list[IndirectCandidate] = []
    for sent in seg.sentences:
        start, end = sent.start, sent.end
        if text[start:end].rstrip().endswith("?"):
            continue
        toks = tokens(text, start, end)
        if not toks:
            continue
        inside = [(s, e) for s, e in blocked if s < end and e > start]
        cand = _according_first(text, toks, end) or _attribution_after_comma(text, toks, start, end)
        if cand is None:
            free = [t for t in toks if not any(s <= t[0] < e for s, e in inside)]
            cand = _verb_first(text, free, start, end, inside)
        if cand is None:
            continue
        if any(ch in text[s:e] or "''" in text[s:e] for s, e in cand.parts for ch in DOUBLE_QUOTES):
            continue
        if any(s < be and e > bs for s, e in cand.parts for bs, be in inside):
            continue
        out.append(cand)
    return out


def _speaker_phrase(phrase: str) -> bool:
    """An unresolved phrase may speak unless it is plainly not a speaker ("All the evidence indicates")."""
    words = [_low(w) for w in phrase.split()]
    return bool(words) and words[-1] not in _NOT_SPEAKERS and not all(w in NOT_NAMES for w in words)


def indirect_quote(text: str, cand: IndirectCandidate, res: Resolution) -> Quote | None:
    """The :class:`Quote` for a candidate whose mention resolved to ``res`` (``None`` when nobody)."""
    if res.speaker is None or (res.how == "phrase" and not _speaker_phrase(res.speaker)):
        return None
    conf = 0.6 + (0.05 if cand.that else 0.0)
    if res.how == "name":
        conf += 0.05
    elif not res.is_person:
        conf -= 0.05
    parts = cand.parts
    start, end = parts[0][0], parts[-1][1]
    body = " ".join(text[s:e] for s, e in parts)
    return Quote(
        text=body,
        start=start,
        end=end,
        speaker=res.speaker,
        speaker_start=res.start,
        speaker_end=res.end,
        cue=cand.att.cue or None,
        kind="indirect",
        confidence=round(conf, 3),
        parts=parts if len(parts) > 1 else (),
    )
