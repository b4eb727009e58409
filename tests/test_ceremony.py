"""Ceremonial sentences (forms of address, thanks, congratulations) that summaries of speeches pass over."""

from __future__ import annotations

import numpy as np
import pytest

from statement_lens.models.fakes import FakeEmbedder
from statement_lens.summary.extractive import ExtractiveSummarizer
from statement_lens.text.ceremony import is_ceremonial

CEREMONIAL = [
    "Mr. President, Mr. Secretary General, Excellencies,",
    "President of the 79th Session of the United Nations General Assembly,",
    "Ladies and gentlemen.",
    "Thank you.",
    "Well, thank you very much, everybody.",
    "I congratulate His Excellency Mr. Philemon Yang on assuming the Presidency of the General Assembly.",
    "At the outset, I would like to thank His Excellency Dennis Francis for his outstanding leadership.",
    "Allow me first to offer my congratulations to His Excellency Mr Philémon Yang on his election.",
    "It is with immense honour that I stand before you today at this iconic podium.",
    "I would like to assure you of my delegation's full cooperation throughout the session.",
    "We welcome you to Kyiv.",
    "May God bless the Argentine people and all the peoples of the world.",
    "[At this point, the President turned to face audience members.]",
    "**Mr António Guterres, Secretary-General of the United Nations,**",
    "It is with a very particular sense of honor that I address you and all the participants.",
    "It is a great honour and privilege for me to address this august assembly.",
]
CONTENT = [
    "The war in Ukraine has entered its third year.",
    "We welcome the support to Ukraine.",
    "Thanks to our allies, Ukraine holds the line.",
    "We thank our allies for the weapons they sent, but stocks are depleted.",
    "We commend all initiatives aimed at finding a comprehensive solution to this crisis.",
    "NATO Secretary General Jens Stoltenberg speaks of contacts with the defense industry.",
    "Fish and Wildlife Service and FEMA's U.S. Fire Administration.",
    "In the FY2003 NDAA ( P.L.",
    "It is a pleasure to note that exports grew by a fifth.",
    "Speaker Johnson; Members of Congress; and my fellow Americans, our Nation is back stronger than ever.",
]


@pytest.mark.parametrize("sentence", CEREMONIAL)
def test_forms_of_address_thanks_and_congratulations_are_ceremonial(sentence: str) -> None:
    assert is_ceremonial(sentence)


@pytest.mark.parametrize("sentence", CONTENT)
def test_sentences_with_content_are_not_ceremonial(sentence: str) -> None:
    assert not is_ceremonial(sentence)


SPEECH = (
    "Mr. President, Excellencies, Ladies and gentlemen,\n\n"
    "I congratulate His Excellency Mr. Philemon Yang on assuming the Presidency of the General Assembly.\n\n"
    "I also thank the Secretary-General for his tireless efforts over the past year.\n\n"
    "Our region faces a drought that has cut the harvest by half this year.\n\n"
    "We ask the Assembly to fund the early-warning system that our farmers need.\n\n"
    "Thank you."
)


def test_the_summary_of_a_speech_skips_its_protocol_and_keeps_its_substance() -> None:
    summ = ExtractiveSummarizer(FakeEmbedder())
    picked = [s.text for s in summ.summarize(SPEECH, max_sentences=2).sentences]
    assert picked == [
        "Our region faces a drought that has cut the harvest by half this year.",
        "We ask the Assembly to fund the early-warning system that our farmers need.",
    ]
    old = ExtractiveSummarizer(FakeEmbedder(), skip_ceremonial=False).summarize(SPEECH, max_sentences=2)
    assert any(is_ceremonial(s.text) for s in old.sentences)  # the lead prior alone picks the protocol


def test_a_text_of_nothing_but_courtesies_still_gets_a_summary() -> None:
    text = (
        "I congratulate the President on his election to this office.\n\n"
        "I thank the Secretary-General for his work."
    )
    out = ExtractiveSummarizer(FakeEmbedder()).summarize(text, max_sentences=1)
    assert len(out.sentences) == 1 and np.isfinite(out.sentences[0].score)


@pytest.mark.parametrize(
    "opening",
    [
        "Mr. Speaker, Mr. Vice President, Members of Congress, my fellow Americans:",
        "Madam Speaker, Madam Vice President, and our First Lady and Second Gentleman, "
        "Members of Congress and the Cabinet, Justices of the Supreme Court, my fellow Americans:",
    ],
)
def test_a_state_of_the_union_salutation_before_a_colon_is_its_own_ceremonial_sentence(opening: str) -> None:
    from statement_lens.text.segment import split_sentences

    text = f"{opening} Tonight marks the eighth year that I have come here to report. We are strong."
    first, second, third = split_sentences(text)
    assert first.text == opening and is_ceremonial(first.text)
    assert second.text == "Tonight marks the eighth year that I have come here to report."
    assert not is_ceremonial(second.text) and third.text == "We are strong."


def test_a_colon_after_content_does_not_split_the_sentence() -> None:
    from statement_lens.text.segment import split_sentences

    (only,) = split_sentences("President Putin said: we will not stop the war in Ukraine.")
    assert only.start == 0
