"""Quotations and speakers: a table of tricky hand-written cases, the seed statement, robustness."""

from __future__ import annotations

import random

import pytest

from statement_lens.quotes import extract_quotes
from statement_lens.text.segment import segment_statement
from statement_lens.types import Quote, Statement
from tests.conftest import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")

# (text, [(quoted text, speaker, kind), ...]) -- spaCy NER off: the rules alone must get these right.
CASES = [
    pytest.param(
        '"We will win," Stoltenberg said.', [("We will win,", "Stoltenberg", "direct")], id="x-said"
    ),
    pytest.param(
        '"We will win," said Jens Stoltenberg.', [("We will win,", "Jens Stoltenberg", "direct")], id="said-x"
    ),
    pytest.param(
        "“We will win,” said Jens Stoltenberg.", [("We will win,", "Jens Stoltenberg", "direct")], id="curly"
    ),
    pytest.param(
        "‘We will win,’ said Boris Johnson.", [("We will win,", "Boris Johnson", "direct")], id="single"
    ),
    pytest.param(
        'Jens Stoltenberg, NATO Secretary General, said: "We will win."',
        [("We will win.", "Jens Stoltenberg", "direct")],
        id="apposition-before",
    ),
    pytest.param(
        '"We will win," Jens Stoltenberg, NATO Secretary General, said.',
        [("We will win,", "Jens Stoltenberg", "direct")],
        id="apposition-after",
    ),
    pytest.param(
        'Jens Stoltenberg spoke on Friday. "We will win," he said.',
        [("We will win,", "Jens Stoltenberg", "direct")],
        id="pronoun",
    ),
    pytest.param(
        "NATO Secretary General Jens Stoltenberg met U.S. Secretary of State Antony Blinken on Friday. "
        '"We will win," the NATO Secretary General said.',
        [("We will win,", "Jens Stoltenberg", "direct")],
        id="role-not-most-recent-name",
    ),
    pytest.param(
        "Jens Stoltenberg, NATO Secretary General, met Antony Blinken, the U.S. Secretary of State. "
        '"We will win," the NATO Secretary General said.',
        [("We will win,", "Jens Stoltenberg", "direct")],
        id="role-from-apposition",
    ),
    pytest.param(
        'Anna Berg met the press. "We will win," the minister said.',
        [("We will win,", "Anna Berg", "direct")],
        id="role-falls-back-to-recent-person",
    ),
    pytest.param(
        'Mrs. Anna Berg met Mr. John Smith on Monday. "We agree on everything," she said.',
        [("We agree on everything,", "Anna Berg", "direct")],
        id="pronoun-gender",
    ),
    pytest.param(
        'Jens Stoltenberg spoke. "We will win," he said. "And we will rebuild."',
        [("We will win, And we will rebuild.", "Jens Stoltenberg", "direct")],
        id="split-sentence",
    ),
    pytest.param(
        'Jens Stoltenberg spoke. "We will win," he said, "and we will rebuild."',
        [("We will win, and we will rebuild.", "Jens Stoltenberg", "direct")],
        id="split-comma",
    ),
    pytest.param(
        'Jens Stoltenberg said:\n\n"The first paragraph of the statement.\n\n"The second paragraph of it."',
        [
            (
                "The first paragraph of the statement.\n\nThe second paragraph of it.",
                "Jens Stoltenberg",
                "direct",
            )
        ],
        id="multi-paragraph",
    ),
    pytest.param(
        '"As Secretary Blinken said, we will win," Jens Stoltenberg said.',
        [("As Secretary Blinken said, we will win,", "Jens Stoltenberg", "direct")],
        id="name-inside-quote",
    ),
    pytest.param(
        'According to Jens Stoltenberg, "the alliance is united and strong."',
        [("the alliance is united and strong.", "Jens Stoltenberg", "partial")],
        id="according-to-x",
    ),
    pytest.param(
        'Jens Stoltenberg spoke. "The alliance is united and strong," according to him.',
        [("The alliance is united and strong,", "Jens Stoltenberg", "direct")],
        id="according-to-him",
    ),
    pytest.param(
        '"We welcome the agreement reached today." - Commissioner Jane Doe',
        [("We welcome the agreement reached today.", "Jane Doe", "direct")],
        id="press-release-dash",
    ),
    pytest.param(
        'And from Chairwoman Maria Lopez: "We are proud of this bill."',
        [("We are proud of this bill.", "Maria Lopez", "direct")],
        id="press-release-from-colon",
    ),
    pytest.param(
        "NATO Secretary General Jens Stoltenberg spoke. "
        'The Secretary General believes this assistance "is making a huge difference on the ground."',
        [("is making a huge difference on the ground.", "Jens Stoltenberg", "partial")],
        id="role-believes-partial",
    ),
    pytest.param(
        'The minister said the plan was "a disaster for farmers" and left.',
        [("a disaster for farmers", "The minister", "partial")],
        id="unresolved-role-kept-as-written",
    ),
    pytest.param(
        'Jens Stoltenberg met Antony Blinken. "We are united," Stoltenberg said. "So are we," Blinken added.',
        [("We are united,", "Jens Stoltenberg", "direct"), ("So are we,", "Antony Blinken", "direct")],
        id="two-speakers-not-merged",
    ),
    pytest.param(
        'Trump openly admires Putin as a "strong leader" and praised him.',
        [("strong leader", "Trump", "partial")],
        id="fragment-falls-back-to-sentence-subject",
    ),
    pytest.param(
        'The plan is failing, Smith said. "We need a new plan for the farmers."',
        [("We need a new plan for the farmers.", "Smith", "direct")],
        id="previous-sentence-x-said",
    ),
    pytest.param(
        '"We start today," Jens Stoltenberg said.\n\n"We will not stop until the job is done."',
        [
            ("We start today,", "Jens Stoltenberg", "direct"),
            ("We will not stop until the job is done.", "Jens Stoltenberg", "direct"),
        ],
        id="continuation-paragraph",
    ),
    pytest.param(
        'The deal is "a disaster for everyone," as the minister put it.',
        [("a disaster for everyone,", "the minister", "partial")],
        id="as-x-put-it",
    ),
    pytest.param(
        'Said Ellis: "I do not think so at all."',
        [("I do not think so at all.", "Ellis", "direct")],
        id="said-x-colon",
    ),
    pytest.param(
        'Rescue workers on Friday said they found "no survivors at all" in the rubble.',
        [("no survivors at all", "Rescue workers", "partial")],
        id="group-speaker-without-time-phrase",
    ),
    pytest.param('The so-called "peace plan" failed.', [], id="scare-quote-without-speaker-dropped"),
    pytest.param(
        'The so-called "peace plan for the whole region" failed.',
        [("peace plan for the whole region", None, "partial")],
        id="longer-fragment-without-speaker-kept",
    ),
    pytest.param(
        '"Fanatic recklessness." Russia insisted that the test must stop.',
        [("Fanatic recklessness.", None, "direct")],
        id="next-sentence-is-not-an-attribution",
    ),
    pytest.param("He appeared on “Face the Nation” on Sunday.", [], id="show-title-dropped"),
    pytest.param('Rep. Robert C. "Bobby" Scott spoke to voters.', [], id="nickname-dropped"),
    pytest.param("It's the people's choice, isn't it?", [], id="apostrophes-only"),
    pytest.param("The 6'3\" player scored.", [], id="inch-mark"),
]


def _summary(quotes: list[Quote]) -> list[tuple[str, str | None, str]]:
    return [(q.text, q.speaker, q.kind) for q in quotes]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quote_cases(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    quotes = extract_quotes(text, use_ner=False)
    assert _summary(quotes) == expected
    for q in quotes:
        assert 0.0 <= q.confidence <= 1.0
        pieces = q.parts or ((q.start, q.end),)
        assert q.start == pieces[0][0] and q.end == pieces[-1][1]
        if not q.parts:
            assert text[q.start : q.end] == q.text


def test_speaker_mention_offsets_point_at_the_mention_used() -> None:
    text = 'Jens Stoltenberg spoke on Friday. "We will win," he said.'
    (q,) = extract_quotes(text, use_ner=False)
    assert q.speaker_start is not None and q.speaker_end is not None
    assert text[q.speaker_start : q.speaker_end] == "he"
    assert q.cue == "said"


def test_split_quote_parts_are_the_pieces_without_the_attribution() -> None:
    text = 'Jens Stoltenberg spoke. "We will win," he said. "And we will rebuild."'
    (q,) = extract_quotes(text, use_ner=False)
    assert [text[s:e] for s, e in q.parts] == ["We will win,", "And we will rebuild."]


def test_context_fallbacks_get_lower_confidence_than_cues() -> None:
    (cued,) = extract_quotes('"We will win," Jens Stoltenberg said.', use_ner=False)
    (fallback,) = extract_quotes(
        'Trump openly admires Putin as a "strong leader" and praised him.', use_ner=False
    )
    assert fallback.cue is None
    assert fallback.confidence < cued.confidence


def test_unresolved_pronoun_keeps_mention_without_speaker() -> None:
    (q,) = extract_quotes('"We will win," he said.', use_ner=False)
    assert q.speaker is None
    assert (q.speaker_start, q.speaker_end) == (15, 17)
    assert q.confidence < 0.6


def test_unmatched_quote_mark_is_flagged_not_fatal() -> None:
    text = 'Jens Stoltenberg said "we will win and rebuild the whole country. Then he left.'
    (q,) = extract_quotes(text, use_ner=False)
    assert "unmatched_quote_mark" in q.flags
    assert q.speaker == "Jens Stoltenberg"
    assert q.confidence < 0.6


def test_headline_name_colon_is_a_headline_quote() -> None:
    text = (
        "Stoltenberg: We are ramping up production\nNATO Secretary General Jens Stoltenberg spoke on Friday."
    )
    (q,) = extract_quotes(text, use_ner=False)
    assert (q.kind, q.text, q.speaker, q.cue) == (
        "headline",
        "We are ramping up production",
        "Jens Stoltenberg",
        ":",
    )
    assert text[q.speaker_start : q.speaker_end] == "Stoltenberg"  # type: ignore[index]


def test_headline_needs_a_person_named_in_the_text() -> None:
    text = "Stealth Over Health: A Visit Was Diverted\nThe campaign denied the report on Monday."
    assert extract_quotes(text, use_ner=False) == []


def test_transcript_turns_become_turn_quotes() -> None:
    text = (
        "Q: Will you send tanks?\nSECRETARY GENERAL: We will. Allies agree.\n"
        "Q: When?\nSECRETARY GENERAL: Soon."
    )
    quotes = extract_quotes(text, use_ner=False)
    assert _summary(quotes) == [
        ("Will you send tanks?", "Q", "turn"),
        ("We will. Allies agree.", "SECRETARY GENERAL", "turn"),
        ("When?", "Q", "turn"),
        ("Soon.", "SECRETARY GENERAL", "turn"),
    ]


def test_quoted_transcript_is_split_by_speaker_label() -> None:
    text = (
        "Mike Pence appeared on the show. Partial transcript as follows:\n\n"
        '"WALLACE: Let us start with the news.\n\n'
        '"(CROSSTALK.)\n\n'
        '"PENCE: Well, look, this is serious business."'
    )
    quotes = extract_quotes(text, use_ner=False)
    assert _summary(quotes) == [
        ("Let us start with the news.", "WALLACE", "turn"),
        ("Well, look, this is serious business.", "Mike Pence", "turn"),
    ]


def test_segmentation_can_be_passed_in() -> None:
    stmt = Statement(text='Jens Stoltenberg spoke. "We will win," he said.')
    quotes = extract_quotes(stmt.text, segmentation=segment_statement(stmt), use_ner=False)
    assert _summary(quotes) == [("We will win,", "Jens Stoltenberg", "direct")]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "No quotations here at all. None."])
def test_text_without_quotes_gives_nothing(text: str) -> None:
    assert extract_quotes(text, use_ner=False) == []


def test_random_quote_marks_never_crash() -> None:
    rng = random.Random(7)
    words = [
        "He",
        "said",
        "Smith",
        "we",
        "will",
        "win",
        "—",
        ",",
        ".",
        "\n",
        "\n\n",
        "according",
        "to",
        "him",
    ]
    marks = ['"', "“", "”", "‘", "’", "'", "«", "»", "„"]
    for _ in range(300):
        tokens = [rng.choice(words + marks) for _ in range(rng.randint(0, 40))]
        text = " ".join(tokens)
        for q in extract_quotes(text, use_ner=False):
            assert 0 <= q.start <= q.end <= len(text)
            assert 0.0 <= q.confidence <= 1.0


@pytest.mark.real_models
def test_seed_statement_quotes_and_speakers() -> None:
    quotes = extract_quotes(SEED)
    kinds = [q.kind for q in quotes]
    assert kinds == ["headline", "partial", "direct", "direct", "partial"]
    assert {q.speaker for q in quotes} == {"Jens Stoltenberg"}
    head, *body = quotes
    assert head.text == (
        "We already talking to defense industry to ramp up production to further help Ukraine, "
        "replenish our own stocks"
    )
    expected_bodies = [
        ("unprecedented support to Ukraine", "by reducing existing stocks.", "Stoltenberg", "recalled"),
        (
            "Some Allies are now raising the issue",
            "against the NATO Allied countries,",
            "the NATO Secretary General",
            "said",
        ),
        ("What happens there matters", "that Ukraine needs immediately,", "Stoltenberg", "said"),
        ("is making a huge difference on the ground.", "for our own deterrence and defence,", "he", "said"),
    ]
    for q, (begins, ends, mention, cue) in zip(body, expected_bodies, strict=True):
        assert SEED[q.start : q.end] == q.text
        assert q.text.startswith(begins) and q.text.endswith(ends)
        assert SEED[q.start - 1] == '"' and SEED[q.end] == '"'  # content only, marks excluded
        assert SEED[q.speaker_start : q.speaker_end] == mention  # type: ignore[index]
        assert q.cue == cue
        assert q.flags == ()


@pytest.mark.real_models
def test_seed_quote_mentioning_blinken_is_still_stoltenbergs() -> None:
    last = extract_quotes(SEED)[-1]
    assert "Secretary Blinken" in last.text
    assert last.speaker == "Jens Stoltenberg"


@pytest.mark.real_models
def test_ner_tells_organisations_from_people() -> None:
    text = 'The New York Post reports that the team "kept the details of the treatment under wraps."'
    (q,) = extract_quotes(text)
    assert q.speaker == "New York Post"
    assert text[q.speaker_start : q.speaker_end] == "The New York Post"  # type: ignore[index]
