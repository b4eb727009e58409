"""Filter state for one browser session, mirrored to the URL's query parameters.

The first run of a session reads the filters from the URL (so a shared link reproduces a view). After that the
session's :class:`Filters` are the truth: widgets change them through callbacks, and every run writes
them back to
the URL, so they survive page switches and the address bar always holds a link to the current view.
"""

from __future__ import annotations

from statement_lens.ui.filters import QUERY_KEYS, Filters
from statement_lens.ui.url_state import UrlState

#: The statement pages' filters, in the session and the URL.
FILTERS = UrlState("sl_filters", QUERY_KEYS, Filters.from_query)


def get_filters() -> Filters:
    """The session's filters (read from the URL on the session's first run)."""
    return FILTERS.get()


def set_filters(filters: Filters) -> None:
    """Replace the session's filters (the URL follows at the end of the run)."""
    FILTERS.set(filters)


def sync_url() -> None:
    """Write the filters to the URL query parameters when they differ (other keys stay)."""
    FILTERS.sync()
