"""Highlighting: statement text is HTML-escaped everywhere; marks land on the right characters."""

from __future__ import annotations

import html
import re

import pytest

from statement_lens.types import SummarySentence
from statement_lens.ui.highlight import (
    Mark,
    highlight_html,
    md_escape,
    quote_cards_html,
    stance_tags_html,
    summary_list_html,
    summary_marks,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "&lt;b&gt;",
]


def _text_of(fragment: str) -> str:
    """What a browser would show: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inside_and_outside_marks_is_escaped_and_shown_literally(payload):
    text = f'He said "{payload} is fine." Then {payload} again.'
    start = text.index(payload)
    out = highlight_html(text, [Mark(start, start + len(payload) + 9, "sl-quote", title=payload)])
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert _text_of(out) == text


def test_marks_wrap_exactly_their_spans():
    text = "abc def ghi"
    out = highlight_html(text, [Mark(4, 7, "x", anchor="m1")])
    assert out == '<div class="sl-text">abc <mark class="x" id="m1">def</mark> ghi</div>'


def test_overlapping_marks_are_clipped_not_nested():
    out = highlight_html("0123456789", [Mark(2, 6, "a"), Mark(4, 8, "b")])
    assert out.count("<mark") == 2
    assert '<mark class="a">2345</mark><mark class="b">67</mark>' in out


@pytest.mark.parametrize(
    "mark", [Mark(-5, 2, "a"), Mark(8, 50, "a"), Mark(5, 5, "a"), Mark(7, 3, "a")], ids=str
)
def test_out_of_range_or_empty_marks_never_break_the_text(mark):
    text = "0123456789"
    assert _text_of(highlight_html(text, [mark])) == text


def test_attribute_values_are_escaped_with_quotes():
    out = highlight_html("abc", [Mark(0, 3, 'x" onmouseover="alert(1)', title='"><script>')])
    assert 'onmouseover="' not in out and "<script>" not in out


def test_summary_sentences_link_to_their_source_marks():
    sents = (SummarySentence("First <b>.", 0, 5), SummarySentence("No span."))
    marks = summary_marks(sents)
    assert [(m.start, m.end, m.anchor) for m in marks] == [(0, 5, "sl-sum-0")]
    listing = summary_list_html(sents)
    assert 'href="#sl-sum-0"' in listing and "sl-sum-1" not in listing
    assert "First &lt;b&gt;." in listing


def test_stance_chips_mark_low_confidence_for_review():
    out = stance_tags_html([("NATO", "favor", 0.9), ("<x>", "against", 0.3)], 0.6)
    assert 'class="sl-tag sl-favor"' in out and "Needs review" in out and "&lt;x&gt;" in out


def test_quote_cards_escape_text_speaker_and_topic():
    out = quote_cards_html([("<img src=x onerror=alert(1)>", "<b>Bob</b>", "said", "<i>T</i>")], [[]], 0.6)
    assert "<img" not in out and "<b>Bob" not in out and "<i>T" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a*b*", "a\\*b\\*"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("$x$", "\\$x\\$"),
    ],
)
def test_md_escape_neutralises_markdown(raw, escaped):
    assert md_escape(raw) == escaped
