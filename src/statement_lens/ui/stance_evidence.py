"""The Stance page's "read from" panel: pick a cell, see the words its label was read from."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from statement_lens.stance.evidence import cell_label, evidence_parts, was_read
from statement_lens.ui.services import Context


def evidence_html(text: str, start: object, end: object, mentions: object) -> str:
    """The evidence window, escaped, with the target's mentions highlighted (``<mark>``)."""
    parts = evidence_parts(text, start, end, mentions)
    return "".join(f"<mark>{html.escape(p)}</mark>" if m else html.escape(p) for p, m in parts)


def cell_options(stance: pd.DataFrame, unit_ids: list[str]) -> dict[str, int]:
    """``"q2 → Russia: against 0.91"`` → row position in ``stance``, units in order, targets in order."""
    out: dict[str, int] = {}
    if stance.empty:
        return out
    order = {u: i for i, u in enumerate(unit_ids)}
    s = stance.reset_index(drop=True)
    s = s[s["unit_id"].astype(str).isin(order)]
    s = s.assign(_o=s["unit_id"].astype(str).map(order)).sort_values("_o", kind="stable")
    basis = s["basis"] if "basis" in s.columns else pd.Series("", index=s.index)
    for pos, uid, target, label, conf, b in zip(
        s.index, s["unit_id"], s["target"], s["label"], s["confidence"], basis, strict=True
    ):
        out[f"{uid} → {target}: {cell_label(str(label), float(conf), b)}"] = int(pos)
    return out


def evidence_panel(stance: pd.DataFrame, unit_ids: list[str], *, key: str = "stance_evidence") -> None:
    """A select box of every cell and the words the chosen cell was read from."""
    options = cell_options(stance, unit_ids)
    if not options:
        return
    choice = st.selectbox("Show the words a label was read from", list(options), key=key)
    row = stance.reset_index(drop=True).iloc[options[choice]]
    basis = row.get("basis", "")
    if not was_read(basis):
        what = "does not name this target" if basis == "not mentioned" else "is not about this target"
        st.caption(f"No model read this pair: the text {what}, so no stance is shown.")
        return
    body = evidence_html(
        str(row["unit_text"]), row.get("evidence_start"), row.get("evidence_end"), row.get("mentions")
    )
    if not body:
        st.caption("This backend does not report where it read the label from.")
        return
    how = (
        "the whole text (the target is a topic, not a name in it)"
        if basis == "text"
        else "the sentence around the highlighted mention (where the stance is clearest)"
    )
    st.html(
        f'<div class="sl-evidence"><b>{html.escape(str(row["label"]))}</b> '
        f"{float(row['confidence']):.2f}, read from {how}:<blockquote>{body}</blockquote></div>"
    )


def aliases_form(ctx: Context, *, key: str = "stance_aliases") -> None:
    """Edit the analyst's target aliases ("Russia = Putin, Kremlin"); saved with the dashboard settings.

    Aliases change what counts as a mention, so they are part of the configuration hash: saving them
    re-analyses a statement the next time it is opened (the page says so).
    """
    from statement_lens.errors import InputError
    from statement_lens.stance.aliases import format_alias_lines, parse_alias_lines
    from statement_lens.ui.prefs import save_prefs
    from statement_lens.ui.services import forget_analyses

    current = ctx.settings.stance_aliases or ""
    with st.expander("Target aliases (other names of a target)", expanded=False):
        st.caption(
            "Countries already match their demonyms and capitals (Russia: Russian, Moscow, Kremlin…) and a "
            "person's surname matches the full name. Add your own, one target per line, e.g. "
            "`Russia = Putin, Kremlin`. Saving re-analyses the statement with them."
        )
        with st.form(f"{key}_form", border=False):
            text = st.text_area("Aliases", value=current, key=key, height=90)
            saved = st.form_submit_button("Save aliases")
    if not saved or text.strip() == current.strip():
        return
    try:
        clean = format_alias_lines(parse_alias_lines(text))
    except InputError as exc:
        st.error(str(exc))
        return
    save_prefs(ctx.data_dir, ctx.prefs.with_(aliases=clean))
    forget_analyses()
    st.session_state["stance_msg"] = "Aliases saved; stance is recomputed with them."
    st.rerun()
