"""Speaker confidence: how often the attribution pattern that named a quote's speaker is right.

Each attributed quote gets a *pattern key* ``"position|how|kind"``: where the attribution was found
(:class:`~statement_lens.quotes.records.Attribution` ``position``: ``after``, ``before``, ``colon``,
``tail``, ``subject``, ...), how the mention resolved (:class:`~statement_lens.quotes.resolve.Resolution`
``how``: ``name``, ``pronoun``, ``role``, ``phrase``) and the quote's kind (``direct`` / ``partial``).
:data:`PATTERN_ACCURACY` maps keys to the share of such speakers that were right on the *shape half* of
PolNeAR train (the half the rules were read on; see ``benchmarks/quotes_polnear.py --fit``), each shrunk
toward the accuracy of its coarser key (``"position|how"``, ``"position"``) so that a rare pattern borrows
from its family. A key not in the table falls back to its coarser keys, then to a default.

The table holds measured accuracies (numbers), not a model trained on PolNeAR: PolNeAR may be used to
develop and measure rules, never to train a shipped model.

A speaker whose confidence is under :data:`REVIEW_THRESHOLD` is flagged :data:`NEEDS_REVIEW`.
"""

from __future__ import annotations

__all__ = ["NEEDS_REVIEW", "PATTERN_ACCURACY", "REVIEW_THRESHOLD", "pattern_key", "speaker_confidence"]

#: Speakers less likely than this to be right are flagged for review (the default of
#: ``Settings.review_threshold``, which the stance calls use the same way).
REVIEW_THRESHOLD = 0.6
#: The flag a quote carries when its speaker needs review.
NEEDS_REVIEW = "needs_review"

#: Accuracy of the speaker per pattern key, fitted on the shape half of PolNeAR train.
PATTERN_ACCURACY: dict[str, float] = {}


def pattern_key(position: str, how: str, kind: str) -> str:
    """The calibration key of an attribution: ``"position|how|kind"``."""
    return f"{position}|{how}|{kind}"


def speaker_confidence(key: str, default: float) -> float:
    """The fitted accuracy for ``key`` or its nearest coarser key; ``default`` when none is known."""
    parts = key.split("|")
    for n in range(len(parts), 0, -1):
        value = PATTERN_ACCURACY.get("|".join(parts[:n]))
        if value is not None:
            return value
    return default
