"""The words a stance label was read from, for display: the evidence window with the mentions marked.

The stance frame carries ``evidence_start``/``evidence_end`` (characters of the unit's text), ``mentions``
(a JSON list of ``[start, end]`` spans) and ``basis``. Pure functions: pages, figures and the brief render
their output (HTML, Markdown or plain text) without knowing how stance was computed.
"""

from __future__ import annotations

import json
import math
from typing import Any

NOT_READ = {
    "not mentioned": "not mentioned",
    "not about target": "not about this target",
    "question": "a question, not a stance",
}
"""Bases where no model read the pair: shown as words, never as a probability."""


def parse_mentions(value: Any) -> list[tuple[int, int]]:
    """Mention spans from the frame's ``mentions`` cell (JSON text, a list, or empty/None/NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            return []
    return [(int(s), int(e)) for s, e in value]


def _int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def evidence_parts(text: str, start: Any, end: Any, mentions: Any) -> list[tuple[str, bool]]:
    """``[(piece, is_mention), ...]`` of ``text[start:end]``; ``[]`` when the label was not read from text."""
    s, e = _int(start), _int(end)
    if s is None or e is None or not text or e <= s:
        return []
    parts: list[tuple[str, bool]] = []
    pos = s
    for ms, me in sorted(parse_mentions(mentions)):
        if ms < pos or me > e:
            continue
        if ms > pos:
            parts.append((text[pos:ms], False))
        parts.append((text[ms:me], True))
        pos = me
    if pos < e:
        parts.append((text[pos:e], False))
    if s > 0:
        parts.insert(0, ("…", False))
    if e < len(text):
        parts.append(("…", False))
    return parts


def evidence_plain(text: str, start: Any, end: Any, mentions: Any, *, width: int = 0) -> str:
    """The evidence as plain text, mentions in «»; cut to ``width`` characters when given."""
    out = "".join(f"«{p}»" if m else p for p, m in evidence_parts(text, start, end, mentions)).strip()
    return out if not width or len(out) <= width else out[: width - 1].rstrip() + "…"


SHORT_NOT_READ = {"not mentioned": "not named", "not about target": "off topic", "question": "question"}
"""The same words for narrow places (heatmap cells); the hover and the panel give the long form."""


def cell_label(label: str, confidence: float, basis: Any, *, short: bool = False) -> str:
    """``"against 0.91"``, or words without a number where no model read the pair."""
    if isinstance(basis, str) and basis in NOT_READ:
        return (SHORT_NOT_READ if short else NOT_READ)[basis]
    return f"{label} {confidence:.2f}"


def was_read(basis: Any) -> bool:
    """False for pairs no model read (named target not mentioned, or kept from the model by a gate)."""
    return not (isinstance(basis, str) and basis in NOT_READ)
