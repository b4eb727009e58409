"""Faults in a model: it fails to load, or raises in the middle of an analysis.

The user must see which model failed and why, every result that could still be computed must be
there, and nothing may be stored as if the analysis were complete. The broken backends are
registered through the ordinary registry under test-only names; every other model is a fake.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from statement_lens.config import Settings
from statement_lens.errors import ModelError, StoreError
from statement_lens.ingest import statement_from_text
from statement_lens.models.registry import register
from statement_lens.pipeline.analysis import analyze
from statement_lens.services import load_services
from statement_lens.store.database import Store
from tests.dashboard_factory import all_text, app_env, cards_of, new_app

LOAD_REASON = "checkpoint folder /models/missing has no config.json"
RUN_REASON = "shape mismatch in the classifier head: got 7 logits, expected 3"
TARGETS = ["Ukraine", "Russia"]

BROKEN = {  # task → (backend that fails to load, backend that raises when called)
    "stance": ("stance.test_broken_load", "stance.test_broken_run"),
    "summarizer": ("summarizer.test_broken_load", "summarizer.test_broken_run"),
    "embedder": ("embedder.test_broken_load", "embedder.test_broken_run"),
}
STAGE_OF = {"stance": "stance", "summarizer": "summary", "embedder": "topics"}
CALLS: dict[str, int] = {}


def _fail_to_load(**_: Any) -> Any:
    raise ModelError(LOAD_REASON)


class _RaisesWhenCalled:
    """A backend that loads fine and then raises on its first use, like a model hitting a bad tensor."""

    checkpoint = "test"
    dim = 64

    def __init__(self, name: str) -> None:
        self.name = name

    def _boom(self, *_: Any, **__: Any) -> Any:
        CALLS[self.name] = CALLS.get(self.name, 0) + 1
        raise RuntimeError(RUN_REASON)

    classify = summarize = embed = _boom


for _task, (_load_name, _run_name) in BROKEN.items():
    register(_task, _load_name)(_fail_to_load)
    register(_task, _run_name)(lambda _n=_run_name, **_: _RaisesWhenCalled(_n))


def _settings(tmp_path, **override: str) -> Settings:
    base = {"stance": "stance.fake", "summarizer": "summarizer.fake", "embedder": "embedder.fake"}
    return Settings(**{**base, **override}, data_dir=str(tmp_path / "data"))


CASES = [
    pytest.param(
        task, mode, BROKEN[task][i], LOAD_REASON if mode == "load" else RUN_REASON, id=f"{task}-{mode}"
    )
    for task in BROKEN
    for i, mode in enumerate(("load", "run"))
]


@pytest.mark.parametrize(("task", "mode", "backend", "reason"), CASES)
def test_broken_model_is_named_with_its_reason_in_the_errors(
    seed_text, tmp_path, task, mode, backend, reason
):
    a = analyze(statement_from_text(seed_text), TARGETS, settings=_settings(tmp_path, **{task: backend}))
    assert not a.complete
    assert any(backend in e and reason in e for e in a.errors), a.errors


@pytest.mark.parametrize(("task", "mode", "backend", "reason"), CASES)
def test_broken_model_leaves_the_other_results_filled(seed_text, tmp_path, task, mode, backend, reason):
    a = analyze(statement_from_text(seed_text), TARGETS, settings=_settings(tmp_path, **{task: backend}))
    failed = STAGE_OF[task]
    assert len(a.sentences) > 5 and len(a.quotes) >= 4 and len(a.units) == len(a.quotes)
    assert (len(a.topics) > 0) is (failed != "topics")
    assert (len(a.stance) == len(a.units) * len(TARGETS)) is (failed != "stance")
    assert (len(a.summary.sentences) > 0) is (failed != "summary")
    assert all(backend in e or e.startswith(task) for e in a.errors), "only the broken model may fail"
    if failed == "topics":  # sentences and quotations keep their rows, without topic labels
        assert a.sentences["topic"].isna().all()


@pytest.mark.parametrize(("task", "mode", "backend", "reason"), CASES)
def test_incomplete_analysis_is_refused_by_the_store_and_leaves_no_rows(
    seed_text, tmp_path, task, mode, backend, reason
):
    settings = _settings(tmp_path, **{task: backend})
    statement = statement_from_text(seed_text)
    a = analyze(statement, TARGETS, settings=settings)
    store = Store(tmp_path / "data")
    sid = store.add_statement(statement)
    with pytest.raises(StoreError, match="incomplete") as err:
        store.save_analysis(sid, a)
    assert backend in str(err.value)
    assert not store.has_analysis(sid, settings.config_hash())
    assert store.get_analysis(sid, settings.config_hash()) is None
    for table in ("units", "stance", "topics"):
        assert store.query(f"SELECT COUNT(*) AS n FROM {table}")["n"].item() == 0


def test_a_model_that_raises_does_not_spoil_the_next_analysis(seed_text, tmp_path):
    statement = statement_from_text(seed_text)
    broken = analyze(statement, TARGETS, settings=_settings(tmp_path, stance=BROKEN["stance"][1]))
    healthy = analyze(statement, TARGETS, settings=_settings(tmp_path))
    assert not broken.complete and healthy.complete
    store = Store(tmp_path / "data")
    sid = store.add_statement(statement)
    store.save_analysis(sid, healthy)
    got = store.get_analysis(sid, healthy.config_hash)
    assert got is not None and len(got.stance) == len(healthy.units) * len(TARGETS)


def test_services_report_a_load_failure_without_stopping_the_other_models(tmp_path):
    services = load_services(_settings(tmp_path, stance=BROKEN["stance"][0]))
    assert services.stance is None and services.summarizer is not None and services.embedder is not None
    assert LOAD_REASON in services.failures["stance"]
    assert services.model_info()["stance"]["loaded"] is False


# --- the dashboard --------------------------------------------------------------------------------


@pytest.fixture()
def broken_app(monkeypatch, tmp_path):
    """The dashboard on a fresh data dir (the seed statement only) with fakes, the stance model broken."""
    app_env(monkeypatch, tmp_path, fake_models=True, populated=False)

    def use(task: str, backend: str) -> None:
        monkeypatch.setenv(f"STATEMENT_LENS_{task.upper()}", backend)

    return use


def _errors(at) -> str:
    """The page's st.error texts as the reader sees them (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in at.error))


@pytest.mark.parametrize(
    ("task", "backend", "reason"),
    [
        pytest.param("stance", BROKEN["stance"][1], RUN_REASON, id="stance-raises"),
        pytest.param("stance", BROKEN["stance"][0], LOAD_REASON, id="stance-fails-to-load"),
        pytest.param("summarizer", BROKEN["summarizer"][1], RUN_REASON, id="summarizer-raises"),
    ],
)
def test_overview_shows_the_failed_model_and_the_remaining_results(
    broken_app, tmp_path, task, backend, reason
):
    broken_app(task, backend)
    at = new_app().run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert backend in errors and reason in errors, errors
    assert "incomplete" in all_text(at)
    assert "sl-card" in cards_of(at), "the key quotations must still be shown"
    assert len(at.metric) and at.metric[0].value not in ("0", 0), "the quotation count must still be shown"
    listing = Store(tmp_path / "data").list_statements()
    assert listing["n_analyses"].tolist() == [0], "an incomplete analysis must not be stored"


def test_quotations_page_lists_quotations_when_the_stance_model_raises(broken_app):
    broken_app("stance", BROKEN["stance"][1])
    at = new_app("app_pages/quotations.py").run()
    assert not at.exception, at.exception
    assert BROKEN["stance"][1] in _errors(at)
    assert len(at.dataframe) and len(at.dataframe[0].value) >= 4


def test_adding_a_target_with_a_broken_stance_model_shows_an_error_not_a_traceback(broken_app):
    broken_app("stance", BROKEN["stance"][1])
    at = new_app("app_pages/stance.py").run()
    assert not at.exception, at.exception
    at.text_input(key="stance_add").input("Climate policy")
    next(b for b in at.button if b.label == "Update targets").click().run()
    assert not at.exception, at.exception
    assert BROKEN["stance"][1] in _errors(at) or RUN_REASON in _errors(at)
