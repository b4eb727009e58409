"""A speech read sentence by sentence: speaker labels name the speaker and are not analysed as content."""

from __future__ import annotations

import pandas as pd
import pytest

from statement_lens.quotes.speech_speaker import attribute_speech, speaker_labels, title_speaker
from statement_lens.types import Statement


def _sentences(paragraphs: list[list[str]]) -> pd.DataFrame:
    rows = [
        {"text": t, "paragraph": p, "speaker": None, "is_title": False}
        for p, sents in enumerate(paragraphs)
        for t in sents
    ]
    return pd.DataFrame(rows)


SOTU = [
    ["The President.", "Thank you all very much.", "Madam Speaker, my fellow Americans."],
    ["Tonight we meet as Americans."],
    ["Audience members.", "Boo!"],
    ["The President.", "Economists call this building a better America."],
    ["Representative Lauren Boebert.", "You put them in."],
    ["The President.", "God bless our troops."],
]


def test_turn_labels_name_the_speaker_of_the_sentences_that_follow_and_are_not_content():
    out = attribute_speech(Statement(text="x"), _sentences(SOTU))
    body = out[~out["is_title"]]
    assert "The President." not in set(body["text"]) and "Audience members." not in set(body["text"])
    speakers = dict(zip(body["text"], body["speaker"], strict=True))
    assert speakers["Thank you all very much."] == "The President"
    assert speakers["Tonight we meet as Americans."] == "The President"  # a paragraph without a label
    assert speakers["Boo!"] == "Audience members"
    assert speakers["You put them in."] == "Representative Lauren Boebert"
    assert speakers["God bless our troops."] == "The President"


@pytest.mark.parametrize(
    ("speaker", "title", "expected"),
    [
        ("Joseph R. Biden", None, "Joseph R. Biden"),  # metadata first
        (None, "Remarks by President Biden on the State of the Union", "President Biden"),  # then the title
        (None, None, "The President"),  # then the main label
    ],
)
def test_the_main_label_is_the_statements_speaker(speaker, title, expected):
    out = attribute_speech(Statement(text="x", speaker=speaker, title=title), _sentences(SOTU))
    assert (
        out.loc[out["text"] == "Economists call this building a better America.", "speaker"].item()
        == expected
    )
    assert out.loc[out["text"] == "Boo!", "speaker"].item() == "Audience members"


def test_a_speech_without_labels_is_its_speakers_throughout():
    out = attribute_speech(
        Statement(text="x", speaker="António Guterres"), _sentences([["Thank you.", "We meet."], ["Peace."]])
    )
    assert set(out["speaker"]) == {"António Guterres"} and not out["is_title"].any()


@pytest.mark.parametrize(
    "paragraph",
    [
        ["Ukraine.", "It fights on."],  # one capitalised word, no label opener, once
        ["Thank you.", "We meet."],  # lower-case words
        ["The President."],  # nothing follows in its paragraph
    ],
)
def test_ordinary_sentences_are_not_labels(paragraph):
    assert speaker_labels(_sentences([paragraph])) == {}


def test_a_transcript_turns_speaker_is_kept():
    df = _sentences([["The President.", "Thanks."]]).assign(speaker=[None, "Jane Doe"])
    assert attribute_speech(Statement(text="x"), df)["speaker"].tolist() == ["The President", "Jane Doe"]


def test_title_speaker():
    assert (
        title_speaker("Address by Prime Minister Justin Trudeau to Parliament")
        == "Prime Minister Justin Trudeau"
    )
    assert title_speaker("Address Before a Joint Session of the Congress") is None
    assert title_speaker(None) is None
