"""Quotations page (AppTest): filters change what is shown, the URL carries them, text stays escaped."""

from __future__ import annotations

import pytest

from tests.dashboard_factory import app_env, html_of, new_app

PAGE = "app_pages/quotations.py"


@pytest.fixture(autouse=True)
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def _rows(at):
    return list(at.dataframe[0].value["unit_id"])


def _highlighted(at):
    body = next(str(h.proto.body) for h in at.get("html") if 'class="sl-text"' in str(h.proto.body))
    return body.count('<mark class="sl-quote"')


def test_every_quotation_is_listed_with_stance_columns(ids):
    at = new_app(PAGE).run()
    assert not at.exception
    df = at.dataframe[0].value
    assert list(df["unit_id"]) == ["q0", "q1", "q2", "q3"]
    assert {"speaker", "cue", "topic", "Ukraine stance", "Russia confidence"} <= set(df.columns)
    assert _highlighted(at) == 4


@pytest.mark.parametrize(
    ("key", "value", "expected", "param"),
    [
        ("w_speaker", ["Jane Doe"], ["q1"], ("speaker", "Jane Doe")),
        ("w_topic", ["Defense"], ["q0", "q2"], ("topic", "Defense")),
        ("w_stance", ["against"], ["q1", "q3"], ("stance", "against")),
        ("w_conf", 0.86, ["q0"], ("conf", "0.86")),
    ],
)
def test_a_filter_narrows_the_table_the_highlights_and_the_url(ids, key, value, expected, param):
    at = new_app(PAGE).run()
    widget = at.slider(key=key) if key == "w_conf" else at.multiselect(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert _rows(at) == expected
    assert _highlighted(at) == len(expected)
    assert at.query_params[param[0]] == param[1]


def test_search_and_target_filters_combine(ids):
    at = new_app(PAGE).run()
    at.multiselect(key="w_target").set_value(["Ukraine"]).run()
    at.multiselect(key="w_stance").set_value(["favor"]).run()
    assert _rows(at) == ["q0", "q2"]
    at.text_input(key="w_q").input("stocks").run()
    assert _rows(at) == ["q2"]
    assert at.query_params["q"] == "stocks" and at.query_params["target"] == "Ukraine"


def test_query_params_restore_the_filtered_view(ids):
    at = new_app(PAGE, query={"s": ids[0], "speaker": "Jens Stoltenberg", "stance": "against"}).run()
    assert _rows(at) == ["q3"]
    assert at.multiselect(key="w_speaker").value == ["Jens Stoltenberg"]


def test_filters_carry_across_page_switches(ids):
    at = new_app(PAGE).run()
    at.multiselect(key="w_speaker").set_value(["Jane Doe"]).run()
    at.switch_page("app_pages/overview.py").run()
    assert at.query_params["speaker"] == "Jane Doe"
    at.switch_page(PAGE).run()
    assert _rows(at) == ["q1"] and at.multiselect(key="w_speaker").value == ["Jane Doe"]


def test_clear_filters_shows_everything_again(ids):
    at = new_app(PAGE, query={"s": ids[0], "speaker": "Jane Doe"}).run()
    at.button(key="w_clear").click().run()
    assert _rows(at) == ["q0", "q1", "q2", "q3"] and "speaker" not in at.query_params


def test_statement_text_with_payloads_is_escaped_in_the_highlights(ids):
    at = new_app(PAGE, query={"s": ids[1]}).run()
    body = html_of(at)
    assert "<script>" not in body and "<img src" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert _highlighted(at) == 2


def test_unknown_values_in_a_shared_link_are_ignored(ids):
    at = new_app(PAGE, query={"s": ids[0], "speaker": "Nobody", "conf": "oops"}).run()
    assert not at.exception and _rows(at) == ["q0", "q1", "q2", "q3"]


def test_exports_are_offered(ids):
    at = new_app(PAGE).run()
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Quotations as CSV", "Quotations as JSON", "Download the brief (HTML)"} <= labels


@pytest.mark.real_models
def test_real_models_quotations_are_all_stoltenbergs_and_search_narrows_them(monkeypatch, tmp_path):
    app_env(monkeypatch, tmp_path / "real", fake_models=False, populated=False)
    at = new_app(PAGE, timeout=300).run()
    assert not at.exception, at.exception
    all_rows = _rows(at)
    assert len(all_rows) >= 4
    assert set(at.dataframe[0].value["speaker"]) == {"Jens Stoltenberg"}
    at.text_input(key="w_q").input("putin").run()
    some = _rows(at)
    assert 0 < len(some) < len(all_rows)
    assert all("putin" in t.lower() for t in at.dataframe[0].value["text"])
    assert _highlighted(at) == len(some)


def test_a_link_without_a_statement_id_keeps_its_filters(ids):
    at = new_app(PAGE, query={"speaker": "Jane Doe"}).run()
    assert _rows(at) == ["q1"]
    assert at.query_params["s"] == ids[0] and at.query_params["speaker"] == "Jane Doe"
