"""The ``nli`` stance backend, on a tiny random-weight BERT built with ``from_config`` (no download)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from statement_lens.config import Settings
from statement_lens.errors import ConfigError, InputError, ModelError
from statement_lens.models import StanceClassifier, create
from statement_lens.stance.nli import (
    NLIStance,
    Templates,
    entailment_index,
    postprocess,
    preprocess,
    stance_probs,
)
from statement_lens.types import STANCE_LABELS
from tests.hf_tiny import build_nli

PAIRS = [
    ("We must help Ukraine with more ammunition.", "Ukraine"),
    ("Russia is not a partner for peace.", "Russia"),
    ("The summit agreed a new defence production plan.", "defence production"),
]


def _flat(results):
    return [p for r in results for p in (r.p_favor, r.p_against, r.p_none)]


@pytest.fixture(scope="module")
def nli_folder(tmp_path_factory):
    return build_nli(tmp_path_factory.mktemp("tiny_nli"))


@pytest.fixture(scope="module")
def nli(nli_folder):
    return create("stance", "nli", settings=Settings(stance="nli", stance_checkpoint=str(nli_folder)))


def test_nli_loads_from_a_local_folder_and_returns_well_formed_results(nli, nli_folder):
    assert isinstance(nli, StanceClassifier)
    assert nli.name == "stance.nli.v1"
    assert nli.checkpoint == str(nli_folder)
    assert nli.revision.startswith("sha256-1MB:")
    results = nli.classify(PAIRS)
    assert len(results) == len(PAIRS)
    for (text, target), r in zip(PAIRS, results, strict=True):
        assert (r.text, r.target) == (text, target)
        assert r.label in STANCE_LABELS
        probs = [r.p_favor, r.p_against, r.p_none]
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert sum(probs) == pytest.approx(1.0)
        assert r.confidence == pytest.approx(max(probs))
        assert r.label == STANCE_LABELS[int(np.argmax(probs))]


def test_nli_is_registered_under_its_versioned_name_and_alias(nli_folder):
    a = create("stance", "stance.nli.v1", checkpoint=str(nli_folder))
    b = create("stance", "nli", settings=Settings(stance_checkpoint=str(nli_folder)))
    ra, rb = a.classify(PAIRS[:1])[0], b.classify(PAIRS[:1])[0]
    assert _flat([ra]) == pytest.approx(_flat([rb]))


def test_nli_results_do_not_depend_on_batch_size(nli_folder):
    one = NLIStance(str(nli_folder), batch_size=1).classify(PAIRS)
    many = NLIStance(str(nli_folder), batch_size=64).classify(PAIRS)
    for a, b in zip(one, many, strict=True):
        assert _flat([a]) == pytest.approx(_flat([b]), abs=1e-5)


def test_nli_is_safe_to_share_between_threads(nli):
    expected = nli.classify(PAIRS)
    out: list[list] = [[] for _ in range(4)]

    def work(i):
        out[i] = nli.classify(PAIRS)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got in out:
        assert _flat(got) == pytest.approx(_flat(expected))


def test_nli_uses_configured_templates(nli_folder):
    clf = create(
        "stance",
        "nli",
        settings=Settings(stance_checkpoint=str(nli_folder), hypothesis_template="We back {}."),
        against_template="We reject {}.",
        none_template="This is not about {}.",
    )
    assert clf.templates == Templates("We back {}.", "We reject {}.", "This is not about {}.")
    assert len(clf.classify(PAIRS)) == len(PAIRS)


def test_nli_returns_nothing_for_no_pairs(nli):
    assert nli.classify([]) == []


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        {0: "negative", 1: "positive"},
    ],
)
def test_model_without_nli_labels_gives_a_clear_error(tmp_path, id2label):
    folder = build_nli(tmp_path / "not_nli", id2label=id2label)
    with pytest.raises(ModelError, match="is not an NLI model") as info:
        create("stance", "nli", checkpoint=str(folder))
    assert "entailment, neutral and contradiction" in str(info.value)
    assert str(list(id2label.values())) in str(info.value)


def test_two_label_entailment_model_works(tmp_path):
    folder = build_nli(tmp_path / "rte", id2label={0: "ENTAILMENT", 1: "NOT_ENTAILMENT"})
    results = create("stance", "nli", checkpoint=str(folder)).classify(PAIRS[:2])
    assert [sum(r.probs.values()) for r in results] == pytest.approx([1.0, 1.0])


@pytest.mark.parametrize(
    ("id2label", "expected"),
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, 0),
        ({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}, 2),
        ({"0": "contradiction", "1": "Entailment"}, 1),
        ({0: "not_entailment", 1: "entailment"}, 1),
    ],
)
def test_entailment_index_finds_the_label_case_insensitively(id2label, expected):
    assert entailment_index(id2label, "x") == expected


def test_preprocess_expands_each_pair_into_favor_and_against_hypotheses():
    batch = preprocess([("We help.", "Ukraine"), ("No.", "NATO")], Templates())
    assert batch.per_pair == 2
    assert batch.premises == ("We help.", "We help.", "No.", "No.")
    assert batch.hypotheses == (
        "The speaker supports Ukraine.",
        "The speaker opposes Ukraine.",
        "The speaker supports NATO.",
        "The speaker opposes NATO.",
    )


def test_preprocess_adds_a_none_hypothesis_when_configured():
    batch = preprocess([("We help.", "Ukraine")], Templates(none="The text is not about {target}."))
    assert batch.per_pair == 3
    assert batch.hypotheses[2] == "The text is not about Ukraine."


@pytest.mark.parametrize("pair", [("", "Ukraine"), ("   ", "Ukraine"), ("We help.", ""), ("We help.", " ")])
def test_preprocess_rejects_empty_text_or_target(pair):
    with pytest.raises(InputError, match="empty"):
        preprocess([pair], Templates())


def test_template_without_placeholder_is_a_config_error():
    with pytest.raises(ConfigError, match="no placeholder"):
        Templates(favor="The speaker supports it.")


@pytest.mark.parametrize(
    ("entail", "label"),
    [
        ((0.9, 0.05), "favor"),
        ((0.05, 0.9), "against"),
        ((0.1, 0.1), "none"),
        ((0.6, 0.1), "favor"),
        ((0.2, 0.2, 0.9), "none"),
        ((0.8, 0.1, 0.1), "favor"),
        ((0.0, 0.0), "none"),
    ],
)
def test_stance_probs_maps_entailment_to_a_distribution(entail, label):
    probs = stance_probs(entail)
    assert sum(probs) == pytest.approx(1.0)
    assert STANCE_LABELS[int(np.argmax(probs))] == label


def test_stance_probs_without_none_template_uses_neither_entailed():
    p_favor, p_against, p_none = stance_probs((0.5, 0.5))
    # raw = (0.5, 0.5, 0.25) → normalised
    assert (p_favor, p_against, p_none) == pytest.approx((0.4, 0.4, 0.2))


def test_postprocess_flags_low_confidence_for_review_and_checks_counts():
    pairs = [("a", "x"), ("b", "y")]
    results = postprocess(pairs, np.array([0.95, 0.01, 0.3, 0.3]), 2, review_threshold=0.6)
    assert [r.label for r in results] == ["favor", "none"]
    assert [r.needs_review for r in results] == [False, True]
    with pytest.raises(ModelError, match="returned 3 scores for 4"):
        postprocess(pairs, np.array([0.1, 0.2, 0.3]), 2)
