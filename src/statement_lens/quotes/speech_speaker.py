"""Who speaks in a speech read sentence by sentence, and which lines only name the speaker.

Transcripts of speeches open their turns with a label sentence: "The President." then the speech, "Audience
members." then a chant, "Representative Lauren Boebert." then an interjection. Such a label is no content (it
is neither a topic nor a stance toward anything), and it says who speaks the sentences that follow it: the
statement's speaker for the main label, the label itself for anyone else. A statement without labels is
spoken by its speaker throughout: from the metadata, else from the title ("Remarks by President Biden").
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from statement_lens.text.char_classes import APOSTROPHES
from statement_lens.types import Statement

# Words that open a speaker label on their own (a label otherwise has to recur to count as one).
_LABEL_OPENERS = frozenset(
    {
        "The", "Audience", "Mr", "Mrs", "Ms", "Dr", "Representative", "Rep", "Senator", "Sen", "President",
        "Vice", "Speaker", "Moderator", "Q", "Chairman", "Chairwoman", "Chair", "Secretary", "Minister",
        "Prime", "Participant", "Participants",
    }
)  # fmt: skip
# a capitalised word with apostrophes, periods and hyphens inside ("O’Rourke", "Jr.", "Ocasio-Cortez")
_CAP_WORD = r"[A-Z][\w." + APOSTROPHES + r"-]*"
_LABEL_NAME = _CAP_WORD + r"(?:\s+(?:of\s+|the\s+)?" + _CAP_WORD + r"){0,5}"
_LABEL_RE = re.compile(r"(?:Audience members?|Audience member|" + _LABEL_NAME + r")\.")
_TITLE_SPEAKER_RE = re.compile(
    r"\b(?:by|of|from)\s+(?:the\s+)?((?:President|Vice President|Prime Minister|Chancellor"
    r"|Secretary[- ]General|Minister|Governor|Senator|King|Queen|Pope)"
    r"\s+" + _CAP_WORD + r"(?:\s+" + _CAP_WORD + r"){0,3})"
)


def _label(text: str) -> str | None:
    """The label a sentence consists of ("The President." → "The President"), or None."""
    t = text.strip()
    if len(t) > 60 or not _LABEL_RE.fullmatch(t):
        return None
    return t[:-1].strip()


def speaker_labels(sentences: pd.DataFrame) -> dict[int, str]:
    """Row position → label, for the sentences that only name the speaker of what follows.

    A label opens its paragraph, text follows it in the same paragraph, and it either starts with a word
    that opens labels ("The", "Audience", "Mr", "Representative", …) or opens two paragraphs or more.
    """
    texts, paragraphs = list(sentences["text"]), list(sentences["paragraph"])
    found: dict[int, str] = {}
    for i, (text, para) in enumerate(zip(texts, paragraphs, strict=True)):
        opens = i == 0 or paragraphs[i - 1] != para
        followed = i + 1 < len(texts) and paragraphs[i + 1] == para
        label = _label(str(text)) if opens and followed else None
        if label:
            found[i] = label
    counts = Counter(found.values())
    return {
        i: lab for i, lab in found.items() if lab.split()[0].rstrip(".") in _LABEL_OPENERS or counts[lab] > 1
    }


def title_speaker(title: str | None) -> str | None:
    """A speaker named by a title such as "Remarks by President Biden on …", or None."""
    m = _TITLE_SPEAKER_RE.search(title or "")
    return m.group(1).strip() if m else None


def attribute_speech(statement: Statement, sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences with their speakers filled in and speaker labels marked as no body text (``is_title``).

    The main label (the one that opens the most paragraphs) is the statement's speaker: named by the
    metadata or the title when they name one, else by the label itself ("The President"). A sentence
    already attributed (a transcript turn) keeps its speaker.
    """
    if sentences.empty:
        return sentences
    labels = speaker_labels(sentences)
    main = Counter(labels.values()).most_common(1)[0][0] if labels else None
    own = statement.speaker or title_speaker(statement.title) or main
    speakers, current = [], own
    for i, spoken in enumerate(sentences["speaker"]):
        if i in labels:
            current = own if labels[i] == main else labels[i]
        speakers.append(spoken if isinstance(spoken, str) and spoken else current)
    is_label = [i in labels for i in range(len(sentences))]
    return sentences.assign(
        speaker=speakers,
        is_title=[bool(t) or lab for t, lab in zip(sentences["is_title"], is_label, strict=True)],
    )
