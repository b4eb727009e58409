"""Which attribution each marked quote gets: the order of the patterns and the context fallbacks.

For each quote, in text order (see :mod:`.extract` for the whole pipeline):

1. after the closing mark (:func:`~.attribution.after_quote`); a clause after the mark that starts a new
   sentence yields to a speaker before the quote in its own sentence;
2. before the opening mark in the same sentence (:func:`~.before.before_quote`);
3. a preceding sentence that ends with a colon ("Caddell continued:") or with its cue ("X said.");
4. a speaker closing the quote's sentence (:func:`~.clause.sentence_tail`);
5. fallbacks from context (:mod:`.context`): the sentence's subject, the previous sentence's subject;
6. a quote paragraph with no attribution continues the quote of the paragraph before it.

The quote's kind (``direct`` / ``partial``) is set here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from statement_lens.quotes.attribution import after_quote, before_quote
from statement_lens.quotes.clause import first_mention, leading_phrase, sentence_tail
from statement_lens.quotes.context import sentence_subject
from statement_lens.quotes.lexicon import (
    CORE_CUES,
    MESSAGE_NOUNS,
    REPORTING_VERBS,
    SPEECH_NOUNS,
    after_dateline,
    wordset,
)
from statement_lens.quotes.marks import MarkedQuote
from statement_lens.quotes.phrases import mention_span, np_after, valid_subject
from statement_lens.quotes.records import Attribution
from statement_lens.quotes.resolve import Resolution
from statement_lens.text.char_classes import DOUBLE_QUOTES, WORD, tokens
from statement_lens.text.segment import Segmentation

__all__ = ["Draft", "attribute"]


@dataclass
class Draft:
    """A marked quote on its way to a :class:`~statement_lens.types.Quote`: attribution, resolution, kind."""

    mq: MarkedQuote
    att: Attribution | None = None
    res: Resolution | None = None
    parts: tuple[tuple[int, int], ...] = ()
    kind: str = "direct"
    merged: bool = False


def _window_start(seg: Segmentation, text: str, open_mark: int, prev_close: int) -> int:
    """Start of the quote's own sentence.

    An earlier quote's closing mark in the same sentence cuts it only when the earlier quote ends a clause
    (closes with punctuation inside its marks).
    """
    sent = seg.sentence_at(open_mark)
    start = sent.start if sent is not None else text.rfind("\n", 0, open_mark) + 1
    start = max(start, text.rfind("\n", 0, open_mark) + 1)
    start = after_dateline(text, start, open_mark)
    if prev_close > start and text[prev_close - 2 : prev_close - 1] in (",", ".", "?", "!"):
        start = prev_close
    return start


def _previous_colon_sentence(seg: Segmentation, text: str, open_mark: int) -> tuple[int, int] | None:
    """The sentence just before ``open_mark`` when it ends with a colon."""
    before = text[:open_mark].rstrip()
    if not before.endswith(":"):
        return None
    sent = seg.sentence_at(len(before) - 1)
    start = sent.start if sent is not None else before.rfind("\n") + 1
    return start, len(before)


def _previous_said_sentence(seg: Segmentation, text: str, open_mark: int) -> tuple[int, int] | None:
    """The sentence just before ``open_mark`` in the same paragraph when it ends with its cue ("X said.")."""
    before = text[:open_mark].rstrip(" \t")
    if not before.endswith(".") or before.endswith("\n"):
        return None
    words = before[:-1].split()[-4:]
    cue = next((k for k in range(len(words) - 1, -1, -1) if words[k].lower() in REPORTING_VERBS), None)
    if cue is None or not all(_tail_word(w) for w in words[cue + 1 :]):
        return None  # "X said." / "X tweeted a warning." / "X said in a statement." / "X told reporters."
    sent = seg.sentence_at(len(before) - 1)
    start = sent.start if sent is not None else before.rfind("\n") + 1
    return start, len(before) - 1


_TAIL = wordset("a an the in on to at his her their its this that reporters journalists")


def _tail_word(word: str) -> bool:
    """A word that may follow a sentence-final cue: "in a statement", "on Twitter", "to reporters"."""
    low = word.lower()
    if low in _TAIL or low in MESSAGE_NOUNS or low in SPEECH_NOUNS:
        return True
    return word[:1].isupper() and "," not in word


def _kind(text: str, window_start: int, open_mark: int) -> str:
    lead = text[window_start:open_mark].strip()
    if not lead or lead[-1] in ":":
        return "direct"
    if lead[-1] == "," and any(w.lower() in REPORTING_VERBS for w in WORD.findall(lead)[-6:]):
        return "direct"
    return "partial"


def attribute(text: str, seg: Segmentation, drafts: list[Draft]) -> None:
    """Set each draft's attribution (or leave it ``None``) and kind, in text order (see the module)."""
    prev_close = 0
    quoted = [(d.mq.start, d.mq.end) for d in drafts]
    for i, d in enumerate(drafts):
        mq = d.mq
        nxt = drafts[i + 1].mq.open_mark if i + 1 < len(drafts) else None
        ws = _window_start(seg, text, mq.open_mark, prev_close)
        d.kind = _kind(text, ws, mq.open_mark)
        sent_start = _window_start(seg, text, mq.open_mark, 0)
        if mq.close_mark is not None:
            d.att = after_quote(text, mq.close_mark, limit=nxt)
        if d.att is not None and ws < mq.open_mark - 1 and _new_sentence_after(text, mq.close_mark, d.att):
            # "… wage: "…" He says …": the clause after the mark starts the next sentence; a speaker
            # before the quote in its own sentence comes first
            lead = before_quote(text, ws, mq.open_mark, quoted, sent_start) or sentence_subject(
                text, sent_start, mq.open_mark
            )
            d.att = lead or d.att
        if d.att is not None and d.kind == "partial" and not _binds_fragment(text, mq.close_mark, d.att):
            # 'Ducey called the lines "unacceptable." Stanton wrote a letter …', 'Miller said it can be
            # "the best," giving …': a cue before the fragment in its own sentence binds it more tightly
            d.att = before_quote(text, ws, mq.open_mark, quoted, sent_start) or d.att
        if d.att is None:
            d.att = before_quote(text, ws, mq.open_mark, quoted, sent_start)
        if d.att is None and ws >= mq.open_mark - 1:
            prev, position = _previous_colon_sentence(seg, text, mq.open_mark), "before"
            if prev is None:
                prev, position = _previous_said_sentence(seg, text, mq.open_mark), "previous"
            if prev is not None and prev[0] >= prev_close:
                att = before_quote(text, prev[0], prev[1])
                if att is None and position == "before":  # "Jared Potts echoed:" + a quote paragraph
                    att = sentence_subject(text, prev[0], prev[1])
                d.att = replace(att, position=position) if att else None
        if d.att is None and mq.close_mark is not None:
            d.att = _passive_agent(text, mq.open_mark, mq.close_mark) or sentence_tail(
                text, mq.close_mark, _sentence_end(seg, text, mq.close_mark)
            )
        if d.att is None:
            d.att = _from_context(text, seg, d, ws)
        prev_close = (mq.close_mark + 1) if mq.close_mark is not None else mq.end
    _continuations(text, drafts)


_PASSIVE_LEAD = re.compile(
    r"\b(?:called|dubbed|termed|labell?ed|branded|described as|deemed)\s*$", re.IGNORECASE
)
_AGENT = re.compile(r"\s*by\s+")


def _passive_agent(text: str, open_mark: int, close_mark: int) -> Attribution | None:
    """``has been called "strategic ambiguity" by Joshua Hendrick``: the agent after "by" is the speaker."""
    if not _PASSIVE_LEAD.search(text, max(0, open_mark - 30), open_mark):
        return None
    by = _AGENT.match(text, close_mark + 1)
    if by is None:
        return None
    words = tokens(text, by.end(), min(len(text), by.end() + 120))
    subj = np_after(words, 0, allow_lower=False)
    if not subj or not valid_subject(subj):
        return None
    s, e, m = mention_span(subj, text)
    return Attribution(s, e, m, "by", "after", subj[-1][1])


def _binds_fragment(text: str, close_mark: int | None, att: Attribution) -> bool:
    """Whether an attribution after a partial quote's closing mark is its own.

    It is for ``"…," said X``, and for ``"…," X said`` with a core cue (said, told, wrote …) that ends its
    clause within a few words.
    """
    if att.position != "after" or close_mark is None:
        return True
    tail = text[close_mark + 1 : att.end]
    words = WORD.findall(tail)
    low = [w.lower() for w in words]
    if low and low[0] in CORE_CUES:
        return True  # "…," said X
    cue = next((k for k, w in enumerate(low) if w in CORE_CUES), None)
    return cue is not None and len(words) - cue - 1 <= 4 and text[close_mark - 1] in ",!?"


def _new_sentence_after(text: str, close_mark: int | None, att: Attribution) -> bool:
    """Whether the after-mark clause starts a new sentence that goes on past its cue.

    ``"…" He says not enacting laws …`` is a new sentence; ``"…" Hoover said.`` attributes the quote, and
    so does ``the "impact," Jacobs said, that …``: a comma closing the quoted words goes on with the sentence.
    """
    if close_mark is None or re.match(r"[ \t]+[A-Z]", text[close_mark + 1 : close_mark + 4]) is None:
        return False
    if text[close_mark - 1 : close_mark] == ",":
        return False
    return text[att.end - 1 : att.end] != "." and not text[att.end :].startswith(".")


def _sentence_end(seg: Segmentation, text: str, pos: int) -> int:
    """End of the sentence at ``pos``, never past its paragraph."""
    sent = seg.sentence_at(pos)
    nl = text.find("\n", pos)
    end = sent.end if sent is not None else len(text)
    return min(end, nl) if nl >= 0 else end


def _from_context(text: str, seg: Segmentation, d: Draft, ws: int) -> Attribution | None:
    """Sentence-subject fallbacks (see :mod:`.context`)."""
    if d.kind == "partial" or text[ws : d.mq.open_mark].rstrip().endswith(":"):
        start = _window_start(seg, text, d.mq.open_mark, 0)
        return (
            sentence_subject(text, start, d.mq.open_mark)
            or first_mention(text, start, d.mq.open_mark)
            or leading_phrase(text, start, d.mq.open_mark)
        )
    if ws < d.mq.open_mark - 1:
        return None
    before = len(text[:ws].rstrip())
    prev = seg.sentence_at(before - 1) if before > 0 else None
    if prev is None:
        return None
    if "\n" in text[prev.end : d.mq.open_mark]:
        return _previous_paragraph(text, prev.start, prev.end, d.mq.open_mark)
    att = sentence_subject(text, prev.start, prev.end)
    if att is None and not any(ch in text[prev.start : prev.end] for ch in DOUBLE_QUOTES):
        cued = before_quote(text, prev.start, prev.end)  # "And then he promised that he's staying. "…""
        att = cued if cued is not None and cued.position == "before" else None
    return replace(att, position="previous") if att else None


def _previous_paragraph(text: str, start: int, end: int, open_mark: int) -> Attribution | None:
    """A quote paragraph after a paragraph that ends by reporting someone ("Howard continued his remarks.").

    Only when the quote opens its own paragraph and the paragraph before holds no quotation (an attributed
    one there makes this quote a continuation): the speaker is the subject of that last sentence's cue.
    """
    para_start = text.rfind("\n", 0, start) + 1
    if text[text.rfind("\n", 0, open_mark) + 1 : open_mark].strip():
        return None
    if any(ch in text[para_start:end] for ch in DOUBLE_QUOTES):
        return None
    att = before_quote(text, start, end)
    if att is None or att.position != "before":
        return None
    return replace(att, position="paragraph")


def _continuations(text: str, drafts: list[Draft]) -> None:
    """A quote paragraph with no attribution continues the quote of the paragraph before it."""
    for i in range(1, len(drafts)):
        d, p = drafts[i], drafts[i - 1]
        if d.att is not None or p.att is None or p.mq.close_mark is None:
            continue
        line_start = text.rfind("\n", 0, d.mq.open_mark) + 1
        if text[line_start : d.mq.open_mark].strip():
            continue
        between = text[p.mq.close_mark + 1 : line_start]
        if between.count("\n\n") > 1 or between.strip("\n").count("\n") > 0:
            continue
        d.att = replace(p.att, position="continuation")
