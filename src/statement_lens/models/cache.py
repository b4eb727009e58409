"""The process's one cache of loaded models and what is derived from them (one policy, one lock).

Convenience entry points that are called without a loaded model — ``classify_stance(pairs)``,
``summarize(text)``, ``assign_topics(texts)``, the shared spaCy pipeline, a taxonomy's prototype vectors —
get it from here, keyed by what determines it (registered name, settings, the encoder object). The cache is
a bounded LRU: the least recently used entry goes when it is full. A model passed in by the caller is
never cached here; :class:`~statement_lens.services.Services` holds the models of one configuration, and
the dashboard's ``st.cache_resource`` (in ``ui/``) holds one ``Services`` per configuration.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: Entries kept: a handful of backends, pipelines and prototype sets (each a few MB to ~100 MB).
DEFAULT_SIZE = 32


class Identity:
    """A cache-key part that stands for one object (by identity) and keeps it alive while cached.

    Keying by a bare ``id()`` can hand a new object another one's entry once the first is collected.
    """

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and other.obj is self.obj


def identity(obj: object) -> Identity | None:
    """A key part for ``obj`` (``None`` stays ``None``)."""
    return None if obj is None else Identity(obj)


class ModelCache:
    """A thread-safe, bounded LRU from a key to a built object. Building holds the lock (no double loads)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.RLock()  # re-entrant: building one entry may need another

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The entry for ``key``, built by ``build()`` on a miss (a failed build caches nothing)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
            value = build()
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every entry (tests; a settings change that frees memory)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


#: The one instance.
MODELS = ModelCache()


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """``MODELS.get(key, build)``."""
    return MODELS.get(key, build)
