"""Install-time preparation: the seed's analysis is made once, and a fresh data directory starts with it."""

from __future__ import annotations

from statement_lens.config import load_settings
from statement_lens.pipeline.prepare import main, prepared_seed, seed_path
from statement_lens.store.database import Store
from tests.dashboard_factory import all_text, app_env, new_app


def test_prepare_keeps_the_seed_analysis_for_this_configuration_only(monkeypatch, tmp_path, capsys):
    app_env(monkeypatch, tmp_path, populated=False)
    monkeypatch.setenv("STATEMENT_LENS_CACHE_DIR", str(tmp_path / "cache"))
    settings = load_settings()
    assert prepared_seed(settings) is None
    assert main([]) == 0
    assert seed_path(settings).is_file()
    prepared = prepared_seed(settings)
    assert prepared is not None and prepared.config_hash == settings.config_hash()
    assert main([]) == 0 and "Prepared already" in capsys.readouterr().out  # idempotent
    assert prepared_seed(settings.with_overrides(indirect_quotes=True)) is None  # another configuration


def test_a_fresh_data_directory_shows_the_prepared_seed_without_loading_a_model(monkeypatch, tmp_path):
    from statement_lens.ui import services as sv

    app_env(monkeypatch, tmp_path, populated=False)
    monkeypatch.setenv("STATEMENT_LENS_CACHE_DIR", str(tmp_path / "cache"))
    assert main([]) == 0

    def no_models(*args, **kwargs):
        raise AssertionError("the first page must not load a model when the seed is prepared")

    monkeypatch.setattr(sv, "_load_services", no_models)
    at = new_app().run()
    assert not at.exception, at.exception
    assert "Stoltenberg" in all_text(at)
    listing = Store(tmp_path / "data").list_statements()
    assert len(listing) == 1 and listing.loc[0, "n_analyses"] == 1
