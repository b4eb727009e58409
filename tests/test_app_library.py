"""Library page (AppTest): upload, paste, list, delete (confirmed), re-analyse; the seed on first run."""

from __future__ import annotations

import pytest

from statement_lens.store.database import Store
from tests.dashboard_factory import (
    XSS_IMG,
    XSS_SCRIPT,
    all_text,
    app_env,
    cards_of,
    fake_settings,
    html_of,
    new_app,
)

PAGE = "app_pages/library.py"
UPLOAD = (
    "Minister warns on budget\n"
    f'The Finance Minister Ann Lee said: "We support Ukraine {XSS_SCRIPT} and we will help our partners." '
    f'"Taxes will not rise {XSS_IMG} this year," Ann Lee said on Monday.\n'
).encode()


@pytest.fixture()
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def _listing(tmp_path):
    return Store(tmp_path / "data").list_statements()


def test_library_lists_stored_statements_with_status(ids):
    at = new_app(PAGE).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["status"]) == ["analysed", "analysed"]
    assert set(table["title"]) == {"Allies pledge more support to Ukraine", "Ministers discuss the budget"}


def test_uploading_a_file_stores_analyses_and_selects_it(ids, tmp_path):
    at = new_app(PAGE).run()
    at.file_uploader[0].set_value(("budget.txt", UPLOAD, "text/plain")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(_listing(tmp_path)) == 3
    assert "It is now the current statement" in all_text(at)
    new_sid = at.query_params["s"]
    assert new_sid not in ids
    assert at.selectbox(key="w_statement").value == new_sid  # the sidebar picker follows
    at.switch_page("app_pages/quotations.py").run()
    body = html_of(at)
    assert XSS_SCRIPT not in body and XSS_IMG not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_unreadable_upload_shows_an_error_not_an_exception(ids, tmp_path):
    at = new_app(PAGE).run()
    at.file_uploader[0].set_value(("empty.txt", b"   ", "text/plain")).run()
    assert not at.exception and at.error
    assert len(_listing(tmp_path)) == 2


def test_pasted_text_is_added(ids, tmp_path):
    at = new_app(PAGE).run()
    at.text_area[0].input(UPLOAD.decode())
    at.button[0].click().run()  # first form submit: paste
    assert not at.exception and not at.error
    assert len(_listing(tmp_path)) == 3


def test_delete_needs_confirmation(ids, tmp_path):
    at = new_app(PAGE).run()
    at.selectbox(key="lib_pick").set_value(ids[1]).run()
    at.button(key="lib_delete").click().run()
    assert len(_listing(tmp_path)) == 2 and "cannot be undone" in all_text(at)
    at.button(key="lib_confirm_no").click().run()
    assert len(_listing(tmp_path)) == 2
    at.button(key="lib_delete").click().run()
    at.button(key="lib_confirm_yes").click().run()
    assert not at.exception
    assert list(_listing(tmp_path)["statement_id"]) == [ids[0]]


def test_reanalyse_with_other_models_makes_them_active(ids, tmp_path):
    from statement_lens.ui.prefs import load_prefs

    at = new_app(PAGE).run()
    at.selectbox(key="lib_summarizer").set_value("summarizer.extractive.v1")
    at.button(key="lib_reanalyse").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert load_prefs(tmp_path / "data").models["summarizer"] == "summarizer.extractive.v1"
    listing = _listing(tmp_path).set_index("statement_id")
    assert listing.loc[ids[0], "n_analyses"] == 2


def test_fresh_data_dir_shows_the_seed_statement_analysed(monkeypatch, tmp_path):
    app_env(monkeypatch, tmp_path, populated=False)
    at = new_app().run()
    assert not at.exception, at.exception
    assert "Stoltenberg" in all_text(at)
    assert "Stoltenberg" in cards_of(at) or "Jens Stoltenberg" in html_of(at)
    assert len(_listing(tmp_path)) == 1 and (tmp_path / "data" / ".seeded").exists()


def test_models_and_the_inference_lock_are_shared_by_every_session(ids, tmp_path):
    from statement_lens.ui import services as sv

    key = sv.settings_key(fake_settings(tmp_path / "data"))
    assert sv.cached_services(key) is sv.cached_services(key)
    assert sv._inference_lock(key) is sv._inference_lock(key)
    assert sv._inference_lock(key) is not sv._inference_lock(key + " ")


def test_the_uploader_states_the_same_size_limit_as_the_ingest_layer():
    import tomllib
    from pathlib import Path

    from statement_lens.ingest import MAX_UPLOAD_BYTES

    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES


def test_a_fresh_library_lists_the_seed_and_the_examples_not_analysed_and_they_can_be_removed(
    monkeypatch, tmp_path
):
    app_env(monkeypatch, tmp_path, populated=False)
    at = new_app(PAGE, timeout=180).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 18
    assert "State of the Union 2024" in set(table["title"])
    examples = table[table["origin"].str.endswith(" · example")]
    assert len(examples) == 17 and set(examples["status"]) == {"not analysed"}
    assert "None" not in table.astype(str).to_numpy()
    at.button(key="lib_remove_examples").click().run()
    assert len(_listing(tmp_path)) == 1
