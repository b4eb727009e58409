"""The filter bar (AppTest): every statement page shows the active filters as chips, with counts and Clear."""

from __future__ import annotations

import pytest

from statement_lens.ui.filter_bar import chips, cleared, count_text, of_total
from statement_lens.ui.filters import Filters
from tests.dashboard_factory import app_env, new_app

PAGES = ["app_pages/overview.py", "app_pages/quotations.py", "app_pages/stance.py"]


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def test_each_filter_value_is_a_chip_that_removes_only_itself():
    f = Filters(statement="s", speakers=("A", "B"), topics=("Defense",), min_confidence=0.5, search="x")
    got = {c.label: c.without for c in chips(f)}
    assert list(got) == ["Speaker: A", "Speaker: B", "Topic: Defense", "Confidence ≥ 0.50", "Search: x"]
    assert got["Speaker: A"] == f.with_(speakers=("B",))
    assert got["Search: x"].search == "" and got["Search: x"].topics == ("Defense",)
    assert cleared(f) == Filters(statement="s")


def test_counts_show_the_total_beside_the_filtered_count():
    assert count_text(2, 4, "quotations") == "2 of 4 quotations"
    assert count_text(4, 4, "quotations") == "4 quotations"
    assert of_total(1, 1_234) == "1 of 1,234" and of_total(7, 7) == "7"


@pytest.mark.parametrize("page", PAGES)
def test_a_topic_filter_is_visible_and_clearable_on_every_statement_page(ids, page):
    sid_a, _ = ids
    at = new_app(page, query={"s": sid_a, "topic": "Defense"}).run()
    assert not at.exception
    chip = at.button(key="chip_0")
    assert chip.label.replace("\\", "") == "Topic: Defense ✕"  # the label is Markdown-escaped
    assert any("2 of 4 quotations" in m.value for m in at.markdown)
    chip.click().run()
    assert not at.exception
    assert not at.query_params.get("topic")
    assert any("Filters:** none" in m.value for m in at.markdown)


def test_overview_metrics_count_the_filtered_units_beside_the_total(ids):
    sid_a, _ = ids
    at = new_app("app_pages/overview.py", query={"s": sid_a, "speaker": "Jane Doe"}).run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Quotations"] == "1 of 4"
    assert values["Speakers"] == "1 of 2"
    at.button(key="w_clear").click().run()
    assert {m.label: m.value for m in at.metric}["Quotations"] == "4"
