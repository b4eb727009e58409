"""Training and validation data for the project's stance model, built only from shareable sets.

Every set read here is marked "may train a shipped model" in ``../shared/data/README.md``:
Perspectrum (train split; its dev split validates), IBM claim stance (train split; five of its 25
train motions validate), and ``train_extra/`` (IBM ArgQ 30k, ArgKP 2021, UKP ConvArg1, VitaminC, SNLI,
counterfactual SNLI). The evaluation-only sets (VAST, SemEval-2016, HanDeSeT) are never read here.

Lessons applied (issue 4): target-aware views of debate motions (the motion, and its bare topic with
the label flipped when the motion opposes the topic); real "none" examples that are on topic
(VitaminC NOT-ENOUGH-INFO, NLI neutral) beside a few off-topic pairs; NLI as extra supervision.

Every row: ``text, target, label (favor/against/none), source, task (stance/nli), split (train/val), group``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from statement_lens.errors import InputError

LABELS = ("favor", "against", "none")
COLUMNS = ["text", "target", "label", "source", "task", "split", "group"]

_NEG_VERBS = (
    r"abandon|abolish|ban|cancel|close|end|fight|limit|oppose|prohibit|stop|criminali[sz]e|disband|restrict"
)
_POS_VERBS = (
    r"adopt|introduce|legali[sz]e|subsidi[sz]e|support|fund|build|promote|pass|implement|enforce|allow|protect|"
    r"embrace|encourage|permit|reintroduce|institute|make"
)
_MOTION_PATTERNS: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    (re.compile(r"^(?:we|this house) (?:should|would) fight for the abolition of (.+)$", re.I), (-1,)),
    (re.compile(rf"^(?:we|this house) (?:should|would) (?:{_NEG_VERBS}) (.+)$", re.I), (-1,)),
    (re.compile(rf"^(?:we|this house) (?:should|would) (?:{_POS_VERBS}) (.+)$", re.I), (1,)),
    (re.compile(r"^this house (?:supports|believes in) (.+)$", re.I), (1,)),
    (
        re.compile(
            r"^(.+?) (?:should|must) be (?:banned|abandoned|ended|abolished|prohibited|a criminal offence|"
            r"illegal|criminali[sz]ed|restricted|lifted)$",
            re.I,
        ),
        (-1,),
    ),
    (
        re.compile(
            r"^(.+?) (?:should|must) be (?:legali[sz]ed|legal|mandatory|allowed|subsidi[sz]ed|"
            r"(?:made )?compulsory|protected|encouraged|extended|increased)$",
            re.I,
        ),
        (1,),
    ),
    (re.compile(r"^(.+?) (?:brings?|does|do) more harm than good$", re.I), (-1,)),
    (re.compile(r"^(.+?) (?:is|are) (?:wrong|bad|harmful|immoral)$", re.I), (-1,)),
    (re.compile(r"^(.+?) (?:is|are) (?:a good idea|right|good|beneficial|justified)$", re.I), (1,)),
    (re.compile(r"^(.+?) (?:is|are) (?:better than|preferable to) (.+)$", re.I), (1, -1)),
)
_LEADING = re.compile(r"^(?:the use of|allowing|the|a|an)\s+", re.I)


def parse_motion(motion: str) -> list[tuple[str, int]]:
    """Bare topics of a debate motion with their polarity (+1: the motion favours the topic, -1: opposes it).

    ``"We should ban whaling"`` → ``[("whaling", -1)]``; ``"TV is better than books"`` →
    ``[("TV", 1), ("books", -1)]``; an unparsed motion gives ``[]``.
    """
    m_text = motion.strip().rstrip(".")
    m_text = re.sub(r"^this house believes that\s+", "", m_text, flags=re.I)
    for pattern, polarities in _MOTION_PATTERNS:
        m = pattern.match(m_text)
        if m:
            out = []
            for group, pol in zip(m.groups(), polarities, strict=True):
                topic = _LEADING.sub("", group.strip())
                if 2 <= len(topic) <= 80:
                    out.append((topic[0].upper() + topic[1:], pol))
            return out
    return []


def clean_motion(motion: str) -> str:
    """``"This house would ban boxing"`` → ``"We should ban boxing"``; other motions are only stripped."""
    m = motion.strip()
    m = re.sub(r"^this house believes that\s+", "", m, flags=re.I)
    m = re.sub(r"^this house (?:would|should)\s+", "We should ", m, flags=re.I)
    m = re.sub(r"^this house (?:supports|believes in)\s+", "We should support ", m, flags=re.I)
    return m[0].upper() + m[1:] if m else m


def _flip(label: str, polarity: int) -> str:
    if polarity > 0 or label == "none":
        return label
    return "against" if label == "favor" else "favor"


def _views(
    text: str, motion: str, label: str, source: str, group: str, *, raw: bool = False
) -> list[tuple[str, str, str, str, str, str]]:
    """The motion (cleaned, and raw if asked) plus each bare topic with the label flipped as needed."""
    rows = [(text, clean_motion(motion), label, source, "stance", group)]
    if raw and clean_motion(motion) != motion:
        rows.append((text, motion, label, source, "stance", group))
    rows += [(text, topic, _flip(label, pol), source, "stance", group) for topic, pol in parse_motion(motion)]
    return rows


def _frame(rows: list[tuple[str, str, str, str, str, str]], split: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["text", "target", "label", "source", "task", "group"])
    df["split"] = split
    return df[COLUMNS]


def _need(path: Path) -> Path:
    if not path.exists():
        raise InputError(f"Training data {path} is missing. Point --data-root at the folder holding stance/.")
    return path


def load_perspectrum(stance_dir: Path) -> pd.DataFrame:
    """Perspectrum train split (training) and dev split (validation); target = the claim."""
    base = stance_dir / "perspectrum"
    claims = json.loads(_need(base / "perspectrum_with_answers_v1.0.json").read_text())
    pool = {p["pId"]: p["text"] for p in json.loads(_need(base / "perspective_pool_v1.0.json").read_text())}
    split = json.loads(_need(base / "dataset_split_v1.0.json").read_text())
    rows: dict[str, list[tuple[str, str, str, str, str, str]]] = {"train": [], "val": []}
    for c in claims:
        part = {"train": "train", "dev": "val"}.get(split.get(str(c["cId"]), ""))
        if part is None:
            continue  # the test split is for the benchmark only
        for cluster in c["perspectives"]:
            lab = {"SUPPORT": "favor", "UNDERMINE": "against"}.get(cluster["stance_label_3"].upper())
            if lab is None:
                continue
            pids = cluster["pids"] if part == "train" else cluster["pids"][:1]
            for pid in pids:
                if pid in pool:
                    group = f"persp:{c['cId']}"
                    if part == "train":
                        rows[part] += _views(pool[pid], c["text"], lab, "perspectrum", group)
                    else:
                        rows[part].append((pool[pid], c["text"], lab, "perspectrum", "stance", group))
    return pd.concat([_frame(rows["train"], "train"), _frame(rows["val"], "val")], ignore_index=True)


def load_ibm_claim_stance(
    stance_dir: Path, val_every: int = 5, *, claim_targets: bool = False
) -> pd.DataFrame:
    """IBM claim stance train split; every ``val_every``-th train motion (by id) validates.

    With ``claim_targets``, each claim also gets a view toward its own annotated target phrase (a span
    of the claim: "violent video games", labelled by the claim's sentiment toward it): stance toward a
    thing the text names, not only toward the debate motion.
    """
    df = pd.read_csv(_need(stance_dir / "ibm_claim_stance" / "claim_stance_dataset_v1_repaired.csv"))
    df = df[df["split"] == "train"].rename(
        columns={
            "claims.stance": "stance",
            "claims.claimCorrectedText": "claim",
            "claims.claimTarget.text": "claim_target",
            "claims.claimSentiment": "claim_sentiment",
        }
    )
    topic_ids = sorted(df["topicId"].unique())
    val_ids = set(topic_ids[::val_every])
    rows: dict[str, list[tuple[str, str, str, str, str, str]]] = {"train": [], "val": []}
    for r in df.itertuples(index=False):
        lab = {"PRO": "favor", "CON": "against"}[r.stance]
        text = r.claim
        part = "val" if r.topicId in val_ids else "train"
        group = f"ibm:{r.topicId}"
        rows[part] += _views(text, r.topicText, lab, "ibm_claim_stance", group, raw=True)
        target_view = (
            text,
            str(r.topicTarget),
            _flip(lab, int(r.topicSentiment)),
            "ibm_claim_stance",
            "stance",
            group,
        )
        rows[part].append(target_view)
        claim_target = r.claim_target.strip() if isinstance(r.claim_target, str) else ""
        if claim_targets and claim_target and r.claim_sentiment in (1, -1):
            lab_t = "favor" if r.claim_sentiment > 0 else "against"
            rows[part].append((text, claim_target, lab_t, "ibm_claim_target", "stance", group))
    out = pd.concat([_frame(rows["train"], "train"), _frame(rows["val"], "val")], ignore_index=True)
    return out.drop_duplicates(subset=["text", "target"])


def load_argument_sets(stance_dir: Path, *, val_every: int = 10, seed: int = 0) -> pd.DataFrame:
    """IBM ArgQ 30k (every ``val_every``-th motion validates), ArgKP 2021 and UKP ConvArg1, with views.

    ArgQ arguments get one view each (chosen at random) so the 30k set does not swamp the others.
    """
    rng = np.random.default_rng(seed)
    frames = []
    argq = pd.read_csv(_need(stance_dir / "train_extra" / "ibm_argq_rank_30k" / "data.csv")).dropna()
    motions = sorted(argq["target"].unique())
    val_motions = set(motions[::val_every])
    rows: dict[str, list[tuple[str, str, str, str, str, str]]] = {"train": [], "val": []}
    for r in argq.itertuples(index=False):
        part = "val" if r.target in val_motions else "train"
        views = _views(r.text, r.target, r.label, "ibm_argq", f"argq:{r.target}")
        rows[part].append(views[int(rng.integers(len(views)))])
    frames += [_frame(rows["train"], "train"), _frame(rows["val"], "val")]
    for name, source in (("ibm_argkp_2021", "ibm_argkp"), ("ukp_convarg1", "ukp_convarg")):
        d = pd.read_csv(_need(stance_dir / "train_extra" / name / "data.csv")).dropna()
        extra: list[tuple[str, str, str, str, str, str]] = []
        for r in d.itertuples(index=False):
            extra += _views(r.text, r.target, r.label, source, f"{source}:{r.target}")
        frames.append(_frame(extra, "train"))
    return pd.concat(frames, ignore_index=True)


def load_vitaminc(
    stance_dir: Path, *, per_class: int = 7000, val_frac: float = 0.04, seed: int = 0
) -> pd.DataFrame:
    """VitaminC claim verification: evidence → text, claim → target; NOT-ENOUGH-INFO is a real "none"."""
    d = pd.read_csv(_need(stance_dir / "train_extra" / "vitaminc" / "data.csv")).dropna()
    d = pd.concat([g.sample(min(len(g), per_class), random_state=seed) for _, g in d.groupby("label")])
    d = d.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    n_val = int(len(d) * val_frac)
    d["split"] = ["val"] * n_val + ["train"] * (len(d) - n_val)
    d["source"], d["task"] = "vitaminc", "stance"
    d["group"] = "vitc:" + d["target"].astype(str)
    return d[COLUMNS]


def load_nli(stance_dir: Path, *, n: int = 16000, seed: int = 0) -> pd.DataFrame:
    """SNLI + counterfactual SNLI: entailment → favor, contradiction → against, neutral → none (task nli)."""
    parts = [
        pd.read_csv(_need(stance_dir / "train_extra" / name / "nli.csv")) for name in ("snli", "cad_snli")
    ]
    d = pd.concat(parts, ignore_index=True).dropna()
    d["label"] = d["label"].map({"entailment": "favor", "contradiction": "against", "neutral": "none"})
    d = d.dropna().sample(min(n, len(d)), random_state=seed)
    d["source"], d["task"], d["split"], d["group"] = "nli", "nli", "train", "nli"
    return d[COLUMNS]


def off_topic_pairs(df: pd.DataFrame, n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` "none" rows: a stance text paired with a target from another group (off-topic)."""
    stance = df[(df["task"] == "stance") & (df["source"] != "vitaminc")]
    if stance.empty or n <= 0:
        return pd.DataFrame(columns=COLUMNS)
    rng = np.random.default_rng(seed)
    picks = stance.iloc[rng.integers(len(stance), size=n)]
    targets = stance[["target", "group"]].drop_duplicates("target").reset_index(drop=True)
    rows = []
    for r in picks.itertuples(index=False):
        for _ in range(10):
            t = targets.iloc[int(rng.integers(len(targets)))]
            if t["group"] != r.group:
                rows.append((r.text, t["target"], "none", "off_topic", "stance", r.group))
                break
    out = _frame(rows, str(picks["split"].iloc[0]) if len(picks) else "train")
    return out


CONTRAST_SOURCES = (
    "perspectrum",
    "ibm_claim_stance",
    "ibm_claim_target",
    "ibm_argq",
    "ibm_argkp",
    "ukp_convarg",
)


def contrast_pairs(df: pd.DataFrame, n: int, *, seed: int = 0, max_words: int = 90) -> pd.DataFrame:
    """``2 n`` rows that make the stance depend on the target.

    Two texts of opposite labels on unrelated topics are joined into one text, which appears once
    toward each text's own target with that text's label. Without them, a model can score the whole
    text's tone and give every target the same label (a statement that backs Ukraine and condemns
    Russia came out "favor" toward both).
    """
    pool = df[(df["task"] == "stance") & df["source"].isin(CONTRAST_SOURCES) & (df["label"] != "none")]
    pool = pool[pool["text"].str.split().str.len() <= max_words // 2].reset_index(drop=True)
    if pool.empty or n <= 0:
        return pd.DataFrame(columns=COLUMNS)
    rng = np.random.default_rng(seed)
    fav = pool[pool["label"] == "favor"].reset_index(drop=True)
    ag = pool[pool["label"] == "against"].reset_index(drop=True)
    rows = []
    for _ in range(n):
        a = fav.iloc[int(rng.integers(len(fav)))]
        b = ag.iloc[int(rng.integers(len(ag)))]
        if a["group"] == b["group"]:
            continue
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        text = f"{first['text'].rstrip()} {second['text'].lstrip()}"
        for r in (a, b):
            rows.append((text, r["target"], r["label"], "contrast", "stance", f"{a['group']}+{b['group']}"))
    return _frame(rows, str(pool["split"].iloc[0])).drop_duplicates(subset=["text", "target"])


def build_dataset(
    data_root: str | Path,
    *,
    seed: int = 0,
    off_topic_frac: float = 0.06,
    contrast: int = 0,
    claim_targets: bool = False,
) -> pd.DataFrame:
    """All training and validation rows (``split`` column), from ``data_root/stance``.

    ``contrast`` pairs of joined opposite-label texts (:func:`contrast_pairs`; a tenth as many for
    validation) and IBM claim-target views are off by default: the first training stage of the shipped
    model had neither; the second stage (``--init``) adds them.
    """
    stance_dir = Path(data_root) / "stance"
    if not stance_dir.is_dir():
        raise InputError(f"{stance_dir} does not exist. Pass --data-root pointing at the shared data folder.")
    df = pd.concat(
        [
            load_perspectrum(stance_dir),
            load_ibm_claim_stance(stance_dir, claim_targets=claim_targets),
            load_argument_sets(stance_dir, seed=seed),
            load_vitaminc(stance_dir, seed=seed),
            load_nli(stance_dir, seed=seed),
        ],
        ignore_index=True,
    )
    df["text"] = df["text"].astype(str).str.strip()
    df["target"] = df["target"].astype(str).str.strip()
    df = df[(df["text"].str.len() > 0) & (df["target"].str.len() > 0)]
    train, val = df[df["split"] == "train"], df[df["split"] == "val"]
    n_stance_train = int((train["task"] == "stance").sum())
    n_stance_val = int(((val["task"] == "stance") & (val["source"] != "vitaminc")).sum())
    off = [
        off_topic_pairs(train, int(off_topic_frac * n_stance_train), seed=seed),
        off_topic_pairs(val, max(200, int(off_topic_frac * n_stance_val)), seed=seed + 1),
    ]
    if contrast:
        off += [
            contrast_pairs(train, contrast, seed=seed + 2),
            contrast_pairs(val, max(200, contrast // 10), seed=seed + 3),
        ]
    out = pd.concat([df, *off], ignore_index=True)
    return out.reset_index(drop=True)[COLUMNS]


def main(argv: list[str] | None = None) -> int:
    """``python -m statement_lens.stance.training.data --data-root ../shared/data --out FILE.parquet``."""
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", default="../shared/data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    df = build_dataset(args.data_root, seed=args.seed)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    df.to_parquet(args.out, index=False)
    print(df.groupby(["split", "source", "label"]).size().to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
