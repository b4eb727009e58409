"""Statement Lens dashboard: the frame (page config, navigation, shared sidebar). Run: streamlit run app.py

The page scripts live in app_pages/, not pages/: Streamlit treats a folder named pages/ as a legacy
multipage app
until the first st.navigation call of the process, so a fresh server's first request for a deep link (a shared
URL such as /quotations?speaker=…) would run the page without this frame.
"""

import streamlit as st

from statement_lens.ui.preload import charts_loaded, request_chart_library

st.set_page_config(page_title="Statement Lens", page_icon=":material/travel_explore:", layout="wide")
preload = request_chart_library()  # before the imports below: the browser loads the chart library meanwhile

from statement_lens.ui.services import context  # noqa: E402
from statement_lens.ui.state import sync_url  # noqa: E402
from statement_lens.ui.widgets import statement_picker  # noqa: E402

PAGES = [
    st.Page(
        "app_pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(
        "app_pages/quotations.py", title="Quotations", icon=":material/format_quote:", url_path="quotations"
    ),
    st.Page("app_pages/stance.py", title="Stance", icon=":material/grid_on:", url_path="stance"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/corpus.py", title="Corpus", icon=":material/stacked_line_chart:", url_path="corpus"),
    st.Page("app_pages/library.py", title="Library", icon=":material/library_books:", url_path="library"),
    st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:", url_path="settings"),
]

page = st.navigation(PAGES)
st.sidebar.caption("Statement Lens · quotations, topics, stance, summaries")
statement_picker(context())
charts_loaded(preload)
try:
    page.run()
finally:
    sync_url()
