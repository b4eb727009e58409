"""The one model cache: bounded, least recently used out, keyed by identity where an object is a key."""

from __future__ import annotations

import gc

import pytest

from statement_lens.models.cache import ModelCache, identity


def test_the_cache_builds_once_per_key_and_drops_the_least_recently_used():
    cache = ModelCache(size=2)
    built: list[str] = []

    def build(name: str):
        return lambda: built.append(name) or name.upper()

    assert cache.get("a", build("a")) == "A"
    assert cache.get("b", build("b")) == "B"
    assert cache.get("a", build("a")) == "A"  # a hit: "a" is now the most recent
    cache.get("c", build("c"))  # "b" goes
    cache.get("a", build("a"))
    cache.get("b", build("b"))
    assert built == ["a", "b", "c", "b"]
    assert len(cache) == 2


def test_a_failed_build_caches_nothing():
    cache = ModelCache(size=2)

    def fail():
        raise OSError("model file missing")

    for _ in range(2):
        with pytest.raises(OSError, match="missing"):
            cache.get("m", fail)
    assert len(cache) == 0


def test_an_object_key_is_its_identity_and_is_kept_alive_while_cached():
    class Encoder:
        pass

    cache = ModelCache(size=4)
    first = Encoder()
    cache.get(("protos", identity(first)), lambda: "first vectors")
    first_id = id(first)
    del first
    gc.collect()
    # a new object never receives the first one's entry, even if Python reused its id
    second = Encoder()
    assert cache.get(("protos", identity(second)), lambda: "second vectors") == "second vectors"
    assert first_id != id(second)  # the first one is still alive: the cache holds it


def test_classify_stance_and_summarize_reuse_one_backend_per_configuration(fake_settings):
    from statement_lens.models.cache import MODELS
    from statement_lens.stance import get_stance_backend
    from statement_lens.summary.api import _cached_summarizer

    assert get_stance_backend(settings=fake_settings) is get_stance_backend(settings=fake_settings)
    assert _cached_summarizer("summarizer.fake", fake_settings) is _cached_summarizer(
        "summarizer.fake", fake_settings
    )
    assert len(MODELS) >= 2
