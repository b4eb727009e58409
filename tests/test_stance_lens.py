"""The project's stance model (stance.lens.v1): decision rule, weights I/O, training pieces, real model."""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from statement_lens.config import DEFAULT_STANCE, Settings
from statement_lens.errors import ModelError
from statement_lens.models import available, create
from statement_lens.stance.lens import WEIGHTS_DIR, combine, load_config
from statement_lens.stance.metrics import (
    expected_calibration_error,
    fit_temperature,
    macro_f1,
    softmax,
)
from statement_lens.stance.training.data import clean_motion, contrast_pairs, parse_motion


def test_lens_v2_is_the_default_and_v1_stays_registered_with_its_alias() -> None:
    assert DEFAULT_STANCE == "stance.lens.v2"
    assert {"stance.lens.v1", "stance.lens.v2"} <= set(available("stance"))
    from statement_lens.models.registry import resolve_name

    assert resolve_name("stance", "lens") == "stance.lens.v2"
    assert resolve_name("stance", "lens1") == "stance.lens.v1"


def test_shipped_v2_weights_fit_in_25_mb_and_name_their_issue_network() -> None:
    folder = WEIGHTS_DIR.parent / "stance_lens_v2"
    config = load_config(folder)
    assert sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) <= 25 * 1024 * 1024
    assert config["marker"] == "«" and (WEIGHTS_DIR.parent / config["issue_model"]).is_dir()


def test_shipped_weights_fit_in_25_mb_and_config_lists_them() -> None:
    config = load_config(WEIGHTS_DIR)
    total = sum(f.stat().st_size for f in WEIGHTS_DIR.iterdir() if f.is_file())
    assert total <= 25 * 1024 * 1024
    assert config["labels"] == ["favor", "against", "none"]
    assert 0.2 < config["temperature"] < 5
    assert (WEIGHTS_DIR / "MODEL_CARD.md").is_file()


def test_combine_keeps_relevant_rows_and_sets_irrelevant_ones_to_the_gate_prior() -> None:
    probs = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1], [0.05, 0.05, 0.9]])
    out = combine(probs, np.array([True, False, False]), gate_off_none=0.8)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[0], probs[0])
    # gate first: the model never ran on irrelevant pairs, so their row ignores it
    np.testing.assert_allclose(out[1:], [[0.1, 0.1, 0.8], [0.1, 0.1, 0.8]])


def test_load_config_says_how_to_fix_missing_weights(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train-stance"):
        load_config(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"weights": ["model-00001-of-00001.safetensors"]}))
    with pytest.raises(ModelError, match="missing"):
        load_config(tmp_path)


def test_lens_rejects_unknown_precision_before_loading() -> None:
    with pytest.raises(ModelError, match="runtime"):
        create("stance", "lens", settings=Settings(), embedder=object(), precision="fp8")


@pytest.mark.parametrize(
    ("motion", "expected"),
    [
        ("We should ban whaling", [("Whaling", -1)]),
        ("We should subsidize space exploration", [("Space exploration", 1)]),
        ("We should fight for the abolition of nuclear weapons", [("Nuclear weapons", -1)]),
        ("Homeopathy brings more harm than good", [("Homeopathy", -1)]),
        ("Abortion should be legal", [("Abortion", 1)]),
        ("The use of public defenders should be mandatory", [("Public defenders", 1)]),
        ("TV is better than books", [("TV", 1), ("Books", -1)]),
        ("This house would ban boxing", [("Boxing", -1)]),
        ("The USA is a good country to live in", []),
    ],
)
def test_parse_motion_finds_bare_topic_and_polarity(motion: str, expected: list[tuple[str, int]]) -> None:
    assert parse_motion(motion) == expected


def test_clean_motion_rewrites_debate_house_phrasing() -> None:
    assert clean_motion("This house would ban boxing") == "We should ban boxing"
    assert (
        clean_motion("This house believes that bribery is sometimes acceptable")
        == "Bribery is sometimes acceptable"
    )


def _stance_rows(n: int) -> pd.DataFrame:
    rows = [
        (f"text {i} is {'good' if i % 2 else 'bad'}", f"topic {i}", "favor" if i % 2 else "against",
         "perspectrum", "stance", "train", f"g{i}")
        for i in range(n)
    ]  # fmt: skip
    rows.append(("same group text", "topic 0", "favor", "perspectrum", "stance", "train", "g0"))
    rows.append(("an nli premise", "a hypothesis", "against", "nli", "nli", "train", "nli"))
    return pd.DataFrame(rows, columns=["text", "target", "label", "source", "task", "split", "group"])


def test_contrast_pairs_join_opposite_texts_and_label_each_target_by_its_own_text() -> None:
    df = _stance_rows(12)
    out = contrast_pairs(df, 50, seed=1)
    assert len(out) > 0 and len(out) % 2 == 0 and set(out["source"]) == {"contrast"}
    own = {(r.target, r.text): r.label for r in df.itertuples()}
    for text, g in out.groupby("text"):
        assert sorted(g["label"]) == ["against", "favor"]  # one text, two targets, opposite labels
        for r in g.itertuples():
            part = next(t for (tg, t), _ in own.items() if tg == r.target and t in text)
            assert own[(r.target, part)] == r.label
        groups = g["group"].iloc[0].split("+")
        assert groups[0] != groups[1]  # unrelated topics only
    assert not out["text"].str.contains("nli premise").any()


def test_macro_f1_counts_out_of_label_predictions_as_errors() -> None:
    y = np.array(["favor", "against", "favor", "against"])
    assert macro_f1(y, y, ("favor", "against")) == 1.0
    assert macro_f1(y, np.array(["none"] * 4), ("favor", "against")) == 0.0
    assert macro_f1(
        y, np.array(["favor", "against", "none", "against"]), ("favor", "against")
    ) == pytest.approx((2 / 3 + 1.0) / 2)


def test_fit_temperature_recovers_the_scale_of_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(4000, 3)) * 2.0
    y = np.array([rng.choice(3, p=p) for p in softmax(true_logits)])
    temp = fit_temperature(true_logits * 3.0, y)  # three times too confident
    assert temp == pytest.approx(3.0, rel=0.15)
    calibrated = expected_calibration_error(softmax(true_logits * 3.0 / temp), y)
    assert calibrated < expected_calibration_error(softmax(true_logits * 3.0), y)


# --- training pipeline on a tiny random encoder (no shared data, no real weights) ---------------


@pytest.fixture(scope="module")
def tiny_encoder_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny_bert")
    words = [
        "we",
        "should",
        "ban",
        "support",
        "oppose",
        "ukraine",
        "aid",
        "war",
        "peace",
        "good",
        "bad",
        "the",
        "a",
        "is",
        "it",
        "tomatoes",
    ]
    (folder / "vocab.txt").write_text(
        "\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]) + "\n"
    )
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(words) + 5,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
    )
    BertModel(config).save_pretrained(folder)
    return folder


def _tiny_frame() -> pd.DataFrame:
    rows = []
    for i in range(24):
        lab = ("favor", "against", "none")[i % 3]
        text = {
            "favor": "we support aid it is good",
            "against": "we oppose aid it is bad",
            "none": "tomatoes",
        }[lab]
        rows.append(
            (text, "ukraine aid", lab, "perspectrum" if i % 2 else "vitaminc", "stance", "train", f"g{i}")
        )
    df = pd.DataFrame(rows, columns=["text", "target", "label", "source", "task", "split", "group"])
    val = df.head(9).assign(split="val")
    return pd.concat([df, val], ignore_index=True)


@pytest.mark.slow
def test_training_command_writes_loadable_sharded_weights(tmp_path: Path, tiny_encoder_dir: Path) -> None:
    from safetensors.torch import load_file

    from statement_lens.stance.lens_net import LensNet, load_encoder, overlay, shipped_state
    from statement_lens.stance.training.train import main

    data = tmp_path / "data.parquet"
    _tiny_frame().to_parquet(data)
    out = tmp_path / "out"
    argv = ["--out", str(out), "--prepared", str(data), "--encoder", str(tiny_encoder_dir)]
    rc = main([*argv, "--runs", "base:1,hyp:1", "--epochs", "1", "--batch-size", "8", "--shard-mb", "0.01"])
    assert rc == 0
    config = json.loads((out / "stance_lens_v1" / "config.json").read_text())
    assert len(config["weights"]) > 1  # sharded under the size limit
    results = json.loads((out / "results.json").read_text())
    assert set(results["runs"]) == {"base_s1", "hyp_s1"}
    assert results["chosen"] == max(results["runs"], key=lambda k: results["runs"][k]["val"]["score"])
    tensors: dict = {}
    for w in config["weights"]:
        tensors.update(load_file(str(out / "stance_lens_v1" / w)))
    _, encoder = load_encoder(tiny_encoder_dir)
    net = LensNet(encoder)
    overlay(net, tensors)
    assert set(shipped_state(net)) == set(tensors)
    del tensors[next(iter(tensors))]
    with pytest.raises(ModelError, match="missing"):
        overlay(net, tensors)


@pytest.mark.slow
def test_second_stage_starts_from_saved_weights_and_logs_the_starting_point(
    tmp_path: Path, tiny_encoder_dir: Path
) -> None:
    from statement_lens.stance.training.train import main

    data = tmp_path / "data.parquet"
    _tiny_frame().to_parquet(data)
    common = ["--prepared", str(data), "--encoder", str(tiny_encoder_dir)]
    common += ["--epochs", "1", "--batch-size", "8"]
    assert main(["--out", str(tmp_path / "one"), *common, "--runs", "hyp:1"]) == 0
    init = tmp_path / "one" / "stance_lens_v1"
    assert main(["--out", str(tmp_path / "two"), *common, "--runs", "hyp:2", "--init", str(init)]) == 0
    results = json.loads((tmp_path / "two" / "results.json").read_text())
    first = json.loads((tmp_path / "one" / "results.json").read_text())
    # The starting point of stage two is stage one's model: same validation numbers before training.
    assert results["runs"]["hyp_s2/start"]["val"]["score"] == pytest.approx(
        first["runs"]["hyp_s1"]["val"]["score"], abs=1e-3
    )
    config = json.loads((tmp_path / "two" / "stance_lens_v1" / "config.json").read_text())
    assert "--init STAGE1_DIR/stance_lens_v1" in config["training_command"]


# --- the shipped model ---------------------------------------------------------------------------

QUOTES = [
    "We must step up and deliver more weapons to Ukraine, because Ukraine is fighting for its freedom "
    "and we admire its courage.",
    "Sending more weapons to Ukraine only prolongs a war that cannot be won; this aid is a reckless waste.",
]


@pytest.fixture(scope="module")
def lens():
    embedder = create("embedder", "embedder.minilm.v1")
    return create("stance", "stance.lens.v1", settings=Settings(), embedder=embedder)


@pytest.mark.real_models
@pytest.mark.parametrize(("quote", "label"), [(QUOTES[0], "favor"), (QUOTES[1], "against")])
def test_lens_gives_the_same_label_for_paraphrased_targets(lens, quote: str, label: str) -> None:
    targets = ["Ukraine", "support for Ukraine", "military aid to Ukraine"]
    assert [r.label for r in lens.classify([(quote, t) for t in targets])] == [label] * 3


@pytest.mark.real_models
@pytest.mark.parametrize("quote", QUOTES)
def test_lens_says_none_for_an_absent_unrelated_target(lens, quote: str) -> None:
    (r,) = lens.classify([(quote, "the price of tomatoes in Peru")])
    assert r.label == "none"
    assert math.isclose(r.p_favor + r.p_against + r.p_none, 1.0, abs_tol=1e-6)
    assert r.confidence == max(r.p_favor, r.p_against, r.p_none)


@pytest.mark.real_models
def test_lens_is_thread_safe_and_order_preserving(lens) -> None:
    pairs = [(q, t) for q in QUOTES for t in ("Ukraine", "tomato prices", "NATO")] * 3
    expected = lens.classify(pairs)
    results: list[list] = [[], []]

    def work(i: int) -> None:
        results[i] = lens.classify(pairs)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for res in results:
        assert [r.label for r in res] == [r.label for r in expected]
        np.testing.assert_allclose([r.p_favor for r in res], [r.p_favor for r in expected], atol=1e-5)


@pytest.mark.real_models
def test_classify_stance_uses_lens_by_default_and_flags_review(lens) -> None:
    from statement_lens.stance import classify_stance

    pairs = [(QUOTES[0], "Ukraine")]
    (sure,) = classify_stance(pairs, backend=lens, settings=Settings(review_threshold=0.5))
    (unsure,) = classify_stance(pairs, backend=lens, settings=Settings(review_threshold=0.9999))
    assert sure.label == "favor" and not sure.needs_review
    assert unsure.needs_review


@pytest.mark.slow
def test_v2_training_writes_a_marker_model_that_reloads_and_can_start_a_second_stage(
    tmp_path: Path, tiny_encoder_dir: Path
) -> None:
    from statement_lens.stance.lens_net import LensNet, load_encoder, overlay_folder
    from statement_lens.stance.training.train_v2 import main

    df = _tiny_frame().drop(columns=["task"])
    df["text"] = df["text"].str.replace("aid", "« aid »", regex=False)
    df["source"] = ["newsmtsc" if i % 2 else "replay_perspectrum" for i in range(len(df))]
    data = tmp_path / "v2.parquet"
    df.to_parquet(data)
    common = [
        "--prepared",
        str(data),
        "--encoder",
        str(tiny_encoder_dir),
        "--batch-size",
        "8",
        "--epochs",
        "1",
    ]
    assert main(["--out", str(tmp_path / "s1"), *common, "--no-init"]) == 0
    config = json.loads((tmp_path / "s1" / "stance_lens_v2" / "config.json").read_text())
    assert (config["name"], config["marker"], config["aggregate"]) == ("stance.lens.v2", "«", "strongest")
    tokenizer, encoder = load_encoder(tiny_encoder_dir)
    net = LensNet(encoder, marker_id=int(tokenizer.convert_tokens_to_ids("«")))
    overlay_folder(net, tmp_path / "s1" / "stance_lens_v2", config["weights"])  # every tensor present
    assert (
        main(["--out", str(tmp_path / "s2"), *common, "--init", str(tmp_path / "s1" / "stance_lens_v2")]) == 0
    )
    assert json.loads((tmp_path / "s2" / "results.json").read_text())["args"]["init"].endswith(
        "stance_lens_v2"
    )


def test_rank_batches_keep_each_texts_targets_together_and_pair_them_by_gold_order() -> None:
    from statement_lens.stance.training.train_v2 import ORDER_INDEX, _group_batches, rank_pairs

    # three texts with 2-3 targets each, plus rows the ranking loss ignores (key "")
    keys = ["a", "a", "b", "b", "b", "", "", "c", "c", ""]
    labels = ["favor", "against", "none", "none", "against", "favor", "none", "against", "favor", "none"]
    order = np.array([ORDER_INDEX[x] for x in labels])
    lengths = [10, 11, 20, 20, 21, 5, 7, 30, 30, 9]
    batches = _group_batches(keys, lengths, 4, np.random.default_rng(0))
    assert sorted(i for b in batches for i in b) == list(range(10))
    assert all(len(b) <= 4 for b in batches)
    for key in ("a", "b", "c"):
        rows = {i for i, k in enumerate(keys) if k == key}
        assert any(rows <= set(b) for b in batches)
    hi, lo = rank_pairs(keys, order, [0, 1, 2, 3, 4, 5, 6])
    pairs = {
        (labels[[0, 1, 2, 3, 4, 5, 6][h]], labels[[0, 1, 2, 3, 4, 5, 6][lo_]])
        for h, lo_ in zip(hi, lo, strict=True)
    }
    # a: favor > against; b: none > against twice; same labels (b's two "none") and keyless rows never pair
    assert (len(hi), pairs) == (3, {("favor", "against"), ("none", "against")})


def test_v2_training_learns_unlabelled_rows_from_teacher_probabilities_and_writes_predictions(
    tmp_path: Path, tiny_encoder_dir: Path
) -> None:
    from statement_lens.stance.training.train_v2 import main

    df = _tiny_frame().drop(columns=["task"])
    df["text"] = df["text"].str.replace("aid", "« aid »", regex=False)
    df["source"] = "newsmtsc"
    teacher = np.tile([0.7, 0.2, 0.1], (len(df), 1))
    for i, lab in enumerate(("favor", "against", "none")):
        df[f"soft_{lab}"] = teacher[:, i]
    unlabelled = df[df["split"] == "train"].head(6).assign(label="", source="aug")
    data = tmp_path / "kd.parquet"
    pd.concat([df, unlabelled], ignore_index=True).to_parquet(data)
    argv = ["--out", str(tmp_path / "kd"), "--prepared", str(data), "--encoder", str(tiny_encoder_dir)]
    assert (
        main(
            [*argv, "--no-init", "--batch-size", "8", "--epochs", "1", "--kd", "0.5", "--predict", str(data)]
        )
        == 0
    )
    predicted = np.load(tmp_path / "kd" / "predict.npy")
    assert predicted.shape == (len(df) + len(unlabelled), 3) and np.isfinite(predicted).all()
    assert np.load(tmp_path / "kd" / "val_logits.npy").shape == (int((df["split"] == "val").sum()), 3)
    recipe = json.loads((tmp_path / "kd" / "stance_lens_v2" / "config.json").read_text())["recipe"]
    assert recipe["kd"] == 0.5
