"""The Streamlit dashboard's support code: the only package besides ``app_pages/`` that imports streamlit.

Pure helpers (``filters``, ``tables``, ``highlight``, ``brief``, ``exports``, ``prefs``) import no
Streamlit and are
unit-tested directly; ``services``, ``state`` and ``widgets`` hold the cached resources and widgets.
"""
