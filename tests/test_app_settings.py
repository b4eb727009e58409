"""Settings page (AppTest): targets, review threshold and taxonomy are saved in the data dir."""

from __future__ import annotations

import pytest

from statement_lens.types import Statement
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
    at.button[0].click().run()  # form submit: two stored analyses would be redone, so it asks first
    assert not at.exception
    assert load_prefs(tmp_path / "data").indirect_quotes is None
    assert "This re-analyses 2 statements" in at.warning[0].value
    at.button(key="set_confirm_yes").click().run()
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


def test_saving_default_targets_keeps_each_statements_own_targets(ids, tmp_path):
    from statement_lens.config import load_settings
    from statement_lens.store.database import Store
    from statement_lens.ui.prefs import effective_settings
    from statement_lens.ui.services import Context, analysis_targets

    sid_a, sid_b = ids
    store = Store(tmp_path / "data")
    store.set_targets(sid_a, ["Ukraine", "Russia", "Putin"])  # the analyst added Putin on the Stance page
    at = new_app(PAGE).run()
    at.text_area(key="set_targets").input("NATO\nRussia\nChina")
    at.checkbox(key="set_indirect").check()
    at.button[0].click().run()
    at.button(key="set_confirm_yes").click().run()
    assert not at.exception
    prefs = load_prefs(tmp_path / "data")
    assert prefs.targets == ("NATO", "Russia", "China")
    ctx = Context(effective_settings(load_settings(), prefs), prefs, store)
    assert analysis_targets(ctx, sid_a) == ["Ukraine", "Russia", "Putin"]
    assert analysis_targets(ctx, sid_b) == ["Ukraine", "Taxes"]  # its last analysis's targets
    new = store.add_statement(Statement(text="A new statement about NATO and China.", title="New"))
    assert analysis_targets(ctx, new) == ["NATO", "Russia", "China"]


def test_cancelling_a_change_that_reanalyses_saves_nothing(ids, tmp_path):
    at = new_app(PAGE).run()
    at.checkbox(key="set_indirect").check()
    at.button[0].click().run()
    at.button(key="set_confirm_no").click().run()
    assert not at.exception
    assert load_prefs(tmp_path / "data").indirect_quotes is None
    assert not at.warning
