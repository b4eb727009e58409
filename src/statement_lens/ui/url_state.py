"""A view's state mirrored to the URL's query parameters (datasette's rule: the URL is the state).

One helper for every page: the statement pages' :class:`~statement_lens.ui.filters.Filters` and the Corpus
page's :class:`~statement_lens.ui.corpus_filters.CorpusFilters` are both a value with a pure
``from_query()`` / ``to_query()`` round trip. The first run of a session reads the value from the URL (a
shared link reproduces the view); after that the session's value is the truth, widgets change it through
callbacks, and :meth:`UrlState.sync` writes it back, leaving other pages' keys and Streamlit's own alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Generic, Protocol, Self, TypeVar

import streamlit as st

from statement_lens.ui.filters import query_dict


class QueryState(Protocol):
    """A value that writes itself as query parameters and is changed by copy."""

    def to_query(self) -> Mapping[str, str | list[str]]:
        """The query parameters for this value (defaults left out)."""
        ...

    def with_(self, **changes: Any) -> Self:
        """A copy with ``changes``."""
        ...


S = TypeVar("S", bound=QueryState)


def current_query() -> dict[str, list[str]]:
    """The URL's query parameters, every value a list."""
    return query_dict((k, st.query_params.get_all(k)) for k in st.query_params)


class UrlState(Generic[S]):
    """One kind of state, kept in ``st.session_state[session_key]`` and owning the URL keys ``keys``."""

    def __init__(
        self, session_key: str, keys: Collection[str], from_query: Callable[[dict[str, list[str]]], S]
    ) -> None:
        self.session_key = session_key
        self.keys = frozenset(keys)
        self.from_query = from_query

    def get(self) -> S:
        """The session's value (read from the URL on the session's first run)."""
        if self.session_key not in st.session_state:
            st.session_state[self.session_key] = self.from_query(current_query())
        value: S = st.session_state[self.session_key]
        return value

    def set(self, value: S) -> None:
        """Replace the session's value (the URL follows at :meth:`sync`)."""
        st.session_state[self.session_key] = value

    def sync(self) -> None:
        """Write the value's keys to the URL when they differ; other keys stay."""
        current = {k: st.query_params.get_all(k) for k in st.query_params}
        wanted = {k: v for k, v in current.items() if k not in self.keys}
        wanted |= {k: [v] if isinstance(v, str) else list(v) for k, v in self.get().to_query().items()}
        if current != wanted:
            st.query_params.from_dict(wanted)

    def bind(
        self, key: str, field: str, value: Any, convert: Callable[[Any], Any] = lambda v: v
    ) -> dict[str, Any]:
        """Seed widget ``key`` with ``value``; the returned kwargs write its changes to ``field``."""
        st.session_state[key] = value

        def on_change() -> None:
            self.set(self.get().with_(**{field: convert(st.session_state[key])}))

        return {"key": key, "on_change": on_change}
