"""Does a refactor change any result? Analyse the same statements with two commits and compare every frame.

    python benchmarks/refactor_equivalence.py --before 4b0b1f8 --after HEAD

Each commit is checked out into a temporary worktree and run in its own interpreter (``PYTHONPATH`` set to the
tree's ``src``) with the default settings and real models, on the seed and the shipped examples (5 State of
the Union addresses, 12 UN General Debate statements) and, when the shared data is there, the first 12
PolNeAR dev articles, all with the same fixed targets. Every frame (sentences, quotations, units, stance,
topics, key units), the summary and the targets are compared value by value (floats to 1e-6); timings,
dates and provenance are not. Writes ``benchmarks/reports/refactor_equivalence.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TARGETS = ["Russia", "Ukraine", "China", "the United States", "climate change"]
FRAMES = ("sentences", "quotes", "units", "stance", "topics", "topic_units")

CHILD = r"""
import json, sys
from pathlib import Path
import statement_lens as sl
from statement_lens.ingest import statement_from_text

texts = json.loads(Path(sys.argv[1]).read_text())
targets = json.loads(sys.argv[2])
FRAMES = json.loads(sys.argv[4])
out = {}
for name, text in texts.items():
    a = sl.analyze(statement_from_text(text), targets)
    doc = json.loads(a.to_json())
    if "topic_quotes" in doc:  # the frame's name before the refactor
        doc["topic_units"] = doc.pop("topic_quotes")
    out[name] = {
        "frames": {k: doc[k]["data"] for k in FRAMES},
        "summary": doc["summary"],
        "targets": doc["targets"],
        "errors": doc["errors"],
    }
Path(sys.argv[3]).write_text(json.dumps(out))
"""


def _texts(n_polnear: int) -> dict[str, str]:
    texts = {"seed": (ROOT / "src" / "statement_lens" / "ui" / "seed.txt").read_text(encoding="utf-8")}
    for p in sorted((ROOT / "src" / "statement_lens" / "examples" / "texts").glob("*.txt")):
        texts[p.name] = p.read_text(encoding="utf-8")
    dev = DATA / "quotes" / "polnear_dev" / "polnear_dev.jsonl"
    if dev.is_file():
        with dev.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= n_polnear:
                    break
                doc = json.loads(line)
                texts[f"polnear:{doc.get('article', i)}"] = doc["text"]
    return texts


def _run(commit: str, texts_file: Path, work: Path) -> tuple[dict[str, Any], float, str]:
    tree = work / f"tree-{commit}"
    subprocess.run(["git", "worktree", "add", "-f", "--detach", str(tree), commit], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    sha = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    try:
        out = work / f"out-{commit}.json"
        env = {
            **os.environ,
            "PYTHONPATH": str(tree / "src"),
            "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
        }
        t0 = time.perf_counter()
        child = [
            sys.executable,
            "-c",
            CHILD,
            str(texts_file),
            json.dumps(TARGETS),
            str(out),
            json.dumps(FRAMES),
        ]
        subprocess.run(child, cwd=work, env=env, check=True)
        return json.loads(out.read_text()), time.perf_counter() - t0, sha
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False,
                       capture_output=True)  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for name in before:
        b, a = before[name], after[name]
        for frame in FRAMES:
            rb, ra = b["frames"][frame], a["frames"][frame]
            extra = sorted({k for r in ra for k in r} - {k for r in rb for k in r})
            if extra:  # a column the refactor added is not a changed result; compare the shared ones
                ra = [{k: v for k, v in r.items() if k not in extra} for r in ra]
            if not _same(rb, ra):
                bad = sum(not _same(x, y) for x, y in zip(rb, ra, strict=False)) + abs(len(rb) - len(ra))
                found.append(f"{name}: {frame} differs in {bad} of {max(len(rb), len(ra))} rows")
        for part in ("summary", "targets", "errors"):
            if not _same(b[part], a[part]):
                found.append(f"{name}: {part} differs")
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="commit before the refactor")
    ap.add_argument("--after", default="HEAD", help="commit after it")
    ap.add_argument("--polnear", type=int, default=12, help="PolNeAR dev articles to include")
    ap.add_argument("--report", default=str(ROOT / "benchmarks" / "reports" / "refactor_equivalence.md"))
    args = ap.parse_args()
    texts = _texts(args.polnear)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        texts_file = work / "texts.json"
        texts_file.write_text(json.dumps(texts))
        before, t_before, sha_before = _run(args.before, texts_file, work)
        after, t_after, sha_after = _run(args.after, texts_file, work)
    diffs = _differences(before, after)
    n_rows = {f: sum(len(before[n]["frames"][f]) for n in before) for f in FRAMES}
    lines = [
        "# Refactor equivalence: the same statements through two commits",
        "",
        "- Command: `python benchmarks/refactor_equivalence.py "
        f"--before {args.before} --after {args.after}` (before = {sha_before}, after = {sha_after})",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC",
        f"- Data: the seed, {sum(1 for n in texts if n.endswith('.txt'))} shipped examples (State of the "
        f"Union, UN General Debate) and {sum(1 for n in texts if n.startswith('polnear:'))} PolNeAR dev "
        f"articles; targets {', '.join(TARGETS)}; default settings, real models",
        f"- Run time: before {t_before:.0f} s, after {t_after:.0f} s (one cold interpreter each, shared "
        "machine)",
        "",
        "| frame | rows compared | statements that differ |",
        "|---|---|---|",
        *(f"| {f} | {n_rows[f]} | {sum(1 for d in diffs if f': {f} ' in d)} |" for f in FRAMES),
        f"| summary, targets, errors | {len(texts)} statements | "
        f"{sum(1 for d in diffs if d.endswith(('summary differs', 'targets differs', 'errors differs')))} |",
        "",
        "Result: "
        + (
            "**identical** — every value of every frame, the summaries and the targets."
            if not diffs
            else "**differences**:\n\n" + "\n".join(f"- {d}" for d in diffs)
        ),
        "",
    ]
    Path(args.report).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
