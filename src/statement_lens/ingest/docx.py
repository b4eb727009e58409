"""DOCX → text with python-docx, after checking the archive cannot blow up in memory.

A DOCX file is a ZIP archive. Before python-docx opens it we read only the archive's directory and
refuse it when it declares too many entries, too many uncompressed bytes in total, or an entry whose
compression ratio only a decompression bomb reaches (limits in :mod:`statement_lens.ingest.limits`).
Macros (``.docm``) and embedded objects are never run: only paragraph and table text is read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from statement_lens.errors import EmptyInputError, InputError, InputTooLargeError
from statement_lens.ingest.limits import (
    ARCHIVE_RATIO_MIN_BYTES,
    MAX_ARCHIVE_COMPRESSION_RATIO,
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_UNCOMPRESSED_BYTES,
)

_TITLE_STYLES = frozenset({"title", "heading 1", "heading1"})


@dataclass(frozen=True)
class DocxText:
    """Text of a DOCX and what was noticed while reading it."""

    text: str
    title: str | None  # first paragraph's text when its style is Title / Heading 1
    core_title: str | None  # the document properties' title
    author: str | None


def check_archive(infos: Iterable[zipfile.ZipInfo]) -> None:
    """Refuse a ZIP archive whose directory declares a decompression bomb.

    Raises:
        InputTooLargeError: too many entries, too many bytes, or a suspicious compression ratio.
    """
    total = 0
    for count, info in enumerate(infos, start=1):
        if count > MAX_ARCHIVE_ENTRIES:
            raise InputTooLargeError(
                f"The .docx archive holds more than {MAX_ARCHIVE_ENTRIES:,} files (MAX_ARCHIVE_ENTRIES); "
                "it is not a normal Word document. Save it again from Word or paste the text."
            )
        total += info.file_size
        if total > MAX_ARCHIVE_UNCOMPRESSED_BYTES:
            raise InputTooLargeError(
                f"The .docx would unpack to more than {MAX_ARCHIVE_UNCOMPRESSED_BYTES // 2**20} MB "
                "(MAX_ARCHIVE_UNCOMPRESSED_BYTES), a possible zip bomb. Remove large embedded media "
                "or paste the text."
            )
        if info.file_size >= ARCHIVE_RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_ARCHIVE_COMPRESSION_RATIO:
                raise InputTooLargeError(
                    f"An entry of the .docx compresses {ratio:,.0f}:1 "
                    f"(limit {MAX_ARCHIVE_COMPRESSION_RATIO}:1, MAX_ARCHIVE_COMPRESSION_RATIO), "
                    "a sign of a zip bomb. "
                    "Save the document again from Word or paste the text."
                )


def _block_text(block: object) -> Iterable[str]:
    from docx.table import Table

    if isinstance(block, Table):
        for row in block.rows:
            cells: list[str] = []
            for cell in row.cells:
                cell_text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                if cell_text and (not cells or cells[-1] != cell_text):  # merged cells repeat
                    cells.append(cell_text)
            if cells:
                yield " | ".join(cells)
    else:
        yield getattr(block, "text", "")


def read_docx(data: bytes) -> DocxText:
    """Extract paragraphs (and table rows) in document order, one per line.

    Raises:
        InputTooLargeError: the archive fails :func:`check_archive`.
        InputError: the file is not a readable DOCX.
        EmptyInputError: the document has no text.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_archive(zf.infolist())
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        first_style: str | None = None
        for block in document.iter_inner_content():
            for line in _block_text(block):
                if not lines and line.strip():
                    style = getattr(getattr(block, "style", None), "name", None)
                    first_style = style.lower() if isinstance(style, str) else None
                lines.append(line)
        props = document.core_properties
        core_title = (props.title or "").strip() or None
        author = (props.author or "").strip() or None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise InputError(
            f"The .docx file could not be read: it is damaged or not a Word document ({type(exc).__name__}). "
            "Open it in Word and save it again, or paste the text."
        ) from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError derives from SyntaxError
        raise InputError(
            "The .docx file contains malformed XML. Open it in Word and save it again, or paste the text."
        ) from exc
    # Drop leading/trailing empty paragraphs only; inner blank lines mark paragraph breaks.
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    if not text.strip():
        raise EmptyInputError("The .docx document contains no text. Check the file, or paste the text.")
    title = lines[0].strip() if first_style in _TITLE_STYLES else None
    return DocxText(text=text, title=title, core_title=core_title, author=author)
