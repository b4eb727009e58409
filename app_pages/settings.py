"""Settings: default targets, the topic taxonomy, the review threshold, and the models with their status."""

import streamlit as st

from statement_lens.ui import manage as w
from statement_lens.ui.services import context

ctx = context()
st.header("Settings", anchor=False)
st.caption(f"Saved in {ctx.data_dir}/dashboard.toml. Changing the models or topics re-analyses on next view.")
w.confirm_pending(ctx)

w.settings_general(ctx)
w.settings_taxonomy(ctx)
w.settings_models(ctx)
