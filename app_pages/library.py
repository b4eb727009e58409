"""Library: add statements (upload, paste, URL), list them, delete one, re-analyse with other models."""

import streamlit as st

from statement_lens.ingest import load_statement, statement_from_text
from statement_lens.ui import manage as w
from statement_lens.ui.corpus_run import ensure_examples, remove_examples_button
from statement_lens.ui.services import context

ctx = context()
ensure_examples(ctx)
st.header("Library", anchor=False)
w.show_notice()

upload, paste, url = st.tabs(["Upload a file", "Paste text", "From a URL"])
with upload:
    up = st.file_uploader(
        "Statement file", type=["txt", "md", "html", "htm", "pdf", "docx"], key="lib_upload"
    )
    if up is not None and st.session_state.get("lib_last_upload") != up.file_id:
        st.session_state["lib_last_upload"] = up.file_id
        w.add_statement(ctx, lambda: w.load_upload(up.getvalue(), up.name))
with paste, st.form("lib_paste", clear_on_submit=True):
    title = st.text_input("Title (optional)")
    text = st.text_area("Statement text", height=200)
    if st.form_submit_button("Add and analyse"):  # empty text: add_statement says what is missing
        w.add_statement(ctx, lambda: statement_from_text(text, title=title or None))
with url, st.form("lib_url"):
    address = st.text_input("Address (http or https)", placeholder="https://www.nato.int/…")
    if st.form_submit_button("Fetch and analyse"):
        if address.strip():
            w.add_statement(ctx, lambda: load_statement(address.strip()))
        else:
            st.warning("The address is empty: type one that starts with http:// or https://.")

st.markdown("#### Stored statements")
listing = w.library_table(ctx)
if listing.empty:
    st.info("The library is empty. Add a statement above.")
    st.stop()
w.library_actions(ctx, listing)
st.caption(
    "The examples are US State of the Union addresses (public domain) and UN General Debate statements "
    "(CC0), shipped with the app; they are analysed when opened."
)
remove_examples_button(ctx)
