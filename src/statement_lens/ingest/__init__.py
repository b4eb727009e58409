"""Ingest: every file, upload, URL or pasted text becomes one validated ``Statement``.

Modules: :mod:`.loader` (entry points), :mod:`.text` (decoding and the offset rule), :mod:`.detect`
(file types), :mod:`.html`, :mod:`.pdf`, :mod:`.docx` (extractors), :mod:`.metadata` (title, date,
source, speaker), :mod:`.language` (English check), :mod:`.url` and :mod:`.addresses` (safe URL
fetching), :mod:`.limits` (documented limits).
"""

from statement_lens.ingest.limits import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES
from statement_lens.ingest.loader import load_statement, statement_from_text
from statement_lens.ingest.url import FetchResult, UrlPolicy, fetch_url

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "FetchResult",
    "UrlPolicy",
    "fetch_url",
    "load_statement",
    "statement_from_text",
]
