"""Compare: two or more statements side by side — topics, stance per target, speakers, what changed."""

import streamlit as st

from statement_lens import examples
from statement_lens.figures.compare import compare_stance_figure, compare_topics_figure
from statement_lens.ui import widgets as w
from statement_lens.ui.cells import blank_missing
from statement_lens.ui.changes import DEFAULT_POINTS, change_rule, compare_changes
from statement_lens.ui.corpus_run import ensure_examples
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.services import context
from statement_lens.ui.state import sync_url
from statement_lens.ui.tables import speaker_table, speakers_of, unit_nouns

ctx = context()
ensure_examples(ctx)
chosen = w.compare_picker(default=examples.comparison_ids(ctx.store))
if len(chosen) < 2:
    st.info("Pick two or more statements to compare (add statements in **Library**).")
    sync_url()  # before st.stop(), which drops later URL changes: a cleared choice stays in the link
    st.stop()
views = w.compare_views(chosen)
if len(views) < 2:
    st.stop()

nouns = {name: unit_nouns(a.units)[1] for name, a in views.items()}
topics_fig = compare_topics_figure({name: a.topics for name, a in views.items()})
stance_fig = compare_stance_figure({name: a.stance for name, a in views.items()}, nouns)
w.chart(topics_fig, key="cmp_topics")
w.chart_exports(topics_fig, "compare-topics", key="exp_cmp_topics")
w.chart(stance_fig, key="cmp_stance")
st.caption(
    "Only what a model read counts: pairs whose target is not named, off topic, or a question are left out."
)
w.chart_exports(stance_fig, "compare-stance", key="exp_cmp_stance")

st.markdown("#### Speakers")
cols = st.columns(len(views))
for col, (name, a) in zip(cols, views.items(), strict=True):
    col.markdown(f"**{md_escape(name)}** · counted in {nouns[name]}")
    col.dataframe(blank_missing(speaker_table(a.units)), hide_index=True)

st.markdown("#### What changed")
points = st.slider(
    "List a topic in both statements when its share moved by at least (percentage points)",
    0.5, 25.0, DEFAULT_POINTS, 0.5, key="cmp_points",
)  # fmt: skip
st.caption(change_rule(points))
(base_name, base), *others = views.items()
for name, a in others:
    ch = compare_changes(
        base.topics, a.topics, base.targets, a.targets, speakers_of(base.units), speakers_of(a.units),
        min_points=points,
    )  # fmt: skip
    with st.container(border=True):
        st.markdown(f"**{md_escape(base_name)} → {md_escape(name)}**")
        for label, items in ch.lines():
            st.text(f"{label}: {items}")
