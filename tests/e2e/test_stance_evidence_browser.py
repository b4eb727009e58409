"""Browser: the seed's Stance page shows Russia against for q2/q3, and the words each label was read from.

Real models (stance.lens.v2) on a fresh server and data directory; screenshots in ``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import STEP_S, _open_first_run, _settled, _shot, browser, page, server

pytestmark = pytest.mark.browser
__all__ = ["browser", "page", "server"]  # fixtures used below

_CELL = """([row, col]) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.data && g.data[0].type === 'heatmap');
  const h = gd._fullData[0];
  const r = [...h.y].findIndex(y => String(y).startsWith(row + ' '));
  const c = [...h.x].findIndex(x => String(x).replace(/<br>/g, ' ') === col);
  if (r < 0 || c < 0) return {missing: true, y: [...h.y], x: [...h.x]};
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  return {z: h.z[r][c], text: h.text[r][c], evidence: h.customdata[r][c],
          x: box.left + xa._offset + xa.l2p(c), y: box.top + ya._offset + ya.l2p(r)};
}"""


def test_stance_page_shows_russia_against_and_the_words_each_label_was_read_from(server, page):
    _open_first_run(page, server)
    page.get_by_role("link", name="Stance").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=STEP_S * 1000)
    _settled(page)
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')].some(g => g.data && g.data[0].type === 'heatmap')",
        timeout=STEP_S * 1000,
    )
    for row in ("q2", "q3"):
        cell = page.evaluate(_CELL, [row, "Russia"])
        assert not cell.get("missing"), cell
        assert cell["z"] < 0 and cell["text"].startswith("against"), cell  # the against colour
        assert "«Russia»" in cell["evidence"], cell
    assert page.evaluate(_CELL, ["q0", "Russia"])["text"] == "not<br>named"  # two short lines in a cell
    cell = page.evaluate(_CELL, ["q2", "Russia"])
    page.mouse.move(cell["x"], cell["y"])
    hover = page.locator(".hovertext").first
    hover.wait_for(timeout=10_000)
    tip = hover.text_content() or ""
    assert "Read from" in tip and "Russia" in tip, tip
    _shot(page, "13-stance-hover-evidence")
    box = page.get_by_label("Show the words a label was read from")
    box.click()
    page.get_by_role("option", name="q2 → Russia").first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('.sl-evidence mark')].some(m => m.textContent.startsWith('Russia'))",
        timeout=STEP_S * 1000,
    )
    assert "read from the sentence" in page.locator(".sl-evidence").first.inner_text()
    _shot(page, "13-stance-evidence-panel")
    assert page.dialogs == []
