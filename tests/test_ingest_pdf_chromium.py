"""The seed statement printed to PDF by Chromium reads back as the plain text, with the same quotations.

A4 and Letter, one and two columns, a running header and page-number footer on every page, justified
text. Chromium draws ligatures ("ﬀ", "ﬁ") from the serif font, so the text equality also checks their
normalisation. Needs Debian's ``chromium`` and Playwright (skipped with the reason when absent).
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator

import pytest

from statement_lens.ingest import load_statement
from statement_lens.quotes import extract_quotes
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip(
        "Debian chromium is not installed: run `bash scripts/install_chromium.sh`", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

HEADER = "<div style='font-size:8px;width:100%;text-align:center'>NATO press report</div>"
FOOTER = "<div style='font-size:8px;width:100%;text-align:center'>Page <span class=pageNumber></span></div>"


def _page(text: str, columns: int) -> str:
    head, *body = text.strip().split("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    css = "body{font-family:serif;font-size:12pt;text-align:justify} p{margin:0 0 .8em 0}"
    if columns == 2:
        css += " .text{column-count:2;column-gap:2em}"
    body = f"<h1>{html.escape(head)}</h1>{paragraphs}"
    return f"<html lang=en><style>{css}</style><div class=text>{body}</div></html>"


@pytest.fixture(scope="module")
def browser_page() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser.new_page()
        browser.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("columns", [1, 2])
def test_seed_printed_to_pdf_gives_the_text_and_quotations_of_the_plain_text(
    browser_page: object, paper: str, columns: int
) -> None:
    seed = SEED_PATH.read_text(encoding="utf-8")
    browser_page.set_content(_page(seed, columns))  # type: ignore[attr-defined]
    pdf = browser_page.pdf(  # type: ignore[attr-defined]
        format=paper,
        display_header_footer=True,
        header_template=HEADER,
        footer_template=FOOTER,
        margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
    )
    from_pdf = load_statement(pdf, filename="seed.pdf")
    from_text = load_statement(seed.encode(), filename="seed.txt")
    assert from_pdf.text == from_text.text
    assert from_pdf.title == from_text.title
    quotes = extract_quotes(from_pdf.text)
    assert [q.kind for q in quotes] == ["headline", "partial", "direct", "direct", "partial"]
    assert {q.speaker for q in quotes} == {"Jens Stoltenberg"}
    assert [(q.start, q.end, q.text) for q in quotes] == [
        (q.start, q.end, q.text) for q in extract_quotes(from_text.text)
    ]
