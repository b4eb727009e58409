"""Comparison charts: grouped bars per statement, same palette rules, axis titles with units."""

from __future__ import annotations

import pandas as pd
import pytest

from statement_lens.figures import STANCE_COLORS
from statement_lens.figures.compare import (
    STATEMENT_COLORS,
    compare_stance_figure,
    compare_topics_figure,
    net_stance,
)
from tests.dashboard_factory import analysis_a, analysis_b, fake_settings


@pytest.fixture()
def pair(tmp_path):
    s = fake_settings(tmp_path)
    return analysis_a(s), analysis_b(s)


def test_compare_topics_has_one_trace_per_statement_over_the_union_of_topics(pair):
    a, b = pair
    fig = compare_topics_figure({"A": a.topics, "B": b.topics})
    assert [t.name for t in fig.data] == ["A", "B"]
    assert set(fig.data[0].y) == {"Defense", "International Affairs", "Macroeconomics", "Other"}
    by_topic_b = dict(zip(fig.data[1].y, fig.data[1].x, strict=True))
    assert by_topic_b["Macroeconomics"] == pytest.approx(80.0)
    assert by_topic_b["Defense"] == 0.0
    assert fig.layout.barmode == "group"
    assert "(%)" in fig.layout.xaxis.title.text and fig.layout.yaxis.title.text == "Topic"


def test_statement_colours_never_reuse_the_stance_colours():
    assert not set(STATEMENT_COLORS) & set(STANCE_COLORS.values())


def test_net_stance_is_confidence_weighted_mean_of_favor_minus_against():
    stance = pd.DataFrame(
        {
            "unit_id": ["q0", "q1"],
            "target": ["X", "X"],
            "p_favor": [0.9, 0.1],
            "p_against": [0.1, 0.5],
            "confidence": [0.9, 0.5],
        }
    )
    (row,) = net_stance(stance).itertuples()
    assert row.score == pytest.approx((0.8 * 0.9 + -0.4 * 0.5) / 1.4)
    assert row.n == 2


def test_net_stance_leaves_out_pairs_no_model_read():
    stance = pd.DataFrame(
        {
            "unit_id": ["s0", "s1", "s2"],
            "target": ["X", "X", "X"],
            "p_favor": [0.9, 0.1, 0.1],
            "p_against": [0.1, 0.1, 0.1],
            "confidence": [0.9, 0.8, 0.8],
            "basis": ["mention", "not about target", "not mentioned"],
        }
    )
    (row,) = net_stance(stance).itertuples()
    assert row.score == pytest.approx(0.8) and row.n == 1  # not pulled toward 0 by the unread pairs
    fig = compare_stance_figure({"A": stance}, nouns={"A": "sentences"})
    assert "(%{customdata} sentences read)" in fig.data[0].hovertemplate


def test_compare_stance_uses_a_fixed_minus_one_to_one_axis(pair):
    a, b = pair
    fig = compare_stance_figure({"A": a.stance, "B": b.stance})
    assert list(fig.layout.yaxis.range) == [-1.05, 1.05]
    assert list(fig.data[0].x) == ["Ukraine", "Russia", "Taxes"]
    assert pd.isna(fig.data[0].y[2])  # statement A has no "Taxes" target
    assert "−1" in fig.layout.yaxis.title.text and fig.layout.xaxis.title.text == "Target"


def test_compare_escapes_statement_names_in_legend_and_hover(pair):
    a, _ = pair
    fig = compare_topics_figure({"<b>x</b>{y}": a.topics})
    assert fig.data[0].name == "&lt;b&gt;x&lt;/b&gt;{y}"
    assert "&#123;y&#125;" in fig.data[0].hovertemplate  # braces would be template syntax


def test_compare_with_nothing_to_show_is_an_empty_annotated_figure():
    fig = compare_stance_figure({"A": pd.DataFrame()})
    assert len(fig.data) == 0 and fig.layout.annotations
