"""Long texts go through spaCy in pieces whose docs join back into one doc with the same text."""

from __future__ import annotations

import pytest

from statement_lens.text import nlp


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("First paragraph here.\n\nSecond one.\n\nThird.", 20),
        ("one line\nanother line\nlast line", 12),
        ("words without any line break at all", 10),
        ("x" * 95, 10),
        ("short", 100),
    ],
)
def test_split_pieces_rebuilds_the_text_within_the_limit(text: str, limit: int) -> None:
    pieces = nlp.split_pieces(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_split_pieces_prefers_paragraph_breaks() -> None:
    pieces = nlp.split_pieces("Alpha beta gamma.\n\nDelta epsilon zeta eta.", 30)
    assert pieces[0] == "Alpha beta gamma.\n\n"


@pytest.mark.real_models
def test_run_joins_pieces_into_one_doc_with_offsets_into_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "Jens Stoltenberg met Antony Blinken in Brussels on Tuesday.\n\n"
    text = paragraph * 40
    monkeypatch.setattr(nlp, "PIECE_CHARS", 200)
    (doc,) = nlp.run([text], disable=nlp.NER_ONLY)
    assert doc.text == text
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert len(people) >= 40
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
