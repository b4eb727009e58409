"""Every way a statement comes in (path, upload bytes, URL, pasted text) ends in one :class:`Statement`.

Uploaded bytes are only parsed: never executed, unpickled or written to disk by this package, and a
user's file name is used for nothing but an extension hint and a display label.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from statement_lens.errors import EmptyInputError, InputError, InputTooLargeError, UnsupportedFormatError
from statement_lens.ingest import detect
from statement_lens.ingest.docx import read_docx
from statement_lens.ingest.html import read_html
from statement_lens.ingest.language import check_english
from statement_lens.ingest.limits import MAX_UPLOAD_BYTES
from statement_lens.ingest.metadata import detect_date, detect_source, detect_speaker, detect_title, find_date
from statement_lens.ingest.pdf import read_pdf
from statement_lens.ingest.text import check_not_binary, check_text, decode_bytes, normalise_text
from statement_lens.ingest.url import UrlPolicy, fetch_url
from statement_lens.types import Statement

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LOOKS_LIKE_HOST = re.compile(r"^(?:www\.|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/)", re.IGNORECASE)
_MEDIA_TYPE_EXT = {
    detect.TEXT: "txt",
    detect.MARKDOWN: "md",
    "text/x-markdown": "md",
    detect.HTML: "html",
    "application/xhtml+xml": "html",
    detect.PDF: "pdf",
    detect.DOCX: "docx",
}


@dataclass(frozen=True)
class _Hints:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class _Extracted:
    text: str
    media_type: str
    hints: _Hints
    warnings: tuple[str, ...]


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    hit = find_date(value)
    return hit[0] if hit else value.strip() or None


def _build(
    text: str, *, origin: str, media_type: str, hints: _Hints, warnings: tuple[str, ...], what: str
) -> Statement:
    """Normalise (see :mod:`.text` for the offset rule), validate, and detect metadata."""
    text, changes = normalise_text(text)
    check_text(text, what=what)
    check_english(text)
    span = detect_title(text, hint=hints.title)
    title = text[span.start : span.end] if span else None
    if title is None and hints.title:
        title = hints.title  # named by the caller or the file's metadata, but not a line of the text
    return Statement(
        text=text,
        title=title,
        title_span=span,
        date=_iso_date(hints.date) or detect_date(text),
        source=hints.source or detect_source(text),
        speaker=hints.speaker or detect_speaker(text),
        origin=origin,
        media_type=media_type,
        warnings=(*warnings, *changes),
    )


def statement_from_text(
    text: str,
    title: str | None = None,
    *,
    source: str | None = None,
    date: str | None = None,
    speaker: str | None = None,
    origin: str = "pasted",
) -> Statement:
    """Make a :class:`Statement` from pasted text.

    ``title``, ``source``, ``date`` and ``speaker`` override what would be detected. When ``title`` is
    the text's first line, ``title_span`` points at it; otherwise the title is kept without a span.

    Raises:
        EmptyInputError, InputTooLargeError, UnsupportedLanguageError, InputError: bad text.
    """
    if not isinstance(text, str):
        raise InputError(
            f"statement_from_text expects a string, got {type(text).__name__}. Use load_statement for files."
        )
    if title is not None and not title.strip():
        title = None
    hints = _Hints(title=title, date=date, source=source, speaker=speaker)
    statement = _build(text, origin=origin, media_type=detect.TEXT, hints=hints, warnings=(), what="The text")
    if title is not None and statement.title_span is not None and statement.title != title.strip():
        # A headline was detected, but the caller named another title: the caller wins, without a span.
        return replace(statement, title=title.strip(), title_span=None)
    return statement


def _extract(
    data: bytes,
    ext: str | None,
    media_type: str | None,
    *,
    url: str | None = None,
    charset: str | None = None,
) -> _Extracted:
    if not data:
        raise EmptyInputError("The file is empty (0 bytes). Upload a document that contains the statement.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputTooLargeError(
            f"The file is {_mb(len(data))}; the limit is {_mb(MAX_UPLOAD_BYTES)} (MAX_UPLOAD_BYTES). "
            "Split the document, or upload or paste only the part you need."
        )
    declared = (media_type or "").split(";")[0].strip().lower()
    hint = ext
    if hint is None and declared:
        if declared not in _MEDIA_TYPE_EXT and declared not in ("application/octet-stream", ""):
            raise UnsupportedFormatError(
                f"Documents of type '{declared}' are not supported. Upload one of: {detect.SUPPORTED}."
            )
        hint = _MEDIA_TYPE_EXT.get(declared)
    kind = detect.sniff(data, hint)
    warnings: list[str] = []
    if hint is not None and kind in (detect.PDF, detect.DOCX) and detect.EXTENSIONS.get(hint) != kind:
        warnings.append(f"The file is named '.{hint}' but is really {kind}; it was read as such.")
    if kind == detect.PDF:
        pdf = read_pdf(data)
        return _Extracted(pdf.text, kind, _Hints(title=pdf.title), (*warnings, *pdf.warnings))
    if kind == detect.DOCX:
        doc = read_docx(data)
        return _Extracted(doc.text, kind, _Hints(title=doc.title or doc.core_title), tuple(warnings))
    decoded = decode_bytes(data, declared=charset)
    check_not_binary(decoded.text)
    warnings.extend(decoded.warnings)
    if kind == detect.HTML:
        page = read_html(decoded.text, url=url)
        hints = _Hints(title=page.title, date=page.date, source=page.sitename)
        return _Extracted(page.text, kind, hints, (*warnings, *page.warnings))
    return _Extracted(decoded.text, kind, _Hints(), tuple(warnings))


def _from_bytes(
    data: bytes,
    *,
    ext: str | None,
    media_type: str | None,
    origin: str,
    what: str,
    url: str | None = None,
    charset: str | None = None,
    source: str | None = None,
) -> Statement:
    extracted = _extract(data, ext, media_type, url=url, charset=charset)
    hints = extracted.hints
    if source and not hints.source:
        hints = _Hints(title=hints.title, date=hints.date, source=source, speaker=hints.speaker)
    return _build(
        extracted.text,
        origin=origin,
        media_type=extracted.media_type,
        hints=hints,
        warnings=extracted.warnings,
        what=what,
    )


def _read_path(path: Path) -> bytes:
    if not path.exists():
        hint = " If it is a web address, start it with https://." if _LOOKS_LIKE_HOST.match(str(path)) else ""
        raise InputError(f"The file {path} does not exist. Check the path.{hint}")
    if not path.is_file():
        raise InputError(f"{path} is not a regular file (a folder or device). Give the path of a document.")
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise InputTooLargeError(
            f"The file {path.name} is {_mb(size)}; the limit is {_mb(MAX_UPLOAD_BYTES)} (MAX_UPLOAD_BYTES). "
            "Split the document or analyse the part you need."
        )
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"The file {path} could not be read ({exc.strerror}). Check its permissions."
        ) from exc


def _host_label(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def load_statement(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    url_policy: UrlPolicy | None = None,
) -> Statement:
    """Load a statement from a file path, an upload's bytes, or an http(s) URL.

    Args:
        source: a path (.txt, .md, .html/.htm, .pdf, .docx), raw bytes from an upload, or a URL string.
        filename: for bytes, the name the user gave the file; only its extension is used, as a hint.
        media_type: for bytes, the type the sender declared (a hint; the bytes decide).
        url_policy: what a URL fetch may do (defaults to :class:`UrlPolicy`, which refuses local addresses).

    Raises:
        InputError: and its subclasses, with a message that says what was wrong and how to fix it.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return _from_bytes(
            data,
            ext=detect.extension_hint(filename),
            media_type=media_type,
            origin=detect.safe_display_name(filename),
            what="The upload",
        )
    if isinstance(source, str) and _URL_SCHEME.match(source.strip()):
        fetched = fetch_url(source.strip(), url_policy)
        last = fetched.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        ext = detect.extension_hint(last)
        if ext not in detect.EXTENSIONS:
            ext = None  # "/news/article.aspx" or "/page" says nothing about the document type
        return _from_bytes(
            fetched.content,
            ext=ext,
            media_type=fetched.content_type,
            origin=fetched.url,
            what="The page",
            url=fetched.url,
            charset=fetched.charset,
            source=_host_label(fetched.host),
        )
    if isinstance(source, str | os.PathLike):
        if isinstance(source, str) and ("\n" in source or len(source) > 4096):
            raise InputError(
                "load_statement got text, not a path, URL or bytes. "
                "Use statement_from_text(text) for pasted text."
            )
        path = Path(source)
        data = _read_path(path)
        return _from_bytes(
            data,
            ext=detect.extension_hint(path.name),
            media_type=None,
            origin=str(path),
            what=f"The file {path.name}",
        )
    raise InputError(
        f"load_statement cannot read a {type(source).__name__}. Pass a path, a URL string or bytes."
    )
