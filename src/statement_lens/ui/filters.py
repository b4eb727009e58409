"""The dashboard's filter state as one value, with a pure round trip to URL query parameters.

The URL is the state: ``Filters.from_query(params).to_query()`` reproduces the parameters a link carried, so a
shared link shows exactly what the sender saw. Query values are untrusted: unknown stance labels, bad
numbers and
over-long strings are dropped or clipped, never raised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from statement_lens.types import STANCE_LABELS

#: Query parameter names (short, stable: they appear in shared links).
Q_STATEMENT, Q_SPEAKER, Q_TOPIC, Q_TARGET, Q_STANCE, Q_CONF, Q_SEARCH, Q_COMPARE = (
    "s", "speaker", "topic", "target", "stance", "conf", "q", "cmp",
)  # fmt: skip
QUERY_KEYS: tuple[str, ...] = (
    Q_STATEMENT,
    Q_SPEAKER,
    Q_TOPIC,
    Q_TARGET,
    Q_STANCE,
    Q_CONF,
    Q_SEARCH,
    Q_COMPARE,
)
#: ``cmp=none``: the analyst cleared the statements to compare (no parameter: the default pair).
NO_COMPARE = "none"
MAX_VALUE_CHARS = 300
MAX_VALUES = 50

QueryParams = Mapping[str, "str | Sequence[str]"]


def _values(params: QueryParams, key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    out = [str(v)[:MAX_VALUE_CHARS] for v in items if str(v).strip()]
    return list(dict.fromkeys(out))[:MAX_VALUES]


def _first(params: QueryParams, key: str) -> str:
    vals = _values(params, key)
    return vals[0] if vals else ""


def _compare(values: list[str]) -> tuple[str, ...] | None:
    ids = tuple(v for v in values if v != NO_COMPARE)
    return ids if ids or values else None


def _confidence(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        return 0.0
    if not math.isfinite(value):
        return 0.0
    return round(min(max(value, 0.0), 1.0), 2)


@dataclass(frozen=True)
class Filters:
    """What the analyst is looking at: one statement and the slices of its quotations.

    Empty tuples mean "no restriction". ``min_confidence`` applies to stance confidence. ``compare`` is None
    until the analyst picks statements to compare (the page then offers a default pair); ``()`` means they
    cleared the choice, which stays cleared.
    """

    statement: str | None = None
    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    min_confidence: float = 0.0
    search: str = ""
    compare: tuple[str, ...] | None = field(default=None)

    @classmethod
    def from_query(cls, params: QueryParams) -> Filters:
        """Build filters from URL query parameters (``st.query_params`` as a dict of lists or strings)."""
        labels = tuple(v for v in _values(params, Q_STANCE) if v in STANCE_LABELS)
        return cls(
            statement=_first(params, Q_STATEMENT) or None,
            speakers=tuple(_values(params, Q_SPEAKER)),
            topics=tuple(_values(params, Q_TOPIC)),
            targets=tuple(_values(params, Q_TARGET)),
            labels=labels,
            min_confidence=_confidence(_first(params, Q_CONF) or "0"),
            search=_first(params, Q_SEARCH).strip(),
            compare=_compare(_values(params, Q_COMPARE)),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for these filters; defaults are left out so links stay short."""
        out: dict[str, str | list[str]] = {}
        if self.statement:
            out[Q_STATEMENT] = self.statement
        for key, vals in (
            (Q_SPEAKER, self.speakers),
            (Q_TOPIC, self.topics),
            (Q_TARGET, self.targets),
            (Q_STANCE, self.labels),
        ):
            if vals:
                out[key] = list(vals)
        if self.compare is not None:
            out[Q_COMPARE] = list(self.compare) or [NO_COMPARE]
        if self.min_confidence > 0:
            out[Q_CONF] = f"{self.min_confidence:g}"
        if self.search:
            out[Q_SEARCH] = self.search
        return out

    def with_(self, **changes: Any) -> Filters:
        """Return a copy with some fields replaced (sequences become tuples)."""
        fixed: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list | tuple) else v for k, v in changes.items()
        }
        return replace(self, **fixed)

    def for_statement(self, statement: str | None) -> Filters:
        """Switch statement; the slices of the old statement do not carry over (its speakers/topics differ).

        From no statement (a link without ``s``, where the app picks the default one) the slices are kept.
        """
        if statement == self.statement:
            return self
        if self.statement is None:
            return replace(self, statement=statement)
        return Filters(statement=statement, compare=self.compare)

    def describe(self) -> list[str]:
        """Readable lines for the brief and captions, e.g. ``Speaker: Jens Stoltenberg``."""
        lines = []
        for name, vals in (
            ("Speaker", self.speakers),
            ("Topic", self.topics),
            ("Target", self.targets),
            ("Stance", self.labels),
        ):
            if vals:
                lines.append(f"{name}: {', '.join(vals)}")
        if self.min_confidence > 0:
            lines.append(f"Minimum stance confidence: {self.min_confidence:.2f}")
        if self.search:
            lines.append(f"Search: {self.search}")
        return lines or ["No filters (every quotation)"]


def query_dict(params: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
    """Collect repeated query parameters into lists (from ``(key, value)`` pairs)."""
    out: dict[str, list[str]] = {}
    for k, v in params:
        out.setdefault(k, []).extend([v] if isinstance(v, str) else list(v))
    return out


def filter_units(units: pd.DataFrame, stance: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The units (quotations) that pass the filters, in their original order.

    Speaker, topic and search narrow the units directly. Target, stance label and minimum confidence narrow by
    stance: a unit stays when at least one of its stance rows (for the chosen targets, or any target) has
    a chosen
    label and at least the minimum confidence. Without stance filters, units without stance rows stay.
    """
    mask = pd.Series(True, index=units.index)
    if filters.speakers:
        mask &= units["speaker"].isin(filters.speakers)
    if filters.topics:
        mask &= units["topic"].isin(filters.topics)
    if filters.search:
        needle = filters.search.casefold()
        hay = (
            units["text"].fillna("").str.casefold()
            + "\n"
            + units["speaker"].fillna("").astype(str).str.casefold()
        )
        mask &= hay.str.contains(needle, regex=False)
    out = units[mask]
    if filters.targets or filters.labels or filters.min_confidence > 0:
        s = matching_stance(stance, filters)
        out = out[out["unit_id"].isin(set(s["unit_id"]))]
    return out


def matching_stance(stance: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Stance rows for the chosen targets and labels at or above the minimum confidence."""
    s = stance
    if filters.targets:
        s = s[s["target"].isin(filters.targets)]
    if filters.labels:
        s = s[s["label"].isin(filters.labels)]
    if filters.min_confidence > 0:
        s = s[s["confidence"] >= filters.min_confidence]
    return s


def topic_from_selection(event: Mapping[str, Any] | None, order: Sequence[str]) -> str | None:
    """The topic a click on the topic-emphasis chart selected (Streamlit's Plotly selection event), or None.

    Uses the bar's ``customdata`` (the raw topic name) and falls back to the point index in ``order``.
    """
    if not event:
        return None
    selection = event.get("selection") or {}
    points = selection.get("points") or []
    if not points:
        return None
    point = points[0]
    custom = point.get("customdata")
    if isinstance(custom, list | tuple) and custom and str(custom[0]) in order:
        return str(custom[0])
    if isinstance(custom, str) and custom in order:
        return custom
    idx = point.get("point_index", point.get("point_number"))
    if isinstance(idx, int) and 0 <= idx < len(order):
        return order[idx]
    return None
