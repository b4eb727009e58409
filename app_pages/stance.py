"""Stance: a unit × target heatmap (quotations, turns or sentences); add or remove targets.

Only a new target's column is computed.
"""

import streamlit as st

from statement_lens.figures import stance_heatmap_figure
from statement_lens.ui import widgets as w
from statement_lens.ui.filter_bar import count_text, filter_bar
from statement_lens.ui.heatmap_rows import heatmap_rows
from statement_lens.ui.stance_evidence import aliases_form, evidence_panel
from statement_lens.ui.tables import unit_nouns
from statement_lens.ui.targets_form import targets_form, targets_message

view = w.current_view()
if view is None:
    st.stop()
view = w.filter_panel(view)
a = view.analysis
nouns = unit_nouns(a.units)
units = w.filtered_units(view)
w.statement_header(view)
filter_bar(len(units), len(a.units), nouns[1])

targets_form(view, nouns[1])
aliases_form(view.ctx)
targets_message()

stance = a.stance[a.stance["unit_id"].isin(units["unit_id"])]
rows, rows_note = heatmap_rows(stance, units, nouns[1])  # a long statement: strongest rows, or pages
fig = stance_heatmap_figure(
    stance[stance["unit_id"].isin(rows["unit_id"])], rows, review_threshold=view.threshold, unit_noun=nouns[0]
)
w.chart(fig, key="stance_heatmap")
if rows_note:
    st.caption(rows_note)
st.caption(
    "Colour: P(favor) − P(against), blue = favor, vermillion = against. "
    f"A dashed frame and ⚠ mark cells with confidence below "
    f"{view.threshold:.2f} (needs review). Hover a cell, or pick it below, to see the words it was read "
    f"from. Showing {count_text(len(units), len(a.units), nouns[1])}."
)
evidence_panel(stance, [str(u) for u in units["unit_id"]])
w.chart_exports(fig, "stance-heatmap", key="exp_heatmap")
