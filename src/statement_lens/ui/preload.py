"""Start the browser on the chart library before the app's own work, on a session's first run.

Streamlit's frontend loads its Plotly bundle (4.7 MB) only when the first Plotly chart arrives, and
evaluating it holds the browser's main thread for one to two seconds on a 2-core machine. An empty chart sent
before the app's imports lets the browser do that while the server imports, stores the seed and builds the
page; :func:`charts_loaded` then removes it, before the page draws anything. Imports nothing heavy: it runs
before the rest of the app is imported.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

_FLAG = "sl_chart_library_requested"
_EMPTY = {
    "data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}],
    "layout": {
        "height": 10,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    },
}


def request_chart_library() -> DeltaGenerator | None:
    """On a session's first run, draw an empty chart (no axes, no toolbar); return its slot to clear."""
    if st.session_state.get(_FLAG):
        return None
    st.session_state[_FLAG] = True
    slot = st.empty()
    slot.plotly_chart(_EMPTY, config={"staticPlot": True, "displayModeBar": False}, key="sl_chart_preload")
    return slot


def charts_loaded(slot: DeltaGenerator | None) -> None:
    """Remove the empty chart (the browser keeps the library it started loading)."""
    if slot is not None:
        slot.empty()
