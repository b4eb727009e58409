"""The Stance page's target form: add targets (only their columns are computed) or remove them."""

from __future__ import annotations

import streamlit as st

from statement_lens.errors import StatementLensError
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.prefs import parse_targets
from statement_lens.ui.services import change_targets
from statement_lens.ui.spelling import merge_spellings, merged_note
from statement_lens.ui.widgets import View

MESSAGE_KEY = "stance_msg"


def targets_form(view: View, plural: str) -> None:
    """The form; after a change the page reruns and shows what was computed (``plural`` names the units)."""
    a = view.analysis
    with st.form("targets_form", border=True):
        c1, c2 = st.columns(2)
        new = c1.text_input(
            "Add targets",
            placeholder="e.g. NATO, defence industry",
            help="Comma-separated.",
            key="stance_add",
        )
        drop = c2.multiselect("Remove targets", list(a.targets), key="stance_remove")
        submitted = st.form_submit_button("Update targets")
    if not (submitted and (new.strip() or drop)):
        return
    # another spelling of a target ("defence industry" beside "defense industry") is offered as that one
    wanted, merged = merge_spellings(parse_targets(new), [t for t in a.targets if t not in drop])
    try:
        _, seconds = change_targets(view.ctx, view.sid, a, add=wanted, remove=drop)
    except StatementLensError as exc:
        st.error(md_escape(str(exc)))
        return
    added = [t for t in wanted if t not in a.targets]
    done = (
        f"Computed stance for {len(added)} new target(s) over {len(a.units)} {plural} "
        f"in {seconds:.2f} s; the {len(a.targets)} existing target columns were reused."
        if added
        else ("Targets updated." if drop else "")
    )
    st.session_state[MESSAGE_KEY] = f"{merged_note(merged)} {done}".strip()
    st.rerun()


def targets_message() -> None:
    """What the last change did (once, after its rerun)."""
    if msg := st.session_state.pop(MESSAGE_KEY, None):
        st.success(msg)
