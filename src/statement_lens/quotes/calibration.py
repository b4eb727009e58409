"""Speaker confidence: how sure an attribution is, from the kind of evidence that named the speaker.

The value is fixed by reasoning about the evidence, not fitted on any data set (no data set with quotation
and speaker labels may train a shipped component: PolNeAR may only develop and measure rules), with one
exception said below (``continuation``). It is the product of three factors:

1. **Where the speaker was found** (:class:`~statement_lens.quotes.records.Attribution` ``position``),
   :data:`POSITION_CONFIDENCE`. A reporting verb right next to a quote mark, with its subject, is how news
   text names a speaker and is rarely anything else (``after`` 0.95). Layouts that name a speaker without a
   verb beside the mark -- a dash line, ``Name:``, a round-up ``Name, Outlet:`` -- and explicit sourcing
   (``according to``), or a cue earlier in the quote's own sentence (``before``), are nearly as direct but
   admit more readings (an apposition, a list, a heading): 0.9. A speaker closing the quote's sentence after
   other words (``tail``) is one clause away: 0.8. The previous sentence ending in "X said." (``previous``)
   crosses a sentence boundary: 0.75; a quote paragraph continuing the last attributed quote
   (``continuation``) relies on the convention that a new speaker gets a new attribution, which interviews
   and debates break: first set to 0.7, it was lowered to 0.5, just under the ``subject`` guess (so it is
   flagged for review), after the rules' development half of the news set showed it right for 6 of 13
   quotes -- the one value set with data in view; a quote paragraph after a paragraph whose last
   sentence reports someone speaking (``paragraph``) crosses a paragraph boundary as well: 0.65.
   The subject of a reporting verb that governs a quoted fragment, read
   from a dependency parse (``governor``: ``X insisted he was "on track"``), is a cue in the sentence like
   ``before`` but rests on a statistical parse of a long news sentence: 0.75. Without a
   reporting verb the sentence's subject (``subject``) is only a guess that the quoted words are the
   subject's own, a coin toss with the odds slightly for it: 0.55; the first name in the sentence
   (``mention``) is weaker: 0.4, and the noun phrase opening the sentence when it names nobody
   (``leading``) weaker still: 0.35.
2. **How the mention became a person** (:class:`~statement_lens.quotes.resolve.Resolution` ``how``),
   :data:`RESOLUTION_FACTOR`: a name stands for itself (1.0); a pronoun is linked to the last person of its
   gender named before it, or a relative "who" to the name before its comma, one link that news text
   rarely breaks (0.95); a role noun ("the minister"), an outlet noun ("the newspaper") or an unresolved
   noun phrase ("the official") is one inference further (0.9).
3. **What kind of quote** it is: a quoted fragment inside a sentence (``partial``) attributed by a cue
   elsewhere in the sentence (:data:`CLAUSE_POSITIONS`: ``before``, ``according``, ``tail``) may be words
   the speaker repeats from someone else: :data:`PARTIAL_FACTOR` 0.9. At a mark (``after``, a layout) the
   cue binds the fragment as tightly as a whole quote, and the context guesses (``subject``, ``mention``)
   are set for fragments already. A quote with an unmatched mark (cut at its paragraph end) may have the
   wrong extent: :data:`UNMATCHED_FACTOR` 0.6.

How well these values are calibrated is measured, never fitted, by the quotation benchmark in
``benchmarks/`` (reliability table and expected calibration error on news articles no rule was shaped on).

A speaker whose confidence is under :data:`REVIEW_THRESHOLD` is flagged :data:`NEEDS_REVIEW`.
"""

from __future__ import annotations

__all__ = [
    "CLAUSE_POSITIONS",
    "DEFAULT_POSITION_CONFIDENCE",
    "NEEDS_REVIEW",
    "PARTIAL_FACTOR",
    "POSITION_CONFIDENCE",
    "RESOLUTION_FACTOR",
    "REVIEW_THRESHOLD",
    "UNMATCHED_FACTOR",
    "evidence_key",
    "speaker_confidence",
]

#: Speakers less likely than this to be right are flagged for review (the default of
#: ``Settings.review_threshold``, which the stance calls use the same way).
REVIEW_THRESHOLD = 0.6
#: The flag a quote carries when its speaker needs review.
NEEDS_REVIEW = "needs_review"

#: Confidence by where the attribution was found (see the module docstring for the reasons).
POSITION_CONFIDENCE: dict[str, float] = {
    "after": 0.95,  # "…," Stoltenberg said / "…," said Stoltenberg / "…," he said
    "dash": 0.9,  # "…" — Commissioner X
    "colon": 0.9,  # Chairwoman X: "…"
    "roundup": 0.9,  # Jan Novak, Daily Planet: "…"
    "according": 0.9,  # according to X, "…" / "…," according to X
    "before": 0.9,  # X said (that) … "…" in the quote's own sentence
    "tail": 0.8,  # Clinton "drew well" in the primary, said professor Jo Park.
    "previous": 0.75,  # X said. "…"
    "continuation": 0.5,  # a quote paragraph after X's attributed quote paragraph (see the docstring)
    "governor": 0.75,  # X insisted he was "on track": the parsed subject of the verb governing a fragment
    "paragraph": 0.65,  # a quote paragraph after a paragraph ending "X continued his remarks."
    "subject": 0.55,  # no cue: the sentence's subject
    "mention": 0.4,  # no cue: the first name in the sentence
    "leading": 0.35,  # no cue, no name: the noun phrase that opens the sentence
}
#: Any other position (a new rule not yet listed) counts as a context guess.
DEFAULT_POSITION_CONFIDENCE = POSITION_CONFIDENCE["subject"]
#: Factor by how the mention was resolved to a speaker.
RESOLUTION_FACTOR: dict[str, float] = {
    "name": 1.0,
    "pronoun": 0.95,
    "relative": 0.95,  # "who" after "Name,": one link, like a pronoun
    "role": 0.9,
    "organisation": 0.9,
    "phrase": 0.9,
}
#: Positions whose cue stands in the sentence away from the marks: a partial quote there is less sure.
CLAUSE_POSITIONS = frozenset({"before", "according", "tail"})
#: Factor for a quoted fragment inside a sentence attributed from further away.
PARTIAL_FACTOR = 0.9
#: Factor for a quote whose mark is unmatched (its extent is a guess).
UNMATCHED_FACTOR = 0.6


def evidence_key(position: str, how: str, kind: str) -> str:
    """The evidence an attribution rests on, ``"position|how|kind"``: what the benchmark reports by."""
    return f"{position}|{how}|{kind}"


def speaker_confidence(position: str, how: str, kind: str, *, unmatched: bool = False) -> float:
    """How likely a speaker found this way is right (see the module docstring for the values).

    Args:
        position: Where the attribution was found (``Attribution.position``).
        how: How the mention resolved (``Resolution.how``); an unknown value counts as a phrase.
        kind: The quote's kind (``direct`` / ``partial``).
        unmatched: Whether the quote has an unmatched quote mark.

    Returns:
        A probability in [0, 1], rounded to three decimals.
    """
    conf = POSITION_CONFIDENCE.get(position, DEFAULT_POSITION_CONFIDENCE)
    conf *= RESOLUTION_FACTOR.get(how, RESOLUTION_FACTOR["phrase"])
    if kind == "partial" and position in CLAUSE_POSITIONS:
        conf *= PARTIAL_FACTOR
    if unmatched:
        conf *= UNMATCHED_FACTOR
    return round(conf, 3)
