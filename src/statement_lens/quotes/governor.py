"""The speaker of a quoted fragment read from a dependency parse: the subject of its governing verb.

``X insisted he was "on track"``, ``X called the ruling "a disgrace"``, ``NBC News will accuse you of
engaging in a "freak out"``: the quoted words sit inside a clause, and the one who said them is the subject
of the reporting verb that governs that clause. Token rules (:mod:`.context`, :mod:`.clause`) only guess
here (the sentence's subject, its first name, its opening noun phrase), so a partial quote that nothing
better attributed -- and a whole quoted sentence that no rule attributed at all (``Raphael Lemkin, who
coined the word, once said, "…"``; ``he began by saying, "…"``) -- gets its sentence parsed
(:func:`statement_lens.text.nlp.parse`, a pipeline loaded only when first needed) and, when the parse
finds one, this attribution instead:

1. from the head of the quoted words, climb the dependency tree (through prepositions, objects, ``ccomp``,
   ``xcomp``, ``advcl``, ``conj``, ``acl``) to the first verb that is a reporting verb
   (:data:`~.lexicon.REPORTING_VERBS`: "insisted", "called", "accuse", "saying");
2. its subject: the verb's ``nsubj``, the agent of a passive ("seen by organizers as a "lifeboat""), or --
   for a verb without one of its own ("…, saying that", "and called") -- the subject of the next verb up
   the chain that has one;
3. the mention is the subject's words from its left edge to its head ("Democrat Hillary Clinton"); a
   pronoun is resolved later like any other mention.

No reporting verb on the way up: no attribution (the token guess stays). The position is ``governor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from statement_lens.quotes.lexicon import REPORTING_VERBS, after_dateline, wordset
from statement_lens.quotes.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from statement_lens.quotes.assign import Draft
    from statement_lens.text.segment import Segmentation

__all__ = ["WEAK_POSITIONS", "governing_subject", "reparse_weak"]

#: Attributions of a partial quote that are guesses from context, not a cue: a parse may replace them.
WEAK_POSITIONS = frozenset({"subject", "mention", "leading"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_CHAIN = frozenset(
    {
        "prep",
        "pobj",
        "pcomp",
        "dobj",
        "oprd",
        "attr",
        "acomp",
        "ccomp",
        "xcomp",
        "advcl",
        "conj",
        "acl",
        "npadvmod",
        "appos",
        "compound",
        "amod",
        "nmod",
        "advmod",
        "dative",
        "relcl",
    }
)
# subjects that name no one the resolver could find (the writer, the reader, a thing): keep the old guess
_NOT_SUBJECTS = wordset("it there this that what i we you they us one which")
_MAX_VERBS = 2  # the reporting verb is the verb of the quote's clause or the one its clause hangs on
_MAX_SENTENCE = 600  # characters: longer "sentences" are lists or run-ons, not worth a parse


def _is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _path(root: Token, inside: set[int]) -> list[Token]:
    """The tokens above ``root`` up to the sentence root, leaving out the quote's own tokens."""
    out: list[Token] = []
    tok = root
    while tok.head.i != tok.i and len(out) < 30:
        if tok.dep_ not in _CHAIN and tok.i not in inside:
            break
        tok = tok.head
        if tok.i not in inside:
            out.append(tok)
    return out


def governing_subject(doc: Doc, base: int, open_mark: int, close_mark: int) -> Attribution | None:
    """The subject of the reporting verb governing the quoted words (see the module docstring).

    Args:
        doc: The parse of the quote's sentence.
        base: Offset of the sentence in the text (``doc`` offsets are relative to it).
        open_mark: Offset of the quote's opening mark in the text.
        close_mark: Offset of its closing mark.
    """
    inside = {t.i for t in doc if open_mark < base + t.idx < close_mark}
    if not inside:
        return None
    root = next((doc[i] for i in sorted(inside) if doc[i].head.i not in inside or doc[i].head.i == i), None)
    if root is None:
        return None
    path = _path(root, inside)
    verbs = [n for n, t in enumerate(path) if _is_verb(t)][:_MAX_VERBS]
    k = next((n for n in verbs if path[n].text.lower() in REPORTING_VERBS), None)
    if k is None:
        return None
    cue = path[k]
    if _passive(cue) and _subject(cue) is None:
        return None  # "what is called a "debate"", "without being told to "smile"": nobody named
    subj = next((s for t in path[k:] if _is_verb(t) for s in (_subject(t),) if s is not None), None)
    if subj is None or subj.i in inside or subj.text.lower() in _NOT_SUBJECTS:
        return None
    start = base + subj.left_edge.idx
    end = base + subj.idx + len(subj.text)
    if subj.left_edge.i > subj.i or start >= open_mark:
        return None
    mention = doc.text[start - base : end - base]
    return Attribution(start, end, mention, cue.text, "governor", base + cue.idx + len(cue.text))


def reparse_weak(text: str, seg: Segmentation, drafts: Sequence[Draft]) -> None:
    """Give weak or missing attributions their parse attribution, if the parse finds one.

    Weak: a partial quote attributed only by a guess from context. Missing: a direct quote no rule
    attributed.
    """
    from statement_lens.text.nlp import parse

    todo: list[tuple[Draft, int, int, int]] = []
    for d in drafts:
        close = d.mq.close_mark
        if close is None or d.kind not in ("partial", "direct"):
            continue
        if d.att is not None and (d.kind == "direct" or d.att.position not in WEAK_POSITIONS):
            continue
        sent = seg.sentence_at(d.mq.open_mark)
        if sent is None:
            continue
        start = after_dateline(text, max(sent.start, text.rfind("\n", 0, d.mq.open_mark) + 1), d.mq.open_mark)
        nl = text.find("\n", close)
        end = min(sent.end, nl) if nl >= 0 else sent.end
        if end - start > _MAX_SENTENCE or end <= close:
            continue
        todo.append((d, start, end, close))
    if not todo:
        return
    spans = sorted({(s, e) for _, s, e, _ in todo})
    docs = dict(zip(spans, parse([text[s:e] for s, e in spans]), strict=True))
    for d, s, e, close in todo:
        att = governing_subject(docs[(s, e)], s, d.mq.open_mark, close)
        if att is not None:
            d.att = att
    _previous_reporter(text, seg, [d for d in drafts if d.att is None and d.kind == "direct"])


def _previous_sentence(text: str, seg: Segmentation, open_mark: int) -> tuple[int, int] | None:
    """The sentence before a quote that opens its own sentence, in the same paragraph or the one before."""
    sent = seg.sentence_at(open_mark)
    start = sent.start if sent is not None else open_mark
    if text[start:open_mark].strip():
        return None
    end = len(text[:start].rstrip())
    if end == 0 or text[end:start].count("\n") > 2 or text[end - 1] not in ".:":  # at most a blank line
        return None
    prev = seg.sentence_at(end - 1)
    if prev is None or end - prev.start > _MAX_SENTENCE or any(c in text[prev.start : end] for c in '"“”'):
        return None
    return prev.start, end


def _previous_reporter(text: str, seg: Segmentation, drafts: Sequence[Draft]) -> None:
    """Attribute each quote to the subject of the reporting verb at the root of the sentence before it.

    ``Sen. Ted Cruz (R-Tex.), a candidate who …, tweeted a warning. "…"``: only for quotes no rule
    attributed (position ``previous``), and only when that sentence quotes nothing itself.
    """
    from statement_lens.text.nlp import parse

    spans = {d.mq.open_mark: sp for d in drafts if (sp := _previous_sentence(text, seg, d.mq.open_mark))}
    if not spans:
        return
    todo = sorted(set(spans.values()))
    docs = dict(zip(todo, parse([text[s:e] for s, e in todo]), strict=True))
    for d in drafts:
        sp = spans.get(d.mq.open_mark)
        if sp is None:
            continue
        doc = docs[sp]
        root = next((t for t in doc if t.head.i == t.i), None)
        verbs = [root] + [c for c in root.children if c.dep_ == "conj"] if root is not None else []
        cue = next((v for v in reversed(verbs) if _is_verb(v) and v.text.lower() in REPORTING_VERBS), None)
        subj = _subject(cue) if cue is not None else None
        if cue is None or subj is None or subj.text.lower() in _NOT_SUBJECTS or subj.left_edge.i > subj.i:
            continue
        start, end = sp[0] + subj.left_edge.idx, sp[0] + subj.idx + len(subj.text)
        cue_end = sp[0] + cue.idx + len(cue.text)
        d.att = Attribution(start, end, text[start:end], cue.text, "previous", cue_end)
