"""What kind of document a byte string is: magic bytes first, the file name's extension as a hint.

A user's file name never becomes a path: :func:`extension_hint` keeps only a short, lower-case,
alphanumeric extension from its last component, and nothing else of it is used.
"""

from __future__ import annotations

import io
import re
import zipfile

from statement_lens.errors import UnsupportedFormatError

TEXT = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Extensions we read, and the media type each one means.
EXTENSIONS: dict[str, str] = {
    "txt": TEXT,
    "text": TEXT,
    "md": MARKDOWN,
    "markdown": MARKDOWN,
    "html": HTML,
    "htm": HTML,
    "xhtml": HTML,
    "pdf": PDF,
    "docx": DOCX,
}
SUPPORTED = ".txt, .md, .html, .htm, .pdf, .docx"

# Formats people try that we do not read, with the fix to suggest.
_KNOWN_UNSUPPORTED: dict[str, str] = {
    "doc": "Old Word (.doc) files are not supported: save the file as .docx or PDF in Word.",
    "rtf": "RTF files are not supported: save the file as .docx or .txt.",
    "odt": "OpenDocument (.odt) files are not supported: save the file as .docx or PDF.",
    "pages": "Apple Pages files are not supported: export the document as .docx or PDF.",
}

# Magic numbers of common non-text files, so that their bytes are never read as text. Short magics
# that could begin an English sentence ("BMW ...", "MZ ...") also need a NUL byte in the first 64 bytes.
_SHORT_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"BM", "a BMP image"),
    (b"MZ", "an executable program (Windows)"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"ID3", "an MP3 audio file"),
)
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "an executable program (ELF)"),
    (b"\xca\xfe\xba\xbe", "a compiled program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls/.ppt)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"\x00\x00\x00", "a binary file"),
)
_PICKLE = re.compile(rb"\A\x80[\x02-\x05]")
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_EXT = re.compile(r"\.([A-Za-z0-9]{1,10})$")


def extension_hint(filename: str | None) -> str | None:
    r"""Return the lower-case extension of a user-supplied file name, or ``None``.

    Only the last path component is looked at (``/`` and ``\`` both split), and only an
    alphanumeric extension of at most 10 characters is kept. The name itself is never used as a path.
    """
    if not filename:
        return None
    base = re.split(r"[\\/]", filename)[-1].strip().rstrip(". ")
    match = _EXT.search(base)
    return match.group(1).lower() if match else None


def safe_display_name(filename: str | None, *, default: str = "upload") -> str:
    """A user-supplied file name made safe to show and store as a label (never as a path)."""
    if not filename:
        return default
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[^\w .()\-]", "_", base).strip(" .")[:120]
    return cleaned or default


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names


def sniff(data: bytes, ext: str | None = None) -> str:
    """Return the media type of ``data``: the bytes decide, the extension only breaks ties.

    Raises:
        UnsupportedFormatError: an extension or a file type we do not read.
    """
    if ext is not None and ext not in EXTENSIONS:
        hint = _KNOWN_UNSUPPORTED.get(ext, f"Upload one of: {SUPPORTED}, or paste the text.")
        raise UnsupportedFormatError(f"Files ending in '.{ext}' are not supported. {hint}")
    head = data[:1024]
    if head.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        if _is_docx_zip(data):
            return DOCX
        if ext == "docx":
            raise UnsupportedFormatError(
                "The .docx file is damaged or is not a Word document (its ZIP structure is unreadable or "
                "has no word/document.xml). Open it in Word and save it again, or paste the text."
            )
        raise UnsupportedFormatError(
            f"The file is a ZIP archive but not a Word .docx document. Upload one of: {SUPPORTED}."
        )
    if _PICKLE.match(head):
        raise UnsupportedFormatError(
            f"The file is serialised Python data (pickle), which is never loaded. Upload one of: {SUPPORTED}."
        )
    nul_early = b"\x00" in head[:64]
    for magic, what in (*_BINARY_MAGIC, *(_SHORT_MAGIC if nul_early else ())):
        if head.startswith(magic):
            raise UnsupportedFormatError(
                f"The file is {what}, not a text document. Upload one of: {SUPPORTED}, or paste the text."
            )
    if ext in ("pdf", "docx"):
        raise UnsupportedFormatError(
            f"The file is named '.{ext}' but its content is not a valid {ext.upper()} document "
            "(it may be damaged or renamed). Open it and save it again, or paste the text."
        )
    if ext is not None and EXTENSIONS[ext] in (HTML, MARKDOWN):
        return EXTENSIONS[ext]
    if _HTML_START.match(head):
        return HTML
    if ext is not None:
        return EXTENSIONS[ext]
    return TEXT
