"""Indirect (reported) speech: ``extract_quotes(text, indirect=True)`` -- a table of tricky cases."""

from __future__ import annotations

import pytest

from statement_lens import statement_from_text
from statement_lens.pipeline.analysis import analyze
from statement_lens.quotes import extract_quotes
from tests.conftest import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")

# (text, [(reported content, speaker, cue), ...]) for the kind="indirect" quotes only; NER off.
CASES = [
    pytest.param(
        "Jens Stoltenberg said that the allies must produce more ammunition.",
        [("the allies must produce more ammunition", "Jens Stoltenberg", "said")],
        id="said-that",
    ),
    pytest.param(
        "Jens Stoltenberg said the allies must produce more ammunition.",
        [("the allies must produce more ammunition", "Jens Stoltenberg", "said")],
        id="said-bare-clause",
    ),
    pytest.param(
        "Jens Stoltenberg told reporters on Friday that the allies must produce more.",
        [("the allies must produce more", "Jens Stoltenberg", "told")],
        id="told-object-that",
    ),
    pytest.param(
        "Jens Stoltenberg said on Friday that stocks were low.",
        [("stocks were low", "Jens Stoltenberg", "said")],
        id="said-adverbial-that",
    ),
    pytest.param(
        "According to Jens Stoltenberg, stocks are depleted.",
        [("stocks are depleted", "Jens Stoltenberg", "according to")],
        id="according-to-first",
    ),
    pytest.param(
        "Stocks are depleted across the alliance, according to Jens Stoltenberg.",
        [("Stocks are depleted across the alliance", "Jens Stoltenberg", "according to")],
        id="according-to-last",
    ),
    pytest.param(
        "Stocks are depleted across the alliance, Jens Stoltenberg said on Friday.",
        [("Stocks are depleted across the alliance", "Jens Stoltenberg", "said")],
        id="clause-then-x-said",
    ),
    pytest.param(
        "Stocks are depleted across the alliance, said Jens Stoltenberg.",
        [("Stocks are depleted across the alliance", "Jens Stoltenberg", "said")],
        id="clause-then-said-x",
    ),
    pytest.param(
        "Jens Stoltenberg spoke in Brussels. He warned that Russia was rearming.",
        [("Russia was rearming", "Jens Stoltenberg", "warned")],
        id="pronoun-resolved",
    ),
    pytest.param(
        "NATO Secretary General Jens Stoltenberg met Antony Blinken. "
        "The Secretary General believes that the war will be long.",
        [("the war will be long", "Jens Stoltenberg", "believes")],
        id="role-resolved",
    ),
    pytest.param(
        "Jens Stoltenberg met the press. According to him, stocks are low.",
        [("stocks are low", "Jens Stoltenberg", "according to")],
        id="according-to-him",
    ),
    pytest.param(
        "Officials said the talks had failed.",
        [("the talks had failed", "Officials", "said")],
        id="unnamed-group-kept-as-written",
    ),
    pytest.param("Jens Stoltenberg said on Friday.", [], id="said-without-clause"),
    pytest.param("Jens Stoltenberg said so.", [], id="said-so"),
    pytest.param("Did Jens Stoltenberg say that stocks were low?", [], id="question"),
    pytest.param("Jens Stoltenberg did not say that stocks were low.", [], id="negated"),
    pytest.param("Jens Stoltenberg never said that stocks were low.", [], id="never-said"),
    pytest.param("Jens Stoltenberg didn’t say that stocks were low.", [], id="negated-contraction"),
    pytest.param("I believe that peace is possible.", [], id="first-person-is-not-reported"),
    pytest.param("They said the talks had failed.", [], id="unresolved-pronoun-dropped"),
    pytest.param("All the evidence suggests that the war will be long.", [], id="not-a-speaker"),
    pytest.param(
        "When the talks ended, Jens Stoltenberg left Brussels for Washington.", [], id="no-cue-after-comma"
    ),
    pytest.param(
        "The plan, which Jens Stoltenberg proposed in March, failed.", [], id="relative-clause-is-no-cue"
    ),
]


def _indirect(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.text, q.speaker, q.cue)
        for q in extract_quotes(text, indirect=True, use_ner=False)
        if q.kind == "indirect"
    ]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_indirect_speech_cases(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _indirect(text) == expected


def test_indirect_offsets_point_at_the_content() -> None:
    text = "Jens Stoltenberg said that the allies must produce more ammunition."
    (q,) = extract_quotes(text, indirect=True, use_ner=False)
    assert text[q.start : q.end] == q.text
    assert q.speaker_start is not None and q.speaker_end is not None
    assert text[q.speaker_start : q.speaker_end] == "Jens Stoltenberg"


def test_parenthetical_attribution_gives_two_parts() -> None:
    text = "The ammunition stocks, Jens Stoltenberg said, are depleted."
    (q,) = extract_quotes(text, indirect=True, use_ner=False)
    assert q.kind == "indirect" and q.speaker == "Jens Stoltenberg"
    assert [text[s:e] for s, e in q.parts] == ["The ammunition stocks", "are depleted"]
    assert q.text == "The ammunition stocks are depleted"


def test_indirect_confidence_is_below_direct() -> None:
    text = 'Jens Stoltenberg said that stocks were low. "We must produce more," Stoltenberg said.'
    quotes = extract_quotes(text, indirect=True, use_ner=False)
    ind = [q for q in quotes if q.kind == "indirect"]
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(ind) == 1 and len(direct) == 1
    assert 0.5 <= ind[0].confidence <= 0.7 < direct[0].confidence


def test_named_speaker_with_that_scores_higher_than_bare_pronoun() -> None:
    named = _confidence("Jens Stoltenberg said that stocks were low.")
    pronoun = _confidence("Jens Stoltenberg arrived. He said stocks were low.")
    assert named > pronoun


def _confidence(text: str) -> float:
    (q,) = [q for q in extract_quotes(text, indirect=True, use_ner=False) if q.kind == "indirect"]
    return q.confidence


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            'Stoltenberg said that the allies have provided "unprecedented support".', id="partial-inside"
        ),
        pytest.param(
            '"Stocks are low," Stoltenberg said, adding that production must rise.', id="after-direct"
        ),
        pytest.param('Stoltenberg said: "Stocks are low and production must rise."', id="colon-direct"),
    ],
)
def test_indirect_never_overlaps_a_quotation(text: str) -> None:
    quotes = extract_quotes(text, indirect=True, use_ner=False)
    marked = [q for q in quotes if q.kind != "indirect"]
    assert marked, "the quotation itself is still found"
    for q in quotes:
        if q.kind != "indirect":
            continue
        for m in marked:
            assert q.end <= m.start - 1 or q.start >= m.end + 1


def test_indirect_clause_next_to_a_direct_quote_is_kept_separately() -> None:
    text = 'Jens Stoltenberg said that stocks were low. "We must produce more," he said.'
    kinds = [(q.kind, q.speaker) for q in extract_quotes(text, indirect=True, use_ner=False)]
    assert kinds == [("indirect", "Jens Stoltenberg"), ("direct", "Jens Stoltenberg")]


def test_indirect_is_off_by_default() -> None:
    text = "Jens Stoltenberg said that the allies must produce more ammunition."
    assert extract_quotes(text, use_ner=False) == []
    assert all(q.kind != "indirect" for q in extract_quotes(SEED, use_ner=False))


def test_default_quotes_unchanged_by_indirect_option() -> None:
    without = extract_quotes(SEED, use_ner=False)
    with_indirect = [q for q in extract_quotes(SEED, indirect=True, use_ner=False) if q.kind != "indirect"]
    assert with_indirect == without


def test_seed_according_to_him_is_stoltenberg() -> None:
    ind = [q for q in extract_quotes(SEED, indirect=True) if q.kind == "indirect"]
    assert [(q.text, q.speaker, q.cue) for q in ind] == [
        (
            "more than 80% of Russian ground troops are now involved in the war in Ukraine",
            "Jens Stoltenberg",
            "according to",
        )
    ]


def test_title_line_is_never_indirect() -> None:
    text = "Stoltenberg says allies must produce more\n\nNATO met in Brussels on Friday."
    assert _indirect(text) == []


def test_indirect_quotes_setting_adds_reported_speech_to_the_analysis(fake_settings, seed_text):
    plain = analyze(statement_from_text(seed_text), ["Ukraine"], settings=fake_settings)
    with_indirect = analyze(
        statement_from_text(seed_text),
        ["Ukraine"],
        settings=fake_settings.with_overrides(indirect_quotes=True),
    )
    assert "indirect" not in set(plain.quotes["kind"])
    extra = with_indirect.quotes[with_indirect.quotes["kind"] == "indirect"]
    assert list(extra["speaker"]) == ["Jens Stoltenberg"]
    assert extra["text"].iloc[0].startswith("more than 80% of Russian ground troops")
    assert len(with_indirect.units) == len(plain.units) + 1
