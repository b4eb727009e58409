"""A new user's first open, in headless Chromium: the shipped examples are in the Library, Compare draws a
ready comparison of two of them, and Corpus analyses the example corpus from a button (progress shown)
and draws topic-over-time and by-speaker charts with real dates and speakers. Screenshots go to
``test-artifacts/`` (``10-…`` to ``14-…``).
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import _settled, _shot, browser, page, server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANALYSIS_S = 900  # two UN statements analysed on first open of Compare (model loading included)
CORPUS_S = 1800  # seventeen speeches on a busy 2-core machine


def test_examples_are_listed_compared_and_analysed_as_a_corpus(server, page):  # noqa: F811
    try:
        _walk(server, page)
    except Exception:
        _shot(page, "19-examples-failure")
        raise


def _walk(server, page):  # noqa: F811
    # 1. Library on a fresh data directory: the examples are listed (not analysed) and can be removed.
    page.goto(f"{server}/library")
    page.get_by_role("button", name="Remove the 17 example statements").wait_for(timeout=ANALYSIS_S * 1000)
    _shot(page, "10-library-examples")

    # 2. Compare: the ready comparison (UN General Debate 2024, United States and Ukraine) is drawn.
    page.goto(f"{server}/compare")
    page.get_by_text("UN General Debate 2024: United States").first.wait_for(timeout=ANALYSIS_S * 1000)
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=ANALYSIS_S * 1000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("UN General Debate 2024: Ukraine").first.is_visible()
    _shot(page, "11-compare-ready")

    # 3. Corpus: one button analyses the example corpus; the progress bar shows while it runs.
    page.goto(f"{server}/corpus")
    page.get_by_role("button", name="Analyse the example corpus").click()
    progress = page.get_by_text("Corpus 'examples'").first
    progress.wait_for(timeout=ANALYSIS_S * 1000)
    page.get_by_text("of 17 statements").first.wait_for(timeout=CORPUS_S * 1000)
    _shot(page, "12-corpus-progress")

    # 4. When it finishes the page draws its charts, over real dates and by real speakers.
    page.get_by_text("17 analysed statements").wait_for(timeout=CORPUS_S * 1000)
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=ANALYSIS_S * 1000)
    _settled(page, "corpus=")
    caption = page.get_by_text("17 analysed statements").inner_text()
    assert "17 dated (2016-01-12 – 2026-02-24)" in caption
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 2
    time_chart = charts.nth(0).inner_text()
    assert "2024" in time_chart
    _shot(page, "13-corpus-topics")
    page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    by_speaker = page.locator(".js-plotly-plot").nth(1).inner_text()
    assert "Joseph R. Biden Jr." in by_speaker or "Ukraine" in by_speaker
    _shot(page, "14-corpus-by-speaker")
    assert page.dialogs == []
