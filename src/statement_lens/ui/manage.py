"""Library and Settings widgets: add, list, delete and re-analyse statements; edit preferences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from statement_lens.types import Statement
from statement_lens.ui.cells import blank_missing
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.prefs import Prefs, review_threshold
from statement_lens.ui.services import Context, get_or_run_analysis
from statement_lens.ui.state import get_filters, set_filters
from statement_lens.ui.widgets import statement_label

NOTICE_KEY = "lib_notice"


MIN_WORDS = 15  # below this there is too little text for topics, quotations and stance to mean anything
TITLE_CHARS = 80


def default_title(statement: Statement) -> Statement:
    """A pasted statement without a title is titled by its first line (cut at a word near 80 characters)."""
    if statement.title or statement.origin not in (None, "pasted"):
        return statement
    first = next((line.strip() for line in statement.text.splitlines() if line.strip()), "")
    if len(first) > TITLE_CHARS:
        first = first[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
    return replace(statement, title=first or None)


def too_short(statement: Statement) -> str | None:
    """Why a statement is too short to analyse, or None."""
    n = len(statement.text.split())
    if n >= MIN_WORDS:
        return None
    return (
        f"This text has {n} word{'s' if n != 1 else ''}: too short to analyse. Add at least {MIN_WORDS} "
        "words (two or three sentences) so that topics, quotations and stance can be found."
    )


def load_upload(data: bytes, name: str) -> Statement:
    """An uploaded file as a statement, dated and attributed from its name as a corpus file would be.

    A date line or byline in the text wins; otherwise ``2024-Biden-1.txt``, ``remarks_2023.txt`` or
    ``press_2023-11-02.pdf`` give the date (and a name such as ``Biden`` the speaker), through the
    corpus's own :func:`~statement_lens.corpus.metadata.with_file_name`.

    Raises:
        InputError: the file cannot be read (see :func:`~statement_lens.ingest.load_statement`).
    """
    from statement_lens.corpus.metadata import with_file_name
    from statement_lens.ingest import load_statement

    return with_file_name(load_statement(data, filename=name), name)


def add_statement(ctx: Context, loader: Callable[[], Statement]) -> str | None:
    """Load a statement, store it, analyse it behind a status box and make it the current statement.

    Empty, unreadable and too short input gets a message saying what to do; a statement already in the
    library is not stored again: the message points to the stored one, which becomes the current statement.
    On success the app reruns (so the sidebar picker shows it) and :func:`show_notice` reports it.
    """
    from statement_lens.errors import StatementLensError
    from statement_lens.ui.services import forget_analyses

    try:
        statement = default_title(loader())
    except StatementLensError as exc:
        st.error(md_escape(str(exc)))
        return None
    if reason := too_short(statement):
        st.warning(reason)
        return None
    stored = ctx.store.find_same_text(statement.text)
    if stored is not None:
        sid, title, added = stored
        set_filters(get_filters().for_statement(sid))
        st.session_state[NOTICE_KEY] = (
            f"Already in the library as “{title or sid}” (added {added[:10]}): nothing new was stored. "
            "It is now the current statement.",
            [],
        )
        st.rerun()
    try:
        sid = ctx.store.add_statement(statement)
    except StatementLensError as exc:
        st.error(md_escape(str(exc)))
        return None
    forget_analyses()
    analysis = get_or_run_analysis(ctx, sid)
    if analysis is None:
        return None
    set_filters(get_filters().for_statement(sid))
    name = statement.title or statement.origin or sid
    st.session_state[NOTICE_KEY] = (
        f"Added “{name}”. It is now the current statement.",
        list(statement.warnings),
    )
    if analysis.errors:  # keep the status box and its errors on screen
        show_notice()
        return sid
    st.rerun()
    return sid  # pragma: no cover  (st.rerun does not return)


def show_notice() -> None:
    """The message of the last :func:`add_statement`, with a link to the Overview (shown once)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if not notice:
        return
    message, warnings = notice
    (st.info if message.startswith("Already") else st.success)(md_escape(message))
    for warning in warnings:
        st.warning(md_escape(warning))
    st.page_link("app_pages/overview.py", label="Open it in Overview", icon=":material/dashboard:")


def library_table(ctx: Context) -> pd.DataFrame:
    """Every stored statement with its date, length and analysis status for the active models."""
    listing = ctx.store.list_statements()
    if listing.empty:
        return listing
    current = ctx.settings.config_hash()

    def status(row: pd.Series) -> str:
        hashes = str(row["config_hashes"] or "").split(",")
        if current in hashes:
            return "analysed"
        return f"analysed with other models ({row['n_analyses']})" if row["n_analyses"] else "not analysed"

    table = listing.assign(status=listing.apply(status, axis=1))
    st.dataframe(
        blank_missing(table[["title", "date", "source", "origin", "n_words", "added_at", "status"]]),
        hide_index=True,
        column_config={
            "n_words": st.column_config.NumberColumn("Words", format="%d"),
            "added_at": st.column_config.TextColumn("Added"),
        },
        key="lib_table",
    )
    return table


def library_actions(ctx: Context, listing: pd.DataFrame) -> None:
    """Open, re-analyse (with other models) or delete (after confirmation) one stored statement."""
    from statement_lens.models import available
    from statement_lens.ui.prefs import save_prefs
    from statement_lens.ui.services import forget_analyses, run_analysis

    ids = [str(s) for s in listing["statement_id"]]
    labels = {str(r["statement_id"]): statement_label(r) for _, r in listing.iterrows()}
    current = get_filters().statement
    if current in ids and st.session_state.get("lib_pick_follows") != current:
        st.session_state["lib_pick"] = current  # the selector follows the current statement
    st.session_state["lib_pick_follows"] = current
    picked = st.selectbox(
        "Statement",
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=lambda s: labels.get(s, s),
        key="lib_pick",
    )
    sid = str(picked or ids[0])
    open_col, del_col = st.columns(2)
    if open_col.button("Make it the current statement", key="lib_open"):
        set_filters(get_filters().for_statement(sid))
        st.rerun()
    if del_col.button("Delete…", key="lib_delete"):
        st.session_state["lib_confirm"] = sid
    if st.session_state.get("lib_confirm") == sid:
        st.warning(f"Delete “{md_escape(labels[sid])}” and all its analyses? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", type="primary", key="lib_confirm_yes"):
            ctx.store.delete_statement(sid)
            forget_analyses()
            st.session_state.pop("lib_confirm", None)
            if get_filters().statement == sid:
                set_filters(get_filters().for_statement(None))
            st.rerun()
        if no.button("Cancel", key="lib_confirm_no"):
            st.session_state.pop("lib_confirm", None)
            st.rerun()

    with st.expander("Re-analyse with other models"):
        settings = ctx.settings
        stances, summarizers = available("stance"), available("summarizer")
        stance = st.selectbox(
            "Stance model", stances, index=_index(stances, settings.stance), key="lib_stance"
        )
        summ = st.selectbox(
            "Summariser", summarizers, index=_index(summarizers, settings.summarizer), key="lib_summarizer"
        )
        make_active = st.checkbox(
            "Make these the active models (the pages show their analyses)", value=True, key="lib_make_active"
        )
        if st.button("Re-analyse", key="lib_reanalyse"):
            chosen = settings.with_overrides(stance=stance, summarizer=summ)
            result = run_analysis(ctx, sid, settings=chosen)
            if result is not None and not result.errors and make_active:
                models = {**ctx.prefs.models, "stance": stance, "summarizer": summ}
                save_prefs(ctx.data_dir, ctx.prefs.with_(models=models))
                set_filters(get_filters().for_statement(sid))
                st.success("Re-analysed; these models are now active.")


def _index(options: Sequence[str], value: str) -> int:
    return options.index(value) if value in options else 0


PENDING_KEY = "set_pending"


def reanalysis_count(ctx: Context, prefs: Prefs) -> int:
    """How many analysed statements saving ``prefs`` would re-analyse (0 when the models stay the same)."""
    from statement_lens.config import load_settings
    from statement_lens.ui.prefs import effective_settings

    new_hash = effective_settings(load_settings(), prefs).config_hash()
    return 0 if new_hash == ctx.settings.config_hash() else ctx.store.count_needing_analysis(new_hash)


def save_or_confirm(ctx: Context, prefs: Prefs, done: str) -> None:
    """Save ``prefs`` now, or ask first when that re-analyses stored statements (:func:`confirm_pending`)."""
    n = reanalysis_count(ctx, prefs)
    if n:
        st.session_state[PENDING_KEY] = (prefs, n, done)
        st.rerun()
    _save(ctx, prefs, done)


def _save(ctx: Context, prefs: Prefs, done: str) -> None:
    from statement_lens.ui.prefs import save_prefs
    from statement_lens.ui.services import forget_analyses

    save_prefs(ctx.data_dir, prefs)
    forget_analyses()
    st.session_state["set_done"] = done
    st.rerun()


def confirm_pending(ctx: Context) -> None:
    """The question before a change that re-analyses statements, and the message after a save."""
    if done := st.session_state.pop("set_done", None):
        st.success(done)
    pending = st.session_state.get(PENDING_KEY)
    if not pending:
        return
    prefs, n, done = pending
    noun = "statement" if n == 1 else "statements"
    with st.container(border=True):
        st.warning(
            f"This re-analyses {n} {noun} (each when it is next opened) — continue? Their targets are kept."
        )
        yes, no = st.columns(2)
        if yes.button("Save and re-analyse", type="primary", key="set_confirm_yes"):
            st.session_state.pop(PENDING_KEY, None)
            _save(ctx, prefs, done)
        if no.button("Cancel", key="set_confirm_no"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()


def settings_general(ctx: Context) -> None:
    """Default targets for new analyses, the "needs review" threshold and reported speech."""
    from statement_lens.ui.prefs import parse_targets
    from statement_lens.ui.spelling import merge_spellings

    with st.form("set_general"):
        st.markdown("#### Targets and review threshold")
        targets = st.text_area(
            "Default stance targets for statements without targets of their own (one per line; "
            "empty = propose them from each statement)",
            value="\n".join(ctx.prefs.targets),
            key="set_targets",
            help="A statement keeps the targets it was analysed with and those you add or remove on the "
            "Stance page; these defaults apply to statements added from now on.",
        )
        threshold = st.slider(
            "Confidence below which an item “needs review”",
            0.0,
            1.0,
            value=float(review_threshold(ctx.settings, ctx.prefs)),
            step=0.05,
            key="set_threshold",
        )
        indirect = st.checkbox(
            "Also find reported speech without quote marks (“X said that …”, “according to X, …”)",
            value=ctx.settings.indirect_quotes,
            key="set_indirect",
            help="Quotations of kind “indirect”. Statements are re-analysed with this setting when opened.",
        )
        if st.form_submit_button("Save"):
            prefs = ctx.prefs.with_(
                targets=tuple(merge_spellings(parse_targets(targets))[0]),  # one spelling per target
                review_threshold=threshold,
                indirect_quotes=indirect,
            )
            save_or_confirm(
                ctx,
                prefs,
                "Saved. Default targets apply to statements without targets of their own; statements "
                "already analysed keep theirs (change them on the Stance page).",
            )


def settings_taxonomy(ctx: Context) -> None:
    """Edit the topic taxonomy (add, edit, remove topics) and save it as the active taxonomy."""
    from statement_lens.errors import ConfigError
    from statement_lens.topics.taxonomy import load_taxonomy
    from statement_lens.ui.prefs import save_taxonomy, topics_to_rows

    st.markdown("#### Topic taxonomy")
    try:
        taxonomy = load_taxonomy(ctx.settings.taxonomy)
    except ConfigError as exc:
        st.error(md_escape(str(exc)))
        return
    st.caption(
        f"Active: {taxonomy.title or taxonomy.name} ({len(taxonomy)} topics). Seeds are separated by “;”."
    )
    rows = pd.DataFrame(topics_to_rows(taxonomy.to_dict()), columns=["name", "code", "description", "seeds"])
    edited = st.data_editor(
        rows,
        num_rows="dynamic",
        hide_index=True,
        key="set_taxonomy",
        column_config={
            "name": st.column_config.TextColumn("Topic", required=True),
            "code": st.column_config.NumberColumn("Code", format="%d"),
            "description": st.column_config.TextColumn("Description", width="large"),
            "seeds": st.column_config.TextColumn("Seed phrases", width="large"),
        },
    )
    save, reset = st.columns(2)
    if save.button("Save topics", key="set_tax_save"):
        try:
            path = save_taxonomy(ctx.data_dir, edited.to_dict(orient="records"))
        except ConfigError as exc:
            st.error(md_escape(str(exc)))
        else:
            save_or_confirm(
                ctx,
                ctx.prefs.with_(models={**ctx.prefs.models, "taxonomy": str(path)}),
                f"Saved {path.name}. Statements are re-analysed with these topics when you next open them.",
            )
    if "taxonomy" in ctx.prefs.models and reset.button("Back to the built-in taxonomy", key="set_tax_reset"):
        models = {k: v for k, v in ctx.prefs.models.items() if k != "taxonomy"}
        save_or_confirm(ctx, ctx.prefs.with_(models=models), "Back to the built-in taxonomy.")


def settings_models(ctx: Context) -> None:
    """The configured model backends with checkpoint, provenance and load status."""
    from statement_lens.models.status import describe_models
    from statement_lens.ui.services import cached_services, settings_key

    st.markdown("#### Models")
    rows = [
        {
            "task": s.task,
            "backend": s.backend,
            "checkpoint": s.checkpoint,
            "provenance": s.note,
            "experimental": s.experimental,
            "available backends": ", ".join(s.available),
        }
        for s in describe_models(ctx.settings, try_load=False)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="set_models")
    st.caption("Choose other backends per statement in Library → Re-analyse, or in statement_lens.toml.")
    if st.button("Check that the models load", key="set_load"):
        services = cached_services(settings_key(ctx.settings))
        status = [
            {
                "task": task,
                "loaded": info.get("loaded", True),
                "name": info.get("name"),
                "checkpoint": info.get("checkpoint"),
                "load time (s)": round(services.load_seconds.get(task, 0.0), 2),
                "error": info.get("error"),
            }
            for task, info in services.model_info().items()
        ]
        st.dataframe(pd.DataFrame(status), hide_index=True, key="set_models_loaded")
