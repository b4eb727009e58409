from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from statement_lens.errors import ConfigError
from statement_lens.models.fakes import FakeEmbedder
from statement_lens.topics import (
    OTHER,
    Taxonomy,
    Topic,
    assign_topics,
    key_units,
    load_taxonomy,
    prototypes_for,
    score_topics,
    taxonomy_from_dict,
    topic_emphasis,
)

CAP_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23]


class CountingEmbedder(FakeEmbedder):
    name = "embedder.counting"

    def __init__(self) -> None:
        self.texts_embedded = 0

    def embed(self, texts):
        self.texts_embedded += len(texts)
        return super().embed(texts)


def small_taxonomy() -> Taxonomy:
    return Taxonomy(
        "toy",
        (
            Topic("Farming", 4, "farms crops harvest", ("farmers harvest wheat", "crops and cattle")),
            Topic("Schools", 6, "schools teachers pupils", ("teachers strike at schools", "pupils exams")),
        ),
    )


# ---------------------------------------------------------------- taxonomy as data


def test_builtin_cap_has_every_major_topic_with_its_code_description_and_seeds():
    cap = load_taxonomy("cap")
    assert [t.code for t in cap.topics] == CAP_CODES
    assert cap.get("Defense").code == 16
    assert cap.code_of("International Affairs") == 19
    for topic in cap.topics:
        assert topic.description
        assert len(topic.seeds) >= 8


def test_with_topics_adds_new_topics_and_replaces_same_name_in_place():
    cap = load_taxonomy("cap")
    extended = cap.with_topics(
        ["Military aid to Ukraine", Topic("Defense", 16, "armed forces", ("tanks",))],
    )
    assert len(extended) == len(cap) + 1
    assert extended.names[-1] == "Military aid to Ukraine"
    assert extended.get("defense").seeds == ("tanks",)
    assert extended.names.index("Defense") == cap.names.index("Defense")
    assert len(cap) == 21  # the original is unchanged


def test_with_topics_replace_mode_keeps_only_the_new_topics():
    only = load_taxonomy("cap").with_topics([{"name": "Defence production and stockpiles"}], mode="replace")
    assert only.names == ["Defence production and stockpiles"]


def test_merge_and_without():
    merged = small_taxonomy().merge(Taxonomy("extra", (Topic("Energy", 8),)))
    assert merged.names == ["Farming", "Schools", "Energy"]
    assert merged.without(["schools"]).names == ["Farming", "Energy"]


def test_topic_without_description_is_represented_by_its_name():
    assert Topic("Military aid to Ukraine").prototype_texts() == ["Military aid to Ukraine"]


def test_fingerprint_changes_when_a_seed_changes():
    a = small_taxonomy()
    b = a.with_topics([Topic("Farming", 4, "farms crops harvest", ("tractors",))])
    assert a.fingerprint() != b.fingerprint()
    assert a.fingerprint() == small_taxonomy().fingerprint()


def test_load_taxonomy_from_toml_replaces_by_default(tmp_path):
    path = tmp_path / "nato.toml"
    path.write_text(
        textwrap.dedent(
            """
            name = "nato"
            [[topics]]
            name = "Military aid to Ukraine"
            description = "Weapons and ammunition that allies send to Ukraine."
            seeds = ["deliveries of weapons to Kyiv"]
            [[topics]]
            name = "Defence production and stockpiles"
            code = 1601
            """
        ),
        encoding="utf-8",
    )
    tax = load_taxonomy(path)
    assert tax.name == "nato"
    assert tax.names == ["Military aid to Ukraine", "Defence production and stockpiles"]
    assert tax.code_of("Defence production and stockpiles") == 1601


def test_load_taxonomy_from_yaml_in_add_mode_extends_cap(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text(
        "mode: add\nbase: cap\ntopics:\n"
        "  - name: Military aid to Ukraine\n    seeds: [weapons for Ukraine]\n",
        encoding="utf-8",
    )
    tax = load_taxonomy(str(path))
    assert len(tax) == 22
    assert "Military aid to Ukraine" in tax
    assert "Defense" in tax


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("topics = [", "not valid TOML"),
        ('name = "x"', "non-empty 'topics'"),
        ("[[topics]]\ndescription = 'no name'", "needs a 'name'"),
        ("[[topics]]\nname = 'A'\n[[topics]]\nname = 'a'", "twice"),
        ("[[topics]]\nname = 'Other'", "reserved"),
        ("[[topics]]\nname = 'A'\nseeds = 'one string'", "list of phrases"),
        ("[[topics]]\nname = 'A'\ncode = 'sixteen'", "integer"),
        ("[[topics]]\nname = 'A'\ncolour = 'red'", "unknown key"),
        ("mode = 'merge'\n[[topics]]\nname = 'A'", "mode must be one of"),
        ("base = 'cap'\n[[topics]]\nname = 'A'", "only applies"),
        ("mode = 'add'\nbase = 'nope'\n[[topics]]\nname = 'A'", "built-in taxonomy"),
        ("extra = 1\n[[topics]]\nname = 'A'", "Valid top-level keys"),
    ],
)
def test_bad_taxonomy_files_raise_config_error_saying_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_taxonomy(path)


def test_bad_yaml_and_missing_files_raise_config_error(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("topics: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_taxonomy(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_taxonomy(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match=r"Unknown taxonomy 'nope'.*cap"):
        load_taxonomy("nope")


def test_taxonomy_from_dict_rejects_non_table():
    with pytest.raises(ConfigError, match="expected a table"):
        taxonomy_from_dict(["a", "b"])  # type: ignore[arg-type]


# ---------------------------------------------------------------- assignment (fake embedder)


def test_assign_topics_picks_the_topic_sharing_words_and_returns_every_score():
    out = assign_topics(
        ["farmers harvest wheat and crops", "teachers strike at schools"],
        small_taxonomy(),
        embedder=FakeEmbedder(),
        threshold=0.0,
    )
    assert [a.topic for a in out] == ["Farming", "Schools"]
    assert [a.code for a in out] == [4, 6]
    assert set(out[0].scores) == {"Farming", "Schools"}
    assert out[0].score == pytest.approx(max(out[0].scores.values()))


def test_assign_topics_puts_low_scores_and_blank_texts_in_other():
    out = assign_topics(["zebra quantum", "   "], small_taxonomy(), embedder=FakeEmbedder(), threshold=0.5)
    assert [a.topic for a in out] == [OTHER, OTHER]
    assert all(a.code is None for a in out)
    assert out[1].score == 0.0


def test_assign_topics_accepts_a_single_string_and_empty_input():
    emb = FakeEmbedder()
    assert len(assign_topics("farmers harvest", small_taxonomy(), embedder=emb, threshold=0)) == 1
    assert assign_topics([], small_taxonomy(), embedder=emb) == []


def test_prototypes_are_embedded_once_per_taxonomy_and_embedder():
    emb = CountingEmbedder()
    tax = small_taxonomy().with_topics(["Unique cache topic"])
    assign_topics(["farmers"], tax, embedder=emb, threshold=0)
    after_first = emb.texts_embedded
    assign_topics(["teachers"], tax, embedder=emb, threshold=0)
    assert emb.texts_embedded == after_first + 1  # only the new text


def test_score_is_mean_of_centroid_and_closest_phrase_similarity():
    emb = FakeEmbedder()
    tax = small_taxonomy()
    protos = prototypes_for(tax, emb)
    v = emb.embed(["farmers harvest wheat"])
    phrases = emb.embed(tax.topics[0].prototype_texts())
    centroid = phrases.mean(0) / np.linalg.norm(phrases.mean(0))
    expected = (float(v[0] @ centroid) + float((phrases @ v[0]).max())) / 2
    assert score_topics(v, protos)[0, 0] == pytest.approx(expected, abs=1e-5)


# ---------------------------------------------------------------- emphasis tables (pure pandas)


def test_topic_emphasis_shares_sum_to_one_and_other_comes_last():
    sentences = pd.DataFrame(
        {
            "topic": ["Defense", "Other", "Defense", "Health", None],
            "topic_code": [16, None, 16, 3, None],
            "n_words": [10, 30, 10, 5, 5],
        }
    )
    em = topic_emphasis(sentences)
    assert list(em.columns) == ["topic", "code", "share_words", "share_sentences", "n_sentences", "n_words"]
    assert em["topic"].tolist() == ["Defense", "Health", "Other"]
    assert em["share_words"].sum() == pytest.approx(1.0)
    assert em["share_sentences"].sum() == pytest.approx(1.0)
    other = em.set_index("topic").loc["Other"]
    assert other["n_sentences"] == 2
    assert other["n_words"] == 35
    assert pd.isna(other["code"])
    assert em.set_index("topic").loc["Defense", "code"] == 16


def test_topic_emphasis_counts_words_from_text_when_n_words_is_absent():
    em = topic_emphasis(pd.DataFrame({"topic": ["A", "B"], "text": ["one two three", "four"]}))
    assert em.set_index("topic")["share_words"].to_dict() == {"A": 0.75, "B": 0.25}


def test_topic_emphasis_of_empty_frame_is_empty_with_columns():
    em = topic_emphasis(pd.DataFrame({"topic": [], "n_words": []}))
    assert em.empty
    assert "share_words" in em.columns


def test_topic_emphasis_requires_a_topic_column():
    with pytest.raises(ValueError, match="topic"):
        topic_emphasis(pd.DataFrame({"text": ["x"]}))


def test_key_units_ranks_units_per_topic_and_skips_other():
    units = pd.DataFrame(
        {
            "unit_id": ["q0", "q1", "q2", "q3", "q4"],
            "topic": ["Defense", "Defense", "Health", "Other", "Defense"],
            "topic_score": [0.30, 0.55, 0.40, 0.90, 0.45],
        }
    )
    ku = key_units(units, top_k=2)
    assert list(ku.columns) == ["topic", "unit_id", "relevance", "rank"]
    assert ku[ku.topic == "Defense"]["unit_id"].tolist() == ["q1", "q4"]
    assert ku[ku.topic == "Defense"]["rank"].tolist() == [1, 2]
    assert ku["topic"].tolist()[0] == "Defense"  # topic with the most relevant unit first
    assert "Other" not in set(ku.topic)
    assert "Other" in set(key_units(units, include_other=True).topic)


def test_key_units_of_units_without_topics_is_empty():
    units = pd.DataFrame({"unit_id": ["s0"], "topic": [None], "topic_score": [np.nan]})
    assert key_units(units).empty


# ---------------------------------------------------------------- the real encoder


@pytest.mark.real_models
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("The central bank raised interest rates again to fight inflation.", "Macroeconomics"),
        ("NATO allies must replenish their stocks of ammunition and weapons.", "Defense"),
        ("Hospitals warn that the flu outbreak is filling intensive care beds.", "Health"),
        ("Teachers and parents protest against cuts to the school budget.", "Education"),
        (
            "The foreign minister met her counterpart for peace talks at the United Nations.",
            "International Affairs",
        ),
        ("Voters head to the polls as the presidential campaign ends.", "Government Operations"),
    ],
)
def test_cap_assigns_clear_sentences_to_their_topic(real_embedder, text, topic):
    (a,) = assign_topics([text], "cap", embedder=real_embedder)
    assert a.topic == topic
    assert a.code == load_taxonomy("cap").code_of(topic)


@pytest.mark.real_models
def test_user_topic_added_to_cap_wins_its_own_sentences(real_embedder):
    tax = load_taxonomy("cap").with_topics(
        [
            Topic(
                "Military aid to Ukraine",
                description="Weapons, ammunition and support that allies send to Ukraine.",
            )
        ]
    )
    (a,) = assign_topics(
        ["We urge allies to continue to provide the weapons and supplies that Ukraine needs."],
        tax,
        embedder=real_embedder,
    )
    assert a.topic == "Military aid to Ukraine"
    assert a.code is None


@pytest.mark.real_models
def test_seed_statement_topics_are_mostly_defense_and_shares_sum_to_one(real_embedder, seed_text):
    from statement_lens.text.segment import segment_text

    sentences = segment_text(seed_text).sentences
    out = assign_topics([s.text for s in sentences], embedder=real_embedder)
    frame = pd.DataFrame({"topic": [a.topic for a in out], "text": [s.text for s in sentences]})
    em = topic_emphasis(frame)
    assert em["share_words"].sum() == pytest.approx(1.0)
    assert em.iloc[0]["topic"] == "Defense"
