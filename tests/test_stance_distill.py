"""Distillation pieces of the v2 recipe: the teacher-probability loss and unlabelled speech rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")


def test_kd_loss_reads_unlabelled_rows_from_teachers_and_untaught_rows_from_gold_only() -> None:
    from statement_lens.stance.training.kd import batch_loss

    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.5]])
    hard = torch.tensor([0, -100, 2])  # the second row has no gold label
    nan = float("nan")
    soft = torch.tensor([[nan, nan, nan], [0.1, 0.8, 0.1], [nan, nan, nan]])
    gold_only = torch.nn.functional.cross_entropy(logits[[0, 2]], hard[[0, 2]], label_smoothing=0.1)
    taught = -(soft[1] * torch.log_softmax(logits[1], 0)).sum()
    assert math.isclose(float(batch_loss(logits, hard, soft, 0.0)), float(gold_only), rel_tol=1e-6)
    mixed = 0.4 * gold_only + 0.6 * taught
    assert math.isclose(float(batch_loss(logits, hard, soft, 0.6)), float(mixed), rel_tol=1e-6)
    # a batch of unlabelled rows and no teacher term contributes nothing (and no NaN)
    empty = batch_loss(logits[1:2], hard[1:2], soft[1:2] * nan, 0.0)
    assert float(empty) == 0.0


def test_rank_pairs_skip_rows_without_a_gold_label() -> None:
    from statement_lens.stance.training.train_v2 import rank_pairs

    keys = ["a", "a", "a"]
    order = np.array([2, -1, 0])  # favor, unlabelled, against
    hi, lo = rank_pairs(keys, order, [0, 1, 2])
    assert (hi, lo) == ([0], [2])  # favor above against; the unlabelled row is in no pair


def test_entity_targets_keep_named_entities_once_without_a_leading_article() -> None:
    from statement_lens.stance.training.unlabelled import entity_targets

    ents = [("the United Nations", "ORG"), ("United Nations", "ORG"), ("Russia", "GPE"), ("2023", "DATE")]
    ents += [("climate change", "ORG"), ("Ukrainian", "NORP"), ("UN", "ORG")]
    assert entity_targets(ents) == ["United Nations", "Russia", "Ukrainian"]


def test_sentence_rows_mark_every_mention_and_carry_no_label() -> None:
    from statement_lens.stance.training.unlabelled import sentence_target_rows

    rows = sentence_target_rows("Russia attacked Ukraine; Russia must stop.", ["Russia", "Ukraine", "Chile"])
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("« Russia » attacked Ukraine; « Russia » must stop.", "Russia", "", "aug"),
        ("Russia attacked « Ukraine »; Russia must stop.", "Ukraine", "", "aug"),
    ]
    assert rows[0][5] == rows[1][5]  # one sentence, one group


def test_soft_labels_average_teachers_and_refuse_misaligned_predictions() -> None:
    from statement_lens.stance.training.unlabelled import soft_labels

    rows = pd.DataFrame({"text": ["a", "b"], "target": ["x", "y"]})
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    out = soft_labels(rows, [a, b], ("favor", "against", "none"))
    assert out[["soft_favor", "soft_against", "soft_none"]].to_numpy().tolist() == [
        [0.5, 0.0, 0.5],
        [0.0, 1.0, 0.0],
    ]
    with pytest.raises(ValueError, match="expected"):
        soft_labels(rows, [a[:1]], ("favor", "against", "none"))
