"""Stance: a unit × target heatmap (quotations, turns or sentences); add or remove targets.

Only a new target's column is computed.
"""

import streamlit as st

from statement_lens.errors import StatementLensError
from statement_lens.figures import stance_heatmap_figure
from statement_lens.ui import widgets as w
from statement_lens.ui.filter_bar import count_text, filter_bar
from statement_lens.ui.heatmap_rows import heatmap_rows
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.prefs import parse_targets
from statement_lens.ui.services import change_targets
from statement_lens.ui.spelling import merge_spellings, merged_note
from statement_lens.ui.stance_evidence import aliases_form, evidence_panel
from statement_lens.ui.tables import unit_nouns

view = w.current_view()
if view is None:
    st.stop()
view = w.filter_panel(view)
a = view.analysis
nouns = unit_nouns(a.units)
units = w.filtered_units(view)
w.statement_header(view)
filter_bar(len(units), len(a.units), nouns[1])

with st.form("targets_form", border=True):
    c1, c2 = st.columns(2)
    new = c1.text_input(
        "Add targets", placeholder="e.g. NATO, defence industry", help="Comma-separated.", key="stance_add"
    )
    drop = c2.multiselect("Remove targets", list(a.targets), key="stance_remove")
    submitted = st.form_submit_button("Update targets")
if submitted and (new.strip() or drop):
    # another spelling of a target ("defence industry" beside "defense industry") is offered as that one
    wanted, merged = merge_spellings(parse_targets(new), [t for t in a.targets if t not in drop])
    try:
        _, seconds = change_targets(view.ctx, view.sid, a, add=wanted, remove=drop)
    except StatementLensError as exc:
        st.error(md_escape(str(exc)))
    else:
        added = [t for t in wanted if t not in a.targets]
        done = (
            f"Computed stance for {len(added)} new target(s) over {len(a.units)} {nouns[1]} "
            f"in {seconds:.2f} s; the {len(a.targets)} existing target columns were reused."
            if added
            else ("Targets updated." if drop else "")
        )
        st.session_state["stance_msg"] = f"{merged_note(merged)} {done}".strip()
        st.rerun()
aliases_form(view.ctx)
if msg := st.session_state.pop("stance_msg", None):
    st.success(msg)

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
