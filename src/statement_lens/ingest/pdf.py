"""PDF → text with pypdf (text layer only; scanned pages need OCR first).

Paragraphs are rebuilt from the page layout, running headers, footers and page numbers dropped,
line-end hyphenation undone and ligatures normalised (:mod:`statement_lens.ingest.pdf_layout`); a file
whose runs carry no usable positions falls back to pypdf's plain text, page by page.

pypdf caps decompressed stream sizes itself (``LimitReachedError``); on top of that we read at most
``MAX_PDF_PAGES`` pages and stop once the text passes ``MAX_TEXT_CHARS``. Nothing in the file is run:
pypdf does not execute embedded JavaScript or actions.
"""

from __future__ import annotations

import io
import logging
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

from statement_lens.errors import EmptyInputError, InputError, InputTooLargeError
from statement_lens.ingest.limits import MAX_PDF_PAGES, MAX_TEXT_CHARS
from statement_lens.ingest.pdf_layout import layout_text, normalise_compat

# Exceptions pypdf lets through on damaged files (it parses untrusted bytes with plain Python code).
_DAMAGED = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    RecursionError,
    zlib.error,
    struct.error,
    OSError,
    UnicodeError,
)
PAGE_SEPARATOR = "\n\n"
_PASSWORD = (
    "The PDF is password-protected or encrypted. "
    "Remove the protection (print it to a new PDF) and upload it again."
)


@dataclass(frozen=True)
class PdfText:
    """Text of a PDF and what was noticed while reading it."""

    text: str
    title: str | None
    warnings: tuple[str, ...]


class _Collector(logging.Handler):
    """Collects pypdf's warnings about the file being read in this thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and len(self.messages) < 20:
            self.messages.append(record.getMessage())


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Turn pypdf's log warnings for this read into statement warnings (not lines in a server log).

    The handler is attached to the ``pypdf`` logger only for the duration of the read; propagation is
    untouched, so an application's own logging still sees the records.
    """
    handler = _Collector()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _damaged(exc: BaseException) -> InputError:
    return InputError(
        f"The PDF could not be read: it is damaged or not a real PDF ({type(exc).__name__}). "
        "Open it in a PDF viewer and save or print it to a new PDF, or paste the text."
    )


def read_pdf(data: bytes) -> PdfText:
    """Extract the text layer of a PDF as paragraphs rebuilt from the page layout.

    Raises:
        InputError: damaged or password-protected file.
        InputTooLargeError: a stream or the text exceeds a limit.
        EmptyInputError: no text layer (for example a scan).
    """
    warnings: list[str] = []
    with _pypdf_warnings() as pypdf_messages:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(_PASSWORD)
            n_pages = len(reader.pages)
            if n_pages > MAX_PDF_PAGES:
                warnings.append(
                    f"Only the first {MAX_PDF_PAGES} of {n_pages} pages were read (MAX_PDF_PAGES)."
                )
            read = [reader.pages[i] for i in range(min(n_pages, MAX_PDF_PAGES))]
            text = layout_text(read, [float(page.mediabox.height) for page in read])
            if not text.strip():
                plain = (page.extract_text() or "" for page in read)
                text = normalise_compat(PAGE_SEPARATOR.join(p.strip("\n") for p in plain if p.strip()))
            if len(text) > MAX_TEXT_CHARS:
                raise InputTooLargeError(
                    f"The PDF holds more than {MAX_TEXT_CHARS:,} characters of text (MAX_TEXT_CHARS). "
                    "Split it or upload the pages that matter."
                )
            meta = reader.metadata
            title = str(meta.title).strip() if meta is not None and meta.title else None
        except LimitReachedError as exc:
            raise InputTooLargeError(
                "The PDF contains a compressed stream larger than the reader's safety limit "
                "(a possible decompression bomb). Print it to a new PDF or paste the text."
            ) from exc
        except (FileNotDecryptedError, DependencyError) as exc:
            raise InputError(_PASSWORD) from exc
        except _DAMAGED as exc:
            raise _damaged(exc) from exc
    if pypdf_messages:
        shown = "; ".join(dict.fromkeys(pypdf_messages))[:300]
        warnings.append(f"The PDF has defects that were worked around ({shown}); check the text for gaps.")
    if not text.strip():
        raise EmptyInputError(
            "The PDF has no text layer (it may be scanned images). Run OCR on it first, or paste the text."
        )
    return PdfText(text=text, title=title or None, warnings=tuple(warnings))
