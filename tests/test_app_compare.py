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
    assert "New topics: Defense, International Affairs" in text
