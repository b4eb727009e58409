"""The Overview's blocks besides charts and cards: the metrics row, the summary beside its source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from statement_lens.ui.filter_bar import of_total
from statement_lens.ui.highlight import highlight_html, summary_list_html, summary_marks
from statement_lens.ui.tables import filtered_review_counts, review_counts, speakers_of
from statement_lens.ui.widgets import View, units_metric


def metrics_row(view: View, units: pd.DataFrame) -> None:
    """Units, speakers, targets and review counts: the filtered count beside the total."""
    a = view.analysis
    shown = filtered_review_counts(a, units, view.threshold)
    total = review_counts(a.stance, a.quotes, view.threshold)
    m = st.columns(4)
    label, _, unit_help = units_metric(a.units)
    m[0].metric(label, of_total(len(units), len(a.units)), help=unit_help)
    m[1].metric("Speakers", of_total(len(speakers_of(units)), len(speakers_of(a.units))))
    m[2].metric("Targets", len(a.targets))
    m[3].metric(
        "Needs review",
        of_total(shown.total, total.total),
        help=f"{shown.stance} stance calls and {shown.attributions} speaker attributions with confidence "
        f"below {shown.threshold:.2f} (change the threshold in Settings).",
    )


def summary_row(view: View) -> None:
    """The summary (each sentence linked to its source) beside the statement with those sources marked."""
    a = view.analysis
    left, right = st.columns([2, 3])
    with left:
        st.markdown("#### Summary")
        st.html(summary_list_html(a.summary.sentences))
        st.caption(f"Method: {a.summary.method}" + (" (experimental)" if a.summary.experimental else ""))
    with right:
        st.markdown("#### Statement (summary sources highlighted)")
        with st.container(height=300):
            st.html(highlight_html(a.statement.text, summary_marks(a.summary.sentences)))
