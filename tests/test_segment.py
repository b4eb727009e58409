"""Segmentation: title line, paragraphs, sentences and transcript turns with offsets."""

from __future__ import annotations

import time

import pytest

from statement_lens.text.segment import (
    Segmentation,
    detect_title_span,
    find_turn_label,
    segment_statement,
    segment_text,
    sentence_spans,
    split_sentences,
)
from statement_lens.types import Span, Statement
from tests.conftest import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")


def _assert_offsets(text: str, seg: Segmentation) -> None:
    for s in [*seg.paragraphs, *seg.sentences, *seg.turns]:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_seed_title_is_not_glued_to_first_sentence() -> None:
    seg = segment_text(SEED)
    assert seg.title is not None
    assert seg.title.text.startswith("Stoltenberg: We already talking")
    assert seg.title.text.endswith("replenish our own stocks")
    first = seg.sentences[0]
    assert first.text.startswith("NATO Secretary General Jens Stoltenberg speaks of contacts")
    assert first.start > seg.title.end
    assert all(s.start >= seg.title.end for s in seg.sentences)
    _assert_offsets(SEED, seg)


def test_seed_paragraphs_follow_lines() -> None:
    seg = segment_text(SEED)
    assert len(seg.paragraphs) == 5
    assert seg.paragraphs[1].text.startswith("He announced this")
    assert seg.turns == []


def test_statement_title_span_is_used() -> None:
    text = "Ramping up production\nThe Secretary General spoke. He left."
    stmt = Statement(text=text, title="Ramping up production", title_span=Span(0, 21))
    seg = segment_statement(stmt)
    assert seg.title is not None and seg.title.text == "Ramping up production"
    assert [s.text for s in seg.sentences] == ["The Secretary General spoke.", "He left."]


def test_title_detected_without_title_span() -> None:
    stmt = Statement(text="Allies agree on aid\nAllies agreed on Friday. More will follow.")
    seg = segment_statement(stmt)
    assert seg.title is not None and seg.title.text == "Allies agree on aid"
    assert seg.sentences[0].text == "Allies agreed on Friday."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline without stop\nBody starts here.", Span(0, 21)),
        ("A first line that ends.\nBody.", None),
        ("Only one line without a stop", None),
        ("Trailing comma line,\nnext line", None),
        ("Title\n\n   \n", None),
    ],
)
def test_detect_title_span(text: str, expected: Span | None) -> None:
    assert detect_title_span(text) == expected


def test_abbreviations_do_not_split_sentences() -> None:
    text = "On Sept. 11 Gov. Mike Pence met Mrs. Clinton and U.S. officials. They talked."
    assert [s.text for s in split_sentences(text)] == [
        "On Sept. 11 Gov. Mike Pence met Mrs. Clinton and U.S. officials.",
        "They talked.",
    ]


def test_split_sentences_offsets_point_into_whole_text() -> None:
    text = "Ignore this. First one. Second one! Ignore that."
    start = text.index("First")
    end = text.index("Ignore that")
    sents = split_sentences(text, start, end)
    assert [s.text for s in sents] == ["First one.", "Second one!"]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_soft_wrapped_line_stays_in_its_sentence() -> None:
    text = (
        "Then, we made the decision to submit a draft that enables houses of detention\n"
        "to delegate their tasks to prisons. This will save money.\n"
        "We also amended the statutes."
    )
    seg = segment_text(text)
    assert len(seg.paragraphs) == 2
    assert seg.sentences[0].text.endswith("to delegate their tasks to prisons.")
    assert "\n" in seg.sentences[0].text


def test_hard_wrapped_text_keeps_paragraphs_at_blank_lines() -> None:
    lines = [
        "The minister said the budget would be",
        "presented next week and that it would",
        "include new spending on schools",
        "",
        "Opposition leaders said the plan was",
        "too expensive and would raise taxes for",
        "families across the country",
    ]
    seg = segment_text("\n".join(lines), detect_title=False)
    assert len(seg.paragraphs) == 2
    assert len(seg.sentences) == 2


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Q: Will you send tanks?", "Q"),
        ("SECRETARY GENERAL: We will.", "SECRETARY GENERAL"),
        ("Jens Stoltenberg: Thank you.", "Jens Stoltenberg"),
        ("Moderator: Next question.", "Moderator"),
        ("[Kaja Kallas]: Good morning.", "Kaja Kallas"),
        ("To clarify for a moment: why not?", None),
        ("Well, I also looked at some Italian trips:", None),
        ("Note: the figures are provisional.", None),
        ("PENCE: I think so, and we will.", "PENCE"),
        ("WALLACE: Senator, thank you.", "WALLACE"),
        ("BOOM: Trump Just Fired A 5-Word Missile Directly At Hillary", None),
        ("PREVIOUSLY:", None),
        ("BUSTED: Emails Reveal Aide And Reporter Caught Conspiring", None),
    ],
)
def test_find_turn_label(line: str, speaker: str | None) -> None:
    found = find_turn_label(line)
    assert (found[0] if found else None) == speaker


def test_transcript_turns_carry_speakers_to_sentences() -> None:
    text = (
        "Moderator: Good morning. We start now.\n"
        "Q: Secretary General, will you send tanks?\n"
        "SECRETARY GENERAL: We will. This is important.\n"
        "And it continues here.\n"
        "Q: When?\n"
        "SECRETARY GENERAL: Soon."
    )
    seg = segment_text(text)
    assert [(t.speaker, t.text) for t in seg.turns] == [
        ("Moderator", "Good morning. We start now."),
        ("Q", "Secretary General, will you send tanks?"),
        ("SECRETARY GENERAL", "We will. This is important.\nAnd it continues here."),
        ("Q", "When?"),
        ("SECRETARY GENERAL", "Soon."),
    ]
    by_text = {s.text: s.speaker for s in seg.sentences}
    assert by_text["This is important."] == "SECRETARY GENERAL"
    assert by_text["And it continues here."] == "SECRETARY GENERAL"
    assert by_text["When?"] == "Q"
    assert "Q: When?" not in by_text  # the label is not part of the sentence
    _assert_offsets(text, seg)


def test_one_off_headings_are_not_turns() -> None:
    text = (
        "Intro paragraph about the United Nations.\n"
        "Veto Power Impedes Peace Efforts: Eliminating war is one of its goals.\n"
        "Refugee Numbers Keep Rising: More people flee than ever."
    )
    assert segment_text(text).turns == []


def test_first_transcript_line_is_a_turn_not_a_title() -> None:
    text = "SECRETARY GENERAL: Thank you\nQ: A question?\nSECRETARY GENERAL: An answer."
    seg = segment_text(text)
    assert seg.title is None
    assert [t.speaker for t in seg.turns] == ["SECRETARY GENERAL", "Q", "SECRETARY GENERAL"]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\n"])
def test_blank_text_gives_empty_segmentation(text: str) -> None:
    seg = segment_text(text)
    assert seg.sentences == [] and seg.paragraphs == [] and seg.turns == []


def test_sentence_at_finds_the_containing_sentence() -> None:
    text = "One here. Two there. Three."
    seg = segment_text(text)
    assert seg.sentence_at(text.index("Two")).text == "Two there."
    assert seg.sentence_at(len(text) + 5) is None


def test_ten_thousand_word_speech_segments_fast() -> None:
    para = (
        "The economy grew by 3.5 percent last year, and Gov. Smith said the U.S. would keep investing. "
        "We will build roads, schools and hospitals! Will we succeed? Yes, we will.\n"
    )
    text = para * (10_000 // len(para.split()) + 1)
    segment_text(text)  # warm the Punkt model
    t0 = time.perf_counter()
    seg = segment_text(text)
    elapsed = time.perf_counter() - t0
    assert len(seg.sentences) > 1000
    assert elapsed < 2.0  # typically ~0.04 s; the bound only catches a pathological regression


# ---------------------------------------------------------------- free text (summaries, chunks)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith met Dr. Jones. Then he left.", ["Mr. Smith met Dr. Jones.", "Then he left."]),
        ("The U.S. and J. Biden agreed. Fine.", ["The U.S. and J. Biden agreed.", "Fine."]),
        ('"We stand firm." He left.', ['"We stand firm."', "He left."]),
        (
            "Stoltenberg: Allies must act\nThe meeting began.",
            ["Stoltenberg: Allies must act", "The meeting began."],
        ),
        ("a line that wraps\nonto the next. Done.", ["a line that wraps\nonto the next.", "Done."]),
        ("It cost 2.5 billion. Yes.", ["It cost 2.5 billion.", "Yes."]),
        ("Para one.\n\nPara two", ["Para one.", "Para two"]),
        ("no punctuation at all", ["no punctuation at all"]),
        ("   ", []),
    ],
)
def test_sentence_spans_split_free_text_with_the_statement_rules(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences
