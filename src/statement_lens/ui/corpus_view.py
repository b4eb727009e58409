"""Widgets of the Corpus page: its URL-backed state, the filter panel, charts whose points select quotations.

Same pattern as :mod:`statement_lens.ui.state`: the session's :class:`CorpusFilters` are read from the URL on
the session's first run, widgets write back through callbacks, and every run writes them to the URL (only the
corpus keys; the other pages' keys are left as they are).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from statement_lens.figures.corpus import (
    stance_time_figure,
    top_topics,
    topic_group_figure,
    topic_time_figure,
)
from statement_lens.store import queries as q
from statement_lens.store.database import Store
from statement_lens.ui.cells import blank_missing
from statement_lens.ui.corpus_filters import CORPUS_KEYS, CorpusFilters, point_from_selection
from statement_lens.ui.url_state import UrlState
from statement_lens.ui.widgets import PLOTLY_CONFIG

STATE_KEY = "sl_corpus_filters"
PERIOD_LABELS = {"year": "Year", "month": "Month", "day": "Day"}
GROUP_LABELS = {"speaker": "Speaker", "source": "Source"}
WEIGHT_LABELS = {
    "words": "Share of words (long statements weigh more)",
    "statements": "Mean share per statement",
}


#: The Corpus page's filters, in the session and the URL (keys ``corpus`` and ``c_*``).
STATE = UrlState(STATE_KEY, CORPUS_KEYS, CorpusFilters.from_query)
get_state, set_state, sync_corpus_url, _bind = STATE.get, STATE.set, STATE.sync, STATE.bind


def corpora(store: Store) -> pd.DataFrame:
    """The corpora in the store (one row each, with the configuration they were analysed with)."""
    return q.list_corpora(store)


def facets_of(store: Store, row: pd.Series) -> dict[str, pd.DataFrame]:
    """Speakers, sources, targets and date range of the chosen corpus."""
    return q.corpus_facets(store, q.Scope(str(row["corpus"]), str(row["config_hash"])))


def corpus_picker(corpora: pd.DataFrame) -> pd.Series:
    """Select box of corpora; returns the chosen corpus row."""
    names = [str(n) for n in corpora["corpus"]]
    f = get_state()
    current = f.corpus if f.corpus in names else names[0]
    if current != f.corpus:
        set_state(f.for_corpus(current))

    def on_change() -> None:
        set_state(get_state().for_corpus(st.session_state["c_corpus"]))

    st.session_state["c_corpus"] = current
    st.selectbox("Corpus", names, key="c_corpus", on_change=on_change)
    return corpora[corpora["corpus"] == current].iloc[0]


def _valid(values: Sequence[str], options: Sequence[str]) -> list[str]:
    return [v for v in values if v in options]


def filter_panel(facets: dict[str, pd.DataFrame]) -> CorpusFilters:
    """Grouping, weighting and slice widgets; returns the updated filters."""
    f = get_state()
    speakers = [str(v) for v in facets["speakers"]["value"]]
    sources = [str(v) for v in facets["sources"]["value"]]
    c1, c2, c3 = st.columns(3)
    _choice_box(c1, "Time period", PERIOD_LABELS, "period", f.period)
    _choice_box(c2, "Compare by", GROUP_LABELS, "by", f.by)
    _choice_box(c3, "Topic share", WEIGHT_LABELS, "weight", f.weight)
    c4, c5, c6, c7 = st.columns([2, 2, 1, 1])
    c4.multiselect(
        "Speakers", speakers, **_bind("c_w_speakers", "speakers", _valid(f.speakers, speakers), tuple)
    )
    c5.multiselect("Sources", sources, **_bind("c_w_sources", "sources", _valid(f.sources, sources), tuple))
    c6.text_input(
        "From date", placeholder="YYYY[-MM[-DD]]", **_bind("c_w_from", "date_from", f.date_from or "", _date)
    )
    c7.text_input(
        "To date", placeholder="YYYY[-MM[-DD]]", **_bind("c_w_to", "date_to", f.date_to or "", _date)
    )
    return get_state()


def _choice_box(col: Any, label: str, labels: dict[str, str], field: str, value: str) -> None:
    def fmt(v: Any) -> str:
        return labels.get(str(v), str(v))

    col.selectbox(label, list(labels.keys()), format_func=fmt, **_bind(f"c_w_{field}", field, value))


def _date(value: str) -> str | None:
    value = value.strip()[:10]
    return value or None


def scope_of(f: CorpusFilters, config_hash: str) -> q.Scope:
    """The query scope for the current filters."""
    return q.Scope(
        corpus=str(f.corpus), config_hash=config_hash, speakers=f.speakers, sources=f.sources,
        date_from=f.date_from, date_to=f.date_to,
    )  # fmt: skip


def target_picker(targets: pd.DataFrame, *, default: int = 3) -> tuple[str, ...]:
    """Targets to chart (default: the ones with the most statements)."""
    options = [str(v) for v in targets["value"]]
    f = get_state()
    chosen = _valid(f.targets, options) or options[:default]
    st.multiselect(
        "Stance targets", options, help="Targets the corpus was analysed for, most frequent first.",
        **_bind("c_w_targets", "targets", chosen, tuple),
    )  # fmt: skip
    return tuple(_valid(get_state().targets, options) or chosen)


def point_chart(fig: go.Figure, *, key: str, field: str) -> None:
    """A chart whose clicked point (its ``customdata`` series and x) becomes ``field`` of the filters."""

    def on_select() -> None:
        point = point_from_selection(st.session_state.get(key))
        if point is not None:
            set_state(get_state().with_(**{field: point}))

    st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points", config=PLOTLY_CONFIG)


def point_select(
    label: str, points: Sequence[tuple[str, str]], *, field: str, key: str
) -> tuple[str, str] | None:
    """The keyboard twin of a chart click: choose the point whose quotations show."""
    if not points:
        return None
    current = getattr(get_state(), field)
    value = current if current in points else points[0]
    st.selectbox(label, list(points), format_func=lambda p: f"{p[0]} · {p[1]}", **_bind(key, field, value))
    return value


def quotes_table(df: pd.DataFrame, *, score: str) -> None:
    """The units behind a point (quotations, speaker turns or sentences), as a read-only table."""
    if df.empty:
        st.info("Nothing behind this point.")
        return
    cols = ["date", "statement_speaker", "speaker", "text", score, "title"]
    if "label" in df.columns:
        cols.insert(4, "label")
    kinds = set(df["unit_type"].dropna()) if "unit_type" in df.columns else {"quote"}
    only_quotes = kinds <= {"quote"}
    if not only_quotes:
        cols.insert(3, "unit_type")
    st.dataframe(
        blank_missing(df[cols]),
        hide_index=True,
        column_config={
            "statement_speaker": "Statement by",
            "speaker": "Quoted speaker" if only_quotes else "Speaker",
            "unit_type": "Unit",
            "text": st.column_config.TextColumn("Quotation" if only_quotes else "Text", width="large"),
            score: st.column_config.NumberColumn(score.replace("_", " ").capitalize(), format="%.2f"),
        },
    )


def corpus_header(row: pd.Series, facets: dict[str, pd.DataFrame]) -> None:
    """Size, dates, source and the last job's counts."""
    dates = facets["dates"].iloc[0]
    last = json.loads(row["summary_json"]) if row["summary_json"] else {}
    span = f"{dates['first']} – {dates['last']}" if dates["first"] else "no dates"
    st.caption(
        f"{int(row['n_analysed'])} analysed statements · {int(dates['n_dated'])} dated ({span}) · "
        f"source {row['source']} · last run: {last.get('done', 0)} done, {last.get('skipped', 0)} skipped, "
        f"{len(last.get('failed', []))} failed"
    )
    if int(row["n_analysed"]) and not int(dates["n_dated"]):  # not while a first run is still going
        st.info(
            "No statement of this corpus has a date, so there is no chart over time; the charts by speaker "
            "and source still show. To add dates, name the files like `2024-Name-1.txt` or "
            "`name_2024-03-07.txt`, or put a `metadata.csv` beside them (columns `file,date,speaker,"
            "source,title`), then run the same job again: only the metadata is updated."
        )


def topics_section(store: Store, scope: q.Scope, f: CorpusFilters) -> None:
    """Topic emphasis over time (click a point for its quotations) and by speaker or source."""
    over = q.topic_emphasis_over_time(store, scope, period=f.period, weight=f.weight)
    chosen = top_topics(over)
    point_chart(
        topic_time_figure(over, topics=chosen, period=f.period), key="c_topic_time", field="topic_point"
    )
    points = [(t, str(p)) for t in chosen for p in sorted(set(over.loc[over["topic"] == t, "period"]))]
    point = point_select("What was said behind", points, field="topic_point", key="c_w_tpoint")
    if point is not None:
        rows = q.topic_units(store, scope, topic=point[0], period=f.period, value=point[1])
        quotes_table(rows, score="topic_score")
    groups = q.topic_emphasis_by_group(store, scope, by=f.by, weight=f.weight)
    st.plotly_chart(
        topic_group_figure(groups, topics=chosen, by=f.by), key="c_topic_group", config=PLOTLY_CONFIG
    )


def stance_section(store: Store, scope: q.Scope, f: CorpusFilters, targets: pd.DataFrame) -> None:
    """Stance per target over time with the number of quotations per point; click a point for them."""
    chosen = target_picker(targets)
    stance = q.stance_over_time(store, scope, period=f.period, targets=chosen)
    point_chart(stance_time_figure(stance, period=f.period), key="c_stance_time", field="stance_point")
    st.caption("Net stance = (favor − against) / quotations; the number on each point is its quotations.")
    points = [(str(t), str(p)) for t, p in zip(stance["target"], stance["period"], strict=True)]
    point = point_select("What was said behind", points, field="stance_point", key="c_w_spoint")
    if point is not None:
        rows = q.stance_quotes(store, scope, target=point[0], period=f.period, value=point[1])
        quotes_table(rows, score="confidence")
