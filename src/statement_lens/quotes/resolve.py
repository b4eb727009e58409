"""Turn a speaker mention (name, role noun phrase, pronoun) into a canonical speaker name.

* A name ("Stoltenberg", "NATO Secretary General Jens Stoltenberg") maps through the text's
  :class:`~statement_lens.quotes.names.NameMap` to the fullest known name ("Jens Stoltenberg").
* A definite role ("the NATO Secretary General", "The Secretary General") resolves to the most recently
  mentioned person who carries those role words in the text; failing that, to the most recent named
  speaker.
* "he" / "she" resolve to the most recent named speaker of a compatible gender (gender is known only
  from honorifics and gendered roles; unknown is compatible with both).
* "the newspaper", "the daily", "the network" resolve to the organisation (NER ORG, or a name ending with
  an outlet word: "The Washington Post") named last before them.
* A place, event, date or number (NER label), an event noun ("the weekend's protest") or a possessive
  ("the mayor's") is no speaker: ``speaker=None``, ``how="non-speaker"``.
* Anything else ("a source", "The Post", "officials") is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from statement_lens.quotes.lexicon import (
    HONORIFICS,
    NAME_RUN,
    NOT_NAMES,
    ORG_HEADS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    REPORTING_VERBS,
    ROLE_HEADS,
    ROLE_WORDS,
    wordset,
)
from statement_lens.quotes.names import NameMap, Person, canonical_words, split_title
from statement_lens.text.char_classes import APOSTROPHE_S, tokens

__all__ = ["Resolution", "Resolver"]

_PREP = re.compile(r"\s(?:of|for|at|from|with|in|on|during)\s")


@dataclass(frozen=True)
class Resolution:
    """A resolved mention: who, where the mention used lies, and how sure we are."""

    speaker: str | None
    start: int
    end: int
    how: str  # "name", "role", "pronoun", "phrase", "organisation", "unresolved", "non-speaker"
    is_person: bool


@dataclass
class Resolver:
    """Resolves mentions in text order, remembering the named speakers seen so far."""

    text: str
    names: NameMap
    entities: dict[tuple[int, int], str] = field(default_factory=dict)
    speakers: list[tuple[int, str]] = field(default_factory=list)  # (position, canonical name)
    _spots: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def note(self, pos: int, name: str) -> None:
        """Record that ``name`` spoke (or was named as speaking) at ``pos``."""
        self.speakers.append((pos, name))
        self.speakers.sort()

    def entity_label(self, s: int, e: int) -> str | None:
        """The NER label of an entity overlapping ``[s, e)``, if NER ran there."""
        for (es, ee), label in self.entities.items():
            if es <= s < ee or s <= es < e:
                return label
        return None

    def _recent_speaker(self, pos: int, gender: str | None) -> str | None:
        for p, name in reversed(self.speakers):
            if p > pos:
                continue
            person = self.names.person(name)
            if gender and person is not None and person.gender not in (None, gender):
                continue
            if gender and _organisation(name, self.names.non_person):
                continue  # "he"/"she" is a person, not the outlet quoted last
            return name
        best: tuple[int, str] | None = None
        for person in self.names.people.values():
            if len(person.name.split()) < 2 or person.name in self.names.non_person:
                continue
            if gender and (person.gender not in (None, gender) or _organisation(person.name, set())):
                continue
            seen = max((m for m in self._surname_spots(person) if m <= pos), default=-1)
            if seen >= 0 and (best is None or seen > best[0]):
                best = (seen, person.name)
        return best[1] if best else None

    def _surname_spots(self, person: Person) -> list[int]:
        """Where the person is named: full-name mentions and every later "Surname" on its own."""
        spots = self._spots.get(person.name)
        if spots is None:
            surname = person.name.split()[-1]
            alone = [m.start() for m in re.finditer(r"\b" + re.escape(surname) + r"\b", self.text)]
            spots = self._spots[person.name] = sorted(set(person.mentions) | set(alone))
        return spots

    def _relative(self, start: int, end: int, pos: int) -> Resolution:
        """The person of a "who" after "Name", "Name," or "Name (R-Texas),": ``how="relative"``."""
        before = _ANTECEDENT.search(self.text, max(0, start - 120), start)
        if before is not None:
            res = self.resolve(before.start(1), before.end(1), pos)
            if res.speaker is not None and res.how in ("name", "role", "phrase"):
                return Resolution(res.speaker, start, end, "relative", res.is_person)
        return Resolution(None, start, end, "unresolved", False)

    def resolve(self, start: int, end: int, pos: int | None = None) -> Resolution:
        """Resolve the mention ``text[start:end]``.

        Args:
            start: Start of the mention.
            end: End of the mention.
            pos: Position to resolve from (defaults to ``start``).

        Returns:
            The resolution; ``speaker`` is ``None`` for an unresolved pronoun.
        """
        pos = start if pos is None else pos
        mention = self.text[start:end]
        low = mention.lower().strip()
        low = POSSESSIVE_PRONOUNS.get(low, low)  # "her remark": she
        if low in PRONOUNS:
            gender = PRONOUNS[low]
            name = self._recent_speaker(pos, gender) if low in ("he", "she", "him", "her") else None
            return Resolution(name, start, end, "pronoun" if name else "unresolved", name is not None)
        if low == "who":
            return self._relative(start, end, pos)
        if _non_speaker(low) or self.entity_label(start, end) in _NON_SPEAKER_LABELS:
            return Resolution(None, start, end, "non-speaker", False)
        org = _ORG_NOUN.match(low)
        if org:
            outlet = self._recent_organisation(pos)
            if outlet is not None:  # "the newspaper" -> the outlet named earlier
                return Resolution(outlet, start, end, "organisation", False)
        head_end = start + (mention.find(",") if "," in mention else len(mention))
        prep = _PREP.search(self.text, start, head_end)
        if prep and _body_of(self.text, start, prep):
            prep = None  # "the Illinois Board of Elections", "the Department of Justice": one name
        if prep and any(
            w.lower() not in NOT_NAMES
            for m in NAME_RUN.finditer(self.text, start, prep.start())
            for w in m.group(0).split()
        ):
            head_end = prep.start()
        head = self.text[start:head_end]
        runs = list(NAME_RUN.finditer(head))
        if runs:
            run = runs[-1]
            rs, re_ = start + run.start(), start + run.end()
            toks = tokens(self.text, rs, re_)
            while toks and (toks[0][2].lower() in NOT_NAMES or toks[0][2].lower() in REPORTING_VERBS):
                toks = toks[1:]
            roles, name_words = split_title([t[2] for t in toks])
            name_toks = [t for t in toks[len(roles) :] if t[2].lower() not in HONORIFICS]
            name_words = canonical_words(name_words)
            tail = self.text[re_:head_end].strip()
            possessive = bool(toks) and toks[-1][2].endswith(APOSTROPHE_S)
            if name_words and name_toks and not tail and not possessive:
                ns = name_toks[0][0]
                full = self.names.resolve(" ".join(name_words), pos)
                if full not in self.names.people:
                    label = self.entity_label(ns, re_)
                    if (label is not None and label != "PERSON") or full in self.names.non_person:
                        return Resolution(_strip_det(head), start, head_end, "phrase", False)
                person = (
                    full in self.names.people
                    or len(full.split()) > 1
                    or self.entity_label(ns, re_) == "PERSON"
                )
                return Resolution(full, ns, re_, "name", person)
            if not name_words and not tail:
                return self._role(start, head_end, roles, pos)
        words_l = [w.strip(".,").lower() for w in head.split()]
        if words_l and words_l[0] == "the" and words_l[-1] in ROLE_HEADS:
            res = self._role(start, head_end, [w for w in words_l[1:] if w in ROLE_WORDS], pos)
            if self._same_body(head, res.speaker, start):
                return res
            # "the European Commission spokesperson": another body's role, not the person named earlier
            return Resolution(_strip_det(head), start, head_end, "phrase", False)
        if words_l and words_l[0] == "the" and words_l[-1] in ROLE_HEADS:
            return self._role(start, head_end, [w for w in words_l[1:] if w in ROLE_WORDS], pos)
        return Resolution(_strip_det(head) or None, start, head_end, "phrase", False)

    def _same_body(self, head: str, speaker: str | None, before: int) -> bool:
        """Whether ``speaker`` came with the body ``head`` names ("the European Commission spokesperson").

        Looks 80 characters before and 60 after each earlier mention of the person (not past ``before``).
        """
        body = [
            w.strip(".,")
            for w in head.split()[1:-1]
            if w[:1].isupper() and w.strip(".,").lower() not in ROLE_WORDS | NOT_NAMES
        ]
        if not body or speaker is None:
            return True
        person = self.names.person(speaker)
        spots = person.mentions if person is not None else []
        windows = [self.text[max(0, m - 80) : min(m + 60, before)] for m in spots if m < before]
        return any(all(b in w for b in body) for w in windows)

    def _recent_organisation(self, pos: int) -> str | None:
        """The organisation named last before ``pos`` (NER ORG, or a name ending with an outlet word)."""
        best: tuple[int, str] | None = None
        for (s, e), label in self.entities.items():
            if label == "ORG" and e <= pos and (best is None or s > best[0]):
                best = (s, _strip_det(self.text[s:e]))
        window = max(0, pos - 3000)
        for m in _OUTLET.finditer(self.text, window, pos):
            if best is None or m.start() > best[0]:
                best = (m.start(), m.group(0))
        return best[1] if best else None

    def _role(self, start: int, end: int, roles: list[str], pos: int) -> Resolution:
        wanted = {r.lower().strip(".") for r in roles}
        heads = wanted & ROLE_HEADS
        definite = self.text[start:end].split()[0].lower() in {"the", "this"} or self.text[start].isupper()
        if not heads or not definite:
            return Resolution(_strip_det(self.text[start:end]), start, end, "phrase", False)
        best: tuple[int, int, str] | None = None
        for person in self.names.people.values():
            overlap = len(wanted & person.roles)
            if not overlap or not heads & person.roles:
                continue
            seen = max((m for m in person.mentions if m <= pos), default=-1)
            if seen < 0:
                continue
            key = (overlap, seen, person.name)
            if best is None or key > best:
                best = key
        name = best[2] if best else self._recent_speaker(pos, None)
        if name is None:
            return Resolution(_strip_det(self.text[start:end]), start, end, "phrase", False)
        return Resolution(name, start, end, "role", True)


# the name run right before "(,) who" (a parenthetical such as "(R-Texas)" may stand between)
_ANTECEDENT = re.compile(r"(" + NAME_RUN.pattern + r")(?:\s+\([^()\n]{1,30}\))?,?\s*$")
_NON_SPEAKER_LABELS = frozenset(
    {"LOC", "FAC", "EVENT", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
)
_EVENT_NOUNS = wordset(
    "protest protests rally rallies debate convention speech meeting hearing summit weekend "
    "conference election primary caucus caucuses event ceremony session march parade"
)
_ORG_NOUN = re.compile(
    r"^(?:the|this)\s+(?:\w+\s+)?(?:newspaper|paper|daily|weekly|network|magazine|outlet|website|site|"
    r"station|channel|publication|agency|wire service)$"
)
_OUTLET = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w.&'’-]*\s+){0,4}(?:Post|Times|Journal|News|Daily|Tribune|Herald|Guardian|"
    r"Telegraph|Gazette|Observer|Magazine|Press|Chronicle|Reuters|Bloomberg|Politico|POLITICO|Network|Agency)\b"
)


def _body_of(text: str, start: int, prep: re.Match[str]) -> bool:
    """Whether ``prep`` is the "of" inside a body's name: an organisation word, "of", a capitalised word."""
    before = text[start : prep.start()].split()
    after = text[prep.end() : prep.end() + 1]
    if prep.group(0).strip() != "of" or not before:
        return False
    return before[-1].lower() in ORG_HEADS and after.isupper()


def _organisation(name: str, non_person: set[str]) -> bool:
    """A name that is no one "he" or "she" can stand for: NER said so, or it ends in an outlet/body word."""
    return name in non_person or name.split()[-1].lower() in ORG_HEADS or bool(_OUTLET.fullmatch(name))


def _non_speaker(low: str) -> bool:
    """An event ("the weekend's protest") or a possessive ("the mayor's") cannot speak."""
    words = low.split()
    return bool(words) and (words[-1].strip(".,") in _EVENT_NOUNS or low.endswith(APOSTROPHE_S))


def _strip_det(phrase: str) -> str:
    words = phrase.split()
    if words and words[0].lower() in {"the"} and len(words) > 1 and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words).strip(" ,;:")
