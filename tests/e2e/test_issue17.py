"""Issue 17 in headless Chromium: settings keep the analyst's targets, filters stay in sight, a speech read
by its sentences is its speaker's, the Library says what happened, long heatmaps page. Screenshots of
Overview, Stance and Compare for the seed and for a State of the Union address go to ``test-artifacts/``.

The speech test reads ``../shared/data`` and is skipped where that is absent.
"""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser and used as arguments)
from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import (  # noqa: F401  (fixtures)
    FIRST_ANALYSIS_S,
    ROOT,
    STEP_S,
    _open_first_run,
    _settled,
    _shot,
    browser,
    page,
    server,
)

pytestmark = pytest.mark.browser
SOTU = ROOT.parent / "shared" / "data" / "speeches" / "state_of_the_union" / "speeches" / "2022-Biden-1.txt"


def _go(page, name: str, wait: str = ".js-plotly-plot") -> None:
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=name).click()
    page.locator(wait).first.wait_for(timeout=FIRST_ANALYSIS_S * 1000)
    page.wait_for_timeout(1500)


def _add_targets(page, text: str, expect: str) -> None:
    box = page.get_by_role("textbox", name="Add targets", exact=True)
    box.fill(text)
    page.get_by_role("button", name="Update targets").click()
    page.get_by_text(expect).first.wait_for(timeout=FIRST_ANALYSIS_S * 1000)


def _targets_in_heatmap(page) -> str:
    return page.eval_on_selector_all(
        ".js-plotly-plot .xtick text", "els => els.map(e => e.textContent).join(' ')"
    )


def _wait_for_target(page, name: str) -> None:
    """Wait until the redrawn heatmap has a column for ``name`` (the chart redraws after the message)."""
    page.wait_for_function(
        "name => [...document.querySelectorAll('.js-plotly-plot .xtick text')]"
        ".some(t => t.textContent.includes(name))",
        arg=name,
        timeout=FIRST_ANALYSIS_S * 1000,
    )


def test_a_bar_click_filter_is_visible_and_clearable_on_every_page(server, page):
    _open_first_run(page, server)
    bar = page.locator(".js-plotly-plot").first.locator("g.point path").nth(1)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _settled(page, "topic=")
    topic = page.url.split("topic=")[1].split("&")[0].replace("+", " ").replace("%20", " ")
    _shot(page, "17-02-overview-topic-chip")
    chip = page.locator("button", has_text=f"Topic: {topic}").first
    chip.wait_for(timeout=STEP_S * 1000)  # on the Overview itself
    _go(page, "Quotations", ".sl-text")
    page.locator("button", has_text=f"Topic: {topic}").first.wait_for(timeout=STEP_S * 1000)
    assert page.get_by_text("quotations match.").first.is_visible()  # "N of M quotations match."
    _shot(page, "17-02-quotations-topic-chip")
    page.get_by_role("button", name="Clear filters").click()
    page.get_by_text("Filters: none").first.wait_for(timeout=STEP_S * 1000)
    assert "topic=" not in page.url


def test_saving_settings_keeps_targets_added_on_the_stance_page(server, page):
    _open_first_run(page, server)
    _go(page, "Stance")
    _add_targets(page, "Putin", "Computed stance for 1 new target")
    _wait_for_target(page, "Putin")
    # another spelling of a target (the seed's proposed "defense industry") is offered as that one (item 5)
    _add_targets(page, "defence industry", "is the same target as “defense industry”: kept as one")
    assert "defence" not in _targets_in_heatmap(page)

    _go(page, "Settings", "textarea")
    page.get_by_role("textbox", name=re.compile("^Default stance targets")).fill("NATO\nRussia\nChina")
    page.get_by_text("Also find reported speech without quote marks").click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("This re-analyses 1 statement").wait_for(timeout=STEP_S * 1000)
    _shot(page, "17-01-settings-confirm")
    page.get_by_role("button", name="Save and re-analyse").click()
    page.get_by_text("Saved. Default targets apply to statements without targets").wait_for(
        timeout=STEP_S * 1000
    )
    _go(page, "Stance")  # re-analysed with reported speech on: the analyst's target is still there
    _wait_for_target(page, "Putin")
    names = _targets_in_heatmap(page)
    assert "Putin" in names and "China" not in names
    _shot(page, "17-01-stance-after-settings")


def test_library_says_what_happened(server, page):
    _open_first_run(page, server)
    _go(page, "Library", "[data-testid='stFileUploaderDropzone']")
    page.get_by_role("tab", name="Paste text").click()
    page.get_by_role("button", name="Add and analyse").click()
    page.get_by_text("The text is empty").wait_for(timeout=STEP_S * 1000)
    page.get_by_role("textbox", name="Statement text", exact=True).fill("Hello world")
    page.get_by_role("button", name="Add and analyse").click()
    page.get_by_text("too short to analyse").wait_for(timeout=STEP_S * 1000)
    seed = (ROOT / "src" / "statement_lens" / "ui" / "seed.txt").read_bytes()
    page.get_by_role("tab", name="Upload a file").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "again.txt", "mimeType": "text/plain", "buffer": seed}]
    )
    page.get_by_text("Already in the library as").wait_for(timeout=STEP_S * 1000)
    assert page.get_by_text("nothing new was stored").first.is_visible()
    _shot(page, "17-05-library-duplicate")


@pytest.mark.skipif(not SOTU.is_file(), reason="../shared/data (State of the Union 2022) is absent")
def test_a_state_of_the_union_is_the_presidents_read_by_sentences(server, page):
    _open_first_run(page, server)
    for name in ("Overview", "Stance", "Compare"):  # the seed first
        _go(page, name)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ROOT / "test-artifacts" / f"17-seed-{name.lower()}.png"), full_page=True)
    _go(page, "Library", "[data-testid='stFileUploaderDropzone']")
    page.locator("input[type=file]").set_input_files(str(SOTU))
    page.get_by_text("It is now the current statement").wait_for(timeout=FIRST_ANALYSIS_S * 2000)
    _go(page, "Overview")
    assert page.get_by_text("Sentences analysed").first.is_visible()
    cards = " ".join(page.locator(".sl-card").all_inner_texts())
    # the statement's speaker: its metadata (the shipped example of this speech) or its "The President." label
    assert ("Biden" in cards or "The President" in cards) and "unknown speaker" not in cards.lower()
    assert "not about this target" in cards  # pairs the gate kept from the model: words, no number
    page.screenshot(path=str(ROOT / "test-artifacts" / "17-sotu-overview.png"), full_page=True)

    _go(page, "Quotations", ".sl-text")
    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert " sentences" in body and "quotations match" not in body
    _go(page, "Stance")
    assert page.get_by_text("Strongest stance first").is_visible()  # a long statement: top rows or pages
    assert "“The President.”" not in _row_labels(page)  # a turn label is no row: it is not content
    page.screenshot(path=str(ROOT / "test-artifacts" / "17-sotu-stance.png"), full_page=True)
    _go(page, "Compare")
    page.screenshot(path=str(ROOT / "test-artifacts" / "17-sotu-compare.png"), full_page=True)


def _row_labels(page) -> str:
    return page.eval_on_selector_all(
        ".js-plotly-plot .ytick text", "els => els.map(e => e.textContent).join(' ')"
    )
