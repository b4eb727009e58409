"""Small things in the exports: a brief without charts has no empty "Charts" heading."""

from __future__ import annotations

from statement_lens.ui.brief import BriefContent, BriefQuote, build_brief
from tests.dashboard_factory import analysis_b, fake_settings


def _brief(tmp_path, figures):
    b = analysis_b(fake_settings(tmp_path))
    return build_brief(
        BriefContent(
            title="Speech", source=None, date=None, summary=b.summary, figures=figures,
            quotes=[BriefQuote("We will help.", "Ann Lee", None, [])], filters=[], provenance=b.provenance,
        )
    )  # fmt: skip


def test_a_brief_without_charts_has_no_charts_heading(tmp_path):
    assert "<h2>Charts</h2>" not in _brief(tmp_path, [])


def test_a_brief_with_charts_has_the_heading(tmp_path):
    import plotly.graph_objects as go

    assert "<h2>Charts</h2>" in _brief(tmp_path, [("Topics", go.Figure())])
