"""Filter state for one browser session, mirrored to the URL's query parameters.

The first run of a session reads the filters from the URL (so a shared link reproduces a view). After that the
session's :class:`Filters` are the truth: widgets change them through callbacks, and every run writes
them back to
the URL, so they survive page switches and the address bar always holds a link to the current view.
"""

from __future__ import annotations

import streamlit as st

from statement_lens.ui.filters import QUERY_KEYS, Filters, query_dict

FILTERS_KEY = "sl_filters"


def get_filters() -> Filters:
    """The session's filters (read from the URL on the session's first run)."""
    if FILTERS_KEY not in st.session_state:
        pairs = [(k, st.query_params.get_all(k)) for k in st.query_params]
        st.session_state[FILTERS_KEY] = Filters.from_query(query_dict(pairs))
    f = st.session_state[FILTERS_KEY]
    return f if isinstance(f, Filters) else Filters()


def set_filters(filters: Filters) -> None:
    """Replace the session's filters (the URL follows at the end of the run)."""
    st.session_state[FILTERS_KEY] = filters


def sync_url() -> None:
    """Write the filters to the URL query parameters when they differ."""
    wanted = {k: [v] if isinstance(v, str) else list(v) for k, v in get_filters().to_query().items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted |= {k: v for k, v in current.items() if k not in QUERY_KEYS}  # keep Streamlit's own (e.g. embed)
    if current != wanted:
        st.query_params.from_dict(wanted)
