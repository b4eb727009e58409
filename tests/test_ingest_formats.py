"""Each supported format, from a path and from upload bytes, ends in the same kind of Statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from statement_lens.ingest import load_statement, statement_from_text
from statement_lens.ingest.detect import (
    DOCX,
    HTML,
    MARKDOWN,
    PDF,
    TEXT,
    extension_hint,
    safe_display_name,
    sniff,
)
from statement_lens.types import Statement
from tests.fixtures.ingest.builders import ENGLISH, make_docx, make_pdf

HEADLINE = "Stoltenberg: Allies must ramp up production"

HTML_PAGE = f"""<!doctype html>
<html><head><title>{HEADLINE} | NATO</title>
<meta property="og:site_name" content="NATO">
<meta name="date" content="2023-02-14">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> Accept cookies</nav>
<article><h1>{HEADLINE}</h1>
<p>{ENGLISH}</p>
<p>"We need more ammunition, and we need it now," he said at the press conference in Brussels.</p>
</article>
<footer>Copyright 2023 NATO. All rights reserved. Privacy policy.</footer>
</body></html>"""


def _check_offsets(statement: Statement) -> None:
    if statement.title_span is not None:
        assert statement.text[statement.title_span.start : statement.title_span.end] == statement.title


def _docs() -> dict[str, bytes]:
    return {
        "txt": f"{HEADLINE}\n{ENGLISH}\n".encode(),
        "md": f"# {HEADLINE}\n\n**Source:** NATO\n\n{ENGLISH}\n".encode(),
        "html": HTML_PAGE.encode(),
        "pdf": make_pdf([HEADLINE, ENGLISH[:80], ENGLISH[80:160], ENGLISH[160:]], title=HEADLINE),
        "docx": make_docx([ENGLISH, "Second paragraph of the statement."], title=HEADLINE),
    }


EXPECTED_TYPE = {"txt": TEXT, "md": MARKDOWN, "html": HTML, "pdf": PDF, "docx": DOCX}


@pytest.mark.parametrize("ext", ["txt", "md", "html", "pdf", "docx"])
def test_every_format_loads_from_a_path_with_its_headline_as_title(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"statement.{ext}"
    path.write_bytes(_docs()[ext])
    statement = load_statement(path)
    assert statement.media_type == EXPECTED_TYPE[ext]
    assert statement.title == HEADLINE
    assert statement.title_span is not None and statement.title_span.start <= 2
    _check_offsets(statement)
    assert "Jens Stoltenberg" in statement.text
    assert statement.origin == str(path)


@pytest.mark.parametrize("ext", ["txt", "md", "html", "pdf", "docx"])
def test_every_format_loads_from_upload_bytes_without_a_name(ext: str) -> None:
    statement = load_statement(_docs()[ext])
    expected = TEXT if ext == "md" else EXPECTED_TYPE[ext]  # Markdown is plain text without its name
    assert statement.media_type == expected
    assert "Jens Stoltenberg" in statement.text
    assert statement.origin == "upload"
    _check_offsets(statement)


def test_html_keeps_the_article_and_drops_boilerplate_and_reads_metadata() -> None:
    statement = load_statement(HTML_PAGE.encode(), filename="page.html")
    assert "cookies" not in statement.text and "All rights reserved" not in statement.text
    assert "We need more ammunition" in statement.text
    assert statement.title == HEADLINE
    assert statement.source == "NATO"
    assert statement.date == "2023-02-14"


def test_markdown_source_line_is_detected() -> None:
    assert load_statement(_docs()["md"], filename="s.md").source == "NATO"


def test_pdf_paragraphs_are_separated_by_the_gap_between_them(tmp_path: Path) -> None:
    from statement_lens.ingest.pdf import read_pdf

    lines = ["First line of text", "goes on here", "", "Second line of text", "goes on too"]
    text = read_pdf(make_pdf(lines)).text
    assert text.splitlines() == ["First line of text goes on here", "Second line of text goes on too"]


def test_docx_reads_tables_in_document_order() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell"
    table.cell(0, 1).text = "Right cell"
    document.add_paragraph("After the table.")
    buf = io.BytesIO()
    document.save(buf)
    text = load_statement(buf.getvalue(), filename="t.docx").text
    assert text == "Before the table.\nLeft cell | Right cell\nAfter the table."


def test_content_decides_the_type_and_a_wrong_extension_is_only_a_hint() -> None:
    statement = load_statement(_docs()["pdf"], filename="statement.txt")
    assert statement.media_type == PDF
    assert any("really application/pdf" in w for w in statement.warnings)
    assert load_statement(_docs()["html"], filename="page.txt").media_type == HTML


def test_statement_with_ten_thousand_quote_marks_is_ingested_unchanged() -> None:
    text = HEADLINE + "\n" + 'He said "yes" and "no". ' * 2500 + '"' * 10
    statement = statement_from_text(text)
    assert statement.text == text
    assert statement.text.count('"') == 10_010


def test_statement_round_trips_through_dict() -> None:
    statement = load_statement(_docs()["txt"], filename="s.txt")
    assert Statement.from_dict(statement.to_dict()) == statement


@pytest.mark.parametrize(
    ("filename", "ext", "label"),
    [
        ("../../etc/passwd.txt", "txt", "passwd.txt"),
        ("..\\..\\Windows\\evil.PDF", "pdf", "evil.PDF"),
        ("/abs/path/report.final.DOCX", "docx", "report.final.DOCX"),
        ("noext", None, "noext"),
        ("weird<>|name?.md", "md", "weird___name_.md"),
        ("trailing.txt. ", "txt", "trailing.txt"),
        ("", None, "upload"),
        (None, None, "upload"),
    ],
)
def test_user_file_names_give_only_an_extension_hint_and_a_label(
    filename: str | None, ext: str | None, label: str
) -> None:
    assert extension_hint(filename) == ext
    assert safe_display_name(filename) == label


def test_upload_name_never_becomes_a_path_and_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for ext, data in _docs().items():
        statement = load_statement(data, filename=f"../../../tmp/evil/{'x' * 5}.{ext}")
        assert statement.origin == f"xxxxx.{ext}"
    assert list(tmp_path.iterdir()) == []


def test_sniff_prefers_magic_bytes_over_names() -> None:
    assert sniff(b"%PDF-1.4 ...", "txt") == PDF
    assert sniff(b"<!DOCTYPE html><html></html>", None) == HTML
    assert sniff(b"BMW announced record sales.", None) == TEXT  # not mistaken for a BMP image
    assert sniff(b"# Title\n<p>html inside markdown</p>", "md") == MARKDOWN


def test_html_with_too_many_tags_keeps_all_text_with_a_warning() -> None:
    from statement_lens.ingest.limits import MAX_HTML_EXTRACT_TAGS

    rows = "".join(
        f"<p>Row {i}: the allies agreed to do more.</p>" for i in range(MAX_HTML_EXTRACT_TAGS // 2 + 10)
    )
    statement = load_statement(
        f"<html><body><nav>Menu</nav>{rows}</body></html>".encode(), filename="big.html"
    )
    assert "Menu" in statement.text and "Row 0:" in statement.text
    assert any("MAX_HTML_EXTRACT_TAGS" in w for w in statement.warnings)


def test_html_whose_text_exceeds_the_text_limit_is_refused_before_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from statement_lens.errors import InputTooLargeError
    from statement_lens.ingest import html as html_module

    monkeypatch.setattr(html_module, "MAX_TEXT_CHARS", 50_000)  # the real limit equals the upload limit
    paragraph = "<p>" + "word " * 2000 + "</p>"
    html = "<html><body>" + paragraph * 10 + "</body></html>"
    with pytest.raises(InputTooLargeError, match="MAX_TEXT_CHARS"):
        load_statement(html.encode(), filename="huge.html")


def test_pdf_defects_that_pypdf_works_around_become_warnings_not_log_lines(caplog) -> None:
    pdf = _docs()["pdf"].replace(b"startxref\n", b"startxref\n9")  # a wrong xref pointer
    statement = load_statement(pdf, filename="defect.pdf")
    assert statement.title == HEADLINE
    assert any("defects that were worked around" in w for w in statement.warnings)


def test_encrypted_pdf_is_refused_with_a_clear_message() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    from statement_lens.errors import InputError

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_docs()["pdf"])).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="password-protected"):
        load_statement(buf.getvalue(), filename="locked.pdf")
