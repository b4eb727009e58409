"""Precomputed prototype vectors for built-in taxonomies: used only when they match exactly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from statement_lens.models.fakes import FakeEmbedder
from statement_lens.topics.assign import (
    _build_prototypes,
    shipped_vectors_path,
    write_shipped_vectors,
)
from statement_lens.topics.taxonomy import Topic, builtin_taxonomies, load_taxonomy


class CountingEmbedder(FakeEmbedder):
    """A fake encoder that counts how many texts it was asked to embed."""

    def __init__(self, name: str = "embedder.counting-test") -> None:
        self.name = name
        self.embedded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += len(texts)
        return super().embed(texts)


@pytest.fixture
def shipped_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("statement_lens.topics.assign.SHIPPED_DIR", tmp_path)
    return tmp_path


def test_matching_shipped_vectors_are_used_instead_of_embedding(shipped_dir):
    cap = load_taxonomy("cap")
    writer = CountingEmbedder()
    path = write_shipped_vectors(cap, writer)
    assert path.parent == shipped_dir and path.is_file()
    reader = CountingEmbedder()
    protos = _build_prototypes(cap, reader)
    assert reader.embedded == 0
    fresh = _build_prototypes(cap, CountingEmbedder(name="embedder.other"))
    np.testing.assert_allclose(protos.phrases, fresh.phrases, atol=1e-6)
    np.testing.assert_allclose(protos.centroids, fresh.centroids, atol=1e-6)


def test_edited_taxonomy_ignores_shipped_vectors_and_embeds_again(shipped_dir):
    cap = load_taxonomy("cap")
    write_shipped_vectors(cap, CountingEmbedder())
    edited = cap.with_topics([Topic("Military aid to Ukraine", seeds=("weapons for Ukraine",))])
    reader = CountingEmbedder()
    protos = _build_prototypes(edited, reader)
    assert reader.embedded == sum(len(t.prototype_texts()) for t in edited.topics)
    assert protos.centroids.shape[0] == len(edited.topics)


def test_other_encoder_checkpoint_ignores_shipped_vectors(shipped_dir):
    cap = load_taxonomy("cap")
    write_shipped_vectors(cap, CountingEmbedder())
    reader = CountingEmbedder()
    reader.checkpoint = "another checkpoint"
    _build_prototypes(cap, reader)
    assert reader.embedded > 0


@pytest.mark.real_models
@pytest.mark.parametrize("name", builtin_taxonomies())
def test_shipped_vectors_match_the_bundled_encoder(name, real_embedder):
    """Fails when a built-in taxonomy or the encoder changed: run scripts/build_topic_vectors.py.

    The shipped vectors are the fp32 encoder's (the reference); the default int8 build reads them too.
    """
    from statement_lens.models import create

    fp32 = create("embedder", "embedder.minilm.v1", precision="fp32")
    taxonomy = load_taxonomy(name)
    path = shipped_vectors_path(taxonomy, real_embedder)
    assert path.is_file(), f"{path} is missing: run scripts/build_topic_vectors.py"
    with np.load(path, allow_pickle=False) as data:
        assert str(data["fingerprint"]) == taxonomy.fingerprint()
        assert str(data["checkpoint"]) == real_embedder.checkpoint  # so the default build uses them
        shipped = data["vectors"]
    flat = [t for topic in taxonomy.topics for t in topic.prototype_texts()]
    np.testing.assert_allclose(shipped, fp32.embed(flat), atol=1e-5)
