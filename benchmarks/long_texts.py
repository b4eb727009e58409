"""Long transcripts through the CLI: time per stage and peak memory for 0.2 MB, 1 MB and 5 MB of text.

Usage:  python benchmarks/long_texts.py [--sizes 200000,1000000,5000000]

The transcripts are State of the Union addresses (public domain, ``../shared/data/speeches``) joined
end to end in file-name order, with a blank line between them, and cut to the size in characters: one
long speech-like text with ~0.2 quotations per thousand words. Each size runs once as
``statement-lens analyze FILE --format json --out DIR`` in a fresh data directory (so the store's cache
never answers), and the peak resident memory of that process is read from ``os.wait4``. Stage times come
from the analysis's own ``timings``. Writes ``reports/long_texts.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import ROOT, commit, machine

SPEECHES = ROOT.parent / "shared" / "data" / "speeches" / "state_of_the_union" / "speeches"
REPORT = ROOT / "benchmarks" / "reports" / "long_texts.md"
STANCE = os.environ.get("STATEMENT_LENS_STANCE", "default")
STAGES = ("segmentation", "quotes", "topics", "stance", "summary")


def transcript(size: int) -> str:
    """``size`` characters of State of the Union addresses, joined in file-name order."""
    files = sorted(SPEECHES.glob("*.txt"))
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = files[i % len(files)].read_text(encoding="utf-8")
        parts.append(text)
        total += len(text) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def run_cli(path: Path, out: Path, data_dir: Path) -> tuple[int, float, float, str]:
    """Run the CLI on ``path``; return (exit code, wall seconds, peak RSS in MiB, stderr tail)."""
    env = dict(os.environ, STATEMENT_LENS_DATA_DIR=str(data_dir))
    cmd = [
        sys.executable,
        "-m",
        "statement_lens",
        "analyze",
        str(path),
        "--format",
        "json",
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace")[-400:]
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024, tail


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200000,1000000,5000000")
    args = parser.parse_args()
    if not SPEECHES.is_dir():
        print(f"Shared data not found under {SPEECHES}; nothing to measure.")
        return 0
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in (int(s) for s in args.sizes.split(",")):
            path = tmp / f"transcript_{size}.txt"
            text = transcript(size)
            path.write_text(text, encoding="utf-8")
            code, wall, rss, tail = run_cli(path, tmp / f"out_{size}", tmp / f"data_{size}")
            words = len(text.split())
            if code != 0:
                rows.append(f"| {size / 1e6:.1f} MB | {words:,} | exit {code} | | | | | | | {tail!r} |")
                continue
            (result,) = (tmp / f"out_{size}").glob("*.analysis.json")
            analysis = json.loads(result.read_text(encoding="utf-8"))
            timings = analysis["timings"]
            n_sentences = len(analysis["sentences"]["data"])
            stages = " | ".join(f"{timings.get(s, 0.0):.1f}" for s in STAGES)
            if analysis["errors"]:
                stages += f" (errors: {'; '.join(analysis['errors'])[:200]})"
            rows.append(
                f"| {size / 1e6:.1f} MB | {words:,} | {n_sentences:,} | {stages} | {wall:.0f} | {rss:,.0f} |"
            )
            print(rows[-1], flush=True)
            result.unlink()
    header = " | ".join(f"{s} s" for s in STAGES)
    report = f"""# Long texts: time per stage and peak memory

Command: `python benchmarks/long_texts.py --sizes {args.sizes}`
Commit: {commit()}; date: {dt.date.today().isoformat()}; machine: {machine()} (shared with other jobs while
it ran, so times are upper bounds).

Data: State of the Union addresses 1945-2026 (`../shared/data/speeches/state_of_the_union`, public domain)
joined in file-name order and cut to the size in characters. One run per size, each in a fresh data
directory, through `statement-lens analyze FILE --format json --out DIR` (MiniLM topics on ONNX Runtime,
the stance model named by `STATEMENT_LENS_STANCE` or the default: {STANCE}, extractive summary).
"Total" is the process's wall time including start-up, model loading and writing the JSON; peak RSS is
that process's maximum resident memory.

| text | words | sentences | {header} | total s | peak RSS MiB |
|---|---|---|{"---|" * len(STAGES)}---|---|
{chr(10).join(rows)}

Before this change the limit was 1,000,000 characters (a 5 MB text was refused with exit 2) and spaCy
refused any single call over 1,000,000 characters (E088); spaCy now runs in pieces of at most 100,000
characters (`text.nlp.PIECE_CHARS`) and the limit is 20 MiB of text (`MAX_TEXT_CHARS`), equal to
the upload limit. The sentence encoder tokenises at most 2,048 sentences at a time
(`models.embedder.TOKENIZE_CHUNK`), so its padded token arrays no longer grow with the text.

Not measured: medians over several runs (a 5 MB run takes minutes on this shared machine), texts above
5 MB (time and memory grow about linearly: extrapolate from the rows above), the dashboard's upload path
(it calls the same `analyze`), targets other than the proposed ones.
"""
    REPORT.write_text(report, encoding="utf-8")
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
