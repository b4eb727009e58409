"""``describe_models``: what is configured for each task and whether it loads."""

from __future__ import annotations

import json

import pytest

from statement_lens.config import Settings
from statement_lens.models.status import TASKS, describe_models
from tests.hf_tiny import build_nli


def test_describe_models_lists_every_task_and_loads_each(fake_settings):
    statuses = describe_models(fake_settings)
    assert [s.task for s in statuses] == list(TASKS)
    assert [s.backend for s in statuses] == ["embedder.fake", "stance.fake", "summarizer.fake"]
    for s in statuses:
        assert s.loaded is True
        assert s.error is None
        assert s.load_seconds is not None and s.load_seconds >= 0
        assert s.backend in s.available
        assert s.checkpoint == "fake"


def test_describe_models_without_loading_reports_configuration_only(fake_settings):
    statuses = describe_models(fake_settings.with_overrides(summarizer="causal"), try_load=False)
    assert [s.loaded for s in statuses] == [None, None, None]
    assert all(s.load_seconds is None for s in statuses)
    causal = statuses[2]
    assert causal.backend == "summarizer.causal.v1" and causal.configured == "causal"
    assert causal.experimental
    assert "SmolLM2" in (causal.checkpoint or "")


def test_unknown_backend_is_reported_with_the_valid_names(fake_settings):
    statuses = describe_models(fake_settings.with_overrides(stance="stance.nope"))
    stance = statuses[1]
    assert stance.loaded is False
    assert "No stance backend named 'stance.nope'" in (stance.error or "")
    assert "stance.fake" in (stance.error or "")
    assert statuses[0].loaded and statuses[2].loaded  # one bad model does not hide the others


def test_hub_id_without_network_is_reported_as_not_loaded_with_the_fix(fake_settings, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = fake_settings.with_overrides(stance="nli", stance_checkpoint="facebook/bart-large-mnli")
    stance = describe_models(settings)[1]
    assert stance.backend == "stance.nli.v1"
    assert stance.checkpoint == "facebook/bart-large-mnli"
    assert stance.loaded is False
    assert "Hugging Face Hub is unreachable" in (stance.error or "")
    assert "STATEMENT_LENS_STANCE_CHECKPOINT" in (stance.error or "")


def test_nli_without_a_checkpoint_says_which_setting_to_set(fake_settings):
    stance = describe_models(fake_settings.with_overrides(stance="nli"))[1]
    assert stance.loaded is False
    assert "STATEMENT_LENS_STANCE_CHECKPOINT" in (stance.error or "")


def test_local_nli_folder_loads_with_provenance(fake_settings, tmp_path):
    folder = build_nli(tmp_path / "nli")
    stance = describe_models(fake_settings.with_overrides(stance="nli", stance_checkpoint=str(folder)))[1]
    assert stance.loaded is True
    assert stance.checkpoint == str(folder)
    assert (stance.revision or "").startswith("sha256-1MB:")
    assert "local folder" in stance.note


@pytest.mark.parametrize("try_load", [True, False])
def test_statuses_serialise_to_json(fake_settings, try_load):
    rows = [s.to_dict() for s in describe_models(fake_settings, try_load=try_load)]
    assert json.loads(json.dumps(rows)) == rows
    assert set(rows[0]) >= {"task", "backend", "checkpoint", "note", "loaded", "error", "load_seconds"}


def test_default_settings_describe_without_loading():
    statuses = describe_models(Settings(), try_load=False)
    assert next(s.backend for s in statuses) == "embedder.minilm.v1"
    assert "Apache-2.0" in statuses[0].note


def test_every_default_backend_says_where_it_comes_from():
    statuses = describe_models(Settings(), try_load=False)
    assert all(s.note for s in statuses), [s.backend for s in statuses if not s.note]
    stance = next(s for s in statuses if s.task == "stance")
    assert stance.backend == "stance.lens.v2" and "MODEL_CARD" in stance.note
