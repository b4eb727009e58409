"""Tiny random-weight transformers checkpoints, built with ``from_config`` and saved to a folder.

Used by tests of the ``nli``, ``seq2seq`` and ``causal`` loading code: no download, a few hundred KB,
seconds to build. The tokenizer is a word-level ``tokenizers`` model wrapped in
``PreTrainedTokenizerFast``.
"""

from __future__ import annotations

from pathlib import Path

WORDS = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "in",
    "on",
    "for",
    "with",
    "we",
    "our",
    "they",
    "he",
    "she",
    "it",
    "is",
    "are",
    "was",
    "were",
    "be",
    "will",
    "must",
    "can",
    "not",
    "no",
    "speaker",
    "supports",
    "opposes",
    "text",
    "about",
    "support",
    "oppose",
    "nato",
    "ukraine",
    "russia",
    "allies",
    "aid",
    "military",
    "help",
    "ammunition",
    "defence",
    "production",
    "stockpiles",
    "said",
    "says",
    "today",
    "secretary",
    "general",
    "jens",
    "stoltenberg",
    "blinken",
    "countries",
    "more",
    "weapons",
    "air",
    "peace",
    "war",
    "europe",
    "security",
    "alliance",
    "summit",
    "leaders",
    "agreed",
    "new",
    "money",
    "billion",
    "million",
    "years",
]


def _tokenizer(specials: list[str], single: str, pair: str | None):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = {tok: i for i, tok in enumerate([*specials, *dict.fromkeys(WORDS), ".", ",", "0", "1", "2", "3"])}
    tk = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tk.normalizer = normalizers.Lowercase()
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    tk.decoder = decoders.WordPiece()  # joins word-level tokens with spaces
    ids = {t: vocab[t] for t in specials}
    used = [t for t in specials if t in single or (pair and t in pair)]
    tk.post_processor = processors.TemplateProcessing(
        single=single, pair=pair, special_tokens=[(t, ids[t]) for t in used]
    )
    return tk, vocab


def build_nli(folder: Path, *, id2label: dict[int, str] | None = None, seed: int = 0) -> Path:
    """A 2-layer BERT sequence classifier with NLI labels (or the labels given)."""
    import torch
    from transformers import AutoModelForSequenceClassification, BertConfig, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tk, vocab = _tokenizer(specials, "[CLS] $A [SEP]", "[CLS] $A [SEP] $B [SEP]")
    tok = PreTrainedTokenizerFast(
        tokenizer_object=tk,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=64,
    )
    labels = id2label or {0: "entailment", 1: "neutral", 2: "contradiction"}
    cfg = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=64,
        initializer_range=0.5,
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    torch.manual_seed(seed)
    model = AutoModelForSequenceClassification.from_config(cfg)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build_bart(folder: Path, *, max_positions: int = 64, seed: int = 0) -> Path:
    """A 1-layer BART seq2seq model with a ``max_positions``-token window."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, BartConfig, PreTrainedTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "[UNK]"]
    tk, vocab = _tokenizer(specials, "<s> $A </s>", None)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=tk,
        bos_token="<s>",
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="[UNK]",
        model_max_length=max_positions,
    )
    cfg = BartConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=37,
        decoder_ffn_dim=37,
        max_position_embeddings=max_positions,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
    )
    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(cfg)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build_llama(folder: Path, *, seed: int = 0) -> Path:
    """A 2-layer Llama causal LM without a chat template (exercises the plain-prompt path)."""
    import torch
    from transformers import AutoModelForCausalLM, LlamaConfig, PreTrainedTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "[UNK]"]
    tk, vocab = _tokenizer(specials, "<s> $A", None)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=tk,
        bos_token="<s>",
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="[UNK]",
        model_max_length=256,
    )
    cfg = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=256,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
    )
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(cfg)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder
