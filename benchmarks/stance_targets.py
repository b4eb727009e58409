"""Stance toward each target (issue 13): stance.lens.v2 beside v1, VADER and a target-as-segment-only variant.

    python benchmarks/stance_targets.py [--v2 DIR] [--segment DIR] [--previous DIR] [--limit N]

One run, one report (``benchmarks/reports/stance_targets.md``). Sets, all read for MEASURING only:
NewsMTSC ``devtest_mt_dev`` / ``devtest_rw_dev`` (macro-F1 over against/none/favor, and contrast: pairs of
targets in one sentence with different gold labels ordered rightly by p_favor - p_against), the issue-4
sets of ``stance_evalsets`` (VAST dev, SemEval-2016 val, HanDeSeT passages, Perspectrum test, IBM test,
vast_dev_joined), long units built from NewsMTSC rw dev (one labelled sentence among 2-5 other dev
sentences that do not name the target: window reading vs one pass over the whole unit), the seed
statement, the probes, and speed on real quotation x target pairs. Exits 0 when the shared data is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_env import commit, machine
from stance_bench import quotation_pairs, score
from stance_builds import PREVIOUS, batch_dependence, previous_build
from stance_evalsets import load_eval_sets
from stance_targets_notes import ACCEPTANCE, BEFORE_COMMIT, BEFORE_ECE, LEVERS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "benchmarks" / "reports" / "stance_targets.md"
LABELS = ("favor", "against", "none")
UNBIASED_ROW = "v2 without the logit biases (ablation; int8)"
PREVIOUS_ROW = "previous v2 network, its own logit biases (--previous; int8)"
PROBES = [
    ("I like Bert, but I hate Robert.", "Bert", "favor"),
    ("I like Bert, but I hate Robert.", "Robert", "against"),
    (
        "We welcome the support of the United States and condemn China's threats against Taiwan.",
        "United States",
        "favor",
    ),
    (
        "We welcome the support of the United States and condemn China's threats against Taiwan.",
        "China",
        "against",
    ),
    (
        "We welcome the support of the United States and condemn China's threats against Taiwan.",
        "Taiwan",
        "not against",
    ),
]


def newsmtsc(name: str) -> pd.DataFrame:
    """One row per labelled target: text, target (entity name), label, group (sentence), gold "
    "mention spans."""
    from statement_lens.stance.training.newsmtsc import read_newsmtsc

    rows = []
    for s in read_newsmtsc(DATA / "stance" / "newsmtsc" / f"{name}.jsonl"):
        for t in s["targets"]:
            rows.append((s["text"], t["name"], t["label"], s["id"], t["spans"]))
    return pd.DataFrame(rows, columns=["text", "target", "label", "group", "spans"])


def long_units(frame: pd.DataFrame, n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A labelled sentence placed among 2-5 other sentences of the set that do not name its target."""
    from statement_lens.stance.mentions import find_mentions

    rng = np.random.default_rng(seed)
    texts = frame["text"].drop_duplicates().tolist()
    rows = []
    for i in rng.permutation(len(frame))[: 3 * n]:
        r = frame.iloc[int(i)]
        others = [texts[int(j)] for j in rng.choice(len(texts), 8, replace=False)]
        others = [o for o in others if o != r["text"] and not find_mentions(o, r["target"])][
            : rng.integers(2, 6)
        ]
        if len(others) < 2:
            continue
        pos = int(rng.integers(len(others) + 1))
        before = " ".join(others[:pos])
        off = len(before) + (1 if before else 0)
        text = " ".join([*others[:pos], r["text"], *others[pos:]])
        spans = [(s + off, e + off) for s, e in r["spans"]]
        rows.append((text, r["target"], r["label"], f"long{i}", spans))
        if len(rows) >= n:
            break
    return pd.DataFrame(rows, columns=["text", "target", "label", "group", "spans"])


def probabilities(model: object, pairs: list[tuple[str, str]]) -> np.ndarray:
    """(favor, against, none) rows of any backend (classify() results when it has no probabilities())."""
    if hasattr(model, "probabilities"):
        return np.asarray(model.probabilities(pairs))
    return np.array([(r.p_favor, r.p_against, r.p_none) for r in model.classify(pairs)])  # type: ignore[attr-defined]


def contrast(frame: pd.DataFrame, probs: np.ndarray) -> tuple[float, int]:
    from statement_lens.stance.metrics import contrast_accuracy

    return contrast_accuracy(frame["group"].tolist(), frame["label"].tolist(), probs)


def contrast_labels(frame: pd.DataFrame, probs: np.ndarray) -> tuple[float, int]:
    from statement_lens.stance.metrics import contrast_label_accuracy

    return contrast_label_accuracy(frame["group"].tolist(), frame["label"].tolist(), probs)


SHIPPED = "stance.lens.v2 (ONNX int8) — shipped"


def semeval_lines(by_target: dict[str, dict[str, str]]) -> list[str]:
    """SemEval-2016 val F_avg per target, v1 beside v2 (measured only: nothing was chosen on it)."""
    if not by_target:
        return []
    targets = list(next(iter(by_target.values())))
    return [
        "### SemEval-2016 val by target (F_avg, tweets in brackets; measured only)",
        "",
        "A named target (a person) that a tweet does not mention is read as *none* without a model call, "
        "as the issue asks for Russia in the seed quotations that do not name it; an issue target is read "
        "by the v1 network.",
        "",
        "| model | " + " | ".join(targets) + " |",
        "|---|" + "---|" * len(targets),
        *[f"| {m} | " + " | ".join(row.get(t, "") for t in targets) + " |" for m, row in by_target.items()],
        "",
    ]


def versus_previous(news: dict[str, pd.DataFrame], probs: dict[str, dict[str, np.ndarray]]) -> list[str]:
    """Paired bootstrap of the shipped network against ``--previous`` on the NewsMTSC dev sets."""
    if PREVIOUS_ROW not in probs:
        return []
    from stance_heldout import paired_bootstrap

    def cell(v: dict[str, object]) -> str:
        lo, hi = v["ci95"]  # type: ignore[misc]
        return f"{v['mean']:+.3f} [{lo:+.3f}, {hi:+.3f}], P {v['p_better']}"

    out = [
        "### Shipped minus previous network on the dev sets (gold mentions; measured, not used to choose)",
        "",
        "Paired bootstrap over sentences (2,000 resamples): mean macro-F1 difference, 95 % interval, and the "
        "share of resamples in which the shipped network is better.",
        "",
        "| set | all targets | targets of sentences with 2+ targets |",
        "|---|---|---|",
    ]
    for name, frame in news.items():
        vs = paired_bootstrap(frame, probs[SHIPPED][name], probs[PREVIOUS_ROW][name])
        out.append(f"| {name} | {cell(vs['all'])} | {cell(vs['multi'])} |")
    return [*out, ""]


def review_lines(
    news: dict[str, pd.DataFrame], probs: dict[str, dict[str, np.ndarray]], threshold: float
) -> list[str]:
    """How often a label shown as confident (top probability >= the review threshold) is right, per model."""
    out = [
        f"### Labels shown as confident (top probability >= {threshold}: not flagged *needs review*; "
        "gold mentions)",
        "",
        "| model | set | shown as confident | right among them | right among the flagged |",
        "|---|---|---|---|---|",
    ]
    for model in (SHIPPED, PREVIOUS_ROW, "stance.lens.v1 (ONNX int8)"):
        for name, frame in news.items():
            if name not in probs.get(model, {}):
                continue
            p = probs[model][name]
            right = np.array(LABELS)[p.argmax(1)] == frame["label"].to_numpy()
            sure = p.max(1) >= threshold
            flagged = f"{right[~sure].mean():.3f}" if (~sure).any() else "—"
            shown = f"{sure.mean():.3f} ({int(sure.sum())})"
            out.append(f"| {model} | {name} | {shown} | {right[sure].mean():.3f} | {flagged} |")
    return [*out, ""]


def acceptance_lines(table: dict[str, dict[str, str]]) -> list[str]:
    """The issue's acceptance rows: target, the previous report's value, this run's (shipped and ablation)."""
    now = table.get(SHIPPED, {})
    other = next((m for m in (PREVIOUS_ROW, UNBIASED_ROW) if m in table), "")
    ablation = table.get(other, {})
    v1 = table.get("stance.lens.v1 (ONNX int8)", {})
    out = [
        f"### Acceptance rows (issue 13): before (previous report, commit {BEFORE_COMMIT}) and this run",
        "",
        f"| row | target | before | shipped now | {other or '—'}, this run |",
        "|---|---|---|---|---|",
    ]
    for col, target, before in ACCEPTANCE:
        cur = now.get(col, "")
        if "v1" in target and col in v1:
            cur += f" (v1 {v1[col]})"
        out.append(f"| {col} | {target} | {before} | {cur} | {ablation.get(col, '—')} |")
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--v2", help="v2 weights folder (default: shipped)")
    ap.add_argument("--segment", default="", help="a variant trained without markers (optional)")
    ap.add_argument("--previous", default="", help="the previous v2 folder (its own config)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default=str(REPORT))
    args = ap.parse_args(argv)
    if not (DATA / "stance" / "newsmtsc").is_dir():
        print(f"{DATA / 'stance' / 'newsmtsc'} is absent; nothing measured.")
        return 0
    from statement_lens.config import Settings
    from statement_lens.models.registry import create
    from statement_lens.stance.lens import LensStance
    from statement_lens.stance.lens_v2 import LensStanceV2
    from statement_lens.stance.metrics import expected_calibration_error

    t_start, started, mach = time.time(), datetime.now(UTC), machine()
    embedder = create("embedder", "embedder.minilm.v1")
    settings = Settings()
    models: dict[str, object] = {
        "VADER + target gate (stance.heuristic.v1)": create(
            "stance", "heuristic", settings=settings, embedder=embedder
        ),
        "stance.lens.v1 (ONNX int8)": LensStance(settings=settings, embedder=embedder, runtime="onnx-int8"),
    }
    v2kw = {"weights_dir": args.v2} if args.v2 else {}
    if args.segment:
        trained = LensStanceV2(
            settings=settings, embedder=embedder, runtime="onnx-int8", weights_dir=args.segment
        )
        trained.markers, trained.aggregate = False, "whole"
        models["v2 recipe trained without markers (target as segment only; int8)"] = trained
    segment = LensStanceV2(settings=settings, embedder=embedder, runtime="onnx-int8", **v2kw)
    segment.markers, segment.aggregate = False, "whole"
    models["v2 weights, target as segment only (no markers, one pass; int8)"] = segment
    v2 = LensStanceV2(settings=settings, embedder=embedder, runtime="onnx-int8", **v2kw)
    if v2.bias.any():  # an ablation only where the shipped config has logit biases
        unbiased = LensStanceV2(settings=settings, embedder=embedder, runtime="onnx-int8", **v2kw)
        unbiased.bias = np.zeros(3)
        models[UNBIASED_ROW] = unbiased
    if args.previous:
        models[PREVIOUS_ROW] = LensStanceV2(
            settings=settings, embedder=embedder, runtime="onnx-int8", weights_dir=args.previous
        )
    models[SHIPPED] = v2

    news = {n: newsmtsc(n) for n in ("devtest_mt_dev", "devtest_rw_dev")}
    evalsets = load_eval_sets(DATA)
    if args.limit:
        news = {k: v.head(args.limit) for k, v in news.items()}
        evalsets = [type(s)(s.name, s.frame.head(args.limit), s.forced_binary, s.labels) for s in evalsets]
    table: dict[str, dict[str, str]] = {}
    news_probs: dict[str, dict[str, np.ndarray]] = {}
    calib: dict[str, float] = {}
    by_target: dict[str, dict[str, str]] = {}
    for mname, model in models.items():
        row: dict[str, str] = {}
        for nname, frame in news.items():
            pairs = list(zip(frame["text"], frame["target"], strict=True))
            if isinstance(model, LensStanceV2):
                probs = np.array([r["probs"] for r in model.read(pairs, frame["spans"].tolist())])
            else:
                probs = probabilities(model, pairs)
            if model is v2:
                byname = v2.probabilities(pairs)
                row[f"{nname} (mentions by name)"] = (
                    f"{score(frame['label'].to_numpy(), byname, False, LABELS)['macro']:.3f}"
                )
                y = np.array([LABELS.index(v) for v in frame["label"]])
                calib[nname] = expected_calibration_error(probs, y)
            news_probs.setdefault(mname, {})[nname] = probs
            row[f"{nname} macro-F1"] = (
                f"{score(frame['label'].to_numpy(), probs, False, LABELS)['macro']:.3f}"
            )
            acc, n = contrast_labels(frame, probs)
            row[f"{nname} contrast (labels)"] = f"{acc:.3f} ({n})"
            acc, n = contrast(frame, probs)
            row[f"{nname} contrast (scores)"] = f"{acc:.3f} ({n})"
        for s in evalsets:
            pairs = list(zip(s.frame["text"].astype(str), s.frame["target"].astype(str), strict=True))
            probs = probabilities(model, pairs)
            sc = score(s.frame["label"].to_numpy(), probs, s.forced_binary, s.labels)
            row[s.name] = f"{sc['macro']:.3f}"
            if "f_avg" in sc:
                row[f"{s.name} F_avg"] = f"{sc['f_avg']:.3f}"
            if s.name == "semeval2016_val" and mname in ("stance.lens.v1 (ONNX int8)", SHIPPED):
                by_target[mname] = semeval_by_target(s.frame, probs, s.labels)
                if model is v2:
                    basis = [r["basis"] for r in v2.read(pairs)]
                    by_target["v2: pairs read as 'not mentioned' (no model call)"] = {
                        g: str(
                            sum(b == "not mentioned" for b, t in zip(basis, pairs, strict=True) if t[1] == g)
                        )
                        for g in by_target[mname]
                    }
        table[mname] = row
        print(mname, row, flush=True)

    # long units: window reading vs one pass over the whole unit
    lu = long_units(news["devtest_rw_dev"])
    lu_pairs = list(zip(lu["text"], lu["target"], strict=True))
    long_rows = {}
    for agg in ("strongest", "mean", "whole"):
        v2.aggregate = agg
        probs = np.array([r["probs"] for r in v2.read(lu_pairs, lu["spans"].tolist())])
        long_rows[f"v2, {agg}"] = score(lu["label"].to_numpy(), probs, False, LABELS)["macro"]
    v2.aggregate = "strongest"
    long_rows["v1 (whole unit)"] = score(
        lu["label"].to_numpy(), models["stance.lens.v1 (ONNX int8)"].probabilities(lu_pairs), False, LABELS
    )["macro"]  # type: ignore[attr-defined]
    # probes and seed
    probe_rows = []
    for text, target, want in PROBES:
        r = v2.classify([(text, target)])[0]
        ok = r.label != "against" if want == "not against" else r.label == want
        probe_rows.append((text, target, want, r.label, r.confidence, ok))
    seed_rows = seed_table(v2, models["stance.lens.v1 (ONNX int8)"])
    # batch dependence and speed: the shipped int8 build and the builds it replaced, side by side
    previous = {}
    for scheme, pname in PREVIOUS.items():
        previous[pname] = previous_build(
            LensStanceV2(settings=settings, embedder=embedder, runtime="onnx-int8", **v2kw), scheme
        )
    models.update(previous)
    rw = news["devtest_rw_dev"]
    persp = next(s for s in evalsets if s.name == "perspectrum_test").frame.head(400)
    batch_sets = {
        "devtest_rw_dev (gold mentions)": (
            list(zip(rw["text"], rw["target"], strict=True)),
            rw["spans"].tolist(),
        ),
        "perspectrum_test, first 400 (issue targets)": (
            list(zip(persp["text"].astype(str), persp["target"].astype(str), strict=True)),
            None,
        ),
    }
    batch_rows = [
        (bname, sname, len(bp), *batch_dependence(models[bname], bp, bs))
        for bname in (SHIPPED, *previous)
        for sname, (bp, bs) in batch_sets.items()
    ]
    # speed
    qpairs = quotation_pairs()
    rates = {}
    for mname in ("stance.lens.v1 (ONNX int8)", SHIPPED, *previous):
        model = models[mname]
        model.classify(qpairs[:64])  # type: ignore[attr-defined]
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            model.classify(qpairs)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - t0)
        rates[mname] = (
            len(qpairs) / float(np.median(times)),
            len(qpairs) / max(times),
            len(qpairs) / min(times),
        )
    write(
        args,
        table,
        calib,
        long_rows,
        len(lu),
        probe_rows,
        seed_rows,
        rates,
        len(qpairs),
        batch_rows,
        by_target,
        started,
        mach,
        time.time() - t_start,
        v2,
        versus_previous(news, news_probs) + review_lines(news, news_probs, settings.review_threshold),
    )
    return 0


def semeval_by_target(frame: pd.DataFrame, probs: np.ndarray, gold: tuple[str, ...]) -> dict[str, str]:
    """SemEval F_avg per target (number of tweets in brackets): where the set's score comes from."""
    out = {}
    for target in sorted(set(frame["target"].astype(str))):
        keep = (frame["target"].astype(str) == target).to_numpy()
        f_avg = score(frame["label"].to_numpy()[keep], probs[keep], False, gold)["f_avg"]
        out[target] = f"{f_avg:.3f} ({int(keep.sum())})"
    return out


def seed_table(v2: object, v1: object) -> list[tuple[str, str, str, str, str]]:
    """Labels toward Russia and Ukraine of each seed quotation, v1 and v2 (real models)."""
    from statement_lens import extract_quotes

    text = (DATA / "seed" / "nato_stoltenberg_defence_production.txt").read_text(encoding="utf-8")
    quotes = [q for q in extract_quotes(text) if q.kind != "indirect"]
    out = []
    for i, q in enumerate(quotes):
        for target in ("Russia", "Ukraine"):
            a = v1.classify([(q.text, target)])[0]  # type: ignore[attr-defined]
            b = v2.classify([(q.text, target)])[0]  # type: ignore[attr-defined]
            ev = q.text[b.evidence_start : b.evidence_end] if b.evidence_start is not None else "—"
            out.append(
                (
                    f"q{i}",
                    target,
                    f"{a.label} {a.confidence:.2f}",
                    f"{b.label} {b.confidence:.2f} ({b.basis})",
                    ev[:90] + ("…" if len(ev) > 90 else ""),
                )
            )
    return out


def write(
    args,
    table,
    calib,
    long_rows,
    n_long,
    probes,
    seed_rows,
    rates,
    n_q,
    batch_rows,
    by_target,
    started,
    mach,
    secs,
    v2,
    versus,
) -> None:
    cols = list(dict.fromkeys(k for row in table.values() for k in row))
    limit = f" --limit {args.limit}" if args.limit else ""
    if args.previous:
        limit += f" --previous {args.previous}"
    lines = [
        "# Stance toward each target (issue 13)",
        "",
        f"- Command: `python benchmarks/stance_targets.py{limit}`",
        f"- Commit: {commit()}; date {started:%Y-%m-%d %H:%M} UTC; run time {secs / 60:.1f} min",
        f"- Machine: {mach}",
        f"- Shipped model: `stance.lens.v2` = run `{v2.config.get('run')}` (revision "
        f"{v2.revision}), temperature "
        f"{v2.temperature:.3f}, runtime {v2.runtime}; model card "
        "`src/statement_lens/stance/weights/stance_lens_v2/MODEL_CARD.md`.",
        "- Every set here is read for measuring only; training chose epochs on a tenth of NewsMTSC train and "
        "the v1 validation rows (see the model card).",
        "",
        "## All rows from this one run",
        "",
        "NewsMTSC: macro-F1 over against/none/favor with the gold target mention marked (the v2 row also "
        "with mentions found by name, as the product does). Contrast: pairs of targets of one sentence with "
        "different gold labels (number of pairs in brackets). *labels*: right when the two predicted labels "
        "differ and follow the gold order against < none < favor (a tie is wrong; the issue's target); "
        "*scores*: right when p_favor − p_against orders them so (lenient). Issue-4 sets scored as in "
        "`stance_bench.py` (HanDeSeT passages and vast_dev_joined: forced favor vs against).",
        "",
    ]
    for chunk in (cols[:7], cols[7:]):
        lines += ["| method | " + " | ".join(chunk) + " |", "|---|" + "---|" * len(chunk)]
        for m, row in table.items():
            lines.append(f"| {m} | " + " | ".join(row.get(c, "") for c in chunk) + " |")
        lines.append("")
    lines += [
        "Calibration of v2 (ECE, 10 bins, gold mentions): "
        + ", ".join(f"{k} {v:.3f}" for k, v in calib.items())
        + f" (before: {BEFORE_ECE})",
        "",
        *acceptance_lines(table),
        *versus,
        *semeval_lines(by_target),
        f"## Long units: window reading vs one pass ({n_long} units from devtest_rw_dev)",
        "",
        "Each unit is one labelled NewsMTSC sentence among 2-5 other sentences of the set that do "
        "not name its "
        "target (fixed seed). `strongest`: each sentence holding a mention is one window (contrast "
        "clauses are off: `clauses: false` in config.json), the window "
        "with the highest 1 − p_none decides (shipped); `mean`: windows averaged; `whole`: one pass over the "
        "whole unit with the mentions marked.",
        "",
        "| reading | macro-F1 |",
        "|---|---|",
        *[f"| {k} | {v:.3f} |" for k, v in long_rows.items()],
        "",
        *LEVERS,
        "## Probes (v2, real model)",
        "",
        "| text | target | wanted | got | ok |",
        "|---|---|---|---|---|",
        *[f"| {t} | {g} | {w} | {lab} {c:.2f} | {'yes' if ok else 'NO'} |" for t, g, w, lab, c, ok in probes],
        "",
        "## Seed quotations toward Russia and Ukraine",
        "",
        "| quote | target | v1 | v2 (basis) | v2 evidence |",
        "|---|---|---|---|---|",
        *[f"| {q} | {g} | {a} | {b} | {e} |" for q, g, a, b, e in seed_rows],
        "",
        f"## Speed ({n_q} real quotation x target pairs, classify(), median of 3 after a warm-up)",
        "",
        "Speeds are comparable within this run only: the machine is shared, so the absolute rates move "
        "with the load (the run time above says how busy it was).",
        "",
        "| model | pairs/s median (min–max) |",
        "|---|---|",
        *[f"| {m} | {r[0]:.0f} ({r[1]:.0f}–{r[2]:.0f}) |" for m, r in rates.items()],
        "",
        "## Batch dependence: one pair read alone vs among all the others (ONNX int8)",
        "",
        "The same pairs read in one call (batches of up to 32 similar lengths) and one call each. The "
        "third pass's build quantised each batch's activations with one scale, so a pair's label could move "
        "with the pairs read beside it (a new target, a filter, another quotation); the fourth pass's build "
        "(MatMulNBits) and the shipped one (int8 weights per column, `MatMulInteger`, activations scaled "
        "per token) quantise each token on its own.",
        "",
        "| build | pairs | n | labels changed | largest probability change |",
        "|---|---|---|---|---|",
        *[f"| {b} | {sn} | {n} | {c} | {d:.3f} |" for b, sn, n, c, d in batch_rows],
        "",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    raise SystemExit(main())
