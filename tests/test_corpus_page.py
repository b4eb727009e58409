from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from statement_lens.corpus import JobSpec, run_job
from tests.corpus_fixtures import TARGETS, fake_settings, write_jsonl

PAGE = str(Path(__file__).resolve().parents[1] / "app_pages" / "corpus.py")


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("page")
    run_job(JobSpec(source=str(write_jsonl(root / "news.jsonl", 6)), settings=fake_settings(root / "data"),
                    targets=TARGETS))  # fmt: skip
    return root / "data"


@pytest.fixture()
def env(monkeypatch, data_dir):
    monkeypatch.setenv("STATEMENT_LENS_DATA_DIR", str(data_dir))
    for name, value in (
        ("STANCE", "stance.fake"),
        ("SUMMARIZER", "summarizer.fake"),
        ("EMBEDDER", "embedder.fake"),
    ):
        monkeypatch.setenv(f"STATEMENT_LENS_{name}", value)
    return data_dir


def _app(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def test_corpus_page_shows_topics_and_stance_with_quotations_behind_a_point(env):
    at = _app()
    assert not at.exception and not at.error
    assert at.selectbox(key="c_corpus").value == "news"
    assert len(at.get("plotly_chart")) == 3
    assert "6 analysed statements" in at.caption[0].value
    assert at.multiselect(key="c_w_targets").value == list(TARGETS)
    target, period = at.selectbox(key="c_w_spoint").value
    quotes = at.dataframe[1].value
    assert target in TARGETS and len(quotes) > 0 and set(quotes["date"].str[:4]) == {period}


def test_filters_and_the_selected_point_live_in_the_url(env):
    at = _app(corpus="news", c_period="month", c_speaker="Anna Berg", c_sp="sanctions|2020-01")
    assert not at.exception
    assert at.selectbox(key="c_w_period").value == "month"
    assert at.multiselect(key="c_w_speakers").value == ["Anna Berg"]
    assert at.selectbox(key="c_w_spoint").value == ("sanctions", "2020-01")
    assert set(at.dataframe[1].value["statement_speaker"]) == {"Anna Berg"}
    at.selectbox(key="c_w_by").set_value("source").run()
    assert _param(at, "c_by") == ["source"] and _param(at, "c_speaker") == ["Anna Berg"]
    assert _param(at, "c_sp") == ["sanctions|2020-01"] and _param(at, "corpus") == ["news"]


def test_corpus_page_without_a_corpus_says_how_to_make_one(monkeypatch, tmp_path):
    monkeypatch.setenv("STATEMENT_LENS_DATA_DIR", str(tmp_path / "empty"))
    at = _app()
    assert not at.exception
    assert "statement-lens corpus analyze" in at.info[0].value
