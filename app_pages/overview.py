"""Overview: the gist at a glance — summary, topic emphasis next to key quotations, stance per target."""

import streamlit as st

from statement_lens.figures import topic_order
from statement_lens.ui import widgets as w
from statement_lens.ui.filter_bar import filter_bar
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.overview import metrics_row, summary_row
from statement_lens.ui.tables import topic_key_units, unit_nouns

view = w.current_view()
if view is None:
    st.stop()
view = w.filter_panel(view)
a, f = view.analysis, view.filters
units = w.filtered_units(view)
nouns = unit_nouns(a.units)
w.statement_header(view)
filter_bar(len(units), len(a.units), nouns[1])
# Placeholders keep the page's order while the topic chart is sent first: the browser starts loading
# the chart library while the rest of the page is still being computed (issue 17's first open).
metrics_box, summary_box = st.container(), st.container()
chart_col, quotes_col = st.columns([3, 2])

order = topic_order(a.topics)
selected = f.topics[0] if f.topics else (order[0] if order else None)
with chart_col:
    topic_fig = w.topic_figure(view, selected)
    w.topic_chart(topic_fig, order)
    st.caption(f"Click a bar to see that topic's key {nouns[1]}.")
    w.chart_exports(topic_fig, "topic-emphasis", key="exp_topics")
with metrics_box:
    metrics_row(view, units)
with summary_box:
    summary_row(view)
with quotes_col:
    w.topic_select(order, selected)
    st.markdown(f"#### Key {nouns[1]}: {md_escape(selected or 'all topics')}")
    key_units = topic_key_units(a.topic_units, units, selected)
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
