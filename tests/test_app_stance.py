"""Stance page (AppTest): heatmap of quotation × target; adding a target computes only the new column."""

from __future__ import annotations

import json

import pytest

from statement_lens.models.fakes import FakeStance
from tests.dashboard_factory import all_text, app_env, new_app

PAGE = "app_pages/stance.py"


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def _heatmap(at):
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["data"]


def test_heatmap_shows_every_quotation_and_target_with_review_markers(ids):
    at = new_app(PAGE).run()
    assert not at.exception
    heat, legend = _heatmap(at)
    assert heat["type"] == "heatmap" and heat["x"] == ["Ukraine", "Russia"] and len(heat["y"]) == 4
    assert "Needs review" in legend["name"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["layout"]["shapes"]) == 2  # confidences 0.5 and 0.55 < 0.6
    assert "needs review" in all_text(at)


def test_filters_narrow_the_heatmap_rows(ids):
    at = new_app(PAGE, query={"s": ids[0], "speaker": "Jens Stoltenberg"}).run()
    assert len(_heatmap(at)[0]["y"]) == 3


def test_adding_a_target_classifies_only_the_new_column(ids, monkeypatch):
    calls: list[tuple[str, str]] = []
    original = FakeStance.classify

    def spy(self, pairs):
        calls.extend(pairs)
        return original(self, pairs)

    monkeypatch.setattr(FakeStance, "classify", spy)
    at = new_app(PAGE).run()
    at.text_input(key="stance_add").input("NATO")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert {t for _, t in calls} == {"NATO"} and len(calls) == 4
    assert _heatmap(at)[0]["x"] == ["Ukraine", "Russia", "NATO"]
    assert "1 new target(s) over 4 quotations" in all_text(at)
    at.run()  # the stored analysis now has the column: nothing is recomputed
    assert len(calls) == 4 and _heatmap(at)[0]["x"] == ["Ukraine", "Russia", "NATO"]


def test_removing_a_target_drops_its_column(ids):
    at = new_app(PAGE).run()
    at.multiselect(key="stance_remove").set_value(["Russia"])
    at.button[0].click().run()
    assert _heatmap(at)[0]["x"] == ["Ukraine"]


def test_payload_in_quotation_is_escaped_in_heatmap_labels(ids):
    at = new_app(PAGE, query={"s": ids[1]}).run()
    heat = _heatmap(at)[0]
    labels, hover = " ".join(heat["y"]), " ".join(e for row in heat["customdata"] for e in row)
    assert "<script>" not in labels + hover and "&lt;script&gt;" in hover  # the words it was read from


def test_heatmap_hover_and_panel_show_the_words_each_label_was_read_from(ids):
    at = new_app(PAGE).run()
    heat = _heatmap(at)[0]
    assert "Read from" in heat["hovertemplate"]
    evidence = [e for row in heat["customdata"] for e in row]
    assert any("«Russia»" in e or "«Ukraine»" in e for e in evidence)
    not_read = [t for row in heat["text"] for t in row if t.replace("<br>", " ").startswith("not named")]
    assert not_read and all(not any(c.isdigit() for c in t) for t in not_read)  # words, no number
    box = at.selectbox(key="stance_evidence")
    russia = next(o for o in box.options if "Russia" in o and "not mentioned" not in o)
    box.set_value(russia).run()
    html_out = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "<mark>Russia</mark>" in html_out or "<mark>russia</mark>" in html_out.lower()


def test_stance_page_adds_no_same_side_note_when_no_quotation_names_two_targets(ids):
    at = new_app(PAGE).run()
    assert "name several actors" not in all_text(at)


def test_saved_aliases_persist_in_the_dashboard_settings_and_change_the_configuration(ids, tmp_path):
    from statement_lens.config import load_settings
    from statement_lens.ui.prefs import effective_settings, load_prefs

    at = new_app(PAGE).run()
    before = effective_settings(load_settings(), load_prefs(load_settings().data_dir)).config_hash()
    at.text_area(key="stance_aliases").input("Russia = Putin,  Kremlin\n")
    at.button(key="FormSubmitter:stance_aliases_form-Save aliases").click().run()
    assert not at.exception
    prefs = load_prefs(load_settings().data_dir)
    assert prefs.aliases == "Russia = Putin, Kremlin"
    assert effective_settings(load_settings(), prefs).config_hash() != before
    at.text_area(key="stance_aliases").input("Russia Putin")
    at.button(key="FormSubmitter:stance_aliases_form-Save aliases").click().run()
    assert any("Target = alias" in e.value for e in at.error)
