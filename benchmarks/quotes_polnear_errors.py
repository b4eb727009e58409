"""Error kinds and calibration for ``quotes_polnear.py`` (the scorer's helpers, no I/O of their own).

Error kinds (issue 15): every gold quotation that a system matched but gave the wrong speaker (or none) is
put in ONE kind, the first that applies, by heuristics on the text around it:

1. ``non-speaker picked``: the predicted speaker mention is a sentence-initial adverb ("Even", "Still"), a
   possessive ("the mayor's"), an event noun ("the weekend's protest", "the rally"), or NER calls it a place
   / event / date / nationality (GPE, LOC, FAC, EVENT, DATE, NORP).
2. ``organisation noun``: the gold source (or the predicted mention) is an organisation noun phrase
   ("the newspaper", "the daily", "His office", "the campaign", ...).
3. ``inverted attribution``: the gold cue stands before the gold source after the quote
   (``"…," said spokesman X``), or "according to" / "statement from" leads into the source.
4. ``round-up layout``: the quote's line reads ``Name, Outlet: "…"`` / ``Name, role, said: "…"`` (a colon
   right before the opening mark, the gold source in the same line before it, a comma in between).
5. ``partial in reported clause``: the quote is preceded by words of its own sentence (not a colon or a
   "said," lead) and the gold source stands earlier in that sentence ("X insisted he was "on track"").
6. ``speaker in another sentence``: the gold source is in another sentence than the quote -- after it (the
   next sentence or paragraph) or before it in an earlier paragraph.
7. ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from statement_lens.quotes.lexicon import wordset

if TYPE_CHECKING:
    from quotes_polnear_score import Counts

KINDS = (
    "non-speaker picked (adverb, place, event, possessive)",
    "organisation noun (the newspaper, His office)",
    "inverted attribution (said spokesman X, according to a statement from)",
    "round-up layout (Name, Outlet: / Name, role, said:)",
    "partial quotation in a reported clause",
    "speaker in another sentence or paragraph",
    "other",
)
_ADVERBS = wordset(
    "even still just only also instead perhaps maybe indeed yet again so then now thus hence besides "
    "meanwhile moreover however nevertheless nonetheless otherwise later earlier already almost"
)
_EVENTS = wordset(
    "protest protests rally rallies debate debates convention speech meeting hearing summit weekend "
    "conference election primary caucus caucuses event show interview march vote ceremony session"
)
_NER_NON_SPEAKER = frozenset({"GPE", "LOC", "FAC", "EVENT", "DATE", "NORP", "TIME"})
ORG_NOUN = re.compile(
    r"^(?:the|his|her|its|their|our|this|that)\s+(?:\w+\s+)?(?:newspaper|paper|daily|weekly|office|campaign|"
    r"company|agency|network|magazine|group|organi[sz]ation|department|ministry|committee|website|site|"
    r"outlet|firm|union|administration|station|channel|publication|report|statement|board|council|"
    r"government|party|team|foundation|institute|association|court|embassy|bureau|service)\b",
    re.IGNORECASE,
)


@dataclass
class Case:
    """One matched gold quotation with a wrong or missing speaker."""

    pieces: list[tuple[int, int]]
    sources: list[tuple[int, int, str]]
    cues: list[tuple[int, int]]
    mention: tuple[int, int] | None


def classify(text: str, case: Case, labels: Callable[[int, int], str | None], sentence_of: Callable) -> str:
    """The kind of one speaker error (see the module docstring)."""
    qs, qe = case.pieces[0][0], case.pieces[-1][1]
    if case.mention is not None:
        ms, me = case.mention
        mention = text[ms:me]
        words = mention.split()
        first = words[0].lower().strip(",") if words else ""
        line_start = text.rfind("\n", 0, ms) + 1
        initial = not text[line_start:ms].strip() or text[max(0, ms - 2) : ms].strip() in {".", '"', "“", "”"}
        if (
            (first in _ADVERBS and words[0][:1].isupper() and (initial or len(words) == 1))
            or mention.endswith(("'s", "’s", "s'", "s’"))
            or (words and words[-1].lower().strip(".,") in _EVENTS)
            or labels(ms, me) in _NER_NON_SPEAKER
        ):
            return KINDS[0]
        if ORG_NOUN.match(mention):
            return KINDS[1]
    if any(ORG_NOUN.match(t.strip()) for _, _, t in case.sources):
        return KINDS[1]
    if not case.sources:
        return KINDS[6]
    gs = case.sources[0][0]
    lead = text[max(0, gs - 40) : gs].lower()
    if any(cs > qe and ce <= gs for cs, ce in case.cues) or re.search(
        r"according to(?: a| the)?(?: \w+)?(?: statement| release)? ?(?:from|by)?\s*$|statement from\s*$",
        lead,
    ):
        return KINDS[2]
    line_start = text.rfind("\n", 0, qs) + 1
    head = text[line_start:qs].rstrip(" \"“'‘")
    if head.endswith(":") and line_start <= gs < qs and "," in text[gs:qs]:
        return KINDS[3]
    s_start, s_end = sentence_of(qs)
    if gs < qs and gs >= s_start:
        lead_words = text[s_start:qs].rstrip(" \"“'‘")
        if lead_words and not lead_words.endswith((":", ",")):
            return KINDS[4]
    if not (s_start <= gs < max(s_end, qe + 1)):
        return KINDS[5]
    return KINDS[6]


def kinds_table(before: dict[str, int], after: dict[str, int], n_before: int, n_after: int) -> str:
    """Markdown table of error counts by kind, before and after."""
    rows = ["| error kind | before | after |", "|---|---|---|"]
    for k in KINDS:
        rows.append(f"| {k} | {before.get(k, 0)} | {after.get(k, 0)} |")
    rows.append(
        f"| **all wrong or missing speakers on matched quotations** | **{n_before}** | **{n_after}** |"
    )
    return "\n".join(rows) + "\n"


# --- calibration -----------------------------------------------------------------------------------


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> tuple[str, float]:
    """A reliability table (markdown) and the expected calibration error over equal-width bins."""
    rows = ["| confidence bin | attributions | mean confidence | share right |", "|---|---|---|---|"]
    ece = 0.0
    n = len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        mc = sum(c for c, _ in inside) / len(inside)
        acc = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / n * abs(mc - acc)
        rows.append(f"| {lo:.1f}-{hi:.1f} | {len(inside)} | {mc:.3f} | {acc:.3f} |")
    return "\n".join(rows) + "\n", ece


def kind_counts(counts: Counts) -> dict[str, int]:
    """Error kinds (``quotes_polnear_errors.classify``) of the wrong speakers in ``counts``."""
    from statement_lens.quotes.names import person_spans
    from statement_lens.text.segment import segment_text

    out: dict[str, int] = {}
    by_text: dict[str, list[Case]] = {}
    for text, case in counts.cases:
        by_text.setdefault(text, []).append(case)
    for text, cases in by_text.items():
        seg = segment_text(text)
        windows = sorted(
            {(max(0, c.mention[0] - 80), min(len(text), c.mention[1] + 80)) for c in cases if c.mention}
        )
        ents = person_spans(text, windows) if windows else {}

        def label(s: int, e: int, ents: dict = ents) -> str | None:
            return next((lab for (es, ee), lab in ents.items() if es <= s < ee or s <= es < e), None)

        def sentence_of(pos: int, seg=seg, text: str = text) -> tuple[int, int]:
            sent = seg.sentence_at(pos)
            return (sent.start, sent.end) if sent is not None else (text.rfind("\n", 0, pos) + 1, len(text))

        for case in cases:
            kind = classify(text, case, label, sentence_of)
            out[kind] = out.get(kind, 0) + 1
    return out


def calibration_report(ours: dict[str, Counts], threshold: float, names: dict[str, str]) -> str:
    """Markdown: per set, the reliability table, ECE, the review share and accuracy by evidence position.

    Only the held half and dev are reported: confidence values are fixed by reasoning
    (``statement_lens.quotes.calibration``), and these two sets were never read while writing rules.
    """
    parts = []
    for split in [s for s in ("held", "dev") if s in ours]:
        scored = ours[split].scored
        pairs = [(p.confidence or 0.0, right) for p, right in scored]
        table, ece = reliability(pairs)
        shown = [r for c, r in pairs if c >= threshold]
        review = len(pairs) - len(shown)
        wrong_review = sum(not r for c, r in pairs if c < threshold)
        wrong_shown = sum(not r for r in shown)
        wrong_all = sum(not r for _, r in pairs)
        parts.append(
            f"**{names[split]}** -- {len(pairs)} matched quotations with a speaker; ECE **{ece:.3f}**; "
            f"confidence < {threshold:g} (needs review): {review} ({review / max(1, len(pairs)):.1%}), of "
            f"which {wrong_review} wrong; wrong speakers among those shown without review: "
            f"**{wrong_shown} / {len(shown)} = {wrong_shown / max(1, len(shown)):.1%}** "
            f"(among all attributed: {wrong_all / max(1, len(pairs)):.1%}).\n\n"
            + table
            + "\n"
            + by_position(scored)
        )
    return "\n".join(parts)


def by_position(scored: list) -> str:
    """Markdown: share right and mean confidence by the position part of each prediction's evidence key."""
    groups: dict[str, list[tuple[float, bool]]] = {}
    for p, right in scored:
        position = (p.key or "?").split("|")[0]
        groups.setdefault(position, []).append((p.confidence or 0.0, right))
    rows = ["| evidence (position) | attributions | mean confidence | share right |", "|---|---|---|---|"]
    for position, pairs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        mc = sum(c for c, _ in pairs) / len(pairs)
        acc = sum(r for _, r in pairs) / len(pairs)
        rows.append(f"| {position} | {len(pairs)} | {mc:.3f} | {acc:.3f} |")
    return "\n".join(rows) + "\n"
