"""Figure functions are pure: DataFrames in, Plotly figures out. Tested on fig.data and fig.layout."""

from __future__ import annotations

import pandas as pd
import pytest

from statement_lens.figures import (
    STANCE_COLORS,
    plotly_text,
    stance_heatmap_figure,
    stance_overview_figure,
    topic_emphasis_figure,
    topic_order,
    unit_labels,
    weighted_stance,
)
from tests.dashboard_factory import analysis_a, analysis_b, fake_settings


@pytest.fixture()
def a(tmp_path):
    return analysis_a(fake_settings(tmp_path))


def _axis_titles(fig):
    return fig.layout.xaxis.title.text, fig.layout.yaxis.title.text


def test_stance_palette_is_okabe_ito_and_distinct():
    assert STANCE_COLORS == {"favor": "#0072B2", "against": "#D55E00", "none": "#999999"}


def test_topic_order_puts_largest_first_and_other_last():
    topics = pd.DataFrame({"topic": ["Other", "B", "A"], "share_words": [0.6, 0.1, 0.3]})
    assert topic_order(topics) == ["A", "B", "Other"]


def test_topic_emphasis_bars_are_percentages_in_order(a):
    fig = topic_emphasis_figure(a.topics)
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Defense", "International Affairs", "Other"]
    assert list(bar.x) == pytest.approx([50.0, 35.0, 15.0])
    assert [c[0] for c in bar.customdata] == ["Defense", "International Affairs", "Other"]
    x_title, y_title = _axis_titles(fig)
    assert "%" in x_title and y_title == "Topic"


def test_topic_emphasis_highlights_only_the_selected_topic(a):
    fig = topic_emphasis_figure(a.topics, selected="International Affairs")
    colors = list(fig.data[0].marker.color)
    assert colors[1] != colors[0] and colors[0] == colors[2]


@pytest.mark.parametrize("measure", ["share_words", "share_sentences"])
def test_topic_emphasis_axis_title_names_the_measure_and_unit(a, measure):
    fig = topic_emphasis_figure(a.topics, measure=measure)
    assert measure.split("_")[1] in fig.layout.xaxis.title.text and "(%)" in fig.layout.xaxis.title.text


def test_empty_topics_give_an_annotated_figure_with_axis_titles():
    fig = topic_emphasis_figure(pd.DataFrame(columns=["topic", "share_words", "n_sentences"]))
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "No topics were assigned."
    assert all(_axis_titles(fig))


def test_weighted_stance_sums_confidence_per_target_and_label(a):
    w = weighted_stance(a.stance).set_index(["target", "label"])
    assert w.loc[("Russia", "against"), "weight"] == pytest.approx(0.85 + 0.55)
    assert w.loc[("Russia", "against"), "count"] == 2
    assert w.loc[("Ukraine", "against"), "weight"] == 0.0  # every label present for every target


def test_stance_overview_stacks_one_trace_per_label_in_palette_colours(a):
    fig = stance_overview_figure(a.stance)
    assert [t.name for t in fig.data] == ["favor", "against", "none"]
    assert [t.marker.color for t in fig.data] == [STANCE_COLORS[k] for k in ("favor", "against", "none")]
    assert fig.layout.barmode == "stack"
    favor = fig.data[0]
    by_target = {y.split("<br>")[0]: x for y, x in zip(favor.y, favor.x, strict=True)}
    assert by_target["Ukraine"] == pytest.approx(0.9)  # q2's "favor" was never read: target not named
    x_title, y_title = _axis_titles(fig)
    assert "confidence" in x_title and y_title == "Target"


def test_stance_overview_leaves_out_pairs_no_model_read_and_says_how_many(a):
    """'not mentioned', 'not about target' and questions are no 'none': left out, counted in sight."""
    fig = stance_overview_figure(a.stance, units_label="Sentences")
    favor, _against, none = fig.data
    assert list(favor.y) == ["Ukraine<br><sup>2 of 4 read</sup>", "Russia<br><sup>2 of 4 read</sup>"]
    assert list(none.x) == pytest.approx([0.5, 0.0])  # only q1's read "none" (Russia's are unread)
    assert list(none.customdata) == [1, 0] and "sentences" in none.hovertemplate
    assert "4 of 8 sentences × target pairs no model read" in fig.layout.title.text
    all_read = stance_overview_figure(a.stance.assign(basis="mention"))
    assert list(all_read.data[0].y) == ["Ukraine", "Russia"] and "<sup>" not in all_read.layout.title.text


def test_heatmap_scores_are_favor_minus_against_and_rows_follow_units(a):
    fig = stance_heatmap_figure(a.stance, a.units, review_threshold=0.6)
    heat = fig.data[0]
    assert heat.type == "heatmap" and heat.zmin == -1 and heat.zmax == 1
    assert list(heat.x) == ["Ukraine", "Russia"]
    assert len(heat.y) == 4 and heat.y[0].startswith("q0 · Jens Stoltenberg")
    assert heat.z[0][0] == pytest.approx(0.9 - 0.05)  # favor 0.9, against (1-0.9)/2
    assert heat.z[1][1] == pytest.approx(0.075 - 0.85)
    assert _axis_titles(fig) == (None, "Quotation")  # target names sit on top, untitled


def test_heatmap_frames_and_flags_low_confidence_cells(a):
    fig = stance_heatmap_figure(a.stance, a.units, review_threshold=0.6)
    legend = fig.data[1]
    assert legend.type == "scatter" and "Needs review" in legend.name
    framed = {(round((s.x0 + s.x1) / 2), round((s.y0 + s.y1) / 2)) for s in fig.layout.shapes}
    assert framed == {(0, 1), (1, 3)}  # (Ukraine, q1) conf 0.5 and (Russia, q3) conf 0.55
    text = fig.data[0].text
    assert text[1][0] == "none<br>0.50 ⚠" and text[0][0] == "favor<br>0.90"  # two short lines


def test_heatmap_has_no_review_marks_when_everything_is_confident(a):
    fig = stance_heatmap_figure(a.stance, a.units, review_threshold=0.1)
    assert len(fig.data) == 1 and not fig.layout.shapes


def test_heatmap_only_shows_the_given_units(a):
    fig = stance_heatmap_figure(a.stance, a.units[a.units["unit_id"] == "q2"])
    assert len(fig.data[0].y) == 1


def test_heatmap_without_rows_explains_itself(a):
    fig = stance_heatmap_figure(a.stance.head(0), a.units)
    assert "No stance results" in fig.layout.annotations[0].text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("A & B", "A &amp; B"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
    ],
)
def test_plotly_text_escapes_markup_so_plotly_draws_it_literally(raw, shown):
    assert plotly_text(raw) == shown


def test_untrusted_quotation_text_is_escaped_in_heatmap_labels(tmp_path):
    b = analysis_b(fake_settings(tmp_path))
    labels = unit_labels(b.units, width=200)
    assert "<script>" not in labels["q0"] and "&lt;script&gt;" in labels["q0"]
    fig = stance_heatmap_figure(b.stance, b.units)
    assert not any("<img" in y for y in fig.data[0].y)


def test_figures_are_pure_and_do_not_modify_their_input(a):
    before = a.stance.copy()
    stance_heatmap_figure(a.stance, a.units)
    stance_overview_figure(a.stance)
    pd.testing.assert_frame_equal(a.stance, before)


def test_legends_sit_between_title_and_plot_so_they_never_cover_axis_titles(a, tmp_path):
    from statement_lens.figures.compare import compare_stance_figure, compare_topics_figure

    b = analysis_b(fake_settings(tmp_path))
    figs = [
        stance_overview_figure(a.stance),
        stance_heatmap_figure(a.stance, a.units, review_threshold=0.9),
        compare_topics_figure({"A": a.topics, "B": b.topics}),
        compare_stance_figure({"A": a.stance, "B": b.stance}),
    ]
    for fig in figs:
        if fig.layout.showlegend is False:  # the heatmap: target names above the plot, its title explains
            continue
        legend, margin = fig.layout.legend, fig.layout.margin
        assert legend.orientation == "h" and legend.y >= 1 and legend.yanchor == "bottom"
        assert margin.t >= 70  # room for the title above the legend
        assert fig.layout.xaxis.title.standoff and fig.layout.yaxis.title.standoff


def test_stance_overview_axis_names_what_was_counted(a):
    assert stance_overview_figure(a.stance).layout.xaxis.title.text.startswith("Quotations read by the")
    sentences = stance_overview_figure(a.stance, units_label="Sentences")
    assert sentences.layout.xaxis.title.text.startswith("Sentences read by the model, weighted")
