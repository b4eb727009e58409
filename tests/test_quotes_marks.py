"""Pairing quote marks: styles, nesting, paragraphs and unbalanced marks (no models involved)."""

from __future__ import annotations

import pytest

from statement_lens.quotes.marks import UNMATCHED, find_marked_quotes


def _contents(text: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for q in find_marked_quotes(text):
        body = " | ".join(text[s:e] for s, e in q.parts) if q.parts else text[q.start : q.end]
        out.append((body, q.flags))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('a "b c" d "e f" g', [("b c", ()), ("e f", ())], id="straight-pairs"),
        pytest.param("a “b c” d", [("b c", ())], id="curly"),
        pytest.param("a „b c“ d", [("b c", ())], id="low-high"),
        pytest.param("a «b c» d", [("b c", ())], id="guillemets"),
        pytest.param('a “b c" d', [("b c", ())], id="mixed-curly-open-straight-close"),
        pytest.param(
            'x: "He read “War and Peace” twice." y', [("He read “War and Peace” twice.", ())], id="nested"
        ),
        pytest.param(
            "\n\n”Typed backwards,” she said.", [("Typed backwards,", ())], id="closing-mark-as-opener"
        ),
        pytest.param(
            "“A fascist?“ he asked. “No.”", [("A fascist?", ()), ("No.", ())], id="opening-mark-as-closer"
        ),
        pytest.param(
            '"One paragraph.\n\n"Another one."', [("One paragraph. | Another one.", ())], id="multi-paragraph"
        ),
        pytest.param(
            '"Left open.\n\n“A new quote.”',
            [("Left open.", (UNMATCHED,)), ("A new quote.", ())],
            id="style-change-is-not-a-continuation",
        ),
        pytest.param(
            'He said "we will win.\n\nNext paragraph.', [("we will win.", (UNMATCHED,))], id="unclosed"
        ),
        pytest.param("He was 6'3\" tall.", [], id="inch-mark"),
        pytest.param("It's Smith's “turn” now.", [("turn", ())], id="apostrophes-ignored"),
        pytest.param("‘Single quotes,’ said the Briton.", [("Single quotes,", ())], id="british-single"),
        pytest.param(
            '<tweet author="someone">Text "quoted" here</tweet>', [("quoted", ())], id="markup-masked"
        ),
        pytest.param("ten people â€“ mainly students â€“ left", [], id="mojibake-dash"),
        pytest.param("", [], id="empty"),
    ],
)
def test_find_marked_quotes(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert _contents(text) == expected


def test_offsets_exclude_marks() -> None:
    text = 'He said "we will win" today.'
    (q,) = find_marked_quotes(text)
    assert text[q.open_mark] == '"' and q.close_mark is not None and text[q.close_mark] == '"'
    assert (q.start, q.end) == (q.open_mark + 1, q.close_mark)
