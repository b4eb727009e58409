"""Decoding, the offset rule, and the English check."""

from __future__ import annotations

import pytest

from statement_lens.errors import UnsupportedLanguageError
from statement_lens.ingest import load_statement, statement_from_text
from statement_lens.ingest.language import check_english, english_ratio
from statement_lens.ingest.text import decode_bytes, normalise_text

BODY = (
    "The minister said that the government will raise the budget for schools and hospitals, "
    "and that it has asked the parliament to approve the plan before the end of the year."
)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Café “quoted”".encode(), "Café “quoted”", "utf-8"),
        (b"\xef\xbb\xbfhello", "hello", "utf-8"),
        ("hello world".encode("utf-16"), "hello world", "utf-16-le"),
        ("hello world".encode("utf-16-le"), "hello world", "utf-16-le"),
        ("hello world".encode("utf-16-be"), "hello world", "utf-16-be"),
        (b"\xff\xfe\x00\x00" + "hi".encode("utf-32-le"), "hi", "utf-32-le"),
    ],
)
def test_decode_bytes_reads_boms_and_wide_encodings(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_decode_bytes_reads_stray_cp1252_bytes_in_utf8_and_warns() -> None:
    data = "Café – “quoted” and ".encode() + "naïve – ‘single’".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "Café – “quoted” and naïve – ‘single’"
    assert decoded.encoding == "utf-8+cp1252"
    assert len(decoded.warnings) == 1
    assert "Windows-1252" in decoded.warnings[0] and "UTF-8" in decoded.warnings[0]


def test_decode_bytes_uses_a_declared_charset_that_fits() -> None:
    assert decode_bytes("Привет".encode("koi8-r"), declared="koi8-r").text == "Привет"
    assert decode_bytes(b"plain", declared="no-such-codec").text == "plain"


@pytest.mark.parametrize(
    ("raw", "stored", "warning"),
    [
        ("MÃ¼ller said â€œyesâ€\x9d", "Müller said “yes”", "mis-encoded"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree", "Line endings"),
        ("Jose\u0301 Mari\u0301a", "José María", "NFC"),
        ("ﬁnal ½ ｆｕｌｌ", "ﬁnal ½ ｆｕｌｌ", None),  # NFKC is never applied
        ("Åsa and Ðorđe Balašević", "Åsa and Ðorđe Balašević", None),  # real names are not "repaired"
    ],
)
def test_normalise_text_changes_only_what_it_records(raw: str, stored: str, warning: str | None) -> None:
    text, warnings = normalise_text(raw)
    assert text == stored
    if warning is None:
        assert warnings == ()
    else:
        assert any(warning in w for w in warnings)


def test_offsets_refer_to_the_stored_normalised_text() -> None:
    # Decomposed accents and CRLF change the length; the title span must still index Statement.text.
    raw = (
        "Jose\u0301 Gonza\u0301lez: We will act now\r\n" + BODY.replace("minister", "ministe\u0301r") + "\r\n"
    )
    statement = statement_from_text(raw)
    assert statement.title == "José González: We will act now"
    span = statement.title_span
    assert span is not None
    assert statement.text[span.start : span.end] == statement.title
    assert "\r" not in statement.text
    assert statement.text.index("ministér") > span.end
    assert any("NFC" in w for w in statement.warnings)
    assert any("Line endings" in w for w in statement.warnings)


def test_same_text_from_bytes_and_from_paste_is_identical() -> None:
    raw = "Headline about the budget\r\n" + BODY
    pasted = statement_from_text(raw)
    uploaded = load_statement(raw.encode("utf-8"), filename="s.txt")
    assert pasted.text == uploaded.text
    assert pasted.title_span == uploaded.title_span


@pytest.mark.parametrize(
    "text",
    [
        "Le secrétaire général de l'OTAN a déclaré que les alliés doivent augmenter la production "
        "d'armes et de munitions pour soutenir l'Ukraine et reconstituer leurs propres stocks.",
        "Der NATO-Generalsekretär sagte, die Verbündeten müssten die Produktion von Waffen und Munition "
        "erhöhen, um die Ukraine zu unterstützen und ihre eigenen Bestände aufzufüllen.",
        "El secretario general de la OTAN dijo que los aliados deben aumentar la producción de armas y "
        "municiones para apoyar a Ucrania y reponer sus propias reservas.",
        "Генеральный секретарь НАТО заявил, что союзники должны увеличить производство оружия и "
        "боеприпасов, чтобы поддержать Украину и пополнить свои запасы оружия и боеприпасов.",
    ],
    ids=["french", "german", "spanish", "russian"],
)
def test_non_english_text_is_refused_saying_only_english_is_supported(text: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="Only English is supported"):
        statement_from_text(text)


def test_english_text_with_foreign_greeting_passes_the_language_check() -> None:
    check_english("Kam na bane ni mauri! Alii and warm greetings from Palau. " + BODY)
    ratio, words = english_ratio(BODY)
    assert ratio > 0.25 and words > 20


def test_short_text_is_not_judged_for_language() -> None:
    assert statement_from_text("Wir schaffen das.").text == "Wir schaffen das."
