"""The pipeline reads settings the way every other entry point does, and our own bugs are not model errors."""

from __future__ import annotations

import pandas as pd
import pytest

from statement_lens import analyze, classify_stance
from statement_lens.config import load_settings
from statement_lens.pipeline import stance_stage, topics_stage

TEXT = '"We will support Ukraine for as long as it takes," the Secretary General said.'


def _clear_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in [k for k in os.environ if k.startswith("STATEMENT_LENS_")]:
        monkeypatch.delenv(key)


def test_analyze_without_settings_reads_environment_variables_like_classify_stance(monkeypatch, tmp_path):
    _clear_model_env(monkeypatch)
    monkeypatch.chdir(tmp_path)  # no statement_lens.toml here
    monkeypatch.setenv("STATEMENT_LENS_STANCE", "stance.fake")
    monkeypatch.setenv("STATEMENT_LENS_EMBEDDER", "embedder.fake")
    monkeypatch.setenv("STATEMENT_LENS_SUMMARIZER", "summarizer.fake")
    monkeypatch.setenv("STATEMENT_LENS_REVIEW_THRESHOLD", "0.99")

    analysis = analyze(TEXT, ["Ukraine"])
    direct = classify_stance([(TEXT, "Ukraine")])

    expected = load_settings()
    assert analysis.provenance["settings"] == expected.model_fingerprint()
    assert analysis.provenance["models"]["stance"]["name"] == "stance.fake"
    # the threshold from the environment reached both: everything under 0.99 needs review
    assert analysis.stance["needs_review"].all()
    assert all(r.needs_review for r in direct)


def test_analyze_without_settings_reads_the_toml_file_like_classify_stance(monkeypatch, tmp_path):
    _clear_model_env(monkeypatch)
    (tmp_path / "statement_lens.toml").write_text(
        '[models]\nstance = "stance.fake"\nembedder = "embedder.fake"\nsummarizer = "summarizer.fake"\n'
        "review_threshold = 0.99\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)

    analysis = analyze(TEXT, ["Ukraine"])
    direct = classify_stance([(TEXT, "Ukraine")])

    assert load_settings().stance == "stance.fake"
    assert analysis.provenance["settings"] == load_settings().model_fingerprint()
    assert analysis.stance["needs_review"].all()
    assert all(r.needs_review for r in direct)


def test_a_bug_in_a_frame_builder_raises_instead_of_showing_as_a_model_failure(monkeypatch, fake_settings):
    def broken_emphasis(sentences: pd.DataFrame) -> pd.DataFrame:
        raise KeyError("share_words")

    monkeypatch.setattr(topics_stage, "topic_emphasis", broken_emphasis)
    with pytest.raises(KeyError, match="share_words"):
        analyze(TEXT, ["Ukraine"], settings=fake_settings)


def test_a_bug_in_the_stance_frame_builder_raises(monkeypatch, fake_settings):
    def broken_result(*args, **kwargs):
        raise TypeError("make_result() got an unexpected keyword")

    monkeypatch.setattr(stance_stage, "make_result", broken_result)
    text = "Russia attacked again. We will support Ukraine."
    with pytest.raises(TypeError, match="unexpected keyword"):
        # sentence units of a speech; "Bananas" is kept from the model by the gate, so make_result runs
        analyze(text, ["Bananas"], settings=fake_settings)


def test_a_failing_model_is_reported_as_that_stage_and_the_rest_still_runs(monkeypatch, fake_settings):
    from statement_lens.models import fakes

    def boom(self, pairs):
        raise RuntimeError("checkpoint shape mismatch")

    monkeypatch.setattr(fakes.FakeStance, "classify", boom)
    analysis = analyze(TEXT, ["Ukraine"], settings=fake_settings)

    assert not analysis.complete
    assert any(
        e.startswith("stance (stance.fake)") and "RuntimeError: checkpoint shape mismatch" in e
        for e in analysis.errors
    )
    assert len(analysis.quotes) == 1 and not analysis.topics.empty and analysis.summary.sentences


def test_long_statements_report_progress_inside_the_topics_and_stance_stages(monkeypatch, fake_settings):
    monkeypatch.setattr(topics_stage, "CHUNK", 3)
    monkeypatch.setattr(stance_stage, "CHUNK", 3)
    text = " ".join(f"We will stand with Ukraine and it is the {i}th time that we say so." for i in range(10))
    seen: list[tuple[str, float, str]] = []
    chunked = analyze(text, ["Ukraine"], settings=fake_settings, progress=lambda *a: seen.append(a))

    inside = {stage: [m for s, _, m in seen if s == stage and " of " in m] for stage in ("topics", "stance")}
    assert inside["topics"][-1].endswith("10 of 10") and len(inside["topics"]) == 4  # 3 + 3 + 3 + 1
    assert inside["stance"] and inside["stance"][-1].endswith(" of " + inside["stance"][-1].split(" of ")[-1])
    fractions = [f for _, f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert not [m for _, _, m in seen if " of " in m and m.endswith(" done")]  # only stage ends say "done"

    whole = analyze(text, ["Ukraine"], settings=fake_settings)
    for frame in ("sentences", "units", "stance", "topics"):
        pd.testing.assert_frame_equal(getattr(chunked, frame), getattr(whole, frame))
