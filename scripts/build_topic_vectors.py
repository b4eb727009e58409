"""Rebuild the precomputed prototype vectors shipped for the built-in taxonomies.

Run after editing a built-in taxonomy file (``src/statement_lens/topics/taxonomies/*.toml``):
``python scripts/build_topic_vectors.py``. A stale file is ignored at run time (its fingerprint no longer
matches) and ``tests/test_topics_shipped.py`` fails until it is rebuilt.
"""

from __future__ import annotations

from statement_lens.models import create
from statement_lens.topics.assign import write_shipped_vectors
from statement_lens.topics.taxonomy import builtin_taxonomies, load_taxonomy


def main() -> None:
    """Embed every built-in taxonomy's phrases with the fp32 encoder (the reference) and save them."""
    embedder = create("embedder", "embedder.minilm.v1", precision="fp32")
    for name in builtin_taxonomies():
        print(write_shipped_vectors(load_taxonomy(name), embedder))


if __name__ == "__main__":
    main()
