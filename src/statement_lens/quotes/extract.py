"""``extract_quotes``: quotation spans with speakers, cues, kinds and confidences.

Pipeline (pure: text in, :class:`~statement_lens.types.Quote` records out):

1. segment the text (title line, paragraphs, sentences, transcript turns);
2. pair quote marks (:mod:`.marks`); a quoted transcript ("WALLACE: …" paragraphs inside one long quote)
   is split into one ``turn`` quote per speaker label;
3. find each quote's attribution (:mod:`.attribution`): after the closing mark first, then before the
   opening mark in the same sentence, then a preceding sentence ending with a colon or with "X said.";
   failing those, weaker fallbacks from context (:mod:`.context`: the sentence's subject, the previous
   sentence's subject, the previous paragraph's quote); a partial quote left with only such a guess, and a
   whole quote left with nothing, get the subject of their governing reporting verb from a dependency parse
   when it finds one (:mod:`.governor`; with NER on);
4. run spaCy NER on a little context around named speaker mentions (never the whole text), build the
   text's name map and resolve mentions to canonical names (:mod:`.resolve`);
5. join a quote interrupted by its attribution and resumed (``"A," he said. "B."``) into ONE quote whose
   ``parts`` are the pieces; ``start``/``end`` then span from the first piece to the last and ``text`` is
   the pieces joined by a space (by a blank line for the paragraphs of a multi-paragraph quote);
6. drop what is not a quotation: titles of shows and works ("Face the Nation", title case after "on" or
   a possessive), one-word nicknames, unmatched marks that no speaker is attributed to, and scare quotes:
   a fragment inside a sentence of at most three words that no one is found to have said ("the so-called
   "peace plan""), or of one word whose speaker is only a guess from the sentence's opening words or
   subject ("a "breakthrough"" with no reporting verb). A longer quoted fragment, or a whole quoted
   sentence, with no speaker found is kept (``speaker=None``, low confidence): callers that want only
   attributed quotations filter on ``speaker``.

Kinds: ``headline`` for a title line "Name: words"; ``turn`` for a transcript turn; ``direct`` for a quote
that opens its sentence (or follows a colon/comma after a cue); ``partial`` for a quoted fragment inside
a sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from statement_lens.quotes.assign import Draft, attribute
from statement_lens.quotes.calibration import NEEDS_REVIEW, REVIEW_THRESHOLD, evidence_key, speaker_confidence
from statement_lens.quotes.context import sentence_subject
from statement_lens.quotes.governor import reparse_weak
from statement_lens.quotes.indirect import IndirectCandidate, find_indirect, indirect_quote
from statement_lens.quotes.layout import headline_quote, quoted_turns, turn_quotes
from statement_lens.quotes.lexicon import POSSESSIVE_PRONOUNS, PRONOUNS, REPORTING_VERBS, wordset
from statement_lens.quotes.marks import find_marked_quotes
from statement_lens.quotes.names import build_name_map, person_spans
from statement_lens.quotes.records import Attribution
from statement_lens.quotes.resolve import Resolution, Resolver
from statement_lens.text.char_classes import WORD
from statement_lens.text.segment import Segmentation, segment_text
from statement_lens.types import Quote

__all__ = ["extract_quotes", "extract_quotes_keyed"]

_NER_CONTEXT = 120  # characters of context on each side of a speaker mention given to NER
_SMALL = wordset("a an the and of or in on at to for with by from vs v. de la le")
_BYLINE = re.compile(r"\s*by\s+(?:the\s+)?[A-Z]")
# fragments this short with no reporting cue are scare quotes, by how the speaker was guessed (None: no guess)
_SCARE_WORDS: dict[str | None, int] = {None: 3, "leading": 1, "subject": 1}
# positions where a reporting cue (not a guess from context) named the speaker: title-case words they
# attribute are quoted words ('Ohio is called the "Mother of Presidents"'), not a work's title
_CUED = frozenset({"after", "dash", "before", "according"})
_TITLE_CONTEXT = re.compile(
    r"(?:['’]s|\b(?:on|of|titled|entitled|show|program|programme|book|film|movie))\s*$"
)


def _words(s: str) -> list[str]:
    return WORD.findall(s)


def _title_like(content: str) -> bool:
    words = _words(content)
    if not words or len(words) > 8:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words)


def _ner_windows(text: str, seg: Segmentation, atts: list[Attribution | None]) -> list[tuple[int, int]]:
    windows: set[tuple[int, int]] = set()
    for att in atts:
        if att is None or not any(ch.isupper() for ch in att.mention):
            continue
        sent = seg.sentence_at(att.mention_start)
        lo, hi = (sent.start, sent.end) if sent is not None else (0, len(text))
        # the mention with some context, not the whole (often long, quoted) sentence, cut at spaces
        s = max(lo, att.mention_start - _NER_CONTEXT)
        e = min(hi, att.mention_end + _NER_CONTEXT)
        if s > lo:
            s = text.find(" ", s, att.mention_start) + 1 or s
        if e < hi:
            cut = text.rfind(" ", att.mention_end, e)
            e = cut if cut > 0 else e
        windows.add((s, e))
    return _merge_windows(sorted(windows))


def _merge_windows(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in windows:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _merge_split(text: str, drafts: list[Draft]) -> None:
    """Join ``"A," he said. "B."`` into one draft when B has no attribution of its own."""
    for i in range(len(drafts) - 1):
        a, b = drafts[i], drafts[i + 1]
        if a.merged or a.att is None or a.att.position not in ("after", "dash") or b.mq.close_mark is None:
            continue
        gap = text[a.att.end : b.mq.open_mark]
        if gap.strip() or "\n" in gap:
            continue
        if b.att is not None and b.att.position in ("after", "dash", "according"):
            continue
        a.parts = (a.parts or a.mq.parts or ((a.mq.start, a.mq.end),)) + (
            b.mq.parts or ((b.mq.start, b.mq.end),)
        )
        b.merged = True


def _keep(text: str, d: Draft) -> bool:
    content = text[d.mq.start : d.mq.end]
    n = len(_words(content))
    if n == 0:
        return False
    attributed = d.att is not None and d.res is not None and d.res.speaker is not None
    if d.mq.close_mark is not None and content.endswith(",") and _BYLINE.match(text, d.mq.close_mark + 1):
        return False  # a linked story's headline: "'Hamilton' to play Chicago," by Variety's Gordon Cox
    if _title_like(content):
        lead = text[max(0, d.mq.open_mark - 40) : d.mq.open_mark]
        if _TITLE_CONTEXT.search(lead) or not (d.att and d.att.position in _CUED):
            return False
    if d.kind == "partial" and n <= _SCARE_WORDS.get(d.att.position if d.att is not None else None, 0):
        return False  # a scare quote ("the “establishment” candidate"): no cue says anyone spoke it
    # an unmatched mark that nobody is quoted by is more likely a typo than a quotation
    return attributed or not d.mq.flags or n >= 8


def _to_quote(text: str, d: Draft) -> tuple[Quote, str]:
    """The quote of a draft and its evidence key (see :mod:`.calibration`)."""
    parts = d.parts or d.mq.parts
    start, end = (parts[0][0], parts[-1][1]) if parts else (d.mq.start, d.mq.end)
    body = text[start:end]
    if len(parts) > 1:
        body = "".join(
            ("\n\n" if "\n" in text[parts[k - 1][1] : s] else " ") + text[s:e] if k else text[s:e]
            for k, (s, e) in enumerate(parts)
        )
    res, att = d.res, d.att
    key = evidence_key(att.position if att else "none", res.how if res else "none", d.kind)
    conf = 0.35
    flags = d.mq.flags
    if att is not None and res is not None and res.speaker is not None:
        conf = speaker_confidence(att.position, res.how, d.kind, unmatched=bool(d.mq.flags))
    elif att is not None:
        conf = 0.5
    quote = Quote(
        text=body,
        start=start,
        end=end,
        speaker=res.speaker if res else None,
        speaker_start=res.start if res else None,
        speaker_end=res.end if res else None,
        cue=(att.cue or None) if att else None,
        kind=d.kind,  # type: ignore[arg-type]
        confidence=round(conf, 3),
        flags=flags,
        parts=tuple(parts) if len(parts) > 1 else (),
    )
    return quote, key


def _subject_for_pronoun(
    text: str, seg: Segmentation, resolver: Resolver, att: Attribution
) -> Resolution | None:
    """A "he"/"she" after a named subject in its sentence is that person ("X said she thinks "…"").

    The person named as the sentence's subject is a nearer antecedent than the last speaker quoted; a
    subject of the other gender (when the text tells) does not count.
    """
    low = att.mention.lower()
    gender = PRONOUNS.get(POSSESSIVE_PRONOUNS.get(low, low))
    sent = seg.sentence_at(att.mention_start)
    if gender is None or sent is None or sent.start >= att.mention_start:
        return None
    subject = _reporter_before(text, sent.start, att.mention_start) or sentence_subject(
        text, sent.start, att.mention_start
    )
    if subject is None or subject.mention_end > att.mention_start:
        return None
    res = resolver.resolve(subject.mention_start, subject.mention_end)
    if res.how != "name" or not res.is_person or res.speaker is None:
        return None
    person = resolver.names.person(res.speaker)
    if person is not None and person.gender not in (None, gender):
        return None
    return Resolution(res.speaker, att.mention_start, att.mention_end, "pronoun", True)


_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "of"})
_SAID_PRONOUN = re.compile(
    r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*),?\s+(?:\w+ly\s+)?(\w+)(?:\s+that)?\s*$"
)


def _reporter_before(text: str, start: int, pronoun: int) -> Attribution | None:
    """``Trump said he …`` / ``Lazar said that he …``: the name whose cue comes right before the pronoun."""
    m = _SAID_PRONOUN.search(text, max(start, pronoun - 80), pronoun)
    if m is None or m.group(2).lower() not in REPORTING_VERBS or m.group(2)[0].isupper():
        return None
    before = _words(text[max(start, m.start(1) - 12) : m.start(1)])
    if before and before[-1].lower() in _PLACE_PREPOSITIONS:
        return None  # "… said at a rally in San Diego, adding that he …": a place, not the reporter
    return Attribution(m.start(1), m.end(1), m.group(1), m.group(2), "subject", 0)


def _credible_person(resolver: Resolver, res: Resolution) -> bool:
    """A colon layout ("Chairwoman X: "…"") needs a person: NER says so, or the text gives a title."""
    if not res.is_person or res.speaker is None:
        return False
    if resolver.entity_label(res.start, res.end) == "PERSON":
        return True
    person = resolver.names.person(res.speaker)
    return person is not None and bool(person.roles)


def extract_quotes(
    text: str,
    *,
    segmentation: Segmentation | None = None,
    use_ner: bool = True,
    indirect: bool = False,
    review_threshold: float = REVIEW_THRESHOLD,
) -> list[Quote]:
    """Find every quotation in ``text`` with its speaker.

    Args:
        text: The statement text (offsets in the result point into it).
        segmentation: Its segmentation when already computed (``segment_statement``); computed otherwise.
        use_ner: Run spaCy NER on the sentences around speaker mentions to tell people from
            organisations. Without it (faster, no model load) every capitalised name counts as a person.
        indirect: Also return reported speech without quote marks ("X said that …", "according to X, …",
            "…, X said.") as ``kind="indirect"`` quotes (see :mod:`.indirect`); off by default. They never
            overlap another quote and have confidence 0.55-0.7.
        review_threshold: A quote whose speaker confidence (set by the kind of evidence its
            attribution rests on, :mod:`.calibration`) is below this carries the flag ``"needs_review"``;
            a quote without a speaker never does.

    Returns:
        Quotes in text order. Never raises on unbalanced quote marks: an unmatched mark yields a quote cut
        at its paragraph end and flagged ``"unmatched_quote_mark"``.
    """
    keyed = extract_quotes_keyed(
        text, segmentation=segmentation, use_ner=use_ner, indirect=indirect, review_threshold=review_threshold
    )
    return [q for q, _ in keyed]


def extract_quotes_keyed(
    text: str,
    *,
    segmentation: Segmentation | None = None,
    use_ner: bool = True,
    indirect: bool = False,
    review_threshold: float = REVIEW_THRESHOLD,
) -> list[tuple[Quote, str]]:
    """:func:`extract_quotes` with each quote's evidence key.

    The key is ``"position|how|kind"`` (see :mod:`.calibration`), or the kind for headline, turn and
    indirect quotes; the quotation benchmark in ``benchmarks/`` reports accuracy and confidence by it.
    """
    if not text or not text.strip():
        return []
    seg = segmentation if segmentation is not None else segment_text(text)
    marked = find_marked_quotes(text)
    title = seg.title
    if title is not None:
        marked = [q for q in marked if not (title.start <= q.open_mark < title.end)]
    turns_out, marked = quoted_turns(text, marked)
    drafts = [Draft(mq) for mq in marked]
    attribute(text, seg, drafts)
    if use_ner:
        reparse_weak(text, seg, drafts)

    quote_spans = [(d.mq.start, d.mq.end) for d in drafts] + [(q.start, q.end) for q in turns_out]
    cands = find_indirect(text, seg, _blocked(seg, drafts, turns_out)) if indirect else []
    windows = _ner_windows(text, seg, [d.att for d in drafts] + [c.att for c in cands])
    if title is not None and ":" in title.text:
        windows.append((title.start, title.end))
    entities = person_spans(text, windows) if use_ner else {}
    names = build_name_map(text, quote_spans, entities)
    resolver = Resolver(text, names, entities)

    out: list[tuple[Quote, str]] = []
    head = headline_quote(text, title, resolver) if title is not None else None
    if head is not None:
        out.append((head, head.kind))
    for d in drafts:
        if d.att is not None:
            d.res = _subject_for_pronoun(text, seg, resolver, d.att) or resolver.resolve(
                d.att.mention_start, d.att.mention_end
            )
            if d.att.position == "colon" and not _credible_person(resolver, d.res):
                d.att, d.res = None, None
                continue
            if d.res.is_person and d.res.how == "name" and d.res.speaker:
                resolver.note(d.att.mention_start, d.res.speaker)
    _merge_split(text, drafts)
    out.extend(_to_quote(text, d) for d in drafts if not d.merged and _keep(text, d))
    out.extend((q, q.kind) for q in resolver_turns(turns_out, resolver))
    out.extend((q, q.kind) for q in turn_quotes(text, seg, resolver) if any(ch.isalpha() for ch in q.text))
    if cands:
        out.extend((q, q.kind) for q in _indirect(text, cands, resolver, [q for q, _ in out]))
    out = [(_reviewed(q, review_threshold), key) for q, key in out]
    return sorted(out, key=lambda qk: (qk[0].start, qk[0].end))


def _reviewed(q: Quote, review_threshold: float) -> Quote:
    """``q`` flagged ``needs_review`` when it names a speaker with confidence under the threshold."""
    if q.speaker is None or q.confidence >= review_threshold or NEEDS_REVIEW in q.flags:
        return q
    return replace(q, flags=(*q.flags, NEEDS_REVIEW))


def _blocked(seg: Segmentation, drafts: list[Draft], turns: list[Quote]) -> list[tuple[int, int]]:
    """Spans no indirect quote may touch: quotations with their marks, transcript turns, the title."""
    spans = [
        (d.mq.open_mark, (d.mq.close_mark + 1) if d.mq.close_mark is not None else d.mq.end) for d in drafts
    ]
    spans += [(q.start, q.end) for q in turns] + [(t.start, t.end) for t in seg.turns]
    if seg.title is not None:
        spans.append((seg.title.start, seg.title.end))
    return sorted(spans)


def _indirect(
    text: str, cands: list[IndirectCandidate], resolver: Resolver, quotes: list[Quote]
) -> list[Quote]:
    """Resolve indirect candidates' speakers in text order; drop any that overlaps a quote."""
    taken = [(s, e) for q in quotes for s, e in (q.parts or ((q.start, q.end),))]
    out = []
    for cand in cands:
        if any(s < te and e > ts for s, e in cand.parts for ts, te in taken):
            continue
        res = resolver.resolve(cand.att.mention_start, cand.att.mention_end)
        quote = indirect_quote(text, cand, res)
        if quote is None:
            continue
        if res.is_person and res.how == "name" and res.speaker:
            resolver.note(cand.att.mention_start, res.speaker)
        out.append(quote)
    return out


def resolver_turns(turns: list[Quote], resolver: Resolver) -> list[Quote]:
    """Canonicalise the speaker labels of quoted-transcript turns ("PENCE" -> "Mike Pence")."""
    out = []
    for q in turns:
        if q.speaker_start is not None and q.speaker_end is not None:
            res = resolver.resolve(q.speaker_start, q.speaker_end)
            if res.speaker and res.how == "name":
                q = replace(q, speaker=res.speaker)
        out.append(q)
    return out
