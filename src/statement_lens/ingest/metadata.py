"""Find a statement's title line, date, source and speaker in its text (pure functions).

Only the top of a document is searched for a date or a speaker (title, byline, dateline), so that
a date or name mentioned in the body is not mistaken for the statement's own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from statement_lens.types import Span

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35
HEADER_LINES = 5
SHORT_LINE_WORDS = 16  # a line this short near the top may be a date line or a byline


@dataclass(frozen=True)
class Line:
    """A non-blank line with its offsets (leading/trailing whitespace excluded)."""

    start: int
    end: int
    text: str


def lines_of(text: str) -> Iterator[Line]:
    """Yield the non-blank lines of ``text`` with offsets into it."""
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            yield Line(start, start + len(stripped), stripped)


# --- title -----------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+?)\1$")
_SALUTATION = re.compile(
    r"^(?:mr\.?|mister|madam|madame|mrs\.?|ms\.?|your\s+(?:excellenc\w*|majest\w*|highness\w*|holiness)"
    r"|excellenc\w*|ladies\s+and\s+gentlemen|distinguished|dear|honou?rable|good\s+(?:morning|afternoon|evening)"
    r"|thank\s+you|hello|in\s+the\s+name\s+of|mdm\.?|my\s+fellow|(?:mr\.?\s+|madam\s+)?president(?:\s+of\b|\s*[,–—-]|$)"
    r"|(?:mr\.?\s+)?secretary[- ]general(?:\s*[,–—-]|$))",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-•·*–—>]+\s*")
_TITLE_END_WORDS = frozenset(
    "the a an of and or to in on at for with as by from that this our their his her its is are".split()  # noqa: SIM905
)
_TURN = re.compile(r"^(?:q|a|question|answer|moderator|interviewer)\s*[:.]", re.IGNORECASE)
_CLOSERS = "\"'”’»)]*_"


def _trim(line: Line) -> Line:
    """Drop Markdown heading marks and emphasis wrappers, keeping offsets exact."""
    start, text = line.start, line.text
    heading = _MD_HEADING.match(text)
    if heading:
        start += heading.end()
        text = text[heading.end() :].rstrip("# \t")
    emphasis = _EMPHASIS.match(text)
    if emphasis:
        start += len(emphasis.group(1))
        text = emphasis.group(2)
    return Line(start, start + len(text), text)


def _looks_like_title(text: str, next_line: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(text) > MAX_TITLE_CHARS:
        return False
    bare = _BULLET.sub("", text)
    if not bare or bare[0].islower() or _SALUTATION.match(bare) or _TURN.match(bare):
        return False
    if text.startswith("[") and text.endswith("]"):  # a stage direction: "[Delivered in person]"
        return False
    if next_line[:1].islower() or words[-1].lower() in _TITLE_END_WORDS:  # a wrapped sentence
        return False
    if find_date(text) is not None and len(words) <= 6:  # a bare date line
        return False
    last = text.rstrip(_CLOSERS)[-1:] or text[-1]
    return last not in ".,;:!-–—"


def detect_title(text: str, hint: str | None = None) -> Span | None:
    """Return the span of the first line when it is a headline, else ``None``.

    A headline is the first non-blank line of a text with more lines after it that is short, does not
    end like a sentence, and is not a salutation ("Mr. President,") or a transcript turn. A Markdown
    heading, or a line equal to ``hint`` (a title from the file's metadata), always counts.
    """
    it = lines_of(text)
    first = next(it, None)
    second = next(it, None)
    if first is None or second is None:
        return None
    line = _trim(first)
    if not line.text:
        return None
    is_heading = bool(_MD_HEADING.match(first.text))
    matches_hint = hint is not None and " ".join(hint.split()) == " ".join(line.text.split())
    if is_heading or matches_hint or _looks_like_title(line.text, second.text):
        return Span(line.start, line.end)
    return None


# --- date ------------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})(?!\d)", re.I
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)", re.I),
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
)


def find_date(text: str) -> tuple[str, int] | None:
    """Return the first valid calendar date in ``text`` as (ISO string, offset), or ``None``."""
    found: list[tuple[int, str]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m.group("mnum")) if "mnum" in m.groupdict() else _MONTHS[m.group("month")[:3].lower()]
            try:
                day = dt.date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
            if 1800 <= day.year <= 2100:
                found.append((m.start(), day.isoformat()))
                break
    if not found:
        return None
    offset, iso = min(found)
    return iso, offset


_DATE_PREFIX = re.compile(
    r"^[\s\[(*_>#-]*"
    r"(?:[A-Z][A-Za-z.'’ -]{0,40},\s*(?:[A-Z][A-Za-z.'’ -]{0,30},\s*)?)?"  # dateline place: "BRUSSELS, "
    r"(?:(?:as\s+)?(?:published|updated|posted|released|issued|dated|date|delivered|last\s+updated)\b[^\d\n]{0,12})?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$",
    re.IGNORECASE,
)
_NARRATIVE_START = re.compile(r"^(?:on|in|at|by|since|from|until|before|after|during|when|between)\b", re.I)


def _header_date(line: str) -> str | None:
    hit = find_date(line)
    if hit is None:
        return None
    iso, offset = hit
    prefix = re.split(r"[|•·]", line[:offset])[-1]
    if _DATE_PREFIX.match(prefix):  # a date line, label or dateline
        return iso
    words = line.split()
    if (
        len(words) <= SHORT_LINE_WORDS
        and not line.rstrip(_CLOSERS).endswith(".")
        and not _NARRATIVE_START.match(line)
    ):
        return iso  # a byline such as "Prime Minister X, September 27th, 2024"
    return None


def detect_date(text: str) -> str | None:
    """Return the statement's date (ISO ``YYYY-MM-DD``) from its first lines, or ``None``.

    A date counts on one of the first lines when it starts the line or follows only a place, a
    weekday or a label ("BRUSSELS, 15 October 2020 -", "Published 2023-09-19"), or when it sits on a
    short line that is not a sentence (a byline). Narrative dates ("On 26 July 1946, ...") do not count.
    """
    for i, line in enumerate(lines_of(text)):
        if i >= HEADER_LINES:
            break
        iso = _header_date(line.text)
        if iso:
            return iso
    return None


# --- source ----------------------------------------------------------------------------------------

_SOURCE_LINE = re.compile(
    r"^[ \t*_]*(?:source|sources|published\s+by|issued\s+by|via)[ \t*_]*[:–—-][ \t*_]*"
    r"(?P<src>[^\n]{2,100}?)[ \t*_]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'’/-]{1,40}?)(?:,[^()\n]{1,40}?)?"
    r"\s*\((?P<agency>[A-Z][A-Za-z .&/-]{0,40})\)\s*[-–—]"
)


def detect_source(text: str) -> str | None:
    """Return a source named by a "Source: X" line or a wire dateline ("BRUSSELS (Reuters) -")."""
    m = _SOURCE_LINE.search(text)
    if m:
        return m.group("src").strip(" .")
    for i, line in enumerate(lines_of(text)):
        if i >= HEADER_LINES:
            break
        d = _DATELINE.match(line.text)
        if d:
            return d.group("agency").strip()
    return None


# --- speaker ---------------------------------------------------------------------------------------

_BY = re.compile(
    r"\b(?:remarks|statement|speech|address|keynote(?:\s+(?:speech|address))?|press\s+conference"
    r"|press\s+statement|(?:press\s+)?briefing|message|interview|lecture|testimony|doorstep(?:\s+statement)?)"
    r"\s+(?:(?:delivered|given|made)\s+)?by\s+(?P<who>[^\n|]{3,160})",
    re.IGNORECASE,
)
_SPEAKER_LINE = re.compile(r"^(?:speaker|delivered\s+by|speech\s+by)\s*:\s*(?P<who>.{3,160})$", re.IGNORECASE)
_HONORIFICS = frozenset(
    "h.e. h.e h. e. his her their excellency excellencies majesty highness royal holiness mr "  # noqa: SIM905
    "mr. mrs mrs. ms ms. dr dr. prof prof. hon hon. rt rt. the honourable honorable sir dame "
    "madam mister".split()
)
_ROLES = frozenset(
    "secretary general secretary-general president vice prime minister deputy foreign affairs "  # noqa: SIM905
    "defence defense chancellor ambassador commissioner high representative chair chairman "
    "chairwoman chairperson governor senator mayor director spokesperson spokesman spokeswoman "
    "head state government of the for and permanent representative envoy special executive "
    "vice-president federal".split()
)
_PARTICLES = frozenset(
    "de da di del della dos du van von der den la le bin bint al el ibn ben ter".split()  # noqa: SIM905
)
_STOP = re.compile(r"\s*(?:,|;|:|\(|\s[-–—]\s|\s[-–—]$)")


def _name_tokens(who: str) -> list[str]:
    """Leading capitalised tokens of a byline phrase (stops at the first ordinary lower-case word)."""
    stop = _STOP.search(who)
    who = who[: stop.start()] if stop else who
    out: list[str] = []
    tokens = who.split()
    for i, tok in enumerate(tokens):
        low = tok.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        joins = low in _PARTICLES | {"of", "the", "and", "for"} and (nxt[:1].isupper() or nxt in _PARTICLES)
        if not (tok[:1].isupper() or low in _HONORIFICS or joins):
            break
        out.append(tok)
    return out


def _is_title_word(token: str, *, more_follow: bool) -> bool:
    """An honorific, a role word, or an acronym such as NATO/EU before a name."""
    low = token.lower()
    acronym = token.isupper() and len(token.strip(".")) > 1 and more_follow
    return low in _HONORIFICS or low in _ROLES or acronym


def clean_speaker(who: str) -> str | None:
    """Reduce a byline phrase to a person's name: honorifics and leading role words dropped.

    "H.E. Mr. Joe Biden, President of the United States" → "Joe Biden";
    "NATO Secretary General Jens Stoltenberg" → "Jens Stoltenberg"; "the President" → ``None``.
    """
    tokens = _name_tokens(who.strip())
    while tokens and _is_title_word(tokens[0], more_follow=len(tokens) > 1):
        tokens.pop(0)
    name = " ".join(tokens).strip(" .,")
    if not name or name.lower() in _ROLES:
        return None
    return name


def detect_speaker(text: str) -> str | None:
    """Return who speaks when the top of the document says so ("Remarks by X", "Speaker: X")."""
    for i, line in enumerate(lines_of(text)):
        if i >= HEADER_LINES:
            break
        m = _SPEAKER_LINE.match(line.text) or _BY.search(line.text)
        if m:
            name = clean_speaker(m.group("who"))
            if name:
                return name
    return None
