"""Widgets shared by the pages: the statement picker, the filter panel, chart exports, quotation cards.

Every filter widget is bound to the session's :class:`Filters`: it is seeded from them before it is drawn and
writes back through an ``on_change`` callback, so filters set anywhere (a URL, a chart click, another
page) show
in every widget.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from statement_lens.figures import topic_order
from statement_lens.pipeline.analysis import Analysis
from statement_lens.types import STANCE_LABELS
from statement_lens.ui import exports, services
from statement_lens.ui.filters import Filters, filter_units, topic_from_selection
from statement_lens.ui.highlight import CSS, md_escape, quote_cards_html
from statement_lens.ui.prefs import review_threshold
from statement_lens.ui.services import Context, cached_listing, context, ensure_seed, get_or_run_analysis
from statement_lens.ui.state import FILTERS, get_filters, set_filters
from statement_lens.ui.tables import speaker_review, stance_by_unit, unit_kind, unit_nouns

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


_bind = FILTERS.bind  # widget key → field of the filters, written back on change


def _text(value: object) -> str | None:
    """A non-empty string, or None (SQL NULLs arrive as None or NaN)."""
    return value.strip() or None if isinstance(value, str) else None


def short_name(title: object, origin: object, fallback: str, width: int = 70) -> str:
    """A statement's display name: its title, else its file name or URL without the scheme."""
    name = _text(title)
    if name is None and (o := _text(origin)):
        name = o.split("://", 1)[1] if "://" in o else o.replace("\\", "/").rsplit("/", 1)[-1]
    name = name or fallback
    return name if len(name) <= width else name[: width - 1] + "…"


def statement_label(row: pd.Series) -> str:
    """``Title (date)`` for the statement pickers."""
    title = short_name(row["title"], row["origin"], str(row["statement_id"]))
    date = _text(row["date"])
    return f"{title} ({date})" if date else title


def statement_picker(ctx: Context) -> str | None:
    """Sidebar select box of stored statements; keeps ``Filters.statement`` valid. Seeds a fresh data dir."""
    ensure_seed(ctx)
    listing = cached_listing(ctx.data_dir)
    f = get_filters()
    if listing.empty:
        if f.statement is not None:
            set_filters(f.for_statement(None))
        st.sidebar.info("No statements yet. Add one in **Library**.")
        return None
    ids = [str(s) for s in listing["statement_id"]]
    labels = {str(r["statement_id"]): statement_label(r) for _, r in listing.iterrows()}
    sid = f.statement if f.statement in ids else ids[0]
    if sid != f.statement:
        set_filters(f.for_statement(sid))
    st.session_state["w_statement"] = sid

    def on_pick() -> None:
        set_filters(get_filters().for_statement(st.session_state["w_statement"]))

    st.sidebar.selectbox(
        "Statement", ids, format_func=lambda s: labels.get(s, s), key="w_statement", on_change=on_pick
    )
    return sid


@dataclass(frozen=True)
class View:
    """What a page needs: the context, the filters, the analysis and the review threshold."""

    ctx: Context
    filters: Filters
    analysis: Analysis
    threshold: float

    @property
    def sid(self) -> str:
        """The statement id."""
        return str(self.filters.statement)


def current_view() -> View | None:
    """The analysis of the picked statement (analysing it first if needed); None with a message otherwise."""
    st.html(CSS)
    ctx = context()
    f = get_filters()
    if f.statement is None:
        st.info("No statement is selected. Add one in **Library**.")
        return None
    analysis = get_or_run_analysis(ctx, f.statement)
    if analysis is None:
        return None
    if analysis.errors:
        st.warning("This analysis is incomplete: " + md_escape("; ".join(analysis.errors)))
    return View(ctx, f, analysis, review_threshold(ctx.settings, ctx.prefs))


def _valid(values: Sequence[str], options: Sequence[str]) -> list[str]:
    allowed = set(options)
    return [v for v in values if v in allowed]


def filter_panel(view: View) -> View:
    """Sidebar filters for the units: speaker, topic, target, stance label, minimum confidence, search."""
    a, f = view.analysis, view.filters
    speakers = sorted({str(s) for s in a.units["speaker"].dropna()})
    topics = list(
        dict.fromkeys([*topic_order(a.topics), *sorted({str(t) for t in a.units["topic"].dropna()})])
    )
    targets = list(a.targets)
    clean = f.with_(
        speakers=_valid(f.speakers, speakers),
        topics=_valid(f.topics, topics),
        targets=_valid(f.targets, targets),
    )
    if clean != f:
        set_filters(clean)
        f = clean
    box = st.sidebar.container(border=True)
    box.markdown("**Filters**")
    box.multiselect("Speaker", speakers, **_bind("w_speaker", "speakers", list(f.speakers), tuple))
    box.multiselect("Topic", topics, **_bind("w_topic", "topics", list(f.topics), tuple))
    box.multiselect(
        "Target",
        targets,
        **_bind("w_target", "targets", list(f.targets), tuple),
        help="Stance filters apply to these.",
    )
    box.multiselect("Stance", list(STANCE_LABELS), **_bind("w_stance", "labels", list(f.labels), tuple))
    box.slider(
        "Minimum stance confidence",
        0.0,
        1.0,
        step=0.05,
        **_bind("w_conf", "min_confidence", float(f.min_confidence), lambda v: round(float(v), 2)),
    )
    box.text_input(
        f"Search {unit_nouns(a.units)[1]}",
        placeholder="words in the quotation or speaker",
        **_bind("w_q", "search", f.search, str.strip),
    )
    box.caption("Active filters show above the page, each with ✕ to remove it.")
    return replace(view, filters=f)


def topic_figure(view: View, selected: str | None) -> go.Figure:
    """The cached topic-emphasis chart of the current analysis."""
    return services.topic_figure(view.ctx.data_dir, view.sid, view.analysis.config_hash, selected)


def stance_overview(view: View) -> go.Figure:
    """The cached stance-per-target chart over the filtered units of every topic."""
    query = json.dumps(view.filters.with_(topics=()).to_query(), sort_keys=True)
    return services.stance_figure(view.ctx.data_dir, view.sid, view.analysis.config_hash, query)


def filtered_units(view: View, *, ignore_topics: bool = False) -> pd.DataFrame:
    """The analysis units that pass the current filters (optionally of any topic)."""
    f = view.filters.with_(topics=()) if ignore_topics else view.filters
    return filter_units(view.analysis.units, view.analysis.stance, f)


def topic_chart(fig: go.Figure, order: Sequence[str], *, key: str = "topic_chart") -> None:
    """The topic-emphasis chart; clicking a bar sets the topic filter to that topic."""

    def on_select() -> None:
        topic = topic_from_selection(st.session_state.get(key), list(order))
        if topic is not None:
            set_filters(get_filters().with_(topics=(topic,)))

    st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points", config=PLOTLY_CONFIG)


def chart(fig: go.Figure, *, key: str) -> None:
    """A chart without selection."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)


def chart_exports(fig: go.Figure, stem: str, *, key: str) -> None:
    """Download buttons for one chart: offline HTML, and PNG (disabled, saying why, where impossible)."""
    cols = st.columns(2)
    cols[0].download_button(
        "Chart as HTML",
        data=lambda: exports.figure_html(fig),
        file_name=f"{stem}.html",
        mime="text/html",
        key=f"{key}_html",
        icon=":material/download:",
        help="An interactive chart that opens offline in any browser.",
        on_click="ignore",
    )
    if exports.png_available():
        cols[1].download_button(
            "Chart as PNG",
            data=lambda: exports.figure_png(fig),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"{key}_png",
            icon=":material/image:",
            help="A static image for slides and reports (drawn by a headless browser: a few seconds).",
            on_click="ignore",
        )
    else:
        cols[1].button("Chart as PNG", key=f"{key}_png", disabled=True, help=exports.png_unavailable_reason())


def _word(cue: object) -> str | None:
    """A cue worth showing (a reporting verb, not a bare colon)."""
    return cue if isinstance(cue, str) and any(c.isalpha() for c in cue) else None


def quote_cards(view: View, units: pd.DataFrame, *, empty: str = "No quotations for this selection.") -> None:
    """Quotation cards with speaker, cue, topic and stance chips."""
    cues = (
        dict(zip(view.analysis.quotes["quote_id"], view.analysis.quotes["cue"], strict=True))
        if len(view.analysis.quotes)
        else {}
    )
    rows = [
        (str(t), sp if isinstance(sp, str) else None, _word(cues.get(u)), tp if isinstance(tp, str) else None)
        for u, t, sp, tp in zip(
            units["unit_id"], units["text"], units["speaker"], units["topic"], strict=True
        )
    ]
    stances = stance_by_unit(view.analysis.stance, [str(u) for u in units["unit_id"]])
    review = speaker_review(view.analysis.quotes, [str(u) for u in units["unit_id"]], view.threshold)
    st.html(
        quote_cards_html(
            rows, [stances[str(u)] for u in units["unit_id"]], view.threshold, empty, speaker_review=review
        )
    )


def statement_header(view: View) -> None:
    """Title, source, date and size of the statement (all shown as plain text)."""
    s = view.analysis.statement
    st.subheader(md_escape(short_name(s.title, s.origin, "Untitled statement", width=300)), anchor=False)
    bits = [x for x in (s.source, s.date, s.speaker, s.origin) if x]
    bits.append(f"{len(s.text.split()):,} words")
    st.text(" · ".join(bits))


def topic_select(order: Sequence[str], selected: str | None) -> None:
    """A select box twin of the chart click (keyboard-accessible): picks the topic whose quotations show."""
    if not order:
        return
    st.selectbox(
        "Selected topic",
        list(order),
        **_bind("w_topic_one", "topics", selected if selected in order else order[0], lambda v: (v,)),
    )


def brief_download(
    view: View,
    units: pd.DataFrame,
    figures: Sequence[tuple[str, go.Figure]],
    *,
    key: str,
    page: str = "overview",
) -> None:
    """A button that downloads a one-file HTML brief of the current view (built only when clicked)."""
    from statement_lens.ui.brief import BriefContent, BriefQuote, build_brief

    def build() -> bytes:
        a = view.analysis
        stances = stance_by_unit(a.stance, [str(u) for u in units["unit_id"]])
        quotes = [
            BriefQuote(
                str(t),
                sp if isinstance(sp, str) else None,
                tp if isinstance(tp, str) else None,
                stances[str(u)],
            )
            for u, t, sp, tp in zip(
                units["unit_id"], units["text"], units["speaker"], units["topic"], strict=True
            )
        ]
        content = BriefContent(
            title=a.statement.title or a.statement.origin or "Statement",
            source=a.statement.source or a.statement.origin,
            date=a.statement.date,
            summary=a.summary,
            figures=list(figures),
            quotes=quotes,
            filters=view.filters.describe(),
            provenance=a.provenance,
            review_threshold=view.threshold,
            units=unit_nouns(a.units),
        )
        return build_brief(content).encode("utf-8")

    stem = exports.slug(view.analysis.statement.title or "statement")
    st.download_button(
        "Download the brief (HTML)",
        data=build,
        file_name=f"brief-{page}-{stem}.html",  # one name per page: the two briefs differ
        mime="text/html",
        key=key,
        icon=":material/description:",
        type="primary",
        on_click="ignore",
        help="One HTML file with the summary, charts, key quotations, filters and model provenance; "
        "opens offline.",
    )


def compare_picker(default: Sequence[str] = ()) -> list[str]:
    """Multiselect of statements to compare (bound to ``Filters.compare``).

    Until the analyst chooses, defaults to ``default`` when it names two stored statements, else to the two
    newest. A choice they cleared stays cleared (the default pair does not come back).
    """
    ctx = context()
    listing = cached_listing(ctx.data_dir)
    ids = [str(s) for s in listing["statement_id"]]
    labels = {str(r["statement_id"]): statement_label(r) for _, r in listing.iterrows()}
    f = get_filters()
    chosen = _valid(f.compare or (), ids)
    if f.compare is None or (f.compare and not chosen):  # nothing chosen yet (or only deleted statements)
        ready = _valid(default, ids)
        first = [f.statement] if f.statement in ids else []
        chosen = ready if len(ready) > 1 else list(dict.fromkeys([*first, *reversed(ids)]))[:2]
    st.multiselect(
        "Statements to compare",
        ids,
        format_func=lambda s: labels.get(s, s),
        **_bind("w_compare", "compare", chosen, tuple),
    )
    return chosen


def compare_views(ids: Sequence[str]) -> dict[str, Analysis]:
    """Label → analysis for each statement (analysing any that has no analysis yet)."""
    st.html(CSS)
    ctx = context()
    out: dict[str, Analysis] = {}
    for sid in ids:
        analysis = get_or_run_analysis(ctx, sid)
        if analysis is None:
            continue
        s = analysis.statement
        base = short_name(s.title, s.origin, sid, width=40)
        label = f"{base} ({s.date})" if s.date else base
        while label in out:
            label += "′"
        out[label] = analysis
    return out


_UNIT_LABELS = {
    "quote": ("Quotations", None),
    "sentence": (
        "Sentences analysed",
        "The statement's own words are read sentence by sentence, each attributed to its speaker: it has "
        "no attributed quotations, or too few to stand for it (under 5 % of its text, e.g. a proverb "
        "cited in a speech; they are still on the Quotations page).",
    ),
    "turn": ("Speaker turns", "A transcript: each speaker turn is one unit."),
}


def units_metric(units: pd.DataFrame) -> tuple[str, int, str | None]:
    """Label, count and help for the units: quotations, or the sentences/turns that stand in for them."""
    if (kind := unit_kind(units)) in _UNIT_LABELS:
        label, help_text = _UNIT_LABELS[kind]
    else:
        label, help_text = "Units analysed", "Quotations together with sentences or speaker turns."
    return label, len(units), help_text
