"""Compare page (AppTest): two statements side by side with what changed."""

from __future__ import annotations

import json

import pytest

from tests.dashboard_factory import app_env, new_app

PAGE = "app_pages/compare.py"


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def test_two_statements_are_compared_by_default(ids):
    at = new_app(PAGE).run()
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 2
    assert len(specs[0]["data"]) == 2  # one bar trace per statement
    texts = [t.value for t in at.text]
    assert "New targets: Russia" in texts or "New targets: Taxes" in texts
    assert any(t.startswith("New speakers:") for t in texts)
    assert len(at.dataframe) == 2  # a speaker table per statement


def test_choosing_one_statement_asks_for_two(ids):
    at = new_app(PAGE).run()
    at.multiselect(key="w_compare").set_value([ids[0]]).run()
    assert not at.exception and at.info and not at.get("plotly_chart")


def test_the_comparison_lives_in_the_url(ids):
    at = new_app(PAGE, query={"cmp": [ids[1], ids[0]]}).run()
    assert at.multiselect(key="w_compare").value == [ids[1], ids[0]]
    assert at.query_params["cmp"] == [ids[1], ids[0]]
    text = "\n".join(t.value for t in at.text)
    # each new topic with its share in the other statement (0 % in the first: the stated rule)
    assert "New topics: Defense (50.0 %); International Affairs (35.0 %)" in text


def test_clearing_the_comparison_keeps_it_cleared(ids):
    """Clear-all does not put the default pair straight back (nor on the next run, nor from the URL)."""
    at = new_app(PAGE).run()
    at.multiselect(key="w_compare").set_value([]).run()
    assert not at.exception and at.info and not at.get("plotly_chart")
    assert at.multiselect(key="w_compare").value == []
    assert at.query_params["cmp"] in ("none", ["none"])
    at.run()
    assert at.multiselect(key="w_compare").value == [] and not at.get("plotly_chart")
    again = new_app(PAGE, query={"cmp": "none"}).run()  # the cleared view as a link
    assert again.multiselect(key="w_compare").value == [] and again.info


def test_what_changed_states_its_rule_and_the_threshold_moves_it(ids):
    at = new_app(PAGE).run()
    rule = " ".join(c.value for c in at.caption)
    assert "0 % in the first statement" in rule and "at least **5 percentage points**" in rule
    assert at.slider(key="cmp_points").value == 5.0
    at.slider(key="cmp_points").set_value(12.5).run()
    assert "at least **12.5 percentage points**" in " ".join(c.value for c in at.caption)
    assert any(t.value.startswith("In both, moved less than 12.5 pp") for t in at.text)


def test_speaker_tables_name_the_units_they_count(ids):
    at = new_app(PAGE).run()
    heads = [t.value for t in at.markdown if "counted in" in t.value]
    assert len(heads) == 2 and all(h.endswith("counted in quotations") for h in heads)
    assert all("Quotations" in df.value.columns for df in at.dataframe)
