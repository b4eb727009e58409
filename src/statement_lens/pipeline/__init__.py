"""Statement + models → one :class:`Analysis`.

The frames' schema, the JSON codec, the stage runner and one module per stage. ``prepare`` builds what
the first open needs at install time.
"""

from statement_lens.pipeline.analysis import Analysis, add_targets, analyze, remove_targets

__all__ = ["Analysis", "add_targets", "analyze", "remove_targets"]
