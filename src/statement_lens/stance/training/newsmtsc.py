"""Target-dependent training data for ``stance.lens.v2`` from NewsMTSC (MIT) and the v1 sets.

Every row: ``text`` (the sentence with the target's mentions wrapped in « », as the model reads it at
run time), ``target`` (the entity's name, the first segment), ``label``, ``source``, ``split``, ``group``.

- ``newsmtsc``: each labelled target of each training sentence (negative → against, neutral → none,
  positive → favor), its annotated mention, further non-pronoun mentions and other occurrences of the name
  marked. A tenth of the sentences (by a hash of the sentence id) is the validation split.
- ``swap``: counterfactual pairs built from NewsMTSC's own multi-target sentences whose targets carry
  different labels: the two mentions trade places, so the label follows the position, not the name.
- ``joined``: two training sentences with different labels toward different targets joined into one text
  (plainly, or with ", but"); each target keeps its own label — the model must read its own mention.
- ``replay``: a sample of the v1 training rows (Perspectrum, IBM, ArgQ, VitaminC…, all shareable), so
  issue-like targets that are not named in the text ("nuclear energy") keep working.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from statement_lens.stance.mentions import find_mentions, mark

POLARITY = {2.0: "against", 4.0: "none", 6.0: "favor"}
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "its",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "i",
        "me",
        "my",
        "you",
        "your",
        "who",
        "whom",
    ]
)
COLUMNS = ["text", "target", "label", "source", "split", "group"]


def entity_name(gid: str, mention: str) -> str:
    """The entity's name from a NewsMTSC ``Input.gid`` (``..._Hillary Clinton_2_17``), else the mention."""
    parts = gid.split("_")
    name = "_".join(parts[4:-2]) if len(parts) > 6 else ""
    name = re.sub(r"^[^\w]+|[^\w.]+$", "", name).strip()
    if len(name) < 2 or not name[0].isupper() or len(name.split()) > 4:
        name = mention.strip()
    return name


def is_val(key: str, every: int = 10) -> bool:
    """Deterministic 1-in-``every`` choice by the MD5 of ``key``."""
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % every == 0


def _spans(text: str, t: dict[str, Any], name: str) -> list[tuple[int, int]]:
    spans = [(int(t["from"]), int(t["to"]))]
    for fm in t.get("further_mentions", []) or []:
        word = str(fm.get("mention", ""))
        if word and word.lower() not in PRONOUNS and word[:1].isupper():
            spans.append((int(fm["from"]), int(fm["to"])))
    spans.extend(find_mentions(text, name))
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def read_newsmtsc(path: Path) -> list[dict[str, Any]]:
    """Sentences with their targets: ``{"id", "text", "targets": [{"name", "label", "spans", "mention"}]}``.

    ``spans``: every mention marked for the model; ``mention``: the annotated one.
    """
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        text = d["sentence_normalized"]
        targets = []
        for t in d["targets"]:
            name = entity_name(t.get("Input.gid", ""), t["mention"])
            targets.append(
                {
                    "name": name,
                    "label": POLARITY[float(t["polarity"])],
                    "spans": _spans(text, t, name),
                    "mention": (int(t["from"]), int(t["to"])),
                }
            )
        out.append({"id": d["primary_gid"], "text": text, "targets": targets})
    return out


def sentence_rows(sentences: list[dict[str, Any]], source: str = "newsmtsc") -> pd.DataFrame:
    """One row per (sentence, target), the target's mentions marked; split by a hash of the sentence id."""
    rows = []
    for s in sentences:
        split = "val" if is_val(s["id"]) else "train"
        for t in s["targets"]:
            rows.append((mark(s["text"], t["spans"]), t["name"], t["label"], source, split, s["id"]))
    return pd.DataFrame(rows, columns=COLUMNS)


def swap_rows(sentences: list[dict[str, Any]]) -> pd.DataFrame:
    """Counterfactual copies of training sentences whose two named targets have different labels."""
    rows = []
    for s in sentences:
        if is_val(s["id"]):
            continue
        named = [t for t in s["targets"] if t["mention"][1] - t["mention"][0] > 1]
        named = [t for t in named if s["text"][t["mention"][0] : t["mention"][1]].lower() not in PRONOUNS]
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                if a["label"] == b["label"] or a["name"].lower() == b["name"].lower():
                    continue
                first, second = sorted((a, b), key=lambda t: t["mention"][0])
                (s1, e1), (s2, e2) = first["mention"], second["mention"]
                if e1 > s2:
                    continue
                text = s["text"]
                w1, w2 = text[s1:e1], text[s2:e2]
                new = text[:s1] + w2 + text[e1:s2] + w1 + text[e2:]
                p2 = (s1, s1 + len(w2))  # where the second entity now is
                shift = len(w2) - len(w1)
                p1 = (s2 + shift, s2 + shift + len(w1))
                rows.append((mark(new, [p2]), second["name"], first["label"], "swap", "train", s["id"]))
                rows.append((mark(new, [p1]), first["name"], second["label"], "swap", "train", s["id"]))
    return pd.DataFrame(rows, columns=COLUMNS)


def joined_rows(sentences: list[dict[str, Any]], n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` texts of two training sentences with different labels toward different targets (2 rows each)."""
    rng = np.random.default_rng(seed)
    single = [
        (s, s["targets"][0])
        for s in sentences
        if not is_val(s["id"]) and len(s["targets"]) == 1 and len(s["text"]) < 260
    ]
    rows: list[tuple[str, str, str, str, str, str]] = []
    tries = 0
    while len(rows) < 2 * n and tries < 20 * n:
        tries += 1
        (sa, ta), (sb, tb) = (single[i] for i in rng.choice(len(single), 2, replace=False))
        if ta["label"] == tb["label"] or ta["name"].lower() == tb["name"].lower():
            continue
        if find_mentions(sb["text"], ta["name"]) or find_mentions(sa["text"], tb["name"]):
            continue
        glue = " " if rng.random() < 0.6 else ", but "
        left = sa["text"] if glue == " " else sa["text"].rstrip(" .!?")
        off = len(left) + len(glue)
        text = left + glue + sb["text"]
        spans_b = [(s + off, e + off) for s, e in tb["spans"]]
        key = f"{sa['id']}+{sb['id']}"
        rows.append((mark(text, ta["spans"]), ta["name"], ta["label"], "joined", "train", key))
        rows.append((mark(text, spans_b), tb["name"], tb["label"], "joined", "train", key))
    return pd.DataFrame(rows, columns=COLUMNS)


def replay_rows(data_root: Path, n_train: int, n_val: int, *, seed: int = 0) -> pd.DataFrame:
    """A sample of the v1 stance rows (target as written, mentions of it marked where the text has them)."""
    from statement_lens.stance.training.data import build_dataset

    v1 = build_dataset(data_root)
    v1 = v1[v1["task"] == "stance"]
    parts = []
    for split, k in (("train", n_train), ("val", n_val)):
        part = v1[v1["split"] == split]
        parts.append(part.sample(min(k, len(part)), random_state=seed))
    df = pd.concat(parts, ignore_index=True)
    texts = [mark(t, find_mentions(t, g)) for t, g in zip(df["text"], df["target"], strict=True)]
    return pd.DataFrame(
        {
            "text": texts,
            "target": df["target"],
            "label": df["label"],
            "source": "replay_" + df["source"].astype(str),
            "split": df["split"],
            "group": df["group"].astype(str),
        }
    )


def oversample_multi(rows: pd.DataFrame, times: int) -> pd.DataFrame:
    """``rows`` with the training rows of sentences holding 2+ targets repeated ``times`` times in all."""
    if times <= 1:
        return rows
    size = rows.groupby("group")["group"].transform("size")
    extra = rows[(rows["split"] == "train") & (size >= 2)]
    return pd.concat([rows, *([extra] * (times - 1))], ignore_index=True)


def build_v2_dataset(
    data_root: str | Path, *, joined: int = 1500, replay: int = 3000, roles: int = 0, multi: int = 1
) -> pd.DataFrame:
    """All v2 rows (train + val) from ``data_root`` (the shared data folder); ``roles``: template rows.

    ``multi``: NewsMTSC training sentences with 2+ targets are seen this many times (1: once).
    """
    from statement_lens.stance.training.roles import role_rows

    root = Path(data_root)
    sentences = read_newsmtsc(root / "stance" / "newsmtsc" / "train.jsonl")
    news = oversample_multi(sentence_rows(sentences), multi)
    frames = [news, swap_rows(sentences), joined_rows(sentences, joined)]
    if roles:
        frames.append(role_rows(roles))
    if replay:
        frames.append(replay_rows(root, replay, max(300, replay // 4)))
    return pd.concat(frames, ignore_index=True)


def unmarked(df: pd.DataFrame) -> pd.DataFrame:
    """The same rows without mention markers (the target-as-segment-only variant)."""
    out = df.copy()
    out["text"] = out["text"].str.replace("« ", "", regex=False).str.replace(" »", "", regex=False)
    return out
