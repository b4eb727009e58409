"""Title, date, source and speaker detection."""

from __future__ import annotations

import pytest

from statement_lens.ingest import load_statement, statement_from_text
from statement_lens.ingest.metadata import (
    clean_speaker,
    detect_date,
    detect_source,
    detect_speaker,
    detect_title,
)
from tests.conftest import SEED_PATH

SEED = SEED_PATH
SEED_HEADLINE = (
    "Stoltenberg: We already talking to defense industry to ramp up production to further help "
    "Ukraine, replenish our own stocks"
)


def test_seed_headline_is_the_title_and_not_glued_to_the_first_sentence() -> None:
    statement = load_statement(SEED)
    assert statement.title == SEED_HEADLINE
    assert statement.title_span is not None
    assert (statement.title_span.start, statement.title_span.end) == (0, len(SEED_HEADLINE))
    assert statement.text[statement.title_span.end] == "\n"
    assert (
        statement.text[statement.body_start :].lstrip().startswith("NATO Secretary General Jens Stoltenberg")
    )
    assert statement.text == SEED.read_text(encoding="utf-8")  # nothing was changed
    assert statement.warnings == ()
    assert statement.media_type == "text/plain"
    assert statement.date is None  # the seed says "on Friday", no calendar date
    assert statement.origin == str(SEED)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Stoltenberg: We will ramp up production\nBody text here.",
            "Stoltenberg: We will ramp up production",
        ),
        ("  \n\nNATO to boost output  \nBody.", "NATO to boost output"),
        ("# Allies agree on new package\n\nBody.", "Allies agree on new package"),
        ("**Big news today**\nBody.", "Big news today"),
        ("Will NATO act?\nBody.", "Will NATO act?"),
        ("UNGA79 Plenary Speech September 2024\n\nMister President,", "UNGA79 Plenary Speech September 2024"),
        ("The minister said the plan is ready.\nMore text.", None),  # a sentence
        ("Mr. President\nI speak today.", None),  # a salutation
        ("Mr President, Secretary-General, Excellencies\nI speak.", None),
        ("Your Excellency, Mr. Philemon Yang\nI speak.", None),
        ("In the name of God, the Compassionate, the Merciful\nI speak.", None),
        ("Q: What about the stocks\nA: We replenish them.", None),  # a transcript turn
        ("15 October 2020\nBody.", None),  # a bare date line
        ("I congratulate His Excellency Mr. Dennis Francis on assuming the\npresidency.", None),  # wrapped
        ("[Delivered in person before a joint session]\nMr. Speaker.", None),
        ("Single line only, no body", None),
    ],
)
def test_detect_title_table(text: str, title: str | None) -> None:
    span = detect_title(text)
    assert (text[span.start : span.end] if span else None) == title


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Headline\n15 October 2020\nBody.", "2020-10-15"),
        ("Headline\nPublished 2023-09-19 10:00 CET\nBody.", "2023-09-19"),
        ("Friday, March 3, 2023\nBody.", "2023-03-03"),
        (
            "BRUSSELS, 15th of October, 2020 - NATO allies agreed on Thursday to do a great many things.",
            "2020-10-15",
        ),
        ("Headline\nBy Jane Doe | Updated Oct. 3, 2022 10:45 AM EST\nBody.", "2022-10-03"),
        ("Remarks\nPrime Minister Hon Dr Terrance Drew September 27th, 2024\nMr President,", "2024-09-27"),
        ("Title\n31.12.2021\nBody", "2021-12-31"),
        ("On 26 July 1946, in San Francisco, our predecessors pledged to save generations.", None),
        ("Fifty-three years ago, on the 21st of September, 1971, a small kingdom joined.", None),
        ("Title\n2023-02-30\nBody", None),  # not a calendar date
        ("Line 1\nLine 2\nLine 3\nLine 4\nLine 5\n15 October 2020", None),  # too far down
    ],
)
def test_detect_date_table(text: str, date: str | None) -> None:
    assert detect_date(text) == date


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("BRUSSELS (Reuters) - NATO allies said", "Reuters"),
        ("WASHINGTON, Oct 3 (AP) — The president said", "AP"),
        ("KYIV, Ukraine (AFP) – Officials said", "AFP"),
        ("Headline\nBody text.\nSource: NATO Press Office", "NATO Press Office"),
        ("Headline\n**Source:** European Commission\nBody.", "European Commission"),
        ("Headline\nBody text with no source.", None),
    ],
)
def test_detect_source_table(text: str, source: str | None) -> None:
    assert detect_source(text) == source


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Statement by H.E. Mr. Joe Biden, President of the United States\nText.", "Joe Biden"),
        (
            "Remarks by His Majesty King Abdullah II at the 79th Session | Royal Hashemite Court\nx",
            "King Abdullah II",
        ),
        (
            "Press conference by NATO Secretary General Jens Stoltenberg following the meeting\nx",
            "Jens Stoltenberg",
        ),
        ("Speech by Minister of Foreign Affairs Penny Wong to the Lowy Institute\nx", "Penny Wong"),
        ("Speaker: Ursula von der Leyen\nx", "Ursula von der Leyen"),
        ("Opening remarks by President Biden\nx", "Biden"),
        ("Remarks by the President on the economy\nx", None),  # a role, not a name
        ("The minister gave a statement by phone\nx", None),
    ],
)
def test_detect_speaker_table(text: str, speaker: str | None) -> None:
    assert detect_speaker(text) == speaker


def test_clean_speaker_keeps_name_particles_and_drops_honorifics() -> None:
    assert clean_speaker("H.E. Mr. Mohammed bin Salman, Crown Prince") == "Mohammed bin Salman"
    assert clean_speaker("the Secretary General") is None


def test_explicit_metadata_overrides_detection() -> None:
    text = "Headline about the budget\nBRUSSELS (Reuters) - The minister said the plan is ready."
    statement = statement_from_text(text, source="NATO", date="15 October 2020", speaker="Jens Stoltenberg")
    assert (statement.source, statement.date, statement.speaker) == ("NATO", "2020-10-15", "Jens Stoltenberg")
    assert statement.title == "Headline about the budget"
    assert statement.origin == "pasted"


def test_explicit_title_not_in_text_is_kept_without_a_span() -> None:
    statement = statement_from_text("The minister said the plan is ready.", title="Budget plan")
    assert statement.title == "Budget plan"
    assert statement.title_span is None
    assert statement.body_start == 0


def test_explicit_title_equal_to_first_line_gets_its_span() -> None:
    statement = statement_from_text(
        "Budget plan.\nThe minister said the plan is ready.", title="Budget plan."
    )
    assert statement.title_span is not None
    assert statement.text[statement.title_span.start : statement.title_span.end] == "Budget plan."
