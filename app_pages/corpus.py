"""Corpus: topic emphasis and stance across many statements, with the quotations behind every point."""

import streamlit as st

from statement_lens import corpus_queries as q
from statement_lens.errors import StatementLensError
from statement_lens.ui import corpus_view as cv
from statement_lens.ui.services import context

ctx = context()
st.title("Corpus", anchor=False)
corpora = q.list_corpora(ctx.store)
if corpora.empty:
    st.info(
        "No corpus yet. Analyse one from the command line, e.g. `statement-lens corpus analyze speeches/` "
        "(a folder, a quoted glob, or a CSV/JSONL with a `text` column); add `--engine ray` to use Ray."
    )
    st.stop()
try:
    row = cv.corpus_picker(corpora)
    facets = q.corpus_facets(ctx.store, q.Scope(str(row["corpus"]), str(row["config_hash"])))
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
