"""Bad input never gives a traceback: each case raises an InputError whose message says what to do."""

from __future__ import annotations

import pickle
import random
import zipfile
from pathlib import Path

import pytest

from statement_lens.errors import (
    EmptyInputError,
    InputError,
    InputTooLargeError,
    StatementLensError,
    UnsupportedFormatError,
    UnsupportedLanguageError,
)
from statement_lens.ingest import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, load_statement, statement_from_text
from statement_lens.ingest.docx import check_archive
from statement_lens.ingest.limits import MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNCOMPRESSED_BYTES
from tests.fixtures.ingest.builders import ENGLISH, PNG_1PX, add_zip_entry, make_docx, make_pdf, make_zip

GOOD_PDF = make_pdf(["Title line", ENGLISH[:100]])
GOOD_DOCX = make_docx([ENGLISH])

BAD_UPLOADS = [
    # id, bytes, file name, error, words the message must contain
    ("empty-file", b"", "s.txt", EmptyInputError, "empty"),
    ("whitespace-only", b"  \n\t \r\n  ", "s.txt", EmptyInputError, "whitespace"),
    ("only-quote-marks", b'"' * 500, "s.txt", EmptyInputError, "no words"),
    ("binary-junk", random.Random(7).randbytes(4096), None, UnsupportedFormatError, "binary"),
    (
        "binary-junk-named-txt",
        b"\x01\x02\x03junk\x00\x04" * 200,
        "notes.txt",
        UnsupportedFormatError,
        "binary",
    ),
    ("png-named-txt", PNG_1PX, "statement.txt", UnsupportedFormatError, "PNG image"),
    ("elf-executable", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, None, UnsupportedFormatError, "executable"),
    (
        "windows-exe",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,
        "x.txt",
        UnsupportedFormatError,
        "executable",
    ),
    ("gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 50, None, UnsupportedFormatError, "gzip"),
    ("corrupt-pdf", b"%PDF-1.4\n" + random.Random(1).randbytes(2000), "s.pdf", InputError, "PDF"),
    ("truncated-pdf", GOOD_PDF[: len(GOOD_PDF) // 2], "s.pdf", InputError, "PDF"),
    ("pdf-without-text", make_pdf([]), "scan.pdf", EmptyInputError, "OCR"),
    ("pdf-named-but-text", b"this is not a pdf at all", "s.pdf", UnsupportedFormatError, "not a valid PDF"),
    ("zip-not-docx", make_zip({"a.txt": b"hello"}), "s.docx", UnsupportedFormatError, "not a Word"),
    ("truncated-docx", GOOD_DOCX[:2000], "s.docx", UnsupportedFormatError, "damaged"),
    (
        "docx-zip-bomb",
        add_zip_entry(GOOD_DOCX, "word/media/bomb.bin", b"\x00" * (3 * 2**20)),
        "bomb.docx",
        InputTooLargeError,
        "zip bomb",
    ),
    (
        "unknown-extension",
        ENGLISH.encode(),
        "statement.xyz",
        UnsupportedFormatError,
        "'.xyz' are not supported",
    ),
    (
        "old-word-doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "s.doc",
        UnsupportedFormatError,
        ".docx",
    ),
    (
        "old-word-content",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        None,
        UnsupportedFormatError,
        "Office",
    ),
    ("executable-extension", ENGLISH.encode(), "run.exe", UnsupportedFormatError, "not supported"),
    (
        "french",
        ("Le gouvernement a décidé de renforcer la production d'armes. " * 5).encode(),
        None,
        UnsupportedLanguageError,
        "Only English",
    ),
    (
        "html-without-text",
        b"<html><body><script>var a = 1;</script></body></html>",
        "p.html",
        EmptyInputError,
        "paste",
    ),
]


@pytest.mark.parametrize(
    ("data", "filename", "error", "words"),
    [case[1:] for case in BAD_UPLOADS],
    ids=[case[0] for case in BAD_UPLOADS],
)
def test_bad_upload_raises_a_clear_input_error(
    data: bytes, filename: str | None, error: type[InputError], words: str
) -> None:
    with pytest.raises(error) as info:
        load_statement(data, filename=filename)
    assert isinstance(info.value, StatementLensError)
    message = str(info.value)
    assert words.lower() in message.lower()
    assert len(message) > 40  # says what was wrong *and* what to do
    assert "Traceback" not in message


def test_fifty_megabyte_upload_is_refused_by_the_documented_limit() -> None:
    data = b"a " * (25 * 2**20)
    assert len(data) > MAX_UPLOAD_BYTES
    with pytest.raises(InputTooLargeError, match="MAX_UPLOAD_BYTES") as info:
        load_statement(data, filename="huge.txt")
    assert "50.0 MB" in str(info.value)


def test_five_megabyte_text_is_accepted() -> None:
    text = "The allies agreed to do more. " * (5 * 2**20 // 30)
    statement = load_statement(text.encode(), filename="long.txt")
    assert len(statement.text) > 5_000_000


def test_text_over_the_documented_limit_is_refused() -> None:
    text = "The allies agreed to do more. " * (MAX_TEXT_CHARS // 30 + 1)
    assert len(text) > MAX_TEXT_CHARS
    with pytest.raises(InputTooLargeError, match="MAX_TEXT_CHARS") as info:
        statement_from_text(text)
    assert f"{MAX_TEXT_CHARS:,}" in str(info.value) and "statement-lens corpus analyze" in str(info.value)


def test_the_cli_exits_2_on_a_file_over_the_text_limit_saying_how_to_split_it(tmp_path, capsys) -> None:
    from statement_lens.cli import main

    big = tmp_path / "transcript.txt"
    big.write_text("The allies agreed to do more. " * (MAX_TEXT_CHARS // 30 + 1), encoding="utf-8")
    code = main(["analyze", str(big), "--data-dir", str(tmp_path / "d"), "--stance", "stance.fake",
                 "--summarizer", "summarizer.fake"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "MAX_TEXT_CHARS" in err and "split -C 5M" in err and "Traceback" not in err


def test_pickle_upload_is_refused_and_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "was_unpickled"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    with pytest.raises(UnsupportedFormatError, match="pickle"):
        load_statement(pickle.dumps(Exploit()), filename="data.txt")
    assert not marker.exists()


class _Info:
    """Stands in for zipfile.ZipInfo: only the sizes the check reads."""

    def __init__(self, file_size: int, compress_size: int) -> None:
        self.file_size = file_size
        self.compress_size = compress_size


@pytest.mark.parametrize(
    ("infos", "words"),
    [
        (
            [_Info(MAX_ARCHIVE_UNCOMPRESSED_BYTES // 2, MAX_ARCHIVE_UNCOMPRESSED_BYTES // 4)] * 3,
            "unpack to more",
        ),
        ([_Info(10, 10)] * (MAX_ARCHIVE_ENTRIES + 1), "files"),
        ([_Info(50 * 2**20, 1024)], "zip bomb"),
    ],
    ids=["total-size", "entry-count", "ratio"],
)
def test_archive_check_refuses_zip_bombs_from_the_directory_alone(infos: list, words: str) -> None:
    with pytest.raises(InputTooLargeError, match=words):
        check_archive(infos)


def test_archive_check_accepts_a_normal_docx() -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(GOOD_DOCX)) as zf:
        check_archive(zf.infolist())


@pytest.mark.parametrize(
    ("path_kind", "words"),
    [("missing", "does not exist"), ("folder", "not a regular file"), ("device", "not a regular file")],
)
def test_bad_paths_raise_input_errors(tmp_path: Path, path_kind: str, words: str) -> None:
    path = {"missing": tmp_path / "nope.txt", "folder": tmp_path, "device": Path("/dev/null")}[path_kind]
    with pytest.raises(InputError, match=words):
        load_statement(path)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("Pasted text with\nseveral lines instead of a path", InputError),
        ("ftp://example.org/statement.txt", InputError),
        ("file:///etc/passwd", InputError),
    ],
)
def test_load_statement_refuses_text_and_non_http_urls(source: str, error: type[InputError]) -> None:
    with pytest.raises(error):
        load_statement(source)


def test_declared_image_media_type_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="image/png"):
        load_statement(ENGLISH.encode(), media_type="image/png")


def test_statement_from_text_refuses_non_strings() -> None:
    with pytest.raises(InputError, match="expects a string"):
        statement_from_text(b"bytes")  # type: ignore[arg-type]


def test_unbalanced_quote_marks_are_fine_at_ingest() -> None:
    text = 'He said "we will act. ' + ENGLISH
    assert statement_from_text(text).text == text


def test_missing_path_that_looks_like_a_web_address_suggests_https() -> None:
    with pytest.raises(InputError, match="start it with https://"):
        load_statement("www.nato.int/cps/en/natohq/opinions.htm")
