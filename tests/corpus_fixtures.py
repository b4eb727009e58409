"""Small corpora built by hand for the corpus tests, and a slow fake backend for kill/resume tests."""

from __future__ import annotations

import dataclasses
import json
import math
import time
from pathlib import Path
from typing import Any

from statement_lens.config import Settings
from statement_lens.models.fakes import FakeStance
from statement_lens.models.registry import register

SPEAKERS = ["Anna Berg", "Omar Haddad", "Lena Novak"]
TARGETS = ("Ukraine", "sanctions")
SLOW_SECONDS = 0.25


def statement_text(i: int) -> str:
    speaker = SPEAKERS[i % len(SPEAKERS)]
    verb = "support" if i % 2 == 0 else "oppose"
    return (
        f"Ministry statement number {i} on security and the economy\n\n"
        f"The minister met partners on {2020 + i % 3}-0{1 + i % 9}-1{i % 10} "
        "to discuss energy prices and defence. "
        f'{speaker} said: "We {verb} new aid for Ukraine and we will help our farmers this year." '
        f'"Sanctions are a threat to jobs," {speaker} added. '
        f"The talks also covered schools, hospitals and the budget for roads in statement {i}.\n"
    )


def write_jsonl(path: Path, n: int, *, start: int = 0) -> Path:
    rows = [
        {
            "text": statement_text(i),
            "date": f"{2020 + i % 3}-0{1 + i % 9}-1{i % 10}",
            "speaker": SPEAKERS[i % len(SPEAKERS)],
            "source": "Ministry A" if i % 2 else "Ministry B",
        }
        for i in range(start, start + n)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def write_folder(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"statement_{i:03d}.txt").write_text(statement_text(i), encoding="utf-8")
    return folder


def fake_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(
        stance="stance.fake", summarizer="summarizer.fake", embedder="embedder.fake", data_dir=str(data_dir)
    ).with_overrides(**overrides)


class SlowFakeStance(FakeStance):
    """The keyword fake, slowed down so a test can kill a job half-way."""

    name = "stance.slow_fake"

    def classify(self, pairs):  # type: ignore[no-untyped-def]
        time.sleep(SLOW_SECONDS)
        return super().classify(pairs)


@register("stance", "stance.slow_fake")
def _slow(**_: Any) -> SlowFakeStance:
    return SlowFakeStance()


FRAMES = ("sentences", "quotes", "units", "stance", "topics", "topic_units")


def comparable(analysis):  # type: ignore[no-untyped-def]
    """An analysis as plain data without what may differ between runs (creation time, timings)."""
    from statement_lens.pipeline.analysis import Analysis

    a = Analysis.from_json(analysis.to_json())  # the same dtypes whichever way it was made
    prov = {k: v for k, v in a.provenance.items() if k != "created_at"}
    return {
        "statement_text": a.statement.text,
        "title": a.statement.title,
        "frames": {name: _plain(getattr(a, name)) for name in FRAMES},
        "summary": dataclasses.asdict(a.summary),
        "targets": a.targets,
        "provenance": prov,
        "errors": a.errors,
    }


def stored_analyses(store, config_hash):  # type: ignore[no-untyped-def]
    ids = store.query("SELECT statement_id FROM analyses WHERE config_hash=? ORDER BY 1", (config_hash,))
    return {sid: comparable(store.get_analysis(sid, config_hash)) for sid in ids["statement_id"]}


def _plain(df):  # type: ignore[no-untyped-def]
    return df.astype(object).where(df.notna(), None).to_dict("list")


FLOAT_TOLERANCE = 1e-6  # float32 similarity scores: BLAS sums in another order with another thread count


def assert_same_analyses(got, expected, path="analysis"):  # type: ignore[no-untyped-def]
    """Equal, except floats may differ by float32 rounding (every label, id, span and text must match)."""
    if isinstance(expected, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(expected), f"{path}: keys differ"
        for k in expected:
            assert_same_analyses(got[k], expected[k], f"{path}.{k}")
    elif isinstance(expected, list | tuple):
        assert isinstance(got, list | tuple) and len(got) == len(expected), f"{path}: lengths differ"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_same_analyses(g, e, f"{path}[{i}]")
    elif isinstance(expected, float) and not isinstance(expected, bool):
        assert isinstance(got, float) and math.isclose(got, expected, rel_tol=0, abs_tol=FLOAT_TOLERANCE), (
            f"{path}: {got} != {expected}"
        )
    else:
        assert got == expected, f"{path}: {got!r} != {expected!r}"
