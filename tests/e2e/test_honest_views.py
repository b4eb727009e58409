"""Issue 17 in headless Chromium, second part: heatmaps readable at any width, the Overview's stance chart
without pairs no model read, Compare's "What changed" by a stated rule that stays cleared when cleared.

Each test reads the drawn page (SVG boxes, texts, the URL), so it fails on the code before these changes:
cell text cut at the plot's edge in a narrow window, unread pairs counted as "none", an unstated 5 % rule,
the default pair back after "Clear all", speaker tables that call sentences "quotations".
"""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser and used as arguments)
from __future__ import annotations

import itertools
import re

import pytest

from tests.e2e.test_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    FIRST_ANALYSIS_S,
    STEP_S,
    _open_first_run,
    _settled,
    browser,
    page,
    server,
)

pytestmark = pytest.mark.browser

CELLS_JS = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.querySelector('.hm image'));
  const img = plot.querySelector('.hm image').getBoundingClientRect();
  const cols = plot.querySelectorAll('.xtick text').length;
  const cells = [...plot.querySelectorAll('g.heatmap-label text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: r.width, size: parseFloat(t.style.fontSize)};
  });
  const ticks = [...plot.querySelectorAll('.xtick text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {img: {left: img.left, right: img.right, top: img.top, bottom: img.bottom}, cols, cells, ticks};
}"""


@pytest.mark.parametrize("width", [480, 700, 1400])
def test_heatmap_cell_text_fits_its_cell_and_target_names_sit_on_top_at_any_width(server, browser, width):
    ctx = browser.new_context(viewport={"width": width, "height": 1400})
    pg = ctx.new_page()
    try:
        _open_first_run(pg, server)
        pg.goto(f"{server}/stance?{pg.url.split('?', 1)[1]}")
        pg.locator(".js-plotly-plot .hm image").first.wait_for(timeout=STEP_S * 1000)
        pg.wait_for_timeout(1500)
        plot = pg.locator(".js-plotly-plot").filter(has=pg.locator(".hm image")).first
        plot.scroll_into_view_if_needed()
        plot.screenshot(path=str(ARTIFACTS / f"17-heatmap-{width}px.png"))
        got = pg.evaluate(CELLS_JS)
        img, cell_w = got["img"], (got["img"]["right"] - got["img"]["left"]) / got["cols"]
        assert got["cells"], "the heatmap draws its cell labels"
        for c in got["cells"]:  # inside the plot (nothing cut at its edge) and no wider than a cell
            assert img["left"] - 1 <= c["left"] and c["right"] <= img["right"] + 1, c
            assert c["width"] <= cell_w + 1 and c["size"] >= 6, (c, cell_w)
        ticks = sorted(got["ticks"], key=lambda t: t["left"])
        assert all(t["bottom"] <= img["top"] + 1 for t in ticks)  # target names on top of the cells
        for a, b in itertools.pairwise(ticks):  # neighbours never run together
            assert a["right"] <= b["left"] + 1 or a["bottom"] <= b["top"] + 1, (a, b)
    finally:
        ctx.close()


def test_overview_stance_chart_shows_pairs_no_model_read_apart(server, page):
    _open_first_run(page, server)
    chart = page.locator(".js-plotly-plot").filter(has_text="Stance per target").first
    chart.wait_for(timeout=STEP_S * 1000)
    chart.scroll_into_view_if_needed()
    title = chart.locator(".gtitle").text_content() or ""
    labels = chart.locator(".ytick text").all_text_contents()
    chart.screenshot(path=str(ARTIFACTS / "17-overview-stance-not-read.png"))
    counts = [re.search(r"(\d+) of (\d+) read", t) for t in labels]
    assert counts and all(counts), labels  # each target says how many of its units a model read
    left_out = sum(int(m[2]) - int(m[1]) for m in counts if m)
    assert left_out > 0 and f"{left_out} of " in title and "no model read" in title, title


def test_compare_states_its_rule_moves_with_the_threshold_and_stays_cleared(server, page):
    _open_first_run(page, server)
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Compare").click()
    page.get_by_text("What changed").first.wait_for(timeout=FIRST_ANALYSIS_S * 1000)
    page.get_by_text("percentage points (pp)").first.wait_for(timeout=STEP_S * 1000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "0 % in the first statement" in body and "at least 5 percentage points" in body
    for line in re.findall(r"Dropped topics: (.*)", body):  # each with its share before, which was > 0
        assert line == "—" or all(float(x) > 0 for x in re.findall(r"was ([\d.]+) %", line)), line
    assert "counted in sentences" in body  # the shipped UN speeches are read by sentences
    # (the tables themselves are canvases; tests/test_app_compare.py reads their "Sentences" column)
    page.screenshot(path=str(ARTIFACTS / "17-compare-rule.png"), full_page=True)

    page.get_by_role("button", name="Clear all").first.click()
    page.get_by_text("Pick two or more statements to compare").wait_for(timeout=STEP_S * 1000)
    _settled(page, "cmp=none")
    page.wait_for_timeout(3000)  # a rerun that put the default pair back would show it by now
    assert page.get_by_text("Pick two or more statements to compare").is_visible()
    assert page.locator("[data-testid='stMain'] .js-plotly-plot").count() == 0
