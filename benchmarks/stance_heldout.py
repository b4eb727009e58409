"""NewsMTSC train's held-out tenth, read like the product reads it: the instrument for stance choices.

Every target of the ``is_val`` sentences of ``train.jsonl`` (a tenth of the sentences, by MD5 of the
sentence id; never trained on) is read by ``stance.lens.v2`` with its gold mentions
(``LensStanceV2.read(..., mentions=...)``: sentence windows, logit biases, the int8 build by default). A
candidate weights folder gets the shipped config's reading fields (``issue_model``, ``logit_bias``,
``issue_*``, ``aggregate``, ``clauses``) so that only the network differs. Dev sets are not read here.

    python benchmarks/stance_heldout.py [FOLDER ...] [--runtime auto|torch-fp32] [--against FOLDER]

Prints one JSON line per folder: macro-F1 over all targets and over targets of sentences with 2+
targets (the shape of ``devtest_mt``), strict (label) and score contrast over same-sentence pairs with
different gold labels; with ``--against``, a paired bootstrap (sentences resampled, 2,000 times) of the
macro-F1 difference, folder minus ``--against``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

LABELS = ("favor", "against", "none")
READING_FIELDS = (
    "issue_model",
    "logit_bias",
    "issue_relevant",
    "issue_aggregate",
    "issue_windows",
    "issue_whole",
    "aggregate",
    "clauses",
)


def heldout_rows(data_root: Path) -> pd.DataFrame:
    """One row per target of the held-out sentences: text, target, label, group, spans."""
    from statement_lens.stance.training.newsmtsc import is_val, read_newsmtsc

    rows = []
    for s in read_newsmtsc(data_root / "stance" / "newsmtsc" / "train.jsonl"):
        if is_val(s["id"]):
            for t in s["targets"]:
                others = [u["mention"] for u in s["targets"] if u is not t]
                rows.append((s["text"], t["name"], t["label"], s["id"], t["spans"], others))
    return pd.DataFrame(rows, columns=["text", "target", "label", "group", "spans", "others"])


def mask_others(rows: pd.DataFrame, word: str) -> pd.DataFrame:
    """Each row's text with the other targets' annotated mentions replaced by ``word`` (spans remapped)."""
    texts, spans = [], []
    for text, own, others in zip(rows.text, rows.spans, rows.others, strict=True):
        cuts = [(s, e) for s, e in sorted(others) if not any(s < oe and os_ < e for os_, oe in own)]
        out, pos, done = [], 0, []
        for s, e in cuts:
            if s >= pos:
                out += [text[pos:s], word]
                done.append((s, e))
                pos = e
        out.append(text[pos:])

        def moved(x: int, done: list[tuple[int, int]] = done) -> int:
            return x + sum(len(word) - (e - s) for s, e in done if e <= x)

        texts.append("".join(out))
        spans.append([(moved(s), moved(e)) for s, e in own])
    return rows.assign(text=texts, spans=spans)


def with_shipped_reading(folder: Path, into: Path, bias: dict[str, float] | None = None) -> Path:
    """A copy of ``folder`` that reads units as the shipped model does (``bias``: other logit biases)."""
    from statement_lens.stance.lens import WEIGHTS_ROOT

    ship = json.loads((WEIGHTS_ROOT / "stance_lens_v2" / "config.json").read_text())
    dest = into / folder.name
    shutil.copytree(folder, dest)
    cfg = json.loads((dest / "config.json").read_text())
    cfg.update({k: ship[k] for k in READING_FIELDS if k in ship})
    if bias is not None:
        cfg["logit_bias"] = bias
    (dest / "config.json").write_text(json.dumps(cfg))
    return dest


def read_probs(
    folder: Path,
    rows: pd.DataFrame,
    runtime: str,
    bias: dict[str, float] | None = None,
    by_name: bool = False,
) -> np.ndarray:
    """(n, 3) probabilities of ``rows`` read by the weights in ``folder`` (``by_name``: mentions found
    by name and alias, as the product finds them, instead of the gold ones)."""
    from statement_lens.stance.lens_v2 import LensStanceV2

    with tempfile.TemporaryDirectory() as tmp:
        model = LensStanceV2(weights_dir=with_shipped_reading(folder, Path(tmp), bias), runtime=runtime)
        mentions = None if by_name else rows.spans.tolist()
        out = model.read(list(zip(rows.text, rows.target, strict=True)), mentions=mentions)
    return np.array([r["probs"] for r in out])


def scores(rows: pd.DataFrame, probs: np.ndarray) -> dict[str, Any]:
    """Macro-F1 (all, 2+-target sentences) and contrast (strict, by scores) of ``probs``."""
    from statement_lens.stance.metrics import contrast_accuracy, contrast_label_accuracy, macro_f1

    pred = np.array(LABELS)[probs.argmax(1)]
    multi = rows.groupby("group")["target"].transform("size").to_numpy() >= 2
    y = rows.label.to_numpy()
    groups, gold = rows.group.tolist(), rows.label.tolist()
    strict, pairs = contrast_label_accuracy(groups, gold, probs)
    by_score, _ = contrast_accuracy(groups, gold, probs)
    return {
        "n": len(rows),
        "macro_f1": round(float(macro_f1(y, pred, LABELS)), 4),
        "macro_f1_multi": round(float(macro_f1(y[multi], pred[multi], LABELS)), 4),
        "n_multi": int(multi.sum()),
        "contrast_strict": f"{round(strict * pairs)}/{pairs}",
        "contrast_scores": f"{round(by_score * pairs)}/{pairs}",
    }


def paired_bootstrap(rows: pd.DataFrame, a: np.ndarray, b: np.ndarray, n: int = 2000) -> dict[str, Any]:
    """Macro-F1 of ``a`` minus ``b`` over resampled sentences: mean, 95 % interval, P(> 0); all and 2+."""
    from statement_lens.stance.metrics import macro_f1

    rng = np.random.default_rng(0)
    y = rows.label.to_numpy()
    pa, pb = np.array(LABELS)[a.argmax(1)], np.array(LABELS)[b.argmax(1)]
    by_group = rows.groupby("group").indices
    multi = {g for g, idx in by_group.items() if len(idx) >= 2}
    out: dict[str, Any] = {}
    for name, keys in (("all", list(by_group)), ("multi", sorted(multi))):
        diffs = []
        for _ in range(n):
            pick = np.concatenate([by_group[k] for k in rng.choice(keys, len(keys))])
            diffs.append(macro_f1(y[pick], pa[pick], LABELS) - macro_f1(y[pick], pb[pick], LABELS))
        d = np.array(diffs)
        lo, hi = np.percentile(d, [2.5, 97.5])
        out[name] = {"mean": round(float(d.mean()), 4), "ci95": [round(lo, 4), round(hi, 4)],
                     "p_better": round(float((d > 0).mean()), 3)}  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    """Score each folder (default: the shipped weights) on the held-out tenth."""
    from statement_lens.stance.lens import WEIGHTS_ROOT

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[WEIGHTS_ROOT / "stance_lens_v2"])
    ap.add_argument("--runtime", default="auto", help="auto (the shipped int8 build) or torch-fp32 …")
    ap.add_argument("--against", type=Path, help="paired bootstrap of each folder against this one")
    ap.add_argument("--by-name", action="store_true", help="find mentions by name, as the product does")
    ap.add_argument("--mask-others", metavar="WORD", help="replace the other targets' mentions by WORD")
    ap.add_argument(
        "--logit-bias",
        metavar="F,A,N",
        help="read the folders (not --against) with these logit biases (favor, against, none)",
    )
    ap.add_argument(
        "--data-root", type=Path, default=Path(os.environ.get("STATEMENT_LENS_SHARED_DATA", "../shared/data"))
    )
    args = ap.parse_args(argv)
    if not (args.data_root / "stance" / "newsmtsc" / "train.jsonl").exists():
        print(f"NewsMTSC train not found under {args.data_root}: pass --data-root", file=sys.stderr)
        return 2
    rows = heldout_rows(args.data_root)
    if args.mask_others:
        rows = mask_others(rows, args.mask_others)
    base = read_probs(args.against, rows, args.runtime, None, args.by_name) if args.against else None
    bias = None
    if args.logit_bias:
        bias = dict(zip(LABELS, (float(x) for x in args.logit_bias.split(",")), strict=True))
    for folder in args.folders:
        probs = read_probs(folder, rows, args.runtime, bias, args.by_name)
        rep: dict[str, Any] = {"folder": str(folder), "runtime": args.runtime, **scores(rows, probs)}
        if bias is not None:
            rep["logit_bias"] = bias
        if args.by_name:
            rep["mentions"] = "by name"
        if args.mask_others:
            rep["mask_others"] = args.mask_others
        if base is not None:
            rep["vs"] = {"against": str(args.against), **paired_bootstrap(rows, probs, base)}
        print(json.dumps(rep), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
