"""Corpus: topic emphasis and stance across many statements, with the quotations behind every point."""

import streamlit as st

from statement_lens.errors import StatementLensError
from statement_lens.ui import corpus_run as run
from statement_lens.ui import corpus_view as cv
from statement_lens.ui.services import context

ctx = context()
st.title("Corpus", anchor=False)
run.progress_panel(ctx.data_dir)
corpora = cv.corpora(ctx.store)
if corpora.empty:
    st.info(
        "No corpus yet. Analyse the example corpus (State of the Union addresses and UN General Debate "
        "statements shipped with the app), upload your own statements, or run "
        "`statement-lens corpus analyze speeches/` from the command line."
    )
    run.start_panel(ctx)
    st.stop()
try:
    row = cv.corpus_picker(corpora)
    facets = cv.facets_of(ctx.store, row)
    cv.corpus_header(row, facets)
    f = cv.filter_panel(facets)
    scope = cv.scope_of(f, str(row["config_hash"]))
    topics_tab, stance_tab = st.tabs(["Topics", "Stance"])
    with topics_tab:
        cv.topics_section(ctx.store, scope, f)
    with stance_tab:
        cv.stance_section(ctx.store, scope, f, facets["targets"])
except StatementLensError as exc:
    st.error(str(exc))
finally:
    cv.sync_corpus_url()
with st.expander("Analyse another corpus"):
    run.start_panel(ctx)
