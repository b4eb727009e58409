"""Plain data records that flow one way through the package.

All spans are character offsets into ``Statement.text`` (the original text, never re-normalised).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "partial", "headline", "turn", "indirect"]
StanceLabel = Literal["favor", "against", "none"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("favor", "against", "none")


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the statement text."""

    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A paragraph, sentence or transcript turn with its offsets."""

    kind: Literal["paragraph", "sentence", "turn", "title"]
    start: int
    end: int
    text: str
    speaker: str | None = None
    paragraph: int = 0


@dataclass(frozen=True)
class Statement:
    """A loaded statement: original text plus metadata detected at ingest."""

    text: str
    title: str | None = None
    title_span: Span | None = None
    date: str | None = None
    source: str | None = None
    speaker: str | None = None
    origin: str | None = None  # file name, URL or "pasted"
    media_type: str = "text/plain"
    warnings: tuple[str, ...] = ()

    @property
    def body_start(self) -> int:
        """Offset where the body starts (after the title line, if any)."""
        return self.title_span.end if self.title_span else 0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Statement:
        """Inverse of :meth:`to_dict`."""
        d = dict(d)
        ts = d.get("title_span")
        d["title_span"] = Span(**ts) if ts else None
        d["warnings"] = tuple(d.get("warnings") or ())
        return cls(**d)


@dataclass(frozen=True)
class Quote:
    """A quotation: the quoted content span and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    kind: QuoteKind = "direct"
    confidence: float = 1.0
    flags: tuple[str, ...] = ()  # e.g. ("unmatched_quote_mark",)
    parts: tuple[tuple[int, int], ...] = ()  # pieces of a split quote, each (start, end)


@dataclass(frozen=True)
class StanceResult:
    """Stance of one text toward one target."""

    text: str
    target: str
    label: StanceLabel
    p_favor: float
    p_against: float
    p_none: float
    confidence: float
    needs_review: bool = False
    # Where the label was read from (characters of ``text``): the window around the deciding mention(s),
    # the whole text when the target is not named in it, or None when no model read it (``basis``).
    evidence_start: int | None = None
    evidence_end: int | None = None
    mentions: tuple[tuple[int, int], ...] = ()
    # "mention" (read around the target's mentions), "text" (the whole text: an issue-like target),
    # "not mentioned" (a named target absent from the text), "not about target" (gated off), "" (unknown)
    basis: str = ""

    @property
    def probs(self) -> dict[str, float]:
        """Probabilities by label."""
        return {"favor": self.p_favor, "against": self.p_against, "none": self.p_none}


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence, linked to its source span when extractive."""

    text: str
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    supported: bool = True
    unsupported_tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """A summary with provenance and coverage."""

    sentences: tuple[SummarySentence, ...]
    method: str
    model: str | None = None
    input_coverage: float = 1.0
    experimental: bool = False

    @property
    def text(self) -> str:
        """The summary as one string."""
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class TopicAssignment:
    """The topic of one text."""

    text: str
    topic: str
    score: float
    code: int | None = None
    scores: dict[str, float] = field(default_factory=dict)
