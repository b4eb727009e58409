"""The embedded database and its queries: the only code that writes analyses to disk.

``database`` holds statements and analyses under a data directory; ``queries`` aggregates a corpus in SQL.
"""

from statement_lens.store.database import Store, statement_id

__all__ = ["Store", "statement_id"]
