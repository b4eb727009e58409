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
#: Regenerate with ``python benchmarks/quotes_polnear.py --fit --no-textacy`` after changing a rule
#: (n = matched quotations with that key on the shape half).
PATTERN_ACCURACY: dict[str, float] = {
    "according": 0.894,  # n=18
    "according|name": 0.858,  # n=6
    "according|name|direct": 0.919,  # n=3
    "according|name|partial": 0.776,  # n=3
    "according|organisation": 0.915,  # n=1
    "according|organisation|partial": 0.932,  # n=1
    "according|phrase": 0.905,  # n=11
    "according|phrase|direct": 0.924,  # n=1
    "according|phrase|partial": 0.901,  # n=10
    "after": 0.977,  # n=1201
    "after|name": 0.981,  # n=756
    "after|name|direct": 0.987,  # n=710
    "after|name|partial": 0.899,  # n=46
    "after|organisation": 0.982,  # n=1
    "after|organisation|direct": 0.985,  # n=1
    "after|phrase": 0.934,  # n=103
    "after|phrase|direct": 0.987,  # n=91
    "after|phrase|partial": 0.608,  # n=12
    "after|pronoun": 0.991,  # n=325
    "after|pronoun|direct": 0.994,  # n=313
    "after|pronoun|partial": 0.935,  # n=12
    "after|role": 0.845,  # n=16
    "after|role|direct": 0.810,  # n=15
    "after|role|partial": 0.876,  # n=1
    "before": 0.921,  # n=774
    "before|name": 0.937,  # n=445
    "before|name|direct": 0.938,  # n=113
    "before|name|partial": 0.937,  # n=332
    "before|phrase": 0.886,  # n=122
    "before|phrase|direct": 0.932,  # n=32
    "before|phrase|partial": 0.868,  # n=90
    "before|pronoun": 0.907,  # n=192
    "before|pronoun|direct": 0.894,  # n=56
    "before|pronoun|partial": 0.912,  # n=136
    "before|role": 0.931,  # n=15
    "before|role|direct": 0.969,  # n=5
    "before|role|partial": 0.909,  # n=10
    "colon": 0.852,  # n=5
    "colon|name": 0.823,  # n=5
    "colon|name|direct": 0.810,  # n=5
    "continuation": 0.569,  # n=13
    "continuation|name": 0.570,  # n=7
    "continuation|name|direct": 0.571,  # n=7
    "continuation|phrase": 0.379,  # n=2
    "continuation|phrase|direct": 0.253,  # n=2
    "continuation|pronoun": 0.534,  # n=4
    "continuation|pronoun|direct": 0.517,  # n=4
    "dash": 0.666,  # n=3
    "dash|name": 0.444,  # n=2
    "dash|name|partial": 0.296,  # n=2
    "dash|phrase": 0.733,  # n=1
    "dash|phrase|direct": 0.787,  # n=1
    "mention": 0.439,  # n=84
    "mention|name": 0.420,  # n=43
    "mention|name|direct": 0.614,  # n=2
    "mention|name|partial": 0.393,  # n=41
    "mention|phrase": 0.356,  # n=29
    "mention|phrase|direct": 0.571,  # n=2
    "mention|phrase|partial": 0.304,  # n=27
    "mention|pronoun": 0.547,  # n=12
    "mention|pronoun|direct": 0.638,  # n=1
    "mention|pronoun|partial": 0.546,  # n=11
    "previous": 0.815,  # n=14
    "previous|name": 0.733,  # n=10
    "previous|name|direct": 0.709,  # n=10
    "previous|pronoun": 0.907,  # n=4
    "previous|pronoun|direct": 0.954,  # n=4
    "subject": 0.736,  # n=107
    "subject|name": 0.716,  # n=63
    "subject|name|direct": 0.686,  # n=6
    "subject|name|partial": 0.719,  # n=57
    "subject|phrase": 0.765,  # n=26
    "subject|phrase|direct": 0.843,  # n=2
    "subject|phrase|partial": 0.752,  # n=24
    "subject|pronoun": 0.747,  # n=16
    "subject|pronoun|direct": 0.831,  # n=2
    "subject|pronoun|partial": 0.722,  # n=14
    "subject|role": 0.657,  # n=2
    "subject|role|partial": 0.605,  # n=2
    "tail": 0.914,  # n=35
    "tail|name": 0.984,  # n=18
    "tail|name|direct": 0.995,  # n=9
    "tail|name|partial": 0.995,  # n=9
    "tail|phrase": 0.740,  # n=5
    "tail|phrase|direct": 0.792,  # n=1
    "tail|phrase|partial": 0.620,  # n=4
    "tail|pronoun": 0.904,  # n=10
    "tail|pronoun|direct": 0.957,  # n=5
    "tail|pronoun|partial": 0.846,  # n=5
    "tail|role": 0.943,  # n=2
    "tail|role|partial": 0.962,  # n=2
    "turn": 0.467,  # n=6
}


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
