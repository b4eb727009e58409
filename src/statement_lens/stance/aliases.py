"""Other names of a target: demonyms, capitals, a person's surname and handles, and analyst aliases.

Countries come from a table in ``data/countries.csv`` (see its SOURCE.md); analyst aliases are written
"Russia = Putin, Kremlin".

``alias_forms("Russia")`` → ``("Russian", "Russians", "Russian Federation", "Moscow", "Kremlin")``. A demonym
or capital written as the target ("Russian", "Kyiv") finds its country's forms too. Analyst aliases are
parsed from ``"Target = alias, alias"`` lines (:func:`parse_alias_lines`) and passed as a mapping.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from statement_lens.errors import InputError

TABLE = Path(__file__).parent / "data" / "countries.csv"
_PERSON_TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "secretary",
        "general",
        "chancellor",
        "king",
        "queen",
        "pope",
        "senator",
        "governor",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "minister",
        "foreign",
        "defence",
        "defense",
        "chief",
        "state",
        "spokesman",
        "spokeswoman",
    ]
)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """``{lower-case name or form: (country, *forms)}`` for every row of the table."""
    out: dict[str, tuple[str, ...]] = {}
    with TABLE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = (row["country"], *[f for f in row["forms"].split("|") if f])
            for name in names:
                out.setdefault(name.lower(), names)
    return out


_QUOTES = "'’\"“”"
_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|(?<=s)['’])$")
# A trailing party-and-state tag, closed or cut off: "Ted Cruz (R-Texas", "Marco Rubio (R-Fla.)".
_PARTY_TAG = re.compile(r"\s*\((?:[RDI]|Rep|Dem)(?:[-–,][^()]*)?\)?$|\s*\([^()]*$")


def bare_name(target: str) -> str:
    """``target`` without quotes, a possessive or a party tag: "Donald Trump's" → "Donald Trump".

    Names typed by an analyst or taken from a text often carry them ("Russia's", "Ted Cruz (R-Texas)");
    the mentions of "Donald Trump's" are those of "Donald Trump".
    """
    name = _PARTY_TAG.sub("", target.strip().strip(_QUOTES)).strip().strip(_QUOTES)
    return _POSSESSIVE.sub("", name).strip() or target.strip()


def country_forms(target: str) -> tuple[str, ...]:
    """The table row of ``target`` (its country name first), or ``()`` when it names no country."""
    return _table().get(target.strip().lower(), ())


def surname(target: str) -> str | None:
    """The last word of a name of two or more capitalised words ("Jens Stoltenberg" → "Stoltenberg").

    Titles are skipped ("President Putin" → "Putin" as well); a target in the country table has none.
    """
    words = [w for w in re.findall(r"[\w'’.-]+", target) if w]
    if len(words) < 2 or country_forms(target):
        return None
    if not all(w[:1].isupper() for w in words):
        return None
    last = words[-1].strip(".")
    if last.lower() in _PERSON_TITLES or len(last) < 3:
        return None
    return last


def alias_forms(target: str, extra: Mapping[str, Iterable[str]] | None = None) -> tuple[str, ...]:
    """Every other form of ``target``: table forms, surname, analyst aliases (no duplicates, not itself)."""
    forms: list[str] = [f for f in country_forms(target) if f.lower() != target.strip().lower()]
    last = surname(target)
    if last:
        forms.append(last)
        words = target.split()
        if len(words) in (2, 3):  # a handle or hashtag: "@HillaryClinton", "#HillaryClinton", "#Hillary"
            forms.append("".join(words))
            if words[0].lower().strip(".") not in _PERSON_TITLES:
                forms += [f"#{words[0]}", f"@{words[0]}"]
    if extra:
        for key, values in extra.items():
            if key.strip().lower() == target.strip().lower():
                forms.extend(v.strip() for v in values if v.strip())
    seen: set[str] = set()
    out = []
    for f in forms:
        if f.lower() not in seen:
            seen.add(f.lower())
            out.append(f)
    return tuple(out)


def parse_alias_lines(text: str) -> dict[str, tuple[str, ...]]:
    """``"Russia = Putin, Kremlin"`` lines → ``{"Russia": ("Putin", "Kremlin")}``; blank lines are skipped.

    Raises:
        InputError: a line has no ``=`` or nothing on one side of it, saying which line and how to write it.
    """
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        target, sep, rest = line.partition("=")
        values = tuple(v.strip() for v in rest.split(",") if v.strip())
        if not sep or not target.strip() or not values:
            raise InputError(
                f"Alias line {n} ({line.strip()!r}) is not 'Target = alias, alias'. Write one target per "
                "line, e.g. 'Russia = Putin, Kremlin'."
            )
        out[target.strip()] = out.get(target.strip(), ()) + values
    return out


def format_alias_lines(aliases: Mapping[str, Iterable[str]]) -> str:
    """The inverse of :func:`parse_alias_lines` (one ``Target = a, b`` line per target)."""
    return "\n".join(f"{t} = {', '.join(v)}" for t, v in aliases.items() if list(v))
