"""Cached resources for the dashboard: models (once per process), the store, analyses, the seed statement.

Caching is by name, never by object: :func:`cached_services` takes a settings key (a JSON string), the
analysis cache takes ``(data_dir, statement_id, config_hash)``. Models are shared by every session, so each
model set has one lock and analyses with it run one at a time. Cached analyses are shared read-only
objects: pages derive new frames from them and never modify them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from statement_lens.config import Settings, load_settings
from statement_lens.errors import StatementLensError
from statement_lens.figures import stance_overview_figure, topic_emphasis_figure
from statement_lens.pipeline.analysis import Analysis, add_targets, analyze, remove_targets
from statement_lens.pipeline.prepare import SEED_FILE, prepared_seed, seed_statement
from statement_lens.services import Services
from statement_lens.services import load_services as _load_services
from statement_lens.store.database import Store
from statement_lens.ui.filters import Filters, filter_units
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.prefs import Prefs, effective_settings, load_prefs
from statement_lens.ui.tables import unit_nouns

SEED_MARKER = ".seeded"


def settings_key(settings: Settings) -> str:
    """A stable string naming a configuration (the cache key for its models)."""
    return json.dumps(asdict(settings), sort_keys=True)


@st.cache_resource(show_spinner="Loading the models (once per server)…")
def cached_services(key: str) -> Services:
    """Load the models for the configuration named by ``key`` (see :func:`settings_key`)."""
    return _load_services(Settings(**json.loads(key)))


@st.cache_resource
def _inference_lock(key: str) -> threading.Lock:  # noqa: ARG001  (the cache key: one lock per configuration)
    return threading.Lock()


@st.cache_resource
def get_store(data_dir: str) -> Store:
    """The store under ``data_dir`` (one per process; its connections are per thread)."""
    return Store(data_dir)


@dataclass(frozen=True)
class Context:
    """The configuration this rerun works with."""

    settings: Settings
    prefs: Prefs
    store: Store

    @property
    def data_dir(self) -> str:
        """The data directory."""
        return str(self.settings.data_dir)


def context() -> Context:
    """Settings (config file + environment + dashboard preferences), preferences and the store."""
    base = load_settings()
    prefs = load_prefs(base.data_dir)
    settings = effective_settings(base, prefs)
    return Context(settings=settings, prefs=prefs, store=get_store(str(settings.data_dir)))


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_analysis(data_dir: str, sid: str, config_hash: str) -> Analysis | None:
    """The stored analysis of ``sid`` under ``config_hash`` (shared and read-only), or None."""
    return get_store(data_dir).get_analysis(sid, config_hash)


@st.cache_data(ttl=10, show_spinner=False)
def cached_listing(data_dir: str) -> pd.DataFrame:
    """Every stored statement (``Store.list_statements``), cached 10 s or until this app changes it."""
    return get_store(data_dir).list_statements()


@st.cache_resource(max_entries=64, show_spinner=False)
def topic_figure(data_dir: str, sid: str, config_hash: str, selected: str | None) -> go.Figure:
    """The topic-emphasis chart of a stored analysis (cached: building a Plotly figure costs milliseconds)."""
    analysis = cached_analysis(data_dir, sid, config_hash)
    topics = analysis.topics if analysis is not None else pd.DataFrame(columns=["topic", "share_words"])
    return topic_emphasis_figure(topics, selected=selected)


@st.cache_resource(max_entries=64, show_spinner=False)
def stance_figure(data_dir: str, sid: str, config_hash: str, query: str) -> go.Figure:
    """The stance-per-target chart over the units that pass the filters given as a JSON query (cached)."""
    analysis = cached_analysis(data_dir, sid, config_hash)
    if analysis is None:
        return stance_overview_figure(pd.DataFrame())
    units = filter_units(analysis.units, analysis.stance, Filters.from_query(json.loads(query)))
    label = unit_nouns(analysis.units)[1].capitalize()
    return stance_overview_figure(
        analysis.stance[analysis.stance["unit_id"].isin(units["unit_id"])], units_label=label
    )


def forget_analyses() -> None:
    """Drop cached analyses, their figures and the statement listing (after a save, add or delete)."""
    cached_analysis.clear()
    cached_listing.clear()
    topic_figure.clear()
    stance_figure.clear()


def ensure_seed(ctx: Context) -> None:
    """On a fresh data directory, store the seed statement (once: deleting it later is respected).

    With the analysis prepared at install time for these settings (``statement_lens.pipeline.prepare``) the
    seed is stored analysed, so the first page draws without loading a model.
    """
    marker = Path(ctx.data_dir) / SEED_MARKER
    if marker.exists():
        return
    if ctx.store.list_statements().empty:
        prepared = prepared_seed(ctx.settings) if not ctx.prefs.targets else None
        if prepared is not None and prepared.statement.origin == SEED_FILE:
            # The prepared analysis carries the seed statement: storing it needs no file reader (the PDF
            # and DOCX readers cost a second of imports on a cold server).
            ctx.store.save_analysis(ctx.store.add_statement(prepared.statement), prepared)
        else:
            ctx.store.add_statement(seed_statement())
        forget_analyses()
    marker.write_text("seed statement added\n", encoding="utf-8")


def analysis_targets(ctx: Context, sid: str, targets: Sequence[str] | None = None) -> list[str] | None:
    """Targets for a new analysis: those given, else the statement's own, else the default targets.

    None means "propose targets from the statement". The default targets never replace a statement's own.
    """
    chosen = list(targets) if targets else ctx.store.statement_targets(sid) or list(ctx.prefs.targets)
    return chosen or None


def run_analysis(
    ctx: Context,
    sid: str,
    *,
    settings: Settings | None = None,
    targets: Sequence[str] | None = None,
) -> Analysis | None:
    """Analyse a stored statement behind ``st.status`` with a message per stage; store it when complete."""
    settings = settings or ctx.settings
    statement = ctx.store.get_statement(sid)
    key = settings_key(settings)
    name = statement.title or statement.origin or sid
    with st.status(f"Analysing “{md_escape(name[:80])}”…", expanded=True) as status:
        bar = st.progress(0.0, text="Loading the models (first time only)…")
        services = cached_services(key)

        started: set[str] = set()

        def progress(stage: str, fraction: float, message: str) -> None:
            status.update(label=f"{message} — {fraction:.0%}")
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"Stage {stage}: {message} ({fraction:.0%})")
            if stage not in started:  # one line per stage; progress inside a stage moves the bar only
                started.add(stage)
                status.write(f"{stage}: {message}…")

        t0 = time.perf_counter()
        with _inference_lock(key):
            chosen = analysis_targets(ctx, sid, targets)
            analysis = analyze(statement, chosen, services=services, progress=progress)
        if analysis.errors:
            status.update(label="The analysis is incomplete", state="error", expanded=True)
            for err in analysis.errors:
                st.error(md_escape(err))
            return analysis
        ctx.store.save_analysis(sid, analysis)
        forget_analyses()
        status.update(label=f"Analysed in {time.perf_counter() - t0:.1f} s", state="complete", expanded=False)
    return analysis


def get_or_run_analysis(ctx: Context, sid: str) -> Analysis | None:
    """The cached analysis for the current settings, analysing the statement first when there is none.

    The store is asked first (a primary-key lookup), so an analysis another process stored is found and a
    missing one is never cached as missing.
    """
    config_hash = ctx.settings.config_hash()
    if ctx.store.has_analysis(sid, config_hash):
        analysis = cached_analysis(ctx.data_dir, sid, config_hash)
        if analysis is not None:
            return analysis
    try:
        return run_analysis(ctx, sid)
    except StatementLensError as exc:
        st.error(md_escape(str(exc)))
        return None


def change_targets(
    ctx: Context, sid: str, analysis: Analysis, *, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> tuple[Analysis, float]:
    """Add targets (stance computed for the new columns only) and/or remove targets; store the result."""
    t0 = time.perf_counter()
    updated = analysis
    if remove:
        updated = remove_targets(updated, list(remove))
    if add:
        key = settings_key(ctx.settings)
        services = cached_services(key)
        with _inference_lock(key):
            updated = add_targets(updated, list(add), services=services)
    elapsed = time.perf_counter() - t0
    if updated is not analysis:
        ctx.store.save_analysis(sid, updated)
        ctx.store.set_targets(sid, list(updated.targets))
        forget_analyses()
    return updated, elapsed
