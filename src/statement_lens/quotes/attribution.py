"""Find who a quotation is attributed to, from the words around its marks (pure regex and word lists).

Patterns, tried in this order for each quote:

* after the closing mark (this module): ``"…," Stoltenberg said`` / ``"…," said Stoltenberg`` /
  ``"…," he said`` / ``"…," the NATO Secretary General said`` / ``"…," according to him`` /
  ``"…" - Commissioner X``;
* before the opening mark, in the same sentence (:mod:`.before`): ``Stoltenberg recalled that … "…"``,
  ``According to X, "…"``, ``And from Chairwoman X: "…"``, ``X: "…"``, round-up lines
  ``Jan Novak, Daily Planet: "…"``, inverted ``But, said Novak, "…"``;
* a preceding sentence that ends with a colon: ``Caddell continued:`` + a quote paragraph.

The token-level rules (cue words, speaker noun phrases) are :mod:`.phrases`. An :class:`Attribution`
names the mention as it stands in the text; :mod:`.resolve` maps it to a person.
"""

from __future__ import annotations

import re

from statement_lens.quotes.before import before_quote
from statement_lens.quotes.lexicon import (
    CORE_CUES,
    MESSAGE_NOUNS,
    NOUN_LIKE,
    PRONOUNS,
    ROLE_WORDS,
    SPEECH_NOUNS,
    wordset,
)
from statement_lens.quotes.phrases import (
    AS_PUT,
    Tok,
    apposition_ok,
    appositive,
    clean,
    ends_clause,
    is_adverb,
    is_cue,
    is_subject_phrase,
    mention_span,
    name_head,
    np_after,
    source_after,
    valid_subject,
)
from statement_lens.quotes.records import Attribution
from statement_lens.text.char_classes import DASHES, DASHES_AND_HYPHEN, tokens

__all__ = ["Attribution", "after_quote", "before_quote", "is_subject_phrase"]

# a line that opens with a dash right after the quote's line: "…"\n— Commissioner X
_DASH_LINE = re.compile(r"\n(?:[ \t]*\n)?[ \t]*[" + DASHES_AND_HYPHEN + r"]+[ \t]*")
_WIRES = frozenset({"reuters", "ap", "afp", "associated press", "bloomberg", "upi", "dpa", "xinhua"})
# commas and dashes between the closing mark and the attribution
_LEAD = re.compile(r"\s*([," + DASHES_AND_HYPHEN + r"]*)[ \t\u00a0]*")


def after_quote(text: str, close_mark: int, limit: int | None = None) -> Attribution | None:
    """Match an attribution that follows the closing mark at ``close_mark``.

    When the quoted content closes its own sentence (``"…." Russia insisted that …``) a following
    "Name verb" only counts if the clause stops right after the verb (``"…." Stoltenberg said.``).
    """
    closed = close_mark > 0 and text[close_mark - 1] in ".?!"
    pos = close_mark + 1
    end = min(len(text), pos + 260 if limit is None else limit)
    nl = text.find("\n", pos, end)
    if nl >= 0:
        end = nl
    if nl >= 0 and not text[pos:nl].strip():
        nxt = _DASH_LINE.match(text[nl : nl + 10])
        line_end = text.find("\n", nl + nxt.end()) if nxt else -1
        line = text[nl + nxt.end() : line_end if line_end > 0 else len(text)].strip() if nxt else ""
        # "– Ready to quiz Trump –" is a subheading; "- Reuters." closing the story is the wire's credit
        if nxt and line.rstrip(" .")[-1:] not in DASHES_AND_HYPHEN and line.strip(" .").lower() not in _WIRES:
            pos, end = nl + nxt.start(), line_end if line_end > 0 else len(text)
    lead = _LEAD.match(text[pos:end])
    dash = bool(lead and any(ch in DASHES_AND_HYPHEN for ch in lead.group(1)))
    start = pos + (lead.end() if lead else 0)
    toks = tokens(text, start, end)
    if not toks:
        return None
    words = [clean(t[2]) for t in toks]
    as_put = AS_PUT.match(text, start)
    if as_put:
        return Attribution(as_put.start(1), as_put.end(1), as_put.group(1), "put it", "after", as_put.end())
    if words[0] == "as" and len(toks) > 2 and not ends_clause(toks[0][2]):
        toks, words = toks[1:], words[1:]  # "…," as Cruz said on Monday
    if words[0] == "according" and len(words) > 2 and words[1] == "to":
        subj = source_after(toks, 2)
        if subj:
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, "according to", "according", subj[-1][1])
    # cue first: "…," said Stoltenberg
    first_cue = clean(toks[0][2])
    if (
        is_cue(toks[0][2])
        and toks[0][2][0].islower()
        and not ends_clause(toks[0][2])
        and not first_cue.endswith("ing")
    ):
        subj = np_after(toks, 1)
        if subj and first_cue not in CORE_CUES and subj[0][2][0].islower() and not _people_phrase(subj):
            subj = []  # "…," described the emotional impact as: the verb's object, not an inverted subject
        if subj:
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, clean(toks[0][2]), "after", _clause_end(text, subj[-1][1], end))
    # subject first: "…," the NATO Secretary General said
    for i, (_, _, w) in enumerate(toks[:30]):
        if i and is_cue(w) and w[0].islower():
            if clean(w) in NOUN_LIKE and i + 1 < len(toks) and is_cue(toks[i + 1][2]):
                continue  # "the report stated": a noun before the cue
            j = i
            while j > 0 and is_adverb(toks[j - 1][2]):
                j -= 1
            subj = toks[:j]
            if appositive(subj):
                subj = name_head(subj)
            demonstrative = len(subj) > 1 and subj[0][2] in ("this", "that") and subj[1][2][0].isupper()
            if demonstrative:
                subj = subj[1:]  # "…," this Trump look-alike declared: the phrase after "this"
            if valid_subject(subj) and not any(ends_clause(t[2]) and t[2][-1] != "," for t in subj):
                if not apposition_ok(subj):
                    break
                pronoun = len(subj) == 1 and subj[0][2].islower() and clean(subj[0][2]) in PRONOUNS
                if closed and not pronoun and not ends_clause(w) and not _short_tail(toks, i):
                    following = [clean(t[2]) for t in toks[i + 1 : i + 4]]
                    # "“Too forced?” He tweeted when …": a pronoun, then its cue and an adjunct of the cue
                    adjunct = clean(subj[0][2]) in PRONOUNS and following[:1] in (["when"], ["as"], ["after"])
                    if (clean(w) not in CORE_CUES and not adjunct) or "that" in following:
                        break
                s, e, m = mention_span(subj, text)
                return Attribution(s, e, m, clean(w), "after", _clause_end(text, toks[i][1], end))
            break
        if (ends_clause(w) and w[-1] != ",") or (i >= 14 and not appositive(toks[: i + 1])):
            break
    if dash:
        subj = np_after(toks, 0, allow_lower=False)
        if subj:
            s, e, m = mention_span(subj, text)
            return Attribution(s, e, m, DASHES[0], "dash", subj[-1][1])
    return None


_PEOPLE = wordset(
    "people officials experts analysts critics supporters voters residents sources aides woman man "
    "one another"
)


_PEOPLE_OR_MESSAGES = ROLE_WORDS | _PEOPLE | MESSAGE_NOUNS | SPEECH_NOUNS


def _people_phrase(toks: list[Tok]) -> bool:
    """Whether a lower-case noun phrase names people or a message ("the spokesman", "one", "the email")."""
    return any(clean(t[2]) in _PEOPLE_OR_MESSAGES for t in toks)


def _short_tail(toks: list[Tok], i: int) -> bool:
    """Whether the clause ends within a few words after the cue ("said on Friday.")."""
    for k in range(i + 1, min(len(toks), i + 5)):
        if ends_clause(toks[k][2]):
            return toks[k][2][-1] in ".,"
    return False


_CLAUSE_END = re.compile(r"[.,;:!?](?=\s|$)|\n")


def _clause_end(text: str, pos: int, limit: int) -> int:
    """End of the attribution clause: the next sentence-ending mark or comma."""
    if pos > 0 and text[pos - 1] in ".,;:!?":
        return pos
    m = _CLAUSE_END.search(text, pos, max(pos, min(limit, pos + 120)))
    return m.end() if m else pos
