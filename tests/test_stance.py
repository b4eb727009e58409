"""classify_stance and the heuristic stance backend (stance.heuristic.v1)."""

from __future__ import annotations

import math

import pytest

import statement_lens.models.fakes  # noqa: F401  (registers embedder.fake / stance.fake)
from statement_lens.config import Settings
from statement_lens.errors import InputError, ModelError, ModelNotFoundError
from statement_lens.models import available, create
from statement_lens.models.fakes import FakeEmbedder
from statement_lens.models.protocols import StanceClassifier
from statement_lens.stance import classify_stance
from statement_lens.stance.heuristic import (
    HeuristicStance,
    heuristic_probs,
    target_keywords,
    target_mentioned,
    vader_compound,
)
from statement_lens.types import StanceResult


@pytest.fixture(scope="module")
def minilm_embedder():
    return create("embedder", "embedder.minilm.v1")


QUOTE = (
    "We must step up and deliver more weapons to Ukraine, because Ukraine is fighting for its freedom "
    "and we admire its courage."
)


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        (QUOTE, "Ukraine", True),
        (QUOTE, "support for Ukraine", True),
        (QUOTE, "military aid to Ukraine", True),
        ("Ukrainian forces held the line.", "Ukraine", True),  # Porter stem of both is "ukrain"
        ("The banks raised rates.", "bank regulation", True),
        (QUOTE, "the price of tomatoes in Peru", False),
        (QUOTE, "Russia", False),
        ("We support it.", "support", True),  # a target made only of generic words keeps them
        ("Nothing here.", "the of and", False),  # no content words at all
    ],
)
def test_target_mentioned_compares_content_word_stems(text: str, target: str, expected: bool) -> None:
    assert target_mentioned(text, target) is expected


def test_target_keywords_drop_stance_words_but_keep_the_topic() -> None:
    assert target_keywords("support for Ukraine") == frozenset({"ukrain"})
    assert target_keywords("Legalization of Abortion") == frozenset({"abort"})


@pytest.mark.parametrize(
    ("compound", "relevant", "label"),
    [
        (0.9, True, "favor"),
        (-0.9, True, "against"),
        (0.0, True, "none"),
        (0.9, False, "none"),
        (-0.9, False, "none"),
    ],
)
def test_heuristic_probs_follow_polarity_only_when_relevant(
    compound: float, relevant: bool, label: str
) -> None:
    probs = heuristic_probs(compound, relevant)
    assert math.isclose(sum(probs), 1.0)
    assert ("favor", "against", "none")[max(range(3), key=probs.__getitem__)] == label


def test_vader_runs_offline_and_has_a_sign() -> None:
    assert vader_compound("This is a wonderful, excellent plan.") > 0.5
    assert vader_compound("This is a terrible, disastrous plan.") < -0.5


def test_heuristic_with_fake_embedder_gates_unrelated_targets() -> None:
    model = HeuristicStance(settings=Settings(), embedder=FakeEmbedder())
    out = model.classify(
        [
            ("We warmly welcome this excellent decision on Ukraine.", "Ukraine"),
            ("This is a terrible, shameful decision on Ukraine.", "Ukraine"),
            ("This is a terrible, shameful decision on Ukraine.", "tomato prices"),
        ]
    )
    assert [r.label for r in out] == ["favor", "against", "none"]
    for r in out:
        assert math.isclose(r.p_favor + r.p_against + r.p_none, 1.0, abs_tol=1e-9)
        assert r.confidence == max(r.p_favor, r.p_against, r.p_none)


def test_heuristic_is_registered_under_a_versioned_name_and_alias() -> None:
    assert "stance.heuristic.v1" in available("stance")
    model = create("stance", "heuristic", settings=Settings(), embedder=FakeEmbedder())
    assert isinstance(model, StanceClassifier)
    assert model.name == "stance.heuristic.v1"


@pytest.mark.parametrize(
    "pairs",
    [
        [("text", "")],
        [("   ", "Ukraine")],
        [("text",)],
        [("text", 3)],
        ["just a string"],
    ],
)
def test_classify_stance_rejects_bad_pairs_with_input_error(pairs: list) -> None:
    with pytest.raises(InputError):
        classify_stance(pairs, backend="stance.fake", settings=Settings())


def test_classify_stance_unknown_backend_lists_valid_names() -> None:
    with pytest.raises(ModelNotFoundError, match=r"stance\.heuristic\.v1"):
        classify_stance([("a", "b")], backend="no-such-backend", settings=Settings())


def test_classify_stance_empty_input_gives_empty_list() -> None:
    assert classify_stance([], backend="stance.fake", settings=Settings()) == []


def test_classify_stance_marks_low_confidence_for_review() -> None:
    pairs = [("We support and welcome aid to Ukraine.", "Ukraine"), ("Ukraine was discussed.", "Ukraine")]
    strict = classify_stance(pairs, backend="stance.fake", settings=Settings(review_threshold=0.75))
    assert [r.needs_review for r in strict] == [False, True]  # fake confidences: 0.8 and 0.7
    lax = classify_stance(pairs, backend="stance.fake", settings=Settings(review_threshold=0.5))
    assert not any(r.needs_review for r in lax)


class _Broken:
    name = "broken"

    def classify(self, pairs: list[tuple[str, str]]) -> list[StanceResult]:
        return []


def test_classify_stance_accepts_an_object_and_checks_result_count() -> None:
    with pytest.raises(ModelError, match="one result per pair"):
        classify_stance([("a", "b")], backend=_Broken(), settings=Settings())


def test_classify_stance_reuses_the_backend_built_by_name() -> None:
    from statement_lens.stance import get_stance_backend

    settings = Settings()
    assert get_stance_backend("stance.fake", settings=settings) is get_stance_backend(
        "stance.fake", settings=settings
    )


@pytest.mark.real_models
def test_heuristic_with_minilm_keeps_label_across_target_paraphrases(minilm_embedder) -> None:
    model = HeuristicStance(settings=Settings(), embedder=minilm_embedder)
    targets = ["Ukraine", "support for Ukraine", "military aid to Ukraine"]
    labels = {r.label for r in model.classify([(QUOTE, t) for t in targets])}
    assert labels == {"favor"}
    (unrelated,) = model.classify([(QUOTE, "the price of tomatoes in Peru")])
    assert unrelated.label == "none"
