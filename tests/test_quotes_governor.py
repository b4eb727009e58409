"""A quoted fragment's speaker read from a dependency parse: the subject of its governing verb (issue 15)."""

from __future__ import annotations

import pytest

from statement_lens.quotes import extract_quotes
from statement_lens.quotes.calibration import POSITION_CONFIDENCE, REVIEW_THRESHOLD

pytestmark = pytest.mark.real_models


def _only(text: str) -> tuple[str | None, str | None]:
    (q,) = extract_quotes(text)
    mention = text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
    return q.speaker, mention


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            "If you doubt it, NBC News will accuse you of engaging in a “freak out.”",
            "NBC News",
            id="subject-of-reporting-verb-above-a-preposition",
        ),
        pytest.param(
            "It is strange that Trump would denounce “self-deportation,” which is mild.",
            "Trump",
            id="subject-of-the-verb-whose-object-is-quoted",
        ),
    ],
)
def test_quotes_attributes_fragment_to_subject_of_governing_reporting_verb(text: str, mention: str) -> None:
    speaker, found = _only(text)
    assert found == mention
    assert speaker is not None


def test_quotes_parse_speaker_has_governor_confidence_above_review() -> None:
    (q,) = extract_quotes("If you doubt it, NBC News will accuse you of engaging in a “freak out.”")
    assert POSITION_CONFIDENCE["governor"] >= REVIEW_THRESHOLD
    assert q.cue == "accuse"
    assert "needs_review" not in q.flags


def test_quotes_passive_reporting_verb_without_agent_names_nobody_from_the_parse() -> None:
    text = "Only when a woman can run without being told to “smile and be nice” will it end."
    (q,) = extract_quotes(text)
    assert q.cue != "told"


def test_quotes_cue_attribution_is_not_reparsed() -> None:
    (q,) = extract_quotes("Senator John Smith insisted he was “on track” to win.")
    assert q.speaker == "John Smith"
    assert q.cue == "insisted"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            "Many agree (Raphael Lemkin, who coined the word genocide, once said, “It happened so many "
            "times before.”). Others do not.",
            "Raphael Lemkin",
            id="name-with-a-relative-clause-before-the-cue",
        ),
        pytest.param(
            "Judge Richard Berman took a short recess. When he returned he began by saying, “I do not think "
            "that it is necessary for him to go to jail.”",
            "he",
            id="cue-after-by-inside-the-sentence",
        ),
    ],
)
def test_quotes_attributes_an_unattributed_whole_quote_to_subject_of_its_governing_verb(
    text: str, mention: str
) -> None:
    quote = next(q for q in extract_quotes(text) if q.kind == "direct")
    assert quote.speaker_start is not None
    assert text[quote.speaker_start : quote.speaker_end] == mention
    assert quote.speaker is not None


def test_quotes_attributes_a_quote_after_a_reporting_sentence_to_its_subject() -> None:
    text = (
        "On the other side, Sen. Ted Cruz (R-Tex.), a Republican candidate for president who has made "
        "protecting religious liberties a centerpiece of his campaign, tweeted a warning. “Missouri: "
        "Remember in November the Democrats who filibustered.”"
    )
    (q,) = extract_quotes(text)
    subject_end = text.index(", tweeted")
    assert q.cue == "tweeted"
    assert q.speaker is not None
    assert q.speaker_start is not None and text.index("Sen.") <= q.speaker_start < subject_end
