"""The Corpus page's state as one value, with a pure round trip to URL query parameters.

Keys start with ``c_`` (besides ``corpus``) so they never collide with the single-statement filters of the
other pages, which keep their own keys in the same URL. Query values are untrusted: unknown choices fall
back to defaults, over-long strings are clipped, nothing raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from statement_lens.store.queries import GROUPS, PERIODS, WEIGHTS

Q_CORPUS, Q_PERIOD, Q_BY, Q_WEIGHT = "corpus", "c_period", "c_by", "c_weight"
Q_SPEAKER, Q_SOURCE, Q_TARGET, Q_FROM, Q_TO = "c_speaker", "c_source", "c_target", "c_from", "c_to"
Q_TOPIC_POINT, Q_STANCE_POINT = "c_tp", "c_sp"
CORPUS_KEYS = (Q_CORPUS, Q_PERIOD, Q_BY, Q_WEIGHT, Q_SPEAKER, Q_SOURCE, Q_TARGET, Q_FROM, Q_TO, Q_TOPIC_POINT,
               Q_STANCE_POINT)  # fmt: skip
MAX_CHARS, MAX_VALUES = 300, 50
POINT_SEP = "|"


def _values(params: Mapping[str, Any], key: str) -> tuple[str, ...]:
    raw = params.get(key)
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else list(raw)
    out = [str(v)[:MAX_CHARS] for v in items if str(v).strip()]
    return tuple(dict.fromkeys(out))[:MAX_VALUES]


def _first(params: Mapping[str, Any], key: str, default: str = "") -> str:
    vals = _values(params, key)
    return vals[0] if vals else default


def _choice(value: str, options: Sequence[str], default: str) -> str:
    return value if value in options else default


def _point(raw: str) -> tuple[str, str] | None:
    key, sep, value = raw.partition(POINT_SEP)
    return (key, value) if sep and key and value else None


@dataclass(frozen=True)
class CorpusFilters:
    """Which corpus, how to group it, which slice, and which chart point's quotations to show.

    A point is ``(series, x)``: for the topic chart (topic, period or group), for the stance chart
    (target, period).
    """

    corpus: str | None = None
    period: str = "year"
    by: str = "speaker"
    weight: str = "words"
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    topic_point: tuple[str, str] | None = None
    stance_point: tuple[str, str] | None = None

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> CorpusFilters:
        """Build from URL query parameters (a dict of strings or lists of strings)."""
        return cls(
            corpus=_first(params, Q_CORPUS) or None,
            period=_choice(_first(params, Q_PERIOD), tuple(PERIODS), "year"),
            by=_choice(_first(params, Q_BY), tuple(GROUPS), "speaker"),
            weight=_choice(_first(params, Q_WEIGHT), WEIGHTS, "words"),
            speakers=_values(params, Q_SPEAKER),
            sources=_values(params, Q_SOURCE),
            targets=_values(params, Q_TARGET),
            date_from=_first(params, Q_FROM)[:10] or None,
            date_to=_first(params, Q_TO)[:10] or None,
            topic_point=_point(_first(params, Q_TOPIC_POINT)),
            stance_point=_point(_first(params, Q_STANCE_POINT)),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters; defaults are left out so links stay short."""
        out: dict[str, str | list[str]] = {}
        if self.corpus:
            out[Q_CORPUS] = self.corpus
        for key, value, default in ((Q_PERIOD, self.period, "year"), (Q_BY, self.by, "speaker"),
                                    (Q_WEIGHT, self.weight, "words")):  # fmt: skip
            if value != default:
                out[key] = value
        for key, values in ((Q_SPEAKER, self.speakers), (Q_SOURCE, self.sources), (Q_TARGET, self.targets)):
            if values:
                out[key] = list(values)
        if self.date_from:
            out[Q_FROM] = self.date_from
        if self.date_to:
            out[Q_TO] = self.date_to
        if self.topic_point:
            out[Q_TOPIC_POINT] = POINT_SEP.join(self.topic_point)
        if self.stance_point:
            out[Q_STANCE_POINT] = POINT_SEP.join(self.stance_point)
        return out

    def with_(self, **changes: Any) -> CorpusFilters:
        """A copy with some fields replaced (lists become tuples)."""
        fixed: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
        return replace(self, **fixed)

    def for_corpus(self, corpus: str | None) -> CorpusFilters:
        """Switch corpus: slices and selected points of the old corpus do not carry over."""
        if corpus == self.corpus:
            return self
        return CorpusFilters(corpus=corpus, period=self.period, by=self.by, weight=self.weight)


def point_from_selection(event: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The ``(series, x)`` of the first clicked point of a Plotly chart (from its ``customdata``), or None."""
    if not event:
        return None
    points = (event.get("selection") or {}).get("points") or []
    if not points:
        return None
    custom = points[0].get("customdata")
    if (
        isinstance(custom, list | tuple)
        and len(custom) >= 2
        and custom[0] is not None
        and custom[1] is not None
    ):
        return str(custom[0]), str(custom[1])
    return None
