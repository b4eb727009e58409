"""Where a target is mentioned in a unit, and the window around each mention that the model reads.

A *named* target (a capitalised name, or a country in the alias table) is found by its name, its
aliases (:mod:`statement_lens.stance.aliases`: demonyms, capitals, a person's surname, analyst aliases)
and a possessive ("Russia's"); an *issue-like* target in lower case ("defence production") by the stems
of its content words. ``stance.lens.v2`` reads each mention's window — its sentence, cut at a contrast
(";", ", but", " while "…) when the sentence has one — with every mention in it wrapped in ``«`` ``»``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from statement_lens.stance.aliases import alias_forms, bare_name, country_forms
from statement_lens.stance.heuristic import _stem, target_keywords, target_mentioned

OPEN, CLOSE = "«", "»"
Span = tuple[int, int]
_WORD = re.compile(r"[\w'’-]+")
_ISSUE_SUFFIX = re.compile(r"(?:tion|sion|ment|ism|ity|ness|ance|ence|ing|ship|rights?)$", re.IGNORECASE)
_NAME_LINKS = frozenset(["of", "the", "and", "for", "de", "von", "van", "der", "al", "bin"])
# Words that make a target a claim or a motion ("The UK Should Leave the European Union", "We should
# expand NATO"), never a name: in lower case anywhere, in any case once the target has four words or more
# (so "Theresa May" and "Will Grant" stay names).
_CLAIM_WORDS = frozenset(
    [
        "should",
        "must",
        "shall",
        "would",
        "will",
        "can",
        "could",
        "cannot",
        "may",
        "might",
        "ought",
        "is",
        "isn't",
        "are",
        "aren't",
        "was",
        "wasn't",
        "were",
        "be",
        "been",
        "being",
        "not",
        "has",
        "have",
        "had",
        "does",
        "do",
        "did",
        "needs",
    ]
)
_CONTRAST = re.compile(
    r"\s*;\s*|,?\s+(?=(?:but|whereas|while|although|though|yet|however)\b)|,\s+(?=and\s+(?:we|i|they)\b)",
    re.IGNORECASE,
)

__all__ = ["Window", "find_mentions", "is_named", "mark", "mention_windows", "target_mentioned"]


@dataclass(frozen=True)
class Window:
    """Characters ``start:end`` of a unit around one or more mentions (``mentions``: absolute spans)."""

    start: int
    end: int
    mentions: tuple[Span, ...]


def is_named(target: str) -> bool:
    """True for a name; False for an issue or topic, which a unit can be about without naming it.

    A name: a country or body of the alias table (any case), an acronym ("NATO", "EU"), or capitalised
    words with at most linking words between them ("Trump", "Jens Stoltenberg", "Bank of England"),
    unless one has the ending of an abstract noun (-tion, -ment, -ism, -ity, -ing…: "Whaling",
    "Legalization of Abortion", "Feminist Movement" are issues). A claim is never a name, even with an
    acronym or a country in it: a modal or copula ("should", "is", "Should Be" in a title-cased claim of
    four words or more) or two lower-case words other than linking words ("Throw Russia out of the G8"
    keeps one and stays a name; "Britain should give up its EU rebate" is a claim).
    An issue is matched by its stems and, when absent, still read when the unit is about it.
    """
    if country_forms(target):
        return True
    words = [w for w in re.findall(r"[\w'’.-]+", target) if w]
    if any(w in _CLAIM_WORDS or (len(words) >= 4 and w.lower() in _CLAIM_WORDS) for w in words):
        return False  # a claim: "The UK Should Leave the European Union", "We should expand NATO"
    if sum(1 for w in words if w.islower() and w not in _NAME_LINKS) >= 2:
        return False  # a phrase, even with an acronym in it: "Grant the EU a permanent seat on the UNSC"
    if any(len(w) >= 2 and w.isupper() for w in words):
        return True
    if any(_ISSUE_SUFFIX.search(w) for w in words if w[:1].isupper()):
        return False  # a title-cased issue: "Legalization of Abortion", "Feminist Movement"
    if any(w.islower() and w not in _NAME_LINKS for w in words):
        return False  # a claim or topic: "Climate Change is a Real Concern", "Flag burning"
    return any(w[:1].isupper() for w in words)  # "Trump", "Jens Stoltenberg", "Bank of England"


@lru_cache(maxsize=4096)
def _pattern(form: str, ignore_case: bool) -> re.Pattern[str]:
    body = re.escape(form.strip()).replace(r"\ ", r"\s+")
    tail = r"(?![\w])" if form[-1:].isalnum() else ""
    return re.compile(rf"(?<![\w.]){body}{tail}", re.IGNORECASE if ignore_case else 0)


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def find_mentions(text: str, target: str, aliases: Mapping[str, Iterable[str]] | None = None) -> list[Span]:
    """Character spans of ``target``'s mentions in ``text``, in order, not overlapping.

    The target's own words match in any case; aliases match as written (so "US" is not "us"). A
    possessive or party tag on the target is dropped first ("Donald Trump's", "Ted Cruz (R-Texas)").
    """
    target = bare_name(target)
    if not target or not text:
        return []
    if not is_named(target):
        return _issue_mentions(text, target)
    spans = [m.span() for m in _pattern(target, True).finditer(text)]
    for form in alias_forms(target, aliases):
        spans.extend(m.span() for m in _pattern(form, False).finditer(text))
    return _merge(spans)


def _issue_mentions(text: str, target: str) -> list[Span]:
    keys = target_keywords(target)
    long_keys = [k for k in keys if len(k) >= 5]
    spans = []
    for m in _WORD.finditer(text):
        stem = _stem(m.group().lower().strip("'’-"))
        if stem in keys or any(stem.startswith(k) for k in long_keys):
            spans.append(m.span())
    return spans


def unit_sentences(text: str) -> list[Span]:
    """Sentence spans of one unit (``text.segment.split_sentences``), or the whole unit when it has none."""
    from statement_lens.text.segment import split_sentences

    return [(seg.start, seg.end) for seg in split_sentences(text)] or [(0, len(text))]


def _clauses(text: str, start: int, end: int) -> list[Span]:
    out, s = [], start
    for m in _CONTRAST.finditer(text, start, end):
        if len(_WORD.findall(text[s : m.start()])) >= 3:
            out.append((s, m.start()))
            s = m.end()
    out.append((s, end))
    return out


def mention_windows(text: str, mentions: Sequence[Span], *, clauses: bool = True) -> list[Window]:
    """One window per sentence (or contrast clause) holding at least one mention, in order."""
    pieces: list[Span] = []
    for s, e in unit_sentences(text):
        pieces.extend(_clauses(text, s, e) if clauses else [(s, e)])
    out = []
    for s, e in pieces:
        inside = tuple(m for m in mentions if s <= m[0] < e)
        if inside:
            out.append(Window(s, max(e, max(m[1] for m in inside)), inside))
    return out


def mark(text: str, mentions: Sequence[Span], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with each mention inside wrapped in « »; the text's own « » become quotes."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in sorted(mentions):
        if s < start or e > end or s < pos:
            continue
        out += [text[pos:s], OPEN, " ", text[s:e], " ", CLOSE]
        pos = e
    out.append(text[pos:end])
    return "".join(p.replace(OPEN, '"').replace(CLOSE, '"') if p not in (OPEN, CLOSE) else p for p in out)
