"""The sentence gate: which unit x target pairs of an analysis reach the stance model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from statement_lens.stance.heuristic import target_mentioned

GATED_OFF = (0.1, 0.1, 0.8)
"""(favor, against, none) given to a speech sentence the sentence gate keeps from the stance model."""


def sentence_gate(services: Any, pairs: Sequence[tuple[str, str]], sentence: Sequence[bool]) -> list[bool]:
    """Which pairs go to the stance model: all quotations and turns; sentences only when about the target.

    A speech without quotations is analysed sentence by sentence, and most of its sentences are about
    something else than a given target. Measured on seven 2023 UN General Debate statements (3,985
    sentence x proposed-target pairs, ``benchmarks/reports/sentence_gate.md``): without this gate the
    model called 68 % of them favor/against ("We are hurting too." -> against "Haiti"). A sentence is
    kept when it mentions the target (stemmed content word) or its MiniLM cosine to the target is at
    least ``Settings.sentence_gate_cosine``: 0.3 keeps 16 % of the pairs and 23 % of those labels; of
    a random sample of 12 dropped labels read by hand, 11 held no stance toward the target and one
    arguably did (mass graves of Azerbaijani civilians -> against "Armenia", cosine 0.28). Dropped
    pairs are "none" at 0.8 without a model call. With no embedder loaded, only the mention test applies.
    """
    keep = [
        not s or target_mentioned(text, target) for (text, target), s in zip(pairs, sentence, strict=True)
    ]
    rest = [i for i, k in enumerate(keep) if not k]
    if rest and services.embedder is not None:
        xv = services.embedder.embed([pairs[i][0] for i in rest])
        tv = services.embedder.embed([pairs[i][1] for i in rest])
        close = np.einsum("ij,ij->i", xv, tv) >= services.settings.sentence_gate_cosine
        for i, c in zip(rest, close, strict=True):
            keep[i] = bool(c)
    return keep


_QUESTION_END = re.compile(r"\?[\"”’')\]]*\s*$")


def is_question(text: str) -> bool:
    """True for a sentence or turn that ends in a question mark.

    In a transcript or a speech read by its sentences, a question is most often a journalist's (unlabelled
    transcripts attribute it to the principal speaker) or rhetorical; either way it states no stance of
    the speaker the row is shown under. Such units are kept from the stance model (basis ``"question"``).
    Quotations are not affected: a quoted question is the quoted speaker's words.
    """
    return bool(_QUESTION_END.search(text))
