"""Speaker attributions with low confidence are flagged for review, in quotes and in the quotes frame."""

from __future__ import annotations

import math

import pandas as pd

from statement_lens.pipeline.units import quote_frame
from statement_lens.quotes import extract_quotes
from statement_lens.quotes.calibration import NEEDS_REVIEW, REVIEW_THRESHOLD
from statement_lens.text.segment import segment_statement
from statement_lens.types import Statement

# The first quote's speaker is only a guess (the first name in its sentence, no reporting verb); the
# second is named by a verb right after the closing mark.
GUESSED_AND_CUED = (
    "After the vote, many backed the plan that Ann Lee drafted for a “big tent” party.\n\n"
    "“We won,” Ann Lee said."
)


def _frame(text: str, **kwargs: object):
    statement = Statement(text=text, title=None, origin="test")
    return quote_frame(statement, segment_statement(statement), **kwargs)  # type: ignore[arg-type]


def test_low_confidence_attribution_is_flagged_in_the_quotes_frame() -> None:
    df = _frame(GUESSED_AND_CUED).set_index("text")
    guessed, cued = df.loc["big tent"], df.loc["We won,"]
    assert guessed["speaker"] == cued["speaker"] == "Ann Lee"
    assert guessed["speaker_confidence"] < REVIEW_THRESHOLD and bool(guessed["needs_review"])
    assert cued["speaker_confidence"] >= REVIEW_THRESHOLD and not bool(cued["needs_review"])


def test_quote_without_speaker_has_no_speaker_confidence_and_no_review_flag() -> None:
    (row,) = _frame("The so-called “reform of the whole system” failed.").to_dict("records")
    assert row["speaker"] is None
    assert math.isnan(row["speaker_confidence"]) and not row["needs_review"]


def test_review_threshold_of_the_frame_follows_the_setting() -> None:
    strict = _frame(GUESSED_AND_CUED, review_threshold=0.99)
    assert strict["needs_review"].all()


def test_indirect_attribution_under_the_threshold_is_flagged_too() -> None:
    text = "Jens Stoltenberg arrived. He said stocks were low."
    (q,) = extract_quotes(text, use_ner=False, indirect=True, review_threshold=0.99)
    assert q.kind == "indirect" and q.speaker == "Jens Stoltenberg" and NEEDS_REVIEW in q.flags
    (q,) = extract_quotes(text, use_ner=False, indirect=True, review_threshold=0.1)
    assert NEEDS_REVIEW not in q.flags


def test_quote_card_and_table_mark_a_low_confidence_speaker() -> None:
    from statement_lens.ui.highlight import quote_cards_html
    from statement_lens.ui.tables import quotation_table, speaker_review

    quotes = _frame(GUESSED_AND_CUED)
    units = quotes.rename(columns={"quote_id": "unit_id"}).assign(unit_type="quote")
    ids = list(units["unit_id"])
    flags = speaker_review(quotes, ids)
    assert flags == [True, False]
    html = quote_cards_html(
        [(t, s, None, None) for t, s in zip(units["text"], units["speaker"], strict=True)],
        [[] for _ in ids],
        REVIEW_THRESHOLD,
        speaker_review=flags,
    )
    first, second = html.split('<div class="sl-card">')[1:]
    assert "needs review" in first and "needs review" not in second
    table = quotation_table(units, quotes, pd.DataFrame(), [])
    assert list(table["speaker_review"]) == ["needs review", ""]


def test_stored_analysis_without_the_column_falls_back_to_the_confidence() -> None:
    from statement_lens.ui.tables import speaker_review

    quotes = _frame(GUESSED_AND_CUED).drop(columns=["needs_review", "speaker_confidence"])
    assert speaker_review(quotes, list(quotes["quote_id"]), threshold=0.6) == [True, False]
