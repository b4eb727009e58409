"""Settings page (AppTest): targets, review threshold and taxonomy are saved in the data dir."""

from __future__ import annotations

import pytest

from statement_lens.ui.prefs import load_prefs
from tests.dashboard_factory import app_env, new_app

PAGE = "app_pages/settings.py"


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def test_settings_page_lists_models_and_topics(ids):
    at = new_app(PAGE).run()
    assert not at.exception
    models = at.dataframe[-1].value
    assert {"embedder", "stance", "summarizer"} <= set(models["task"])
    assert "stance.fake" in set(models["backend"])


def test_targets_and_threshold_are_saved(ids, tmp_path):
    at = new_app(PAGE).run()
    at.text_area(key="set_targets").input("NATO\nUkraine")
    at.slider(key="set_threshold").set_value(0.75)
    at.button[0].click().run()  # form submit
    assert not at.exception
    p = load_prefs(tmp_path / "data")
    assert p.targets == ("NATO", "Ukraine") and p.review_threshold == 0.75


def test_reported_speech_toggle_is_saved_and_changes_the_analysis_settings(ids, tmp_path):
    from statement_lens.config import Settings
    from statement_lens.ui.prefs import effective_settings

    at = new_app(PAGE).run()
    assert at.checkbox(key="set_indirect").value is False
    at.checkbox(key="set_indirect").check()
    at.button[0].click().run()  # form submit
    assert not at.exception
    p = load_prefs(tmp_path / "data")
    assert p.indirect_quotes is True
    base = Settings()
    assert effective_settings(base, p).indirect_quotes is True
    assert effective_settings(base, p).config_hash() != base.config_hash()
    assert new_app(PAGE).run().checkbox(key="set_indirect").value is True


def test_model_load_check_reports_each_task(ids):
    at = new_app(PAGE).run()
    at.button(key="set_load").click().run()
    status = at.dataframe[-1].value
    assert set(status["task"]) >= {"embedder", "stance", "summarizer"} and status["loaded"].all()
