"""Install-time preparation, so that the dashboard's first page draws at once on a fresh machine.

``python -m statement_lens.pipeline.prepare`` (run by ``scripts/install.sh``, hence by the README's run
command):

1. loads the configured models, which builds the ONNX Runtime files of the sentence encoder and the stance
   model into the model cache (the only time torch is imported on the default runtimes), and
2. analyses the seed statement and keeps the result beside those files as ``seed-<config hash>.json``.

A fresh data directory then starts with the seed already analysed (the dashboard stores the prepared
analysis instead of loading models), as long as the configuration is the one it was prepared for: any
other configuration (models, taxonomy, engine revision) has another hash and is analysed as usual.
"""

from __future__ import annotations

import sys
import time
from importlib import resources
from pathlib import Path

from statement_lens.config import Settings, load_settings
from statement_lens.pipeline.analysis import Analysis
from statement_lens.types import Statement

SEED_FILE = "nato_stoltenberg_defence_production.txt"


def seed_statement() -> Statement:
    """The seed statement shipped with the package (a NATO press-conference report)."""
    from statement_lens.ingest import load_statement

    data = (resources.files("statement_lens.ui") / "seed.txt").read_bytes()
    return load_statement(data, filename=SEED_FILE)


def seed_path(settings: Settings) -> Path:
    """Where the seed's analysis under ``settings`` is kept (in the model cache)."""
    from statement_lens.models.onnx_cache import default_cache_dir

    return default_cache_dir() / f"seed-{settings.config_hash()}.json"


def prepared_seed(settings: Settings) -> Analysis | None:
    """The seed's analysis prepared at install time for exactly this configuration, or None."""
    path = seed_path(settings)
    try:
        analysis = Analysis.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None  # not prepared (or from another version): the dashboard analyses the seed itself
    return analysis if analysis.config_hash == settings.config_hash() and analysis.complete else None


def main(argv: list[str] | None = None) -> int:
    """Build the model files and the seed's analysis (skipped when already prepared); 0 on success."""
    import argparse

    argparse.ArgumentParser(
        prog="python -m statement_lens.pipeline.prepare",
        description="Build the model files the dashboard's first page needs and analyse the seed statement.",
    ).parse_args(argv)
    from statement_lens.pipeline.analysis import analyze
    from statement_lens.services import load_services

    settings = load_settings()
    path = seed_path(settings)
    if prepared_seed(settings) is not None:
        print(f"Prepared already: {path}")
        return 0
    t0 = time.perf_counter()
    services = load_services(settings)
    loaded = time.perf_counter() - t0
    analysis = analyze(seed_statement(), services=services)
    if not analysis.complete:
        print("Could not prepare the seed analysis: " + "; ".join(analysis.errors), file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(analysis.to_json(), encoding="utf-8")
    tmp.replace(path)
    print(
        f"Models ready ({loaded:.1f} s, ONNX files in {path.parent}); "
        f"seed analysed in {time.perf_counter() - t0 - loaded:.1f} s → {path.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
