"""stance.lens.v2 with its shipped weights: stance toward each target, read where the target is mentioned."""

from __future__ import annotations

import json

import pytest

from statement_lens.config import Settings
from statement_lens.models.registry import create, resolve_name

pytestmark = pytest.mark.real_models


@pytest.fixture(scope="module")
def v2():
    embedder = create("embedder", "embedder.minilm.v1")
    return create("stance", "stance.lens.v2", settings=Settings(), embedder=embedder)


def test_v2_is_the_default_stance_model_and_lens_names_it():
    assert Settings().stance == "stance.lens.v2"
    assert resolve_name("stance", "lens") == "stance.lens.v2"
    assert resolve_name("stance", "lens1") == "stance.lens.v1"


@pytest.mark.parametrize(
    ("text", "target", "allowed"),
    [
        ("I like Bert, but I hate Robert.", "Bert", {"favor"}),
        ("I like Bert, but I hate Robert.", "Robert", {"against"}),
        ("We welcome the support of the United States and condemn China's threats against Taiwan.",
         "United States", {"favor"}),
        ("We welcome the support of the United States and condemn China's threats against Taiwan.",
         "China", {"against"}),
        ("We welcome the support of the United States and condemn China's threats against Taiwan.",
         "Taiwan", {"favor", "none"}),
    ],
)  # fmt: skip
def test_probes_that_contrast_two_targets_in_one_sentence_come_out_right(v2, text, target, allowed):
    (r,) = v2.classify([(text, target)])
    assert r.label in allowed
    assert r.basis == "mention" and text[r.mentions[0][0] : r.mentions[0][1]] in target


def test_class_biases_come_from_the_weights_config_and_a_claim_goes_to_the_issue_network(v2):
    assert v2.bias.tolist() == [v2.config["logit_bias"][k] for k in ("favor", "against", "none")]
    (r,) = v2.read([("Leaving would make Britain poorer.", "The UK Should Leave the European Union")])
    assert r["basis"] != "not mentioned"


def test_a_named_target_that_is_not_mentioned_is_none_without_a_model_call(v2):
    (r,) = v2.classify([("We will keep supporting our partners.", "Russia")])
    assert (r.label, r.basis, r.evidence_start) == ("none", "not mentioned", None)


def test_an_issue_target_is_still_read_from_the_whole_unit(v2):
    text = "We must ramp up production of weapons and ammunition, and we will."
    (r,) = v2.classify([(text, "defence production")])
    assert r.basis in {"mention", "text"} and r.label == "favor"


def test_seed_quotations_condemn_russia_and_back_ukraine(seed_text, tmp_path):
    from statement_lens.pipeline.analysis import analyze

    a = analyze(seed_text, targets=["Ukraine", "Russia"], settings=Settings(data_dir=str(tmp_path)))
    got = {
        (u, t): lab
        for u, t, lab in zip(a.stance["unit_id"], a.stance["target"], a.stance["label"], strict=True)
    }
    assert got[("q2", "Russia")] == got[("q3", "Russia")] == "against"
    assert got[("q2", "Ukraine")] == got[("q3", "Ukraine")] == "favor"
    assert [got[(q, "Russia")] for q in ("q0", "q1", "q4")] == ["none"] * 3
    row = a.stance[(a.stance["unit_id"] == "q2") & (a.stance["target"] == "Russia")].iloc[0]
    spans = json.loads(row["mentions"])
    assert spans and all(row["unit_text"][s:e] in {"Russia", "Russian"} for s, e in spans)
    assert row["evidence_start"] <= spans[0][0] < row["evidence_end"]


def test_an_issue_not_named_is_read_from_every_sentence_about_it_and_not_the_others(v2, monkeypatch):
    text = (
        "Reactors produce clean electricity around the clock. The football season starts on Saturday. "
        "Atomic power stations emit almost no carbon dioxide and help the climate. Tickets are sold at the "
        "gate."
    )
    read: list[str] = []
    issue_logits = v2._issue.logits

    def spy(pairs):
        read.extend(t for t, _ in pairs)
        return issue_logits(pairs)

    monkeypatch.setattr(v2._issue, "logits", spy)
    (r,) = v2.classify([(text, "nuclear energy")])
    assert read == [
        "Reactors produce clean electricity around the clock.",
        "Atomic power stations emit almost no carbon dioxide and help the climate.",
    ]  # the issue is not named: both sentences about it are read and averaged, the football ones are not
    assert r.basis == "text" and r.label == "favor"
    assert text[r.evidence_start : r.evidence_end] in read
