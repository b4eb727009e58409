"""Stance toward targets: everything about it lives in this package.

- :mod:`.api` — the public ``classify_stance`` / ``get_stance_backend`` (re-exported here).
- :mod:`.mentions` and :mod:`.aliases` — where a target is mentioned in a unit (names, surnames, demonyms,
  capitals, analyst-edited aliases) and the window around each mention that the model reads.
- :mod:`.gate` — which unit x target pairs of an analysis reach a model.
- :mod:`.targets` — targets proposed from a statement.
- backends, registered by name: :mod:`.heuristic` (VADER), :mod:`.lens` (``stance.lens.v1`` and the
  target-dependent ``stance.lens.v2``), :mod:`.nli` (any transformers NLI checkpoint); :mod:`.lens_net` and
  :mod:`.onnx_runtime` are the network and its ONNX Runtime files; :mod:`.metrics` scores and calibrates.
- :mod:`.training` — data and the ``statement-lens train-stance`` recipe (never imported at run time).
"""

from statement_lens.stance.api import classify_stance, get_stance_backend

__all__ = ["classify_stance", "get_stance_backend"]
