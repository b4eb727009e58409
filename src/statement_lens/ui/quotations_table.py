"""The Quotations page's table: one row per unit, headers in words, numbers with two decimals."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def quotations_table(table: pd.DataFrame, noun: str) -> None:
    """Draw ``ui.tables.quotation_table``'s frame (without its offsets); ``noun`` names the text column."""
    confidence = [c for c in table.columns if c.endswith(" confidence") and c != "attribution_confidence"]
    stance = [c for c in table.columns if c.endswith(" stance")]
    st.dataframe(
        table.drop(columns=["start", "end"]),
        hide_index=True,
        column_config={
            "unit_id": st.column_config.TextColumn("ID", width="small"),
            "speaker": st.column_config.TextColumn("Speaker"),
            "cue": st.column_config.TextColumn("Cue"),
            "unit_type": st.column_config.TextColumn("Unit"),
            "quote_kind": st.column_config.TextColumn("Quote kind"),
            "topic": st.column_config.TextColumn("Topic"),
            "text": st.column_config.TextColumn(noun.capitalize(), width="large"),
            "attribution_confidence": st.column_config.NumberColumn("Speaker confidence", format="%.2f"),
            "speaker_review": st.column_config.TextColumn("Speaker review"),
            **{c: st.column_config.NumberColumn(c.capitalize(), format="%.2f") for c in confidence},
            **{c: st.column_config.TextColumn(c.capitalize()) for c in stance},
        },
        key="quotes_table",
    )
