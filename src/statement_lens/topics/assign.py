"""Zero-shot topic assignment with the bundled sentence encoder, and topic emphasis tables.

Each topic is represented by the embeddings of its description and seed phrases. A text's score for a
topic is the mean of two cosine similarities: to the topic's centroid (the normalised mean of those
embeddings) and to its closest single phrase. The centroid captures the topic's overall scope; the
closest phrase lets one specific seed ("mad cow disease") win for a short headline. A text whose best
score is below ``threshold`` goes to the ``"Other"`` bucket.

Prototype vectors are cached per taxonomy fingerprint and embedder, so a taxonomy is embedded once per
process.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from statement_lens.models.cache import cached, identity
from statement_lens.models.protocols import Embedder
from statement_lens.topics.taxonomy import (
    OTHER,
    Taxonomy,
    load_taxonomy,
)
from statement_lens.types import TopicAssignment

DEFAULT_THRESHOLD = 0.2
"""Scores below this go to ``"Other"`` (same default as ``Settings.topic_threshold``)."""


@dataclass(frozen=True)
class TopicPrototypes:
    """Embedded prototypes of one taxonomy for one embedder.

    Attributes:
        centroids: ``(n_topics, dim)`` L2-normalised mean of each topic's phrase vectors.
        phrases: ``(n_phrases, dim)`` every topic's phrase vectors, grouped by topic in taxonomy order.
        starts: ``(n_topics,)`` index in ``phrases`` where each topic's group begins.
    """

    centroids: np.ndarray
    phrases: np.ndarray
    starts: np.ndarray


SHIPPED_DIR = Path(__file__).parent / "taxonomies"


def shipped_vectors_path(taxonomy: Taxonomy, embedder: Embedder) -> Path:
    """Where precomputed prototype vectors of a built-in taxonomy live (``taxonomies/NAME.EMBEDDER.npz``)."""
    return SHIPPED_DIR / f"{taxonomy.name}.{getattr(embedder, 'name', 'embedder')}.npz"


def _shipped_vectors(taxonomy: Taxonomy, embedder: Embedder, n: int) -> np.ndarray | None:
    """Precomputed phrase vectors when they match this taxonomy and encoder exactly, else None.

    Embedding the 450 CAP phrases is most of the first analysis' lazy work; the file is keyed by the
    taxonomy fingerprint and the encoder checkpoint, so an edited taxonomy or another encoder never uses it.
    The file holds the fp32 build's vectors (``scripts/build_topic_vectors.py``); the default int8 build
    of the same checkpoint reads them too (the prototypes stay the reference, see
    ``benchmarks/reports/embedder_int8.md``).
    """
    path = shipped_vectors_path(taxonomy, embedder)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if (
            str(data["fingerprint"]) != taxonomy.fingerprint()
            or str(data["checkpoint"]) != str(getattr(embedder, "checkpoint", ""))
            or data["vectors"].shape != (n, embedder.dim)
        ):
            return None
        return np.asarray(data["vectors"], dtype=np.float32)


def write_shipped_vectors(taxonomy: Taxonomy, embedder: Embedder) -> Path:
    """Embed the prototype phrases of ``taxonomy`` and save them for :func:`prototypes_for` to reuse."""
    flat = [text for t in taxonomy.topics for text in t.prototype_texts()]
    path = shipped_vectors_path(taxonomy, embedder)
    np.savez(
        path,
        vectors=np.asarray(embedder.embed(flat), dtype=np.float32),
        fingerprint=np.array(taxonomy.fingerprint()),
        checkpoint=np.array(str(getattr(embedder, "checkpoint", ""))),
    )
    return path


def _build_prototypes(taxonomy: Taxonomy, embedder: Embedder) -> TopicPrototypes:
    groups = [t.prototype_texts() for t in taxonomy.topics]
    flat = [text for g in groups for text in g]
    shipped = _shipped_vectors(taxonomy, embedder, len(flat))
    vecs = shipped if shipped is not None else np.asarray(embedder.embed(flat), dtype=np.float32)
    sizes = np.array([len(g) for g in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    sums = np.add.reduceat(vecs, starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = sums / np.where(norms > 0, norms, 1.0)
    return TopicPrototypes(centroids=centroids.astype(np.float32), phrases=vecs, starts=starts)


def prototypes_for(taxonomy: Taxonomy, embedder: Embedder) -> TopicPrototypes:
    """Return the prototype vectors of ``taxonomy`` under ``embedder`` (kept in the model cache)."""
    key = ("topic prototypes", taxonomy.fingerprint(), identity(embedder), embedder.dim)
    return cached(key, lambda: _build_prototypes(taxonomy, embedder))


def score_topics(vectors: np.ndarray, protos: TopicPrototypes) -> np.ndarray:
    """Scores ``(n_texts, n_topics)``: mean of cosine to the centroid and to the closest phrase."""
    if len(vectors) == 0:
        return np.zeros((0, len(protos.starts)), dtype=np.float32)
    to_centroid = vectors @ protos.centroids.T
    to_phrase = np.maximum.reduceat(vectors @ protos.phrases.T, protos.starts, axis=1)
    return np.asarray((to_centroid + to_phrase) / 2.0, dtype=np.float32)


def _default_embedder() -> Embedder:
    """The bundled MiniLM encoder, loaded once (kept in the model cache)."""
    from statement_lens.config import DEFAULT_EMBEDDER
    from statement_lens.models import create

    return cached(("embedder", DEFAULT_EMBEDDER), lambda: create("embedder", DEFAULT_EMBEDDER))


def assign_topics(
    texts: Sequence[str],
    taxonomy: str | os.PathLike[str] | Taxonomy = "cap",
    *,
    embedder: Embedder | None = None,
    threshold: float | None = None,
) -> list[TopicAssignment]:
    """Assign each text its most similar topic, or ``"Other"`` below ``threshold``.

    Args:
        texts: The texts (sentences, quotations, headlines). A single string is treated as one text.
        taxonomy: A built-in taxonomy name, a TOML/YAML path, or a :class:`Taxonomy`.
        embedder: The sentence encoder; default: the bundled MiniLM (loaded once per process).
        threshold: Minimum score for a topic; default :data:`DEFAULT_THRESHOLD`.

    Returns:
        One :class:`TopicAssignment` per text, in order, with the score for every topic in ``scores``.
    """
    if isinstance(texts, str):
        texts = [texts]
    tax = load_taxonomy(taxonomy)
    cut = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    texts = list(texts)
    if not texts:
        return []
    enc = embedder if embedder is not None else _default_embedder()
    protos = prototypes_for(tax, enc)
    live = [i for i, t in enumerate(texts) if t.strip()]
    scores = np.zeros((len(texts), len(tax)), dtype=np.float32)
    if live:
        vecs = np.asarray(enc.embed([texts[i] for i in live]), dtype=np.float32)
        scores[live] = score_topics(vecs, protos)
    names = tax.names
    out = []
    for i, text in enumerate(texts):
        row = scores[i]
        best = int(np.argmax(row))
        best_score = float(row[best])
        per_topic = {n: float(s) for n, s in zip(names, row, strict=True)}
        if not text.strip() or best_score < cut:
            out.append(TopicAssignment(text=text, topic=OTHER, score=best_score, code=None, scores=per_topic))
        else:
            topic = tax.topics[best]
            out.append(
                TopicAssignment(
                    text=text, topic=topic.name, score=best_score, code=topic.code, scores=per_topic
                )
            )
    return out
