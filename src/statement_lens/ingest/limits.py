"""Documented size, count and time limits for everything ingest reads.

Each limit protects the server shared by several analysts from one input that would take all of its
memory or time. Messages that quote a limit name the constant, so users and operators can find it here.
"""

from __future__ import annotations

MB = 1024 * 1024

#: Largest upload, file or downloaded document accepted, in bytes (20 MiB).
MAX_UPLOAD_BYTES = 20 * MB

#: Longest decoded text accepted, in characters: 5 Mi (about 900,000 English words). Memory and time grow
#: with the length of one statement (every sentence is embedded, scored and kept until the analysis is
#: stored): a 5,000,000-character transcript peaks at 1.8 GB and takes 5-9 minutes on a shared 2-core machine,
#: against 1.0 GB at 1,000,000 (benchmarks/reports/long_texts.md), so a 20 MB text would need about 5 GB
#: and half an hour of the server's one inference lock. Longer texts are refused with a message that says
#: how to split them and analyse the parts as a corpus.
MAX_TEXT_CHARS = 5 * MB

#: Most HTML tags (counted as ``<``) in a page given to trafilatura's boilerplate removal, which
#: takes 0.1-0.2 ms per tag on a shared 2-core machine (a news article has 2,000-10,000); larger pages
#: keep all their visible text, with a warning.
MAX_HTML_EXTRACT_TAGS = 20_000

#: Fewest words for the English check to run; shorter texts are accepted without it.
MIN_WORDS_FOR_LANGUAGE_CHECK = 20

#: Smallest share of common English function words in a text we accept as English.
MIN_ENGLISH_STOPWORD_RATIO = 0.12

#: Most entries a DOCX archive may hold.
MAX_ARCHIVE_ENTRIES = 2_000

#: Largest total uncompressed size (as declared in the archive) of all DOCX entries, in bytes.
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 64 * MB

#: Largest compression ratio allowed for an archive entry bigger than ``ARCHIVE_RATIO_MIN_BYTES``.
MAX_ARCHIVE_COMPRESSION_RATIO = 100

#: Entries smaller than this are not subject to the ratio check (tiny XML files compress well).
ARCHIVE_RATIO_MIN_BYTES = 1 * MB

#: Most PDF pages read.
MAX_PDF_PAGES = 2_000

#: Most redirects a URL may go through.
MAX_REDIRECTS = 5

#: Longest time a URL download may take in total, redirects included, in seconds.
URL_TIMEOUT_S = 15.0

#: Longest response body downloaded from a URL, in bytes.
MAX_URL_BYTES = MAX_UPLOAD_BYTES
