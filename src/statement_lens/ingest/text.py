r"""Bytes → text, and the only changes ever made to a statement's text.

The offset rule
---------------
``Statement.text`` is the text every later span points into. It is produced once, here, and never
changed afterwards. Compared with the input it differs only by these steps, applied in this order,
each recorded in ``Statement.warnings`` when it changed anything:

1. Decoding (bytes only): a byte-order mark is dropped; UTF-8 is read strictly; a byte that is not
   valid UTF-8 is read as Windows-1252 (mixed encodings); UTF-16/32 are recognised by their BOM or
   by their NUL-byte pattern.
2. Mojibake repair: runs such as ``MÃ¼ller`` (UTF-8 read as Windows-1252 upstream) become ``Müller``.
3. Line endings: ``\r\n`` and lone ``\r`` become ``\n``.
4. Unicode NFC composition (``e`` + combining accent → ``é``); never NFKC, which would rewrite
   ligatures, full-width forms and superscripts.

Because the stored text is the text *after* these steps, offsets never drift: there is no second,
"original" text that spans could be mistaken to refer to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from statement_lens.errors import EmptyInputError, InputTooLargeError, UnsupportedFormatError
from statement_lens.ingest.limits import MAX_TEXT_CHARS

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SURROGATE = re.compile("[\udc80-\udcff]")
# A lead byte of a UTF-8 multi-byte sequence as Windows-1252 shows it, then continuation bytes.
_CP1252_CONT = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019"
    "\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# Only the leads that real mojibake almost always shows (Â Ã Ä Å Ð Ñ for Latin-1/Cyrillic letters and
# no-break space, â for curly quotes, dashes and €), so that legitimate text is not "repaired".
_MOJIBAKE = re.compile(f"[\u00c2-\u00c5\u00d0\u00d1][{_CP1252_CONT}]|\u00e2[{_CP1252_CONT}]{{2}}")
_CP1252_UNDEFINED = frozenset("\x81\x8d\x8f\x90\x9d")
_CONTROL_OK = frozenset("\t\n\r\f\v")
MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with what the decoder had to do."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _cp1252_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        return chr(b)


def _sniff_utf16(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    even_zero = even.count(0) / len(even)
    odd_zero = odd.count(0) / len(odd)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode raw bytes to text (step 1 of the offset rule).

    ``declared`` is an encoding named by the sender (an HTTP ``charset``); it is tried after a
    byte-order mark and before the UTF-8/Windows-1252 reading, and ignored when it does not fit.

    Raises:
        UnsupportedFormatError: the bytes are not text in any encoding we read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise UnsupportedFormatError(
                    f"The file starts with a {encoding} byte-order mark but is not valid {encoding}. "
                    "Re-save it as UTF-8 text and try again."
                ) from exc
    if declared and declared.lower().replace("_", "-") not in (
        "utf-8",
        "utf8",
        "iso-8859-1",
        "latin-1",
        "us-ascii",
        "ascii",
        "windows-1252",
        "cp1252",
    ):
        try:
            return Decoded(data.decode(declared), declared.lower())
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: read the bytes as usual
    wide = _sniff_utf16(data) if b"\x00" in data[:4096] else None
    if wide:
        try:
            return Decoded(data.decode(wide), wide)
        except UnicodeDecodeError:
            pass  # falls through to the binary check below
    raw = data.decode("utf-8", errors="surrogateescape")
    text, n_bad = _SURROGATE.subn(lambda m: _cp1252_byte(ord(m.group()) - 0xDC00), raw)
    if not n_bad:
        return Decoded(text, "utf-8")
    example = next(iter(_SURROGATE.finditer(raw))).group()
    shown = _cp1252_byte(ord(example) - 0xDC00)
    warning = (
        f"{n_bad} byte(s) were not valid UTF-8 and were read as Windows-1252 (for example {shown!r}); "
        "check accented letters and quote marks. Save the file as UTF-8 to avoid this."
    )
    return Decoded(text, "utf-8+cp1252", (warning,))


def _cp1252_encode(ch: str) -> bytes:
    if ch in _CP1252_UNDEFINED:
        return bytes([ord(ch)])
    return ch.encode("cp1252")


def _repair_mojibake(text: str) -> tuple[str, int]:
    fixed = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal fixed
        chunk = match.group()
        try:
            out = b"".join(_cp1252_encode(ch) for ch in chunk).decode("utf-8")
        except UnicodeError:
            return chunk
        fixed += 1
        return out

    return _MOJIBAKE.sub(repair, text), fixed


def normalise_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Apply steps 2-4 of the offset rule; return the text to store and what changed."""
    warnings: list[str] = []
    text, fixed = _repair_mojibake(text)
    if fixed:
        warnings.append(
            f"Repaired {fixed} mis-encoded character(s) (UTF-8 shown as Windows-1252, e.g. 'Ã¼' → 'ü'); "
            "offsets refer to the repaired text."
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        warnings.append("Line endings were converted to '\\n'; offsets refer to the converted text.")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        warnings.append("Text was normalised to Unicode NFC; offsets refer to the normalised text.")
        text = nfc
    return text, tuple(warnings)


def check_not_binary(text: str) -> None:
    """Refuse text that is really binary data read as characters.

    Raises:
        UnsupportedFormatError: NUL bytes or too many control characters.
    """
    sample = text[:200_000]
    if not sample:
        return
    controls = sum(1 for ch in sample if ch not in _CONTROL_OK and unicodedata.category(ch) == "Cc")
    if "\x00" in sample or controls / len(sample) > MAX_CONTROL_RATIO:
        raise UnsupportedFormatError(
            "The input looks like binary data, not text "
            f"({controls} control characters in the first {len(sample)}). "
            "Upload a .txt, .md, .html, .pdf or .docx document, or paste the statement's text."
        )


def check_text(text: str, *, what: str = "The input") -> None:
    """Refuse empty, word-less or over-long text.

    Raises:
        EmptyInputError: nothing but whitespace or punctuation.
        InputTooLargeError: longer than ``MAX_TEXT_CHARS``.
    """
    if not text.strip():
        raise EmptyInputError(
            f"{what} is empty or only whitespace. Paste or upload a statement that contains text."
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InputTooLargeError(
            f"{what} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,} (MAX_TEXT_CHARS, about "
            "900,000 words: memory and time grow with the length of one statement). Split it into parts "
            "under the limit, for example at line ends with `split -C 5M FILE part_`, put the parts in one "
            "folder and analyse them together with `statement-lens corpus analyze FOLDER` (or the Corpus "
            "page); or analyse only the section you need."
        )
    if not any(ch.isalpha() for ch in text):
        raise EmptyInputError(
            f"{what} contains no words (only digits, punctuation or symbols). "
            "Paste or upload the statement's text."
        )
