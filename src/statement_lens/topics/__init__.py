"""Topics: the taxonomy, zero-shot assignment, emphasis tables.

The taxonomy is data (``taxonomy``), units are assigned by the encoder (``assign``) and the charts draw
the emphasis tables (``emphasis``). The public API is re-exported here.
"""

from statement_lens.topics.assign import (
    DEFAULT_THRESHOLD,
    TopicPrototypes,
    assign_topics,
    prototypes_for,
    score_topics,
)
from statement_lens.topics.emphasis import key_units, topic_emphasis
from statement_lens.topics.taxonomy import (
    OTHER,
    Taxonomy,
    Topic,
    builtin_taxonomies,
    load_taxonomy,
    taxonomy_from_dict,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "OTHER",
    "Taxonomy",
    "Topic",
    "TopicPrototypes",
    "assign_topics",
    "builtin_taxonomies",
    "key_units",
    "load_taxonomy",
    "prototypes_for",
    "score_topics",
    "taxonomy_from_dict",
    "topic_emphasis",
]
