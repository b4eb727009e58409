import pytest

from statement_lens.errors import ModelNotFoundError
from statement_lens.models import available, create
from statement_lens.models.protocols import Embedder, StanceClassifier, Summarizer


def test_unknown_backend_error_lists_valid_names():
    with pytest.raises(ModelNotFoundError, match=r"Valid names: .*stance\.fake"):
        create("stance", "stance.nope")


def test_fakes_are_chosen_through_the_registry_and_satisfy_protocols():
    assert "stance.fake" in available("stance")
    assert isinstance(create("embedder", "embedder.fake"), Embedder)
    assert isinstance(create("stance", "stance.fake"), StanceClassifier)
    assert isinstance(create("summarizer", "summarizer.fake"), Summarizer)


def test_fake_embedder_rows_are_unit_length_and_similar_for_shared_words():
    emb = create("embedder", "embedder.fake")
    v = emb.embed(["support for Ukraine", "Ukraine support", "fishing quotas"])
    assert v.shape == (3, emb.dim)
    assert abs(float((v[0] ** 2).sum()) - 1) < 1e-5
    assert v[0] @ v[1] > v[0] @ v[2]
