"""Training sweeps for ``stance.lens.v2`` on a GPU (issue 13): recipe grid, ensembles, distilled students.

Three steps; the first and last run here, the middle one on a machine with a GPU (the ``device`` tool
sends the repository plus a carried folder; see ``benchmarks/reports/stance_sweep.md``):

    python benchmarks/stance_sweep.py prep --dir .gpu            # parquets + encoder folders (CPU, ~3 min)
    python3 benchmarks/stance_sweep.py run --dir .gpu --grid distill   # on the GPU machine, ~4.5 min
    python3 benchmarks/stance_sweep.py run --dir .gpu --grid base      # ~2.5 min
    python benchmarks/stance_sweep.py report SWEEP_JSON... --heldout HELDOUT_JSONL  # the markdown report

``prep`` writes ``base.parquet`` (the v2 rows: NewsMTSC train + swaps + joined pairs + 3,000 role rows +
3,000 replayed v1 rows), ``newsroles.parquet`` (without the replay), ``newsonly.parquet`` (NewsMTSC
rows alone), ``aug.parquet`` (16,000 unlabelled rows from CC0 / public-domain speeches,
:mod:`statement_lens.stance.training.unlabelled`), and two copies of all-MiniLM-L6-v2 in fp16 (the
embeddings alone, for runs that start from ``stance.lens.v1``'s layers; the whole encoder) so that
they fit the 64 MiB a device call carries.

Grid ``distill``: eight teachers from ``stance.lens.v1``'s layers (lr 5e-5 x 4 seeds, ranking loss,
lr 8e-5, multi-target sentences twice, lr 3e-5 x 4 epochs), each predicting every training and
unlabelled row; the five best by validation score are averaged into soft labels; four students learn
from them (``--kd 0.5/0.8``, two seeds). Grid ``base``: networks from all-MiniLM-L6-v2 itself on
NewsMTSC alone (the issue's feasibility recipe), NewsMTSC + swaps + joined + roles, and the full rows.
Choices use only the ``val`` split (NewsMTSC train's held-out tenth + v1 validation rows) and, for the
folders brought back, ``benchmarks/stance_heldout.py``; dev sets are never read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

LABELS = ("favor", "against", "none")
V1 = "src/statement_lens/stance/weights/stance_lens_v1"
T0 = time.time()
SMOKE = {"on": False}
"""``run --smoke``: tiny data, one epoch, two jobs per phase, on the CPU (checks the driver, not models)."""


def log(msg: str) -> None:
    print(f"[{time.time() - T0:6.1f}s] {msg}", flush=True)


def prep(d: Path, data_root: Path) -> None:
    """Write the parquets and the fp16 encoder folders into ``d``."""
    from safetensors.torch import load_file, save_file

    from statement_lens.models.embedder import minilm_dir
    from statement_lens.stance.training.newsmtsc import build_v2_dataset, read_newsmtsc, sentence_rows
    from statement_lens.stance.training.unlabelled import speech_rows

    d.mkdir(parents=True, exist_ok=True)
    build_v2_dataset(data_root, joined=1500, replay=3000, roles=3000).to_parquet(d / "base.parquet")
    build_v2_dataset(data_root, joined=1500, replay=0, roles=3000).to_parquet(d / "newsroles.parquet")
    news = sentence_rows(read_newsmtsc(data_root / "stance" / "newsmtsc" / "train.jsonl"))
    news.to_parquet(d / "newsonly.parquet")
    speech_rows(data_root, 16000).to_parquet(d / "aug.parquet")
    src = Path(minilm_dir())
    tensors = load_file(str(src / "model.safetensors"))
    for name, keep in (("minilm", "embeddings."), ("minilm_full", "")):
        dst = d / name
        dst.mkdir(exist_ok=True)
        for f in (
            "config.json",
            "special_tokens_map.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "vocab.txt",
        ):
            shutil.copy(src / f, dst / f)
        half = {
            k: v.half().contiguous() if v.is_floating_point() else v
            for k, v in tensors.items()
            if k.startswith(keep)
        }
        save_file(half, str(dst / "model.safetensors"), metadata={"format": "pt"})
    log(f"prepared {sorted(p.name for p in d.iterdir())}")


def run_all(jobs: list[tuple[str, list[str]]], work: Path, parallel: int, deadline: float) -> dict[str, Any]:
    """Run ``train_v2`` jobs, ``parallel`` at a time; kill what outlives ``deadline`` (seconds from start)."""
    if SMOKE["on"]:
        jobs = [
            (n, [a if argv[i - 1] != "--epochs" else "1" for i, a in enumerate(argv)]) for n, argv in jobs[:2]
        ]
        deadline = 10 * deadline
    pending, running, done = list(jobs), {}, {}
    while pending or running:
        while pending and len(running) < parallel and time.time() - T0 < deadline - 30:
            name, argv = pending.pop(0)
            (work / name).mkdir(parents=True, exist_ok=True)
            f = open(work / name / "log.txt", "w")  # noqa: SIM115 - closed when the job ends
            cmd = [
                sys.executable,
                "-m",
                "statement_lens.stance.training.train_v2",
                "--out",
                str(work / name),
                *argv,
            ]
            env = {**os.environ, "PYTHONPATH": "src", "TOKENIZERS_PARALLELISM": "false"}
            running[name] = (subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env), f)
            log(f"start {name}")
        for name, (p, f) in list(running.items()):
            if p.poll() is not None or time.time() - T0 > deadline:
                if p.poll() is None:
                    p.kill()
                f.close()
                done[name] = p.returncode if p.returncode is not None else "killed"
                del running[name]
                log(f"{name}: {done[name]}")
        if pending and time.time() - T0 >= deadline - 30:
            done.update({name: "not started" for name, _ in pending})
            pending = []
        time.sleep(1)
    return done


def shrink(d: Path, dest: Path) -> Path:
    """A copy of the prepared folder ``d`` with 80 training and 200 validation rows per set (smoke runs)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("base", "newsroles", "newsonly"):
        df = pd.read_parquet(d / f"{name}.parquet")
        parts = [df[df["split"] == "train"].sample(80, random_state=0)]
        parts.append(df[df["split"] == "val"].sample(200, random_state=0))
        pd.concat(parts, ignore_index=True).to_parquet(dest / f"{name}.parquet")
    pd.read_parquet(d / "aug.parquet").head(100).to_parquet(dest / "aug.parquet")
    for enc in ("minilm", "minilm_full"):
        if not (dest / enc).exists():
            (dest / enc).symlink_to((d / enc).resolve())
    return dest


def val_scores(val: pd.DataFrame, logits: np.ndarray) -> dict[str, float]:
    """Validation macro-F1 (all NewsMTSC, 2+-target sentences), contrast and replay macro-F1 of raw logits."""
    from statement_lens.stance.metrics import contrast_accuracy, macro_f1, softmax

    pred = np.array(LABELS)[logits.argmax(1)]
    y = val["label"].to_numpy()
    news = (val["source"] == "newsmtsc").to_numpy()
    multi = news & (val.groupby("group")["group"].transform("size").to_numpy() >= 2)
    con, _ = contrast_accuracy(val["group"][news].tolist(), y[news].tolist(), softmax(logits)[news])
    rep = {
        "newsmtsc_f1": macro_f1(y[news], pred[news], LABELS),
        "multi_f1": macro_f1(y[multi], pred[multi], LABELS),
        "contrast": con,
    }
    if (~news).any():
        rep["replay_f1"] = macro_f1(
            y[~news], pred[~news], tuple(lab for lab in LABELS if lab in set(y[~news]))
        )
    return {k: round(float(v), 4) for k, v in rep.items()}


def train_args(
    common: list[str],
    data: Path,
    encoder: Path,
    start: list[str],
    lr: float,
    epochs: int,
    seed: int,
    tail: list[str],
) -> list[str]:
    """``train-stance`` arguments of one run (``start``: ``--init DIR`` or ``--no-init``)."""
    grid = ["--lr", str(lr), "--epochs", str(epochs), "--seed", str(seed)]
    return [*common, "--prepared", str(data), "--encoder", str(encoder), *start, *grid, *tail]


TEACHERS: dict[str, list[tuple[str, float, int, int, tuple[str, ...]]]] = {
    "distill": [
        *[(f"t_lr5_e3_s{s}", 5e-5, 3, s, ()) for s in (1, 2, 3, 4)],
        ("t_rank1_e3_s1", 5e-5, 3, 1, ("--rank", "1")),
        ("t_lr8_e3_s1", 8e-5, 3, 1, ()),
        ("t_multi2_e3_s1", 5e-5, 3, 1, ()),
        ("t_lr3_e4_s1", 3e-5, 4, 1, ()),
    ],
    # the five that the ``distill`` grid's first GPU run kept as teachers (best validation scores)
    "students": [
        ("t_lr5_e3_s1", 5e-5, 3, 1, ()),
        ("t_lr3_e4_s1", 3e-5, 4, 1, ()),
        ("t_lr8_e3_s1", 8e-5, 3, 1, ()),
        ("t_rank1_e3_s1", 5e-5, 3, 1, ("--rank", "1")),
        ("t_lr5_e3_s2", 5e-5, 3, 2, ()),
    ],
}
"""Teachers of the two distillation grids: (name, learning rate, epochs, seed, extra arguments)."""
STUDENTS: dict[str, list[tuple[int, float]]] = {
    "distill": [(seed, kd) for seed in (1, 2) for kd in (0.5, 0.8)],
    "students": [(seed, 0.8) for seed in range(1, 9)],
}
"""(seed, ``--kd`` weight) of the students: ``students`` repeats the recipe with eight seeds (issue 13)."""


CURVE_FRACTIONS = (0.25, 0.5, 0.75, 1.0)
"""Shares of NewsMTSC train's training sentences in the ``curve`` grid (a learning curve, not a choice)."""


def fraction_rows(df: pd.DataFrame, frac: float) -> pd.DataFrame:
    """Training rows of the first ``frac`` of sentences, ordered by a hash of the group (nested shares)."""
    import hashlib

    train = df[df["split"] == "train"]
    groups = sorted(set(train["group"]), key=lambda g: hashlib.md5(g.encode()).hexdigest())
    keep = set(groups[: round(frac * len(groups))])
    return train[train["group"].isin(keep)]


def run(d: Path, grid: str, out: Path, device: str, parallel: int) -> None:
    """Train the ``grid``, score every run on ``val``, bring back the two best folders and a JSON table."""
    from statement_lens.stance.metrics import softmax
    from statement_lens.stance.training.newsmtsc import oversample_multi
    from statement_lens.stance.training.unlabelled import soft_labels

    work = Path("/tmp/stance_sweep") / grid
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    if SMOKE["on"]:
        d = shrink(d, work / "smoke_data")
    base = pd.read_parquet(d / ("newsonly.parquet" if grid == "curve" else "base.parquet"))
    common = ["--device", device, "--threads", "2"]
    table: dict[str, Any] = {}
    data: dict[str, Path] = {}

    def score(names: dict[str, Any]) -> None:
        for name, rc in names.items():
            res = work / name / "results.json"
            if rc == 0 and res.exists():
                val = pd.read_parquet(data[name])
                val = val[val["split"] == "val"].reset_index(drop=True)
                cfg = json.loads(res.read_text())["config"]
                table[name] = {
                    **val_scores(val, np.load(work / name / "val_logits.npy")),
                    "epoch": cfg["val"]["epoch"],
                    "score": cfg["val"]["score"],
                }
                log(f"{name}: {table[name]}")

    if grid in ("distill", "students"):
        rows = pd.concat(
            [base[base["split"] == "train"], pd.read_parquet(d / "aug.parquet")], ignore_index=True
        )
        rows.to_parquet(work / "kdrows.parquet")
        oversample_multi(base, 2).to_parquet(work / "multi2.parquet")
        jobs = []
        for name, lr, ep, seed, extra in TEACHERS[grid]:
            data[name] = work / "multi2.parquet" if "multi2" in name else d / "base.parquet"
            start = ["--init", V1]
            tail = ["--predict", str(work / "kdrows.parquet"), *extra]
            jobs.append((name, train_args(common, data[name], d / "minilm", start, lr, ep, seed, tail)))
        score(run_all(jobs, work, parallel, 330 if grid == "distill" else 250))
        teachers = sorted(table, key=lambda n: -table[n]["score"])[:5]
        probs = [softmax(np.load(work / n / "predict.npy")) for n in teachers]
        student = pd.concat(
            [soft_labels(rows, probs, LABELS), base[base["split"] == "val"]], ignore_index=True
        )
        student.to_parquet(work / "student.parquet")
        ens = np.mean([softmax(np.load(work / n / "val_logits.npy")) for n in teachers], 0)
        table["ensemble of the 5 teachers"] = val_scores(
            base[base["split"] == "val"].reset_index(drop=True), np.log(ens + 1e-9)
        )
        jobs = []
        for seed, kd in STUDENTS[grid]:
            name = f"s_kd{int(kd * 10)}_e3_s{seed}"
            data[name] = work / "student.parquet"
            tail = ["--kd", str(kd)]
            jobs.append(
                (name, train_args(common, data[name], d / "minilm", ["--init", V1], 5e-5, 3, seed, tail))
            )
        score(run_all(jobs, work, parallel, 555))
        table["teachers"] = teachers
    elif grid == "curve":
        news = pd.read_parquet(d / "newsonly.parquet")
        for frac in CURVE_FRACTIONS:
            part = pd.concat([news[news["split"] == "val"], fraction_rows(news, frac)], ignore_index=True)
            part.to_parquet(work / f"news_f{round(frac * 100)}.parquet")
        jobs = []
        for frac in CURVE_FRACTIONS:
            for seed in (1, 2, 3):
                name = f"c_f{round(frac * 100)}_s{seed}"
                data[name] = work / f"news_f{round(frac * 100)}.parquet"
                start = ["--init", V1]
                jobs.append((name, train_args(common, data[name], d / "minilm", start, 5e-5, 3, seed, [])))
        score(run_all(jobs, work, parallel, 400))
    else:
        jobs = []
        for name, ds, lr, ep, seed in [
            *[(f"b_newsonly_e2_s{s}", "newsonly", 5e-5, 2, s) for s in (1, 2)],
            *[(f"b_newsroles_e4_s{s}", "newsroles", 5e-5, 4, s) for s in (1, 2)],
            *[(f"b_base_e4_s{s}", "base", 5e-5, 4, s) for s in (1, 2)],
            ("b_newsroles_e6_lr3_s1", "newsroles", 3e-5, 6, 1),
            ("b_newsroles_e4_lr8_s1", "newsroles", 8e-5, 4, 1),
        ]:
            data[name] = d / f"{ds}.parquet"
            full = d / "minilm_full"
            jobs.append((name, train_args(common, data[name], full, ["--no-init"], lr, ep, seed, [])))
        score(run_all(jobs, work, parallel, 400))
    (out / f"sweep_{grid}.json").write_text(json.dumps(table, indent=1))
    if grid == "curve":
        return
    runs = [n for n in table if isinstance(table[n], dict) and "epoch" in table[n]]
    prefix = "b_" if grid == "base" else "s_"
    picks = {
        "teacher": max(
            (n for n in runs if n.startswith("t_")), key=lambda n: table[n]["newsmtsc_f1"], default=None
        ),
        "best": max(
            (n for n in runs if n.startswith(prefix)), key=lambda n: table[n]["newsmtsc_f1"], default=None
        ),
    }
    if grid == "students":  # the best student overall and, of the others, the best on 2+-target sentences
        picks = {
            "best": picks["best"],
            "multi": max(
                (n for n in runs if n.startswith("s_") and n != picks["best"]),
                key=lambda n: table[n]["multi_f1"],
                default=None,
            ),
        }
    for tag, name in picks.items():
        if name:
            shutil.copytree(work / name / "stance_lens_v2", out / tag, dirs_exist_ok=True)
            log(f"brought back {tag} = {name}")


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _versus(vs: dict[str, Any], key: str) -> str:
    if key not in vs:
        return "—"
    v = vs[key]
    return f"{v['mean']:+.4f} [{v['ci95'][0]:+.3f}, {v['ci95'][1]:+.3f}] {v['p_better']}"


def report(sweeps: list[Path], heldout: Path | None, dest: Path) -> None:
    """A markdown table of every run's validation scores, and the held-out reading of those brought back."""
    head = ["run", "val NewsMTSC macro-F1", "val 2+-target macro-F1", "val contrast (scores)"]
    lines = [_row([*head, "val replay macro-F1", "best epoch"]), _row(["---"] * 6)]
    for path in sweeps:
        for name, r in json.loads(path.read_text()).items():
            if isinstance(r, dict):
                cells = [name, r["newsmtsc_f1"], r.get("multi_f1", "—"), r["contrast"]]
                lines.append(_row([*cells, r.get("replay_f1", "—"), r.get("epoch", "—")]))
    if heldout:
        head = ["folder", "runtime", "held-out macro-F1", "2+-target macro-F1", "strict contrast"]
        vs_head = ["vs shipped (all): mean, 95 % CI, P(better)", "vs shipped (2+)"]
        lines += ["", _row([*head, *vs_head]), _row(["---"] * 7)]
        for line in heldout.read_text().splitlines():
            r = json.loads(line)
            vs = r.get("vs", {})
            cells = [r["folder"], r["runtime"], r["macro_f1"], r["macro_f1_multi"], r["contrast_strict"]]
            lines.append(_row([*cells, _versus(vs, "all"), _versus(vs, "multi")]))
    dest.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prep")
    p.add_argument("--dir", type=Path, default=Path(".gpu"))
    p.add_argument(
        "--data-root", type=Path, default=Path(os.environ.get("STATEMENT_LENS_SHARED_DATA", "../shared/data"))
    )
    r = sub.add_parser("run")
    r.add_argument("--dir", type=Path, default=Path(".gpu"))
    r.add_argument("--grid", choices=("distill", "students", "base", "curve"), required=True)
    r.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "/tmp/stance_sweep_out")))
    r.add_argument("--device", default="cuda")
    r.add_argument("--parallel", type=int, default=8)
    r.add_argument("--smoke", action="store_true", help="tiny data, 1 epoch, 2 jobs per phase (CPU check)")
    w = sub.add_parser("report")
    w.add_argument("sweeps", nargs="+", type=Path)
    w.add_argument("--heldout", type=Path)
    w.add_argument("--dest", type=Path, default=Path("/tmp/stance_sweep_table.md"))
    args = ap.parse_args(argv)
    sys.path.insert(0, "src")
    if args.cmd == "prep":
        prep(args.dir, args.data_root)
    elif args.cmd == "run":
        SMOKE["on"] = args.smoke
        run(args.dir, args.grid, args.out, args.device, args.parallel)
    else:
        report(args.sweeps, args.heldout, args.dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
