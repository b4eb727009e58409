"""Library feedback (AppTest): empty, too short and duplicate input get honest messages; pasted texts are
titled by their first line; the statement selector follows the current statement; one spelling per target."""

from __future__ import annotations

import pytest

from statement_lens.store.database import Store
from statement_lens.types import Statement
from statement_lens.ui.manage import MIN_WORDS, default_title, too_short
from statement_lens.ui.spelling import merge_spellings, merged_note, spelling_key
from tests.dashboard_factory import TEXT_A, app_env, new_app

PAGE = "app_pages/library.py"
LONG = (
    "Ministers agree on a new energy plan for the coming winter months.\n"
    "The plan cuts gas use by a fifth and shares reserves between the member states, the ministers said. "
    "It takes effect in October."
)


@pytest.fixture()
def ids(monkeypatch, tmp_path):
    return app_env(monkeypatch, tmp_path)


def _listing(tmp_path):
    return Store(tmp_path / "data").list_statements()


def _paste(at, text: str):
    at.text_area[0].input(text)
    return at.button[0].click().run()  # first form submit: paste


def test_an_empty_paste_says_the_box_is_empty(ids, tmp_path):
    at = _paste(new_app(PAGE).run(), "   ")
    assert not at.exception
    assert "empty" in at.error[0].value
    assert len(_listing(tmp_path)) == 2


def test_a_too_short_text_is_refused_with_the_minimum(ids, tmp_path):
    at = _paste(new_app(PAGE).run(), "Hello world")
    assert not at.exception
    assert f"2 words: too short to analyse. Add at least {MIN_WORDS} words" in at.warning[0].value
    assert len(_listing(tmp_path)) == 2


def test_a_duplicate_points_to_the_stored_statement_and_stores_nothing(ids, tmp_path):
    sid_a, sid_b = ids
    at = new_app(PAGE, query={"s": sid_b}).run()
    at = _paste(at, TEXT_A)
    assert not at.exception
    message = at.info[0].value
    assert "Already in the library as “Allies pledge more support to Ukraine”" in message
    assert "nothing new was stored" in message and "Added" not in message
    assert len(_listing(tmp_path)) == 2
    assert at.query_params["s"] == sid_a  # the stored one is now the current statement
    assert at.selectbox(key="lib_pick").value == sid_a  # and the Library's selector follows it


def test_a_pasted_text_without_title_is_titled_by_its_first_line(ids, tmp_path):
    at = _paste(new_app(PAGE).run(), LONG.replace("\n", " "))
    assert not at.exception and not at.warning
    titles = set(_listing(tmp_path)["title"].dropna())
    assert any(t.startswith("Ministers agree on a new energy plan") and t.endswith("…") for t in titles)
    assert "pasted" not in titles


def test_the_library_selector_follows_the_current_statement(ids):
    sid_a, sid_b = ids
    at = new_app(PAGE, query={"s": sid_a}).run()
    assert at.selectbox(key="lib_pick").value == sid_a
    at.selectbox(key="w_statement").select(sid_b).run()
    assert at.selectbox(key="lib_pick").value == sid_b


@pytest.mark.parametrize(
    ("title", "origin", "expected"),
    [
        (None, "pasted", "Ministers agree on a new energy plan for the coming winter months."),
        ("Given", "pasted", "Given"),
        (None, "speech.txt", None),  # a file keeps its name as the label
    ],
)
def test_default_title(title, origin, expected):
    assert default_title(Statement(text=LONG, title=title, origin=origin)).title == expected


def test_too_short_counts_words():
    assert too_short(Statement(text=" ".join(["word"] * MIN_WORDS))) is None
    assert "1 word:" in str(too_short(Statement(text="Hello")))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("defence industry", "defense industry"),
        ("Defence-Industry", "defense industry"),
        ("organisations", "organization"),
        ("NATO", "nato"),
        ("labour", "labor"),
    ],
)
def test_spellings_of_one_target_share_a_key(a, b):
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize(("a", "b"), [("Russia", "Prussia"), ("arms control", "arms"), ("US", "UN")])
def test_different_targets_keep_their_keys(a, b):
    assert spelling_key(a) != spelling_key(b)


def test_merge_spellings_offers_a_known_spelling_as_one():
    add, merged = merge_spellings(["defence industry", "NATO", "defense industries"], ["defense industry"])
    assert add == ["NATO"]
    assert merged == {"defence industry": "defense industry", "defense industries": "defense industry"}
    assert merged_note({"defence industry": "defense industry"}) == (
        "“defence industry” is the same target as “defense industry”: kept as one."
    )
