"""HTML → main text with trafilatura (navigation, footers and other boilerplate dropped).

trafilatura's time grows with the number of tags (a 5.6 MB page took 45 s on a 2-core machine), so a
page whose visible text exceeds ``MAX_TEXT_CHARS`` is refused after a fast plain-text pass, and a page
with more than ``MAX_HTML_EXTRACT_TAGS`` tags keeps all its text without boilerplate removal.

The page's title is put on the first line when the extracted text does not already start with it,
so that it becomes the statement's title span. Metadata (date, site name, author) comes from the
page's own markup only; dates are not guessed from the body text here (see :mod:`.metadata`).
"""

from __future__ import annotations

from dataclasses import dataclass

from statement_lens.errors import EmptyInputError, InputTooLargeError
from statement_lens.ingest.limits import MAX_HTML_EXTRACT_TAGS, MAX_TEXT_CHARS


@dataclass(frozen=True)
class HtmlText:
    """Main text of a page and its metadata."""

    text: str
    title: str | None
    date: str | None
    sitename: str | None
    author: str | None
    warnings: tuple[str, ...] = ()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def read_html(html: str, *, url: str | None = None) -> HtmlText:
    """Extract the main text and metadata of an HTML page.

    Raises:
        EmptyInputError: the page has no readable text.
    """
    import trafilatura

    all_text = trafilatura.html2txt(html) or ""  # fast; an upper bound on the main text's length
    if len(all_text) > MAX_TEXT_CHARS:
        raise InputTooLargeError(
            f"The page holds {len(all_text):,} characters of text; the limit is {MAX_TEXT_CHARS:,} "
            "(MAX_TEXT_CHARS). Copy the part you need and paste it instead."
        )
    n_tags = html.count("<")
    if n_tags > MAX_HTML_EXTRACT_TAGS:
        body = all_text.strip()
        if not body:
            raise EmptyInputError(
                "The HTML page has no readable text. "
                "Copy the statement's text from your browser and paste it."
            )
        warning = (
            f"The page has {n_tags:,} HTML tags, more than {MAX_HTML_EXTRACT_TAGS:,} "
            "(MAX_HTML_EXTRACT_TAGS), so menus and footers were not removed: all of its text was kept."
        )
        return HtmlText(text=body, title=None, date=None, sitename=None, author=None, warnings=(warning,))
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    extracted = getattr(doc, "text", None) if doc is not None else None
    body = extracted.strip() if isinstance(extracted, str) else ""
    if not body:
        body = all_text.strip()
    if not body:
        raise EmptyInputError(
            "The HTML page has no readable text (it may be built by JavaScript or be only images). "
            "Copy the statement's text from your browser and paste it instead."
        )
    title = _clean(getattr(doc, "title", None))
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return HtmlText(
        text=body,
        title=title,
        date=_clean(getattr(doc, "date", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
        author=_clean(getattr(doc, "author", None)),
    )
