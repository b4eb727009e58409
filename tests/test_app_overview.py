"""Overview page (AppTest): the gist, topic emphasis next to key quotations, stance, review count."""

from __future__ import annotations

import pytest

from tests.dashboard_factory import all_text, app_env, cards_of, html_of, new_app


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def test_overview_shows_title_summary_charts_and_quotations(ids):
    at = new_app().run()
    assert not at.exception
    assert "Allies pledge more support to Ukraine" in all_text(at)
    assert len(at.get("plotly_chart")) == 2
    body = html_of(at)
    assert "We welcome the support to Ukraine" in body
    assert 'href="#sl-sum-0"' in body and 'id="sl-sum-0"' in body  # summary sentence linked to its source
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Quotations"] == "4" and metrics["Needs review"] == "4"
    assert at.query_params["s"] == ids[0]


def test_key_quotations_follow_the_selected_topic(ids):
    at = new_app().run()
    assert "Defence production must grow" in cards_of(at)  # top topic: Defense
    at.selectbox(key="w_topic_one").set_value("International Affairs").run()
    body = cards_of(at)
    assert "Russia is a threat to Europe." in body and "Defence production must grow" not in body
    assert at.query_params["topic"] == "International Affairs"


def test_query_params_restore_the_topic_and_statement(ids):
    at = new_app(query={"s": ids[0], "topic": "International Affairs"}).run()
    assert at.selectbox(key="w_topic_one").value == "International Affairs"
    assert "We oppose any aggression" in cards_of(at)


def test_the_statement_picker_switches_statement_and_url(ids):
    at = new_app().run()
    at.selectbox(key="w_statement").set_value(ids[1]).run()
    assert not at.exception
    assert "Ministers discuss the budget" in all_text(at)
    assert at.query_params["s"] == ids[1]


def test_untrusted_statement_text_is_escaped_in_the_page(ids):
    at = new_app(query={"s": ids[1]}).run()
    body = html_of(at)
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_review_threshold_from_settings_changes_the_count(ids, tmp_path):
    from statement_lens.ui.prefs import Prefs, save_prefs

    save_prefs(tmp_path / "data", Prefs(review_threshold=0.9))
    at = new_app().run()
    # 3 stance calls below 0.9 (4 pairs whose target a quotation does not name: not read) + 2 attributions
    assert {m.label: m.value for m in at.metric}["Needs review"] == "5"


@pytest.mark.real_models
def test_first_run_with_the_real_models_shows_the_seed_analysed(monkeypatch, tmp_path):
    app_env(monkeypatch, tmp_path / "real", fake_models=False, populated=False)
    at = new_app(timeout=300).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Stoltenberg" in all_text(at)
    assert len(at.get("plotly_chart")) == 2
    cards = cards_of(at)
    assert "Jens Stoltenberg" in cards  # every seed quotation is his
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Quotations"]) >= 4
    at.run()  # a rerun reads the stored analysis: no second analysis, same view
    assert not at.exception and "Jens Stoltenberg" in cards_of(at)


@pytest.mark.parametrize(
    ("kinds", "label"),
    [
        (["quote", "quote"], "Quotations"),
        (["sentence", "sentence"], "Sentences analysed"),
        (["turn"], "Speaker turns"),
        (["quote", "sentence"], "Units analysed"),
        ([], "Quotations"),
    ],
)
def test_the_units_count_is_named_for_what_was_analysed(kinds, label):
    import pandas as pd

    from statement_lens.ui.widgets import units_metric

    name, count, help_text = units_metric(pd.DataFrame({"unit_type": kinds}))
    assert (name, count) == (label, len(kinds))
    assert (help_text is None) == (label == "Quotations")


@pytest.mark.parametrize(
    ("kinds", "nouns"),
    [
        (["quote", "quote"], ("quotation", "quotations")),
        (["sentence"], ("sentence", "sentences")),
        (["turn", "turn"], ("speaker turn", "speaker turns")),
        (["quote", "sentence"], ("unit", "units")),
        ([], ("quotation", "quotations")),
    ],
)
def test_headings_and_notes_name_the_units_that_were_analysed(kinds, nouns):
    import pandas as pd

    from statement_lens.ui.tables import unit_nouns

    assert unit_nouns(pd.DataFrame({"unit_type": kinds})) == nouns
