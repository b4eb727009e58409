"""PDF paragraphs rebuilt from line positions: gaps, indents, columns, margins, hyphens, ligatures."""

from __future__ import annotations

from statement_lens.ingest.pdf_layout import Line, drop_margins, normalise_compat, paragraphs


def _column(
    texts: list[str], *, page: int = 0, x: float = 72, top: float = 700, gap: float = 14
) -> list[Line]:
    return [Line(page, x, top - i * gap, 12, t) for i, t in enumerate(texts)]


def test_lines_wrapped_inside_a_paragraph_are_joined_and_a_wide_gap_starts_the_next() -> None:
    lines = _column(["The allies agreed to do", "more for Ukraine, he said on", "Friday in Brussels today."])
    lines += _column(["Another paragraph starts", "here and goes on for a while."], top=640)
    assert paragraphs(lines) == [
        "The allies agreed to do more for Ukraine, he said on Friday in Brussels today.",
        "Another paragraph starts here and goes on for a while.",
    ]


def test_a_first_line_indent_starts_a_paragraph() -> None:
    lines = _column(["First paragraph line one goes", "on to its end in this line."])
    lines.append(Line(0, 90, 672, 12, "Indented second paragraph"))
    lines.append(Line(0, 72, 658, 12, "continues on this line here."))
    assert len(paragraphs(lines)) == 2


def test_a_word_hyphenated_at_a_line_end_is_joined_and_a_compound_before_a_capital_keeps_its_hyphen() -> None:
    lines = _column(
        [
            "the production of weapons and ammu-",
            "nition rose sharply last year in the Indo-",
            "Pacific region, the allies said today.",
        ]
    )
    assert paragraphs(lines) == [
        "the production of weapons and ammunition rose sharply last year in the Indo-Pacific region, "
        "the allies said today."
    ]


def test_a_paragraph_goes_on_into_the_next_column_when_its_line_did_not_end_a_sentence() -> None:
    left = _column(["The Secretary General said that the", "allies must produce more and"])
    right = _column(["deliver faster to Ukraine this year.", "That was all he said on the day."], x=320)
    assert paragraphs(left + right) == [
        "The Secretary General said that the allies must produce more and deliver faster to Ukraine "
        "this year. That was all he said on the day."
    ]


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    pages = []
    for number in range(2):
        body = _column([f"Body text of page {number} that is long enough."], page=number, top=600)
        header = Line(number, 250, 770, 8, "NATO press report")
        footer = Line(number, 300, 30, 8, f"Page {number + 1} of 2")
        pages.append([header, *body, footer])
    kept = drop_margins(pages, [792.0, 792.0])
    assert [[ln.text for ln in page] for page in kept] == [
        ["Body text of page 0 that is long enough."],
        ["Body text of page 1 that is long enough."],
    ]


def test_ligatures_become_letters_and_the_ellipsis_stays() -> None:
    assert normalise_compat("diﬀerence ﬁrst e\u00adnough…") == "difference first enough…"
