"""Proposed stance targets for 72 realistic statements, compared with an earlier commit's proposals.

Usage:  python benchmarks/targets_realistic.py [--baseline-commit REV]

No gold targets exist for these inputs, so this is a reading aid: it runs
``statement_lens.stance.targets.propose_targets`` (5 targets, the dashboard's default) on the two press
conferences, the last 20 State of the Union addresses and the first 50 UN General Debate statements of
2024 in ``../shared/data``, and, with ``--baseline-commit``, the same function of that commit (checked
out into a temporary git worktree and run in a subprocess), then lists every proposal that one has and
the other lacks. Writes ``reports/targets_realistic.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "targets_realistic.md"

_RUNNER = """
import json, sys
from statement_lens.ingest import load_statement
from statement_lens.stance.targets import propose_targets
out = {}
for path in sys.argv[2:]:
    st = load_statement(path)
    out[path.rsplit("/", 1)[-1]] = propose_targets(st.text, title=st.title)
json.dump(out, open(sys.argv[1], "w", encoding="utf-8"))
"""


def documents() -> list[Path]:
    speeches = DATA / "speeches"
    return (
        sorted((DATA / "press_conferences").glob("*.txt"))
        + sorted((speeches / "state_of_the_union" / "speeches").glob("*.txt"))[-20:]
        + sorted((speeches / "un_general_debate" / "2024").glob("*.txt"))[:50]
    )


def proposals(src: Path, files: list[Path]) -> dict[str, list[str]]:
    """Run ``propose_targets`` of the package under ``src`` on ``files`` in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = dict(os.environ, PYTHONPATH=str(src))
        subprocess.run(
            [sys.executable, "-c", _RUNNER, str(out), *map(str, files)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        result: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-commit", help="also run this commit's propose_targets and compare")
    args = parser.parse_args(argv)
    files = documents()
    if not files:
        print(f"Shared data not found under {DATA}; nothing to measure.")
        return 0
    now = proposals(ROOT / "src", files)
    lines = [
        "# Proposed stance targets on realistic statements",
        "",
        "- Command: `python benchmarks/targets_realistic.py"
        + (f" --baseline-commit {args.baseline_commit}`" if args.baseline_commit else "`")
        + f" (commit {commit()})",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Inputs: {len(files)} statements (2 press conferences, the last 20 State of the Union addresses, "
        "the first 50 UN General Debate statements of 2024); 5 targets each, title from ingest.",
        "",
    ]
    if args.baseline_commit:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "tree"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.baseline_commit],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                before = proposals(tree / "src", files)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    check=False,
                    stdout=subprocess.DEVNULL,
                )
        removed = Counter(t for k in now for t in before[k] if t not in now[k])
        added = Counter(t for k in now for t in now[k] if t not in before[k])
        changed = [k for k in now if set(now[k]) != set(before[k])]
        lines += [
            f"## Against commit {args.baseline_commit}",
            "",
            f"{len(changed)} of {len(now)} statements get a different set of targets; "
            f"{sum(removed.values())} proposals dropped, {sum(added.values())} new.",
            "",
            "- Dropped (times): " + ", ".join(f"{t} ({n})" for t, n in removed.most_common()),
            "- New (times): " + ", ".join(f"{t} ({n})" for t, n in added.most_common()),
            "",
            "| statement | dropped | new |",
            "|---|---|---|",
        ]
        for k in changed:
            gone = ", ".join(t for t in before[k] if t not in now[k])
            new = ", ".join(t for t in now[k] if t not in before[k])
            lines.append(f"| {k} | {gone} | {new} |")
        lines.append("")
    lines += ["## Proposals now", "", "| statement | targets |", "|---|---|"]
    lines += [f"| {k} | {', '.join(v)} |" for k, v in now.items()]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:20]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
