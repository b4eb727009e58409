"""The sentence gate: speech sentences reach the stance model only when they are about the target."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from statement_lens import statement_from_text
from statement_lens.models.fakes import FakeStance
from statement_lens.pipeline.analysis import analyze
from statement_lens.services import load_services
from statement_lens.stance.gate import GATED_OFF, sentence_gate

SPEECH = (
    "Mr. President, we meet in difficult times.\n\n"
    "We support Ukraine and its people in their fight.\n\n"
    "The weather in our capital was pleasant this spring.\n\n"
    "Our farmers harvested a record crop of barley."
)
QUOTED = 'Reporters gathered early.\n\n"The weather was pleasant," said Jane Smith, the minister.'


class SpyStance(FakeStance):
    """The keyword fake, recording every pair it is asked about."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def classify(self, pairs: Sequence[tuple[str, str]]):  # type: ignore[no-untyped-def]
        self.asked.extend(pairs)
        return super().classify(pairs)


@pytest.fixture
def services(fake_settings):
    s = load_services(fake_settings)
    s.stance = SpyStance()
    return s


def test_sentences_not_about_the_target_never_reach_the_model(services):
    # the fake encoder hashes words into 64 buckets, so only a near-identical text clears 0.9
    services.settings = services.settings.with_overrides(sentence_gate_cosine=0.9)
    a = analyze(statement_from_text(SPEECH), ["Ukraine"], services=services)
    assert set(a.units["unit_type"]) == {"sentence"}
    asked = {text for text, _ in services.stance.asked}
    assert asked == {"We support Ukraine and its people in their fight."}
    off = a.stance[~a.stance["unit_text"].isin(asked)]
    assert len(off) == len(a.units) - 1
    assert (off["label"] == "none").all()
    assert off[["p_favor", "p_against", "p_none"]].values.tolist() == [list(GATED_OFF)] * len(off)
    kept = a.stance[a.stance["unit_text"].isin(asked)].iloc[0]
    assert kept["label"] == "favor"


def test_quotations_always_reach_the_model_even_when_off_topic(services):
    a = analyze(statement_from_text(QUOTED), ["Ukraine"], services=services)
    assert set(a.units["unit_type"]) == {"quote"}
    assert len(a.units) >= 1
    assert services.stance.asked == [(text, "Ukraine") for text in a.units["text"]]


def test_cosine_threshold_decides_for_unmentioned_targets(services):
    pairs = [
        ("Our farmers harvested a record crop of barley.", "barley harvest"),
        ("And yet.", "barley harvest"),
    ]
    # "barley" is mentioned in the first text: kept by the mention test whatever the threshold
    assert sentence_gate(services, pairs, [True, True]) == [True, False]
    services.settings = services.settings.with_overrides(sentence_gate_cosine=-1.0)
    assert sentence_gate(services, pairs, [True, True]) == [True, True]


def test_pairs_that_are_not_sentences_are_always_kept(services):
    pairs = [("And yet.", "Ukraine"), ("And yet.", "Ukraine")]
    assert sentence_gate(services, pairs, [False, True]) == [True, False]


def test_without_an_embedder_only_mentions_pass(services):
    services.embedder = None
    pairs = [("Ukrainian grain exports resumed.", "Ukraine"), ("Exports of grain resumed.", "Ukraine")]
    assert sentence_gate(services, pairs, [True, True]) == [True, False]


def test_a_question_in_a_transcript_is_not_read_as_the_principal_speakers_stance(fake_settings):
    from statement_lens.pipeline.analysis import analyze

    text = (
        "Press conference\n\nWe will keep helping Ukraine against the aggression.\n\n"
        "Why not do more while Russia retreats?\n\nWe support Ukraine."
    )
    a = analyze(text, targets=["Russia", "Ukraine"], settings=fake_settings)
    rows = a.stance.merge(a.units[["unit_id", "text"]], on="unit_id")
    q = rows[rows["text"].str.endswith("?")]
    assert len(q) == 2 and set(q["basis"]) == {"question"} and set(q["label"]) == {"none"}
    assert (rows[~rows["text"].str.endswith("?")]["basis"] != "question").all()
