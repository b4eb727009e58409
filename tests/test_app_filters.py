"""Filters: a pure round trip to URL query parameters, and filtering of quotations."""

from __future__ import annotations

import pytest

from statement_lens.ui.filters import Filters, filter_units, query_dict, topic_from_selection
from tests.dashboard_factory import analysis_a, fake_settings


@pytest.fixture()
def a(tmp_path):
    return analysis_a(fake_settings(tmp_path))


FULL = Filters(
    statement="abc123",
    speakers=("Jens Stoltenberg", "Jane Doe"),
    topics=("Defense",),
    targets=("Ukraine",),
    labels=("favor", "against"),
    min_confidence=0.65,
    search="stocks",
    compare=("abc123", "def456"),
)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(statement="x"),
        FULL,
        Filters(search="a & b <c>"),
        Filters(statement="x", compare=()),
    ],
)
def test_filters_round_trip_through_query_params(filters):
    query = filters.to_query()
    as_browser = {k: [v] if isinstance(v, str) else v for k, v in query.items()}
    assert Filters.from_query(as_browser) == filters
    assert Filters.from_query(query) == filters


def test_default_filters_make_an_empty_query():
    assert Filters().to_query() == {}


def test_a_cleared_comparison_is_not_the_default_pair():
    """No ``cmp``: nothing chosen yet (the page offers a pair); ``cmp=none``: the analyst cleared it."""
    assert Filters.from_query({}).compare is None
    assert Filters(compare=()).to_query() == {"cmp": ["none"]}
    assert Filters.from_query({"cmp": ["none"]}).compare == ()
    assert Filters.from_query({"cmp": ["none", "abc"]}).compare == ("abc",)


def test_repeated_params_become_tuples():
    q = query_dict([("speaker", "A"), ("speaker", "B"), ("s", ["x"])])
    assert Filters.from_query(q) == Filters(statement="x", speakers=("A", "B"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"conf": "abc"}, Filters()),
        ({"conf": "nan"}, Filters()),
        ({"conf": "7"}, Filters(min_confidence=1.0)),
        ({"conf": "-1"}, Filters()),
        ({"stance": ["favor", "maybe", "<script>"]}, Filters(labels=("favor",))),
        ({"speaker": ["", "  "]}, Filters()),
        ({"speaker": ["A", "A"]}, Filters(speakers=("A",))),
        ({"q": "  x  "}, Filters(search="x")),
        ({"q": "y" * 1000}, Filters(search="y" * 300)),
        ({"unknown": "1"}, Filters()),
    ],
)
def test_untrusted_query_values_are_cleaned_not_raised(params, expected):
    assert Filters.from_query(params) == expected


def test_switching_statement_drops_the_old_statements_slices():
    f = FULL.for_statement("other")
    assert f == Filters(statement="other", compare=FULL.compare)
    assert FULL.for_statement(FULL.statement) is FULL


def test_a_link_without_statement_keeps_its_slices_when_the_default_statement_is_picked():
    f = Filters(speakers=("A",), search="x")
    assert f.for_statement("sid") == Filters(statement="sid", speakers=("A",), search="x")


def test_describe_lists_every_active_filter():
    lines = FULL.describe()
    assert "Speaker: Jens Stoltenberg, Jane Doe" in lines
    assert "Minimum stance confidence: 0.65" in lines and "Search: stocks" in lines
    assert Filters().describe() == ["No filters (every quotation)"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["q0", "q1", "q2", "q3"]),
        (Filters(speakers=("Jane Doe",)), ["q1"]),
        (Filters(topics=("Defense",)), ["q0", "q2"]),
        (Filters(search="STOCKS"), ["q2"]),
        (Filters(search="jane"), ["q1"]),  # the speaker is searched too
        (Filters(labels=("against",)), ["q1", "q3"]),
        (Filters(targets=("Ukraine",), labels=("favor",)), ["q0", "q2"]),
        (Filters(targets=("Ukraine",), labels=("favor",), min_confidence=0.7), ["q0"]),
        (Filters(min_confidence=0.86), ["q0"]),
        (Filters(speakers=("Jens Stoltenberg",), labels=("against",)), ["q3"]),
        (Filters(search="no such words"), []),
    ],
)
def test_filter_units(a, filters, expected):
    assert list(filter_units(a.units, a.stance, filters)["unit_id"]) == expected


def test_units_without_stance_stay_unless_a_stance_filter_is_set(a):
    no_stance = a.stance.head(0)
    assert len(filter_units(a.units, no_stance, Filters())) == 4
    assert len(filter_units(a.units, no_stance, Filters(labels=("favor",)))) == 0


ORDER = ["Defense", "International Affairs", "Other"]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (None, None),
        ({"selection": {"points": []}}, None),
        (
            {"selection": {"points": [{"customdata": ["International Affairs", 2], "point_index": 1}]}},
            "International Affairs",
        ),
        ({"selection": {"points": [{"point_index": 2}]}}, "Other"),
        ({"selection": {"points": [{"point_number": 0}]}}, "Defense"),
        ({"selection": {"points": [{"point_index": 9}]}}, None),
        ({"selection": {"points": [{"customdata": ["Not a topic"], "point_index": 0}]}}, "Defense"),
    ],
)
def test_topic_from_a_chart_click(event, expected):
    assert topic_from_selection(event, ORDER) == expected
