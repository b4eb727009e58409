"""Find who a quotation is attributed to, from the words around its marks (pure regex and word lists).

Patterns, tried in this order for each quote:

* after the closing mark: ``"…," Stoltenberg said`` / ``"…," said Stoltenberg`` / ``"…," he said`` /
  ``"…," the NATO Secretary General said`` / ``"…," according to him`` / ``"…" - Commissioner X``;
* before the opening mark, in the same sentence: ``Stoltenberg recalled that … "…"``,
  ``According to X, "…"``, ``And from Chairwoman X: "…"``, ``X: "…"``, round-up lines
  ``Jan Novak, Daily Planet: "…"``, inverted ``But, said Novak, "…"``;
* a preceding sentence that ends with a colon: ``Caddell continued:`` + a quote paragraph.

An :class:`Attribution` names the mention as it stands in the text; :mod:`.resolve` maps it to a person.
"""

from __future__ import annotations

import re

from statement_lens.quotes.context import sentence_subject
from statement_lens.quotes.lexicon import (
    ADVERBS,
    BAD_FIRST,
    BOUNDARY_WORDS,
    CORE_CUES,
    DETERMINERS,
    LY_NOUNS,
    NOT_IN_SUBJECT,
    NOT_NAMES,
    NOUN_LIKE,
    PHRASAL_CUES,
    PRONOUNS,
    REPORTING_VERBS,
    STOP_AFTER_CUE,
    WEAK_CUES,
    wordset,
)
from statement_lens.quotes.records import Attribution

__all__ = ["Attribution", "after_quote", "before_quote", "is_subject_phrase"]

_TOKEN = re.compile(r"\S+")
_QUOTE_CHARS = '"“”„«»'
_ABBREV = re.compile(r"^\(?(?:[A-Z][a-z]{0,3}\.|(?:[A-Za-z]\.)+|Jr\.|Sr\.|St\.)[),]?$|^\([^)]*\)[,]?$")
_AS_PUT = re.compile(
    r"\b[Aa]s\s+((?:the|a|an|one|[A-Z][\w.’'-]*)(?:\s+[\w.’'-]+){0,6}?)\s+(?:put|puts|said|says|wrote|noted|described|called)\s+it\b"
)
# "Cruz." / "Berg." match _ABBREV's shape but end a sentence; titles and "Jr." keep their period
_SURNAME_DOT = re.compile(
    r"^(?!(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Adm|Maj|Capt|Rev|Prof|Inc|Co|Corp|Ltd|No|Vs)\.)"
    r"[A-Z][a-z]{2,3}\.$"
)
_DOCUMENT_NOUNS = wordset(
    "statement release report letter memo email spokesman spokeswoman spokesperson transcript"
)
_ROUNDUP = re.compile(
    r"^[ \t]*((?:[A-Z][\w.'’-]*)(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|al)){1,3}),"
    r"[ \t]+[^:\n\"“”]{2,60}:[ \t]*$",
    re.MULTILINE,
)
_PHRASAL = re.compile(r"\b(" + "|".join(re.escape(p) for p in PHRASAL_CUES) + r")\b")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group(0)) for m in _TOKEN.finditer(text[start:end])]


def _is_cue(word: str) -> bool:
    return word.lower().strip(',.;:!?"“”') in REPORTING_VERBS


def _is_adverb(word: str) -> bool:
    low = _clean(word)
    return low in ADVERBS or (word[:1].islower() and low.endswith("ly") and low not in LY_NOUNS)


def _clean(word: str) -> str:
    return word.strip(",.;:!?()\"“”'’—–-").lower()


def _ends_clause(word: str) -> bool:
    if word[-1] in ",;:!?" or word[-1] in _QUOTE_CHARS or word[-1] in "—–―" or word == "-":
        return True
    return word.endswith(".") and not _ABBREV.match(word)


def _valid_subject(toks: list[tuple[int, int, str]]) -> bool:
    if not toks or len(toks) > 14:
        return False
    first = toks[0][2]
    if _clean(first) in BAD_FIRST or not first[0].isalnum():
        return False
    lowered = [_clean(t[2]) for t in toks]
    bad_end = lowered[-1] in BAD_FIRST or lowered[-1] in DETERMINERS or lowered[-1] in {"of", "into", "for"}
    if bad_end and not (len(toks) == 1 and lowered[0] in PRONOUNS):
        return False
    if not any(ch.isalpha() for t in toks for ch in t[2]):
        return False  # "2010"
    if all(low in NOT_NAMES and low not in PRONOUNS for low in lowered):
        return False  # "Friday", "Once"
    has_name = any(t[2][0].isupper() or t[2][0].isdigit() for t in toks)
    if not (has_name or lowered[0] in DETERMINERS or lowered[0] in PRONOUNS) and len(toks) > 2:
        return False
    for (_, _, w), low in zip(toks, lowered, strict=True):
        if any(ch in w for ch in ";!?" + _QUOTE_CHARS):
            return False
        if w.endswith(".") and not _ABBREV.match(w):
            return False
        if w[0].islower() and (
            low in NOT_IN_SUBJECT
            or (_is_cue(w) and low not in NOUN_LIKE)
            or (low.endswith("ly") and low not in LY_NOUNS)
        ):
            return False
    # "the mayor's": a possessive, not a speaker
    return not toks[-1][2].rstrip(",").endswith(("'s", "’s", "s'", "s’"))


def is_subject_phrase(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` looks like a speaker noun phrase (a name, "the minister", "he")."""
    return _valid_subject(_tokens(text, start, end))


def _mention(toks: list[tuple[int, int, str]], text: str) -> tuple[int, int, str]:
    s, e = toks[0][0], toks[-1][1]
    last = toks[-1][2]
    if text[e - 1] == "." and (not _ABBREV.match(last) or _SURNAME_DOT.match(last)):
        e -= 1  # a sentence-final period, also after a short surname ("said Ted Cruz.")
    while e > s and text[e - 1] in ",;:—–-":
        e -= 1
    return s, e, text[s:e]


def after_quote(text: str, close_mark: int, limit: int | None = None) -> Attribution | None:
    """Match an attribution that follows the closing mark at ``close_mark``.

    When the quoted content closes its own sentence (``"…." Russia insisted that …``) a following
    "Name verb" only counts if the clause stops right after the verb (``"…." Stoltenberg said.``).
    """
    closed = close_mark > 0 and text[close_mark - 1] in ".?!"
    pos = close_mark + 1
    end = min(len(text), pos + 260 if limit is None else limit)
    nl = text.find("\n", pos, end)
    if nl >= 0:
        end = nl
    if nl >= 0 and not text[pos:nl].strip():
        nxt = re.match(r"\n(?:[ \t]*\n)?[ \t]*[―—–-]+[ \t]*", text[nl : nl + 10])
        if nxt:
            line_end = text.find("\n", nl + nxt.end())
            pos, end = nl + nxt.start(), line_end if line_end > 0 else len(text)
    lead = re.match(r"\s*([,—–―-]*)[ \t\u00a0]*", text[pos:end])
    dash = bool(lead and any(ch in "—–―-" for ch in lead.group(1)))
    start = pos + (lead.end() if lead else 0)
    toks = _tokens(text, start, end)
    if not toks:
        return None
    words = [_clean(t[2]) for t in toks]
    as_put = _AS_PUT.match(text, start)
    if as_put:
        return Attribution(as_put.start(1), as_put.end(1), as_put.group(1), "put it", "after", as_put.end())
    if words[0] == "according" and len(words) > 2 and words[1] == "to":
        subj = _source_after(toks, 2)
        if subj:
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, "according to", "according", subj[-1][1])
    # cue first: "…," said Stoltenberg
    first_cue = _clean(toks[0][2])
    if (
        _is_cue(toks[0][2])
        and toks[0][2][0].islower()
        and not _ends_clause(toks[0][2])
        and not first_cue.endswith("ing")
    ):
        subj = _np_after(toks, 1)
        if subj:
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, _clean(toks[0][2]), "after", _clause_end(text, subj[-1][1], end))
    # subject first: "…," the NATO Secretary General said
    for i, (_, _, w) in enumerate(toks[:30]):
        if i and _is_cue(w) and w[0].islower():
            if _clean(w) in NOUN_LIKE and i + 1 < len(toks) and _is_cue(toks[i + 1][2]):
                continue  # "the report stated": a noun before the cue
            j = i
            while j > 0 and _is_adverb(toks[j - 1][2]):
                j -= 1
            subj = toks[:j]
            if _appositive(subj):
                subj = _name_head(subj)
            if _valid_subject(subj) and not any(_ends_clause(t[2]) and t[2][-1] != "," for t in subj):
                if not _apposition_ok(subj):
                    break
                pronoun = len(subj) == 1 and subj[0][2].islower() and _clean(subj[0][2]) in PRONOUNS
                if closed and not pronoun and not _ends_clause(w) and not _short_tail(toks, i):
                    following = [_clean(t[2]) for t in toks[i + 1 : i + 4]]
                    if _clean(w) not in CORE_CUES or "that" in following:
                        break
                s, e, m = _mention(subj, text)
                return Attribution(s, e, m, _clean(w), "after", _clause_end(text, toks[i][1], end))
            break
        if (_ends_clause(w) and w[-1] != ",") or (i >= 14 and not _appositive(toks[: i + 1])):
            break
    if dash:
        subj = _np_after(toks, 0, allow_lower=False)
        if subj:
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, "—", "dash", subj[-1][1])
    return None


def _appositive(toks: list[tuple[int, int, str]]) -> bool:
    """Whether ``toks`` open with a capitalised name closed by a comma ("Scott Pruitt, the …")."""
    for k, (_, _, w) in enumerate(toks[:6]):
        if not (w[0].isupper() or _ABBREV.match(w)):
            return False
        if w.endswith(","):
            return k + 1 < len(toks)
    return False


def _name_head(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The name before an apposition ("Scott Pruitt," of "Scott Pruitt, the attorney general,")."""
    for k, (_, _, w) in enumerate(toks):
        if w.endswith(","):
            return toks[: k + 1]
    return toks


def _short_tail(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the clause ends within a few words after the cue ("said on Friday.")."""
    for k in range(i + 1, min(len(toks), i + 5)):
        if _ends_clause(toks[k][2]):
            return toks[k][2][-1] in ".,"
    return False


def _apposition_ok(subj: list[tuple[int, int, str]]) -> bool:
    """A subject with commas must be "Name, title," -- the first part capitalised."""
    if not any(t[2].endswith(",") for t in subj[:-1]):
        return True
    return subj[0][2][0].isupper() or _clean(subj[0][2]) in DETERMINERS


_CLAUSE_END = re.compile(r"[.,;:!?](?=\s|$)|\n")


def _clause_end(text: str, pos: int, limit: int) -> int:
    """End of the attribution clause: the next sentence-ending mark or comma."""
    if pos > 0 and text[pos - 1] in ".,;:!?":
        return pos
    m = _CLAUSE_END.search(text, pos, max(pos, min(limit, pos + 120)))
    return m.end() if m else pos


def _np_after(
    toks: list[tuple[int, int, str]], i: int, allow_lower: bool = True
) -> list[tuple[int, int, str]]:
    """A noun phrase starting at token ``i``, cut at clause punctuation or a preposition."""
    if i >= len(toks):
        return []
    first = toks[i][2]
    lw = _clean(first)
    if not (first[0].isupper() or first[0].isdigit()) and not (
        allow_lower and (lw in DETERMINERS or lw in PRONOUNS or _name_follows(toks, i))
    ):
        return []
    out: list[tuple[int, int, str]] = []
    for k in range(i, min(len(toks), i + 10)):
        w = toks[k][2]
        if k > i and _clean(w) in STOP_AFTER_CUE and not w[0].isupper():
            break
        if any(ch in w for ch in _QUOTE_CHARS):
            break
        out.append(toks[k])
        if _ends_clause(w):
            break
    return out


def _name_follows(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether lower-case modifiers at ``i`` lead into a name ("former Gov. Jim Doyle", "aide Jo Li")."""
    for k in range(i, min(len(toks), i + 4)):
        w = toks[k][2]
        if w[0].isupper():
            return k > i
        low = _clean(w)
        if low in STOP_AFTER_CUE or low in BAD_FIRST or _ends_clause(w) or _is_cue(w) or not w[0].isalpha():
            return False
    return False


def _source_after(toks: list[tuple[int, int, str]], i: int) -> list[tuple[int, int, str]]:
    """The source after "according to": past "a statement from" / "a spokesman for" to who issued it."""
    subj = _np_after(toks, i)
    k = i + len(subj)
    if (
        not subj
        or k + 1 >= len(toks)
        or _ends_clause(subj[-1][2])
        or _clean(subj[-1][2]) not in _DOCUMENT_NOUNS
    ):
        return subj
    return (_np_after(toks, k + 1) or subj) if _clean(toks[k][2]) in {"from", "by", "for", "of"} else subj


def _np_before(toks: list[tuple[int, int, str]], j: int) -> list[tuple[int, int, str]]:
    """The noun phrase that ends just before token ``j`` (walking back to a clause boundary).

    Handles an apposition closed by a comma: "Jens Stoltenberg, NATO Secretary General, said".
    """
    k = j
    while k > 0 and _is_adverb(toks[k - 1][2]):
        k -= 1
    if k > 1 and toks[k - 1][2].endswith(","):
        m = k - 1
        while m > 0 and k - m < 16 and not _ends_clause(toks[m - 1][2]):
            m -= 1
        if m > 0 and toks[m - 1][2].endswith(","):
            head = _walk_back(toks, m - 1, [toks[m - 1]])
            if head and head[0][2][0].isupper():
                if _clean(toks[m][2]) in {"who", "who's", "who’s", "whose", "which"}:
                    return head  # "Michael Bloomberg, who's thinking about running, said"
                return head + toks[m:k]
            inner = toks[m:k]
            if inner and all(t[2][0].isupper() or _ABBREV.match(t[2]) for t in inner):
                return inner  # "her senior policy adviser, Jake Sullivan, said"
        return []
    return _walk_back(toks, k, [])


def _walk_back(
    toks: list[tuple[int, int, str]], k: int, out: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    out = list(out)
    while k > 0 and len(out) < 12:
        w = toks[k - 1][2]
        if _ends_clause(w) or (_clean(w) in BOUNDARY_WORDS and not w[0].isupper()):
            break
        out.insert(0, toks[k - 1])
        k -= 1
    while out and _clean(out[0][2]) in BAD_FIRST:
        out.pop(0)
    return out


def before_quote(
    text: str,
    window_start: int,
    open_mark: int,
    quoted: list[tuple[int, int]] | None = None,
    sentence_start: int | None = None,
) -> Attribution | None:
    """Match an attribution in ``text[window_start:open_mark]`` (the quote's own sentence so far).

    Args:
        text: The whole text.
        window_start: Start of the stretch to search.
        open_mark: Offset of the quote's opening mark.
        quoted: Spans of other quotes; words inside them are never cues.
        sentence_start: Start of the whole sentence, where its subject is looked for ("X, …, telling Y
            that …"); defaults to ``window_start``.

    Returns:
        The attribution, or ``None``.
    """
    toks = _tokens(text, window_start, open_mark)
    subject_from = window_start if sentence_start is None else min(sentence_start, window_start)
    if quoted:
        inside = [(s, e) for s, e in quoted if s < open_mark and e > window_start]
        toks = [t for t in toks if not any(s <= t[0] < e for s, e in inside)] if inside else toks
    if not toks:
        return None
    words = [_clean(t[2]) for t in toks]
    # "According to X, "…""
    for i in range(len(toks) - 2, -1, -1):
        if words[i] == "according" and words[i + 1] == "to":
            subj = _source_after(toks, i + 2)
            if subj:
                s, e, m = _mention(subj, text)
                return Attribution(s, e, m, "according to", "according", subj[-1][1])
    as_put = _AS_PUT.search(text, window_start, open_mark)
    if as_put:
        return Attribution(as_put.start(1), as_put.end(1), as_put.group(1), "put it", "before", as_put.end())
    # "X: "…"" / "And from Chairwoman X: "…"" / "Said Ellis: "…""
    roundup = _ROUNDUP.search(text, max(window_start, text.rfind("\n", 0, open_mark) + 1), open_mark)
    if roundup:  # "Jan Novak, Daily Planet: "…"" / "Eva Berg, economist, said: "…""
        return Attribution(roundup.start(1), roundup.end(1), roundup.group(1), ":", "roundup", open_mark)
    said_of = any(_is_cue(t[2]) and t[2][0].islower() for t in toks[-5:-1])  # "X said of Sanders:"
    if toks[-1][2].endswith(":") and not _is_cue(toks[-1][2]) and not said_of:
        subj = [*_np_before(toks, len(toks) - 1), toks[-1]]
        if len(subj) > 1 and _is_cue(subj[0][2]) and subj[0][2][0].isupper():
            s, e, m = _mention(subj[1:], text)
            return Attribution(s, e, m, _clean(subj[0][2]), "before", toks[-1][1])
        if subj and (subj[-1][2][0].isupper() or _clean(subj[-1][2]) in PRONOUNS):
            if _clean(subj[0][2]) == "from":
                subj = subj[1:]
            if subj and _valid_subject(subj):
                s, e, m = _mention(subj, text)
                return Attribution(s, e, m, ":", "colon", toks[-1][1])
    inverted = _inverted_before(toks, text)
    if inverted is not None:
        return inverted
    # "X said (that) … "…"": the last reporting verb with a valid subject
    phrasal = list(_PHRASAL.finditer(text, window_start, open_mark))
    for j in range(len(toks) - 1, -1, -1):
        w = toks[j][2]
        if not _is_cue(w) or w[0].isupper():
            continue
        cue = _clean(w)
        if (cue in WEAK_CUES and j < len(toks) - 6) or cue in NOUN_LIKE:
            continue
        if cue.endswith("ing"):
            if j >= 2 and _is_cue(toks[j - 1][2]) and toks[j - 1][2].endswith(","):
                said = _np_before(toks, j - 1)  # "Nefzi said, adding, "…""
                if said and _valid_subject(said):
                    s, e, m = _mention(said, text)
                    return Attribution(s, e, m, cue, "before", toks[j][1])
            subj = _name_run_before(toks, j)
            if not (subj and _valid_subject(subj)):
                att = sentence_subject(text, subject_from, toks[j][0])
                if att is not None:
                    return Attribution(
                        att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1]
                    )
                continue
        elif (
            cue.endswith("s")
            and cue[:-1] in NOUN_LIKE
            and j
            and toks[j - 1][2][0].islower()
            and _clean(toks[j - 1][2]) not in PRONOUNS
        ):
            continue  # "a flurry of late-night tweets" -- a noun, not a verb
        elif j and _clean(toks[j - 1][2]) in {"and", "but"}:
            att = sentence_subject(text, subject_from, toks[j][0])  # "X stressed … and said …"
            if att is not None and _clean(att.mention) not in {"it"}:
                return Attribution(att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1])
            continue
        else:
            subj = _np_before(toks, j)
            if not (subj and _valid_subject(subj)) and j and toks[j - 1][2].endswith(","):
                att = sentence_subject(text, subject_from, toks[j][0])  # "X, noting …, said"
                if att is not None:
                    return Attribution(
                        att.mention_start, att.mention_end, att.mention, cue, "before", toks[j][1]
                    )
        if subj and _is_base_form(cue) and _clean(subj[-1][2]) not in {"i", "we", "they", "you"}:
            continue
        if subj and _valid_subject(subj):
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, cue, "before", toks[j][1])
    for ph in reversed(phrasal):
        at = next((k for k, t in enumerate(toks) if t[0] >= ph.start()), None)
        if at is None:
            continue
        subj = _np_before(toks, at)
        if subj and _valid_subject(subj):
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, ph.group(1), "before", ph.end())
    return None


def _inverted_before(toks: list[tuple[int, int, str]], text: str) -> Attribution | None:
    """``But, said Solovey, "…"``: a cue and its subject right before the opening mark."""
    if not toks[-1][2].endswith(","):
        return None
    for j in range(len(toks) - 2, max(-1, len(toks) - 10), -1):
        w = toks[j][2]
        if not (_is_cue(w) and (w[0].islower() or j == 0)) or _clean(w).endswith("ing"):
            continue  # "But, said Solovey," / "Said Comey,"
        if j and not toks[j - 1][2].endswith(","):
            return None
        subj = _np_after(toks, j + 1)
        if subj and subj[-1] == toks[-1] and _valid_subject(subj):
            s, e, m = _mention(subj, text)
            return Attribution(s, e, m, _clean(w), "before", toks[-1][1])
        return None
    return None


def _is_base_form(cue: str) -> bool:
    return not cue.endswith(("s", "d", "ing")) and cue not in {"told", "wrote", "thought", "sang", "read"}


def _name_run_before(toks: list[tuple[int, int, str]], j: int) -> list[tuple[int, int, str]]:
    """Capitalised words right before token ``j`` ("footage of Hillary Clinton asking")."""
    out: list[tuple[int, int, str]] = []
    k = j
    while k > 0 and len(out) < 6:
        w = toks[k - 1][2]
        if not (w[0].isupper() or _ABBREV.match(w)) or (w.endswith(",") and k != j):
            break
        out.insert(0, toks[k - 1])
        k -= 1
        if w.endswith(","):
            break
    if out and out[-1][2].endswith(","):
        return []
    while out and _clean(out[0][2]) in BAD_FIRST:
        out.pop(0)
    return out
