"""Quotations given by layout rather than by a reporting verb: headlines and transcript turns."""

from __future__ import annotations

import re

from statement_lens.quotes.marks import MarkedQuote
from statement_lens.quotes.resolve import Resolver
from statement_lens.text.char_classes import QUOTE_CHARS
from statement_lens.text.segment import Segmentation, find_turn_label, is_strong_turn_label
from statement_lens.types import Quote, Segment

__all__ = ["headline_quote", "quoted_turns", "turn_quotes"]

_HEADLINE = re.compile(r"(?P<name>[^:\n]{2,60}?)\s*:\s+(?P<words>\S.*)")


def headline_quote(text: str, title: Segment, resolver: Resolver) -> Quote | None:
    """A title line "Name: words" said by a person named in the text (or tagged PERSON by NER).

    Args:
        text: The whole text.
        title: The title segment.
        resolver: Resolver holding the text's name map and NER results.

    Returns:
        A ``headline`` quote, or ``None`` when the title is not of that form.
    """
    m = _HEADLINE.fullmatch(title.text.rstrip())
    if not m:
        return None
    ns, ne = title.start + m.start("name"), title.start + m.end("name")
    res = resolver.resolve(ns, ne, pos=len(text))
    person = resolver.names.person(res.speaker or "")
    named_in_body = person is not None and any(m >= title.end for m in person.mentions)
    known = res.how == "name" and (named_in_body or resolver.entity_label(ns, ne) == "PERSON")
    if not known or res.speaker is None:
        return None
    ws, we = title.start + m.start("words"), title.start + m.end("words")
    while ws < we and (text[ws] in QUOTE_CHARS or text[ws].isspace()):
        ws += 1
    while we > ws and (text[we - 1] in QUOTE_CHARS or text[we - 1].isspace()):
        we -= 1
    if we <= ws:
        return None
    return Quote(
        text=text[ws:we],
        start=ws,
        end=we,
        speaker=res.speaker,
        speaker_start=res.start,
        speaker_end=res.end,
        cue=":",
        kind="headline",
        confidence=0.9,
    )


def quoted_turns(text: str, marked: list[MarkedQuote]) -> tuple[list[Quote], list[MarkedQuote]]:
    """Split quoted transcripts ("WALLACE: …" paragraphs inside one long quote) into turn quotes.

    Args:
        text: The whole text.
        marked: Paired quote marks.

    Returns:
        The turn quotes (speaker = the raw label; canonicalised later) and the marked quotes that remain.
    """
    turns: list[Quote] = []
    rest: list[MarkedQuote] = []
    for mq in marked:
        pieces = mq.parts or ((mq.start, mq.end),)
        labelled = [(s, e, _strong_label(text[s:e])) for s, e in pieces]
        if not any(lab for _, _, lab in labelled):
            rest.append(mq)
            continue
        current: tuple[str, int, int] | None = None  # label, label start, label end
        chunk: list[tuple[int, int]] = []
        for s, e, lab in labelled:
            if _is_stage_direction(text[s:e]):
                continue
            if lab is not None:
                _flush(text, turns, rest, mq, current, chunk)
                label, offset = lab
                ls = s + text[s : s + offset].find(label)
                current, chunk = (label, ls, ls + len(label)), [(s + offset, e)]
            else:
                chunk.append((s, e))
        _flush(text, turns, rest, mq, current, chunk)
    return turns, rest


def _strong_label(piece: str) -> tuple[str, int] | None:
    found = find_turn_label(piece)
    return found if found is not None and is_strong_turn_label(found[0]) else None


def _is_stage_direction(piece: str) -> bool:
    return bool(re.fullmatch(r"[\s\"“”]*[(\[][^)\]]*[)\]][\s.\"“”]*", piece))


def _flush(
    text: str,
    turns: list[Quote],
    rest: list[MarkedQuote],
    mq: MarkedQuote,
    current: tuple[str, int, int] | None,
    chunk: list[tuple[int, int]],
) -> None:
    chunk = [(s, e) for s, e in chunk if e > s]
    if not chunk:
        return
    if current is None:
        rest.append(
            MarkedQuote(chunk[0][0], chunk[-1][1], tuple(chunk) if len(chunk) > 1 else (), mq.open_mark, None)
        )
        return
    label, ls, le = current
    turns.append(
        Quote(
            text=text[chunk[0][0] : chunk[-1][1]],
            start=chunk[0][0],
            end=chunk[-1][1],
            speaker=label,
            speaker_start=ls,
            speaker_end=le,
            cue=":",
            kind="turn",
            confidence=0.85,
            parts=tuple(chunk) if len(chunk) > 1 else (),
        )
    )


def turn_quotes(text: str, seg: Segmentation, resolver: Resolver) -> list[Quote]:
    """One ``turn`` quote per transcript turn of the segmentation, speaker canonicalised when named.

    Args:
        text: The whole text.
        seg: Its segmentation.
        resolver: Resolver holding the text's name map.

    Returns:
        Turn quotes in text order.
    """
    out = []
    for turn in seg.turns:
        label = turn.speaker or ""
        line_start = text.rfind("\n", 0, turn.start) + 1
        ls = text.find(label, line_start, turn.start)
        speaker: str | None = label or None
        if ls >= 0 and label:
            res = resolver.resolve(ls, ls + len(label))
            if res.how == "name" and res.speaker:
                speaker = res.speaker
        out.append(
            Quote(
                text=turn.text,
                start=turn.start,
                end=turn.end,
                speaker=speaker,
                speaker_start=ls if ls >= 0 else None,
                speaker_end=ls + len(label) if ls >= 0 else None,
                cue=":",
                kind="turn",
                confidence=0.9,
            )
        )
    return out
