"""Overview: the gist at a glance — summary, topic emphasis next to key quotations, stance per target."""

import streamlit as st

from statement_lens.figures import topic_order
from statement_lens.ui import widgets as w
from statement_lens.ui.filter_bar import filter_bar, of_total
from statement_lens.ui.highlight import highlight_html, md_escape, summary_list_html, summary_marks
from statement_lens.ui.tables import (
    filtered_review_counts,
    key_quotations,
    review_counts,
    speakers_of,
    unit_nouns,
)

view = w.current_view()
if view is None:
    st.stop()
view = w.filter_panel(view)
a, f = view.analysis, view.filters
units = w.filtered_units(view)
nouns = unit_nouns(a.units)
w.statement_header(view)
filter_bar(len(units), len(a.units), nouns[1])

shown, total = (
    filtered_review_counts(a, units, view.threshold),
    review_counts(a.stance, a.quotes, view.threshold),
)
m = st.columns(4)
label, _, unit_help = w.units_metric(a.units)
m[0].metric(label, of_total(len(units), len(a.units)), help=unit_help)
m[1].metric("Speakers", of_total(len(speakers_of(units)), len(speakers_of(a.units))))
m[2].metric("Targets", len(a.targets))
m[3].metric(
    "Needs review",
    of_total(shown.total, total.total),
    help=f"{shown.stance} stance calls and {shown.attributions} speaker attributions with confidence below "
    f"{shown.threshold:.2f} (change the threshold in Settings).",
)

left, right = st.columns([2, 3])
with left:
    st.markdown("#### Summary")
    st.html(summary_list_html(a.summary.sentences))
    st.caption(f"Method: {a.summary.method}" + (" (experimental)" if a.summary.experimental else ""))
with right:
    st.markdown("#### Statement (summary sources highlighted)")
    with st.container(height=300):
        st.html(highlight_html(a.statement.text, summary_marks(a.summary.sentences)))

order = topic_order(a.topics)
selected = f.topics[0] if f.topics else (order[0] if order else None)
chart_col, quotes_col = st.columns([3, 2])
with chart_col:
    topic_fig = w.topic_figure(view, selected)
    w.topic_chart(topic_fig, order)
    st.caption(f"Click a bar to see that topic's key {nouns[1]}.")
    w.chart_exports(topic_fig, "topic-emphasis", key="exp_topics")
with quotes_col:
    w.topic_select(order, selected)
    st.markdown(f"#### Key {nouns[1]}: {md_escape(selected or 'all topics')}")
    key_units = key_quotations(a.topic_units, units, selected)
    empty = (
        "No quotation is on this topic: its share comes from narrative sentences."
        if nouns[0] == "quotation"
        else f"No {nouns[0]} that passes the filters is on this topic."
    )
    w.quote_cards(view, key_units, empty=empty)

# The stance overview covers every topic: the topic selection only picks which key quotations show.
stance_fig = w.stance_overview(view)
w.chart(stance_fig, key="stance_overview")
if f.topics:
    st.caption(f"This chart covers every topic; the topic filter picks the key {nouns[1]} above.")
w.chart_exports(stance_fig, "stance-per-target", key="exp_stance")
w.brief_download(
    view, key_units, [("Topic emphasis", topic_fig), ("Stance per target", stance_fig)], key="brief"
)
