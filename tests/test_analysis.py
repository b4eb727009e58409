"""analyze(): frames, units, stage isolation, add/remove targets, provenance."""

from __future__ import annotations

import pytest

from statement_lens.ingest import statement_from_text
from statement_lens.pipeline.analysis import Analysis, add_targets, analyze, remove_targets
from statement_lens.services import load_services

PRESS_RELEASE = (
    "EU boosts ammunition production\n"
    '"We will support Ukraine for as long as it takes," said Commissioner Thierry Breton. '
    "The plan adds funding for factories.\n"
    '"Russia is a threat to all of us," he said.\n'
)
SPEECH = (
    "Mr President, we support Ukraine. Our industry must produce more ammunition. "
    "Russian aggression is a threat to Europe. We welcome the new trade agreement."
)


@pytest.fixture()
def fake_services(fake_settings):
    return load_services(fake_settings)


def test_quotes_become_stance_units_with_one_row_per_unit_and_target(fake_services):
    a = analyze(statement_from_text(PRESS_RELEASE), ["Ukraine", "Russia"], services=fake_services)
    assert a.complete, a.errors
    assert set(a.units["unit_type"]) == {"quote"}
    assert len(a.stance) == len(a.units) * 2
    assert set(a.stance["speaker"]) == {"Thierry Breton"}
    ukraine = a.stance[a.stance["target"] == "Ukraine"]
    row = ukraine[ukraine["unit_text"].str.contains("support")].iloc[0]
    assert row["label"] == "favor"
    assert list(a.stance.columns[:8]) == [
        "unit_id", "unit_text", "speaker", "target", "label", "p_favor", "p_against", "p_none",
    ]  # fmt: skip


def test_speech_without_quotes_uses_sentences_attributed_to_the_speaker(fake_services):
    st = statement_from_text(SPEECH, speaker="Jane Minister")
    a = analyze(st, ["Ukraine"], services=fake_services)
    assert set(a.units["unit_type"]) == {"sentence"}
    assert len(a.units) == 4
    assert set(a.units["speaker"]) == {"Jane Minister"}


def test_a_speech_with_a_few_embedded_quotations_is_analysed_by_its_own_sentences(fake_services):
    body = " ".join(
        f"Our government will invest in {x} and we call on every partner to support Ukraine."
        for x in ("schools", "hospitals", "roads", "ports", "energy", "farms", "housing", "water")
    )
    text = f'{body} As Mother Teresa said, "Peace begins with a smile." {body}'
    a = analyze(statement_from_text(text, speaker="Jane Minister"), ["Ukraine"], services=fake_services)
    assert len(a.quotes) == 1 and a.quotes["speaker"].iloc[0] == "Mother Teresa"  # still listed
    assert set(a.units["unit_type"]) == {"sentence"}
    assert set(a.units["speaker"]) == {"Jane Minister"}
    # the same quotation in a short press report is most of the text: it is the unit there
    report = statement_from_text('Peace matters. "Peace begins with a smile," Mother Teresa said.')
    assert set(analyze(report, ["peace"], services=fake_services).units["unit_type"]) == {"quote"}


def test_topic_shares_sum_to_one_and_cover_every_sentence(fake_services):
    a = analyze(statement_from_text(PRESS_RELEASE), ["Ukraine"], services=fake_services)
    assert a.topics["share_words"].sum() == pytest.approx(1.0)
    assert a.topics["share_sentences"].sum() == pytest.approx(1.0)
    assert a.topics["n_sentences"].sum() == len(a.sentences)
    assert a.sentences["topic"].notna().all()


def test_protocol_sentences_of_a_speech_count_as_other_not_as_a_policy_topic(fake_services):
    speech = (
        "Mr. President, Excellencies, Ladies and gentlemen,\n\n"
        "I congratulate His Excellency Mr. Philemon Yang on assuming the Presidency of the Assembly.\n\n"
        "Our industry must produce more ammunition for Ukraine.\n\n"
        "Thank you very much for your attention."
    )
    a = analyze(statement_from_text(speech), ["Ukraine"], services=fake_services)
    topic = dict(zip(a.sentences["text"], a.sentences["topic"], strict=True))
    protocol = [t for t in topic if not t.startswith("Our industry")]
    assert len(protocol) == 3 and all(topic[t] == "Other" for t in protocol)
    assert a.sentences.loc[a.sentences["topic"] == "Other", "topic_code"].isna().all()
    assert a.topics["share_sentences"].sum() == pytest.approx(1.0)


def test_add_targets_computes_only_the_new_target(fake_services, monkeypatch):
    a = analyze(statement_from_text(PRESS_RELEASE), ["Ukraine"], services=fake_services)
    seen: list[str] = []
    original = fake_services.stance.classify

    def spy(pairs):
        seen.extend(t for _, t in pairs)
        return original(pairs)

    monkeypatch.setattr(fake_services.stance, "classify", spy)
    b = add_targets(a, ["Russia", "Ukraine"], services=fake_services)
    assert set(seen) == {"Russia"}
    assert b.targets == ["Ukraine", "Russia"]
    assert len(b.stance) == 2 * len(a.units)
    assert remove_targets(b, ["Russia"]).targets == ["Ukraine"]


def test_failing_model_is_reported_and_other_frames_still_filled(fake_services):
    class Broken:
        name = "stance.broken"

        def classify(self, pairs):
            raise RuntimeError("out of memory")

    fake_services.stance = Broken()
    a = analyze(statement_from_text(PRESS_RELEASE), ["Ukraine"], services=fake_services)
    assert not a.complete
    assert any("stance" in e and "out of memory" in e for e in a.errors)
    assert len(a.quotes) == 2 and len(a.topics) > 0 and len(a.summary.sentences) > 0
    assert a.stance.empty


def test_provenance_names_models_config_hash_and_version(fake_services):
    a = analyze(statement_from_text(PRESS_RELEASE), ["Ukraine"], services=fake_services)
    p = a.provenance
    assert p["config_hash"] == fake_services.settings.config_hash()
    assert p["models"]["stance"]["name"] == "stance.fake"
    assert p["package_version"]
    assert Analysis.from_json(a.to_json()).provenance == p


def test_progress_reports_every_stage_in_order(fake_services):
    stages: list[str] = []
    analyze(statement_from_text(PRESS_RELEASE), ["Ukraine"], services=fake_services,
            progress=lambda stage, frac, msg: stages.append(stage))  # fmt: skip
    assert list(dict.fromkeys(stages)) == ["segmentation", "quotes", "topics", "stance", "summary"]


@pytest.mark.real_models
def test_seed_analysis_with_real_models_meets_acceptance(seed_text):
    services = load_services()
    assert not services.failures, services.failures
    a = analyze(statement_from_text(seed_text), ["Ukraine", "Russia"], services=services)
    assert a.complete, a.errors
    body = a.quotes[a.quotes["kind"] != "headline"]
    assert len(body) == 4
    assert set(a.quotes["speaker"]) == {"Jens Stoltenberg"}
    assert (a.quotes["kind"] == "headline").sum() == 1
    title_end = a.statement.title_span.end
    first = a.summary.sentences[0]
    assert first.start is not None and first.start > title_end
    assert a.topics["share_words"].sum() == pytest.approx(1.0)
    for s in a.summary.sentences:
        assert seed_text[s.start : s.end] == s.text
