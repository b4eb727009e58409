"""Quotations: every quotation with speaker, cue, topic and stance, filtered, highlighted in the text."""

import streamlit as st

from statement_lens.ui import exports
from statement_lens.ui import widgets as w
from statement_lens.ui.filter_bar import filter_bar
from statement_lens.ui.highlight import Mark, highlight_html
from statement_lens.ui.quotations_table import quotations_table
from statement_lens.ui.tables import quotation_table, unit_nouns

view = w.current_view()
if view is None:
    st.stop()
a = view.analysis
view = w.filter_panel(view)
units = w.filtered_units(view)
nouns = unit_nouns(a.units)
w.statement_header(view)
filter_bar(len(units), len(a.units), nouns[1])

table = quotation_table(units, a.quotes, a.stance, a.targets)
quotations_table(table, nouns[0])

st.markdown(f"#### The statement, filtered {nouns[1]} highlighted")
marks = [
    Mark(int(s), int(e), "sl-quote", title=f"{u} · {sp}")
    for u, s, e, sp in zip(
        units["unit_id"], units["start"], units["end"], units["speaker"].fillna("unknown"), strict=True
    )
]
with st.container(height=420):
    st.html(highlight_html(a.statement.text, marks))

stem = exports.slug(a.statement.title or "statement")
c1, c2, c3 = st.columns(3)
# The exports are built on every run (milliseconds) rather than on click: Streamlit 1.67 keeps the file a
# deferred (callable) download makes in no session's references, so two script runs of *other* sessions
# finishing before the browser fetches it delete it, and the download fails on a busy server (seen with 8
# concurrent sessions in tests/test_load_browser.py).
c1.download_button(
    "Quotations as CSV",
    data=exports.quotations_csv(table),
    file_name=f"quotations-{stem}.csv",
    mime="text/csv",
    key="dl_csv",
    on_click="ignore",
)
c2.download_button(
    "Quotations as JSON",
    data=exports.quotations_json(table, filters=view.filters.to_query()),
    file_name=f"quotations-{stem}.json",
    mime="application/json",
    key="dl_json",
    on_click="ignore",
)
with c3:
    w.brief_download(view, units, [], key="brief_quotes", page="quotations")
