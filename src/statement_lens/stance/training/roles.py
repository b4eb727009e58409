"""Role templates: who is the aggressor, who the victim or partner, in one sentence (``stance.lens.v2``).

NewsMTSC teaches the model to read the sentiment *at* a marked mention, but its sentences rarely put an
aggressor and a victim side by side, so the first v2 model read "we condemn A's threats against B" as
against B, and "ensuring that A does not win" as favor A. These rows give each role its label: the
aggressor / the one who must not win → against; a partner the speaker backs, thanks or stands with →
favor; a mere place or bystander → none. Each template is filled with random names of countries, people
and organisations, in several sentence shapes, so the label follows the role and not the name.

Written after reading the seed statement's failure (issue 13): the seed and the issue's probes are
therefore not independent checks of these rows; NewsMTSC dev is (see the model card). The probes'
exact sentences are not among the templates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from statement_lens.stance.mentions import find_mentions, mark

_COUNTRIES = (
    "Russia Ukraine China Taiwan Iran Israel Syria Turkey Poland Germany France Japan India Pakistan Serbia "
    "Kosovo Armenia Azerbaijan Georgia Belarus Venezuela Colombia Sudan Ethiopia Eritrea Somalia Yemen "
    "Lebanon Hungary Moldova Finland Sweden Canada Mexico Brazil Egypt Libya Mali Niger Nigeria Kenya"
)
NAMES = [
    *_COUNTRIES.split(),
    "the United States", "North Korea", "South Korea", "Saudi Arabia", "the European Union", "NATO",
    "Hamas", "the Taliban", "Wagner", "Hezbollah", "President Putin", "Mr Lukashenko", "Senator Smith",
    "Governor Brown", "the Kremlin", "Beijing", "Moscow", "the regime", "the junta", "the rebels",
]  # fmt: skip
AGGRESSION = (
    "aggression",
    "attacks",
    "threats",
    "invasion",
    "missile strikes",
    "intimidation",
    "bombardment",
    "occupation",
    "provocations",
    "coercion",
)
PARTNER_VERBS = (
    "welcome the support of",
    "thank",
    "are grateful to",
    "stand with",
    "salute",
    "praise",
    "will keep helping",
    "fully support",
    "admire",
)
CONDEMN = ("condemn", "denounce", "deplore", "reject", "strongly oppose", "will not tolerate")

# (template, {slot: label}); {A} aggressor, {V} victim, {P} partner.
TEMPLATES: tuple[tuple[str, dict[str, str]], ...] = (
    ("We {condemn} {A}'s {aggr} against {V}.", {"A": "against", "V": "favor"}),
    ("{A}'s {aggr} against {V} must stop.", {"A": "against", "V": "none"}),
    ("The {aggr} by {A} against {V} continued overnight.", {"A": "against", "V": "none"}),
    ("We will help {V} defend itself against {A}.", {"V": "favor", "A": "against"}),
    (
        "We {partner} {P} and {condemn} the {aggr} of {A} against {V}.",
        {"P": "favor", "A": "against", "V": "favor"},
    ),
    ("By making sure that {A} does not prevail in {V}, we keep {P} safe.", {"A": "against", "P": "favor"}),
    ("{A}, and its leaders, must not win this war in {V}.", {"A": "against", "V": "none"}),
    ("We must make sure that {A} does not win in {V}.", {"A": "against", "V": "none"}),
    ("By ensuring that {A} does not win, we protect {V}.", {"A": "against", "V": "favor"}),
    ("{A} must not succeed, and it will not.", {"A": "against"}),
    ("This reduces the risk of {aggr} by {A} against {V}.", {"A": "against", "V": "none"}),
    ("{A} poses a threat to {V}.", {"A": "against", "V": "none"}),
    ("We {partner} {P}, and we {condemn} the {aggr} of {A}.", {"P": "favor", "A": "against"}),
    ("We {condemn} the {aggr} of {A}, and we {partner} {P}.", {"A": "against", "P": "favor"}),
    ("While {A} keeps up its {aggr}, {P} has been a reliable friend.", {"A": "against", "P": "favor"}),
    ("{P} deserves our support; {A} deserves our condemnation.", {"P": "favor", "A": "against"}),
    ("We stand with {V} against the {aggr} of {A}.", {"V": "favor", "A": "against"}),
    ("The weapons we send to {V} are used to stop {A}.", {"V": "favor", "A": "against"}),
    ("If {A} wins, it is dangerous for all of us.", {"A": "against"}),
    ("{A} has shown no interest in peace.", {"A": "against"}),
    ("We do not trust {A}.", {"A": "against"}),
    ("Talks with {A} resumed in {V} on Monday.", {"A": "none", "V": "none"}),
    ("{P} has done a great deal for peace, and {A} has not.", {"P": "favor", "A": "against"}),
    ("{P} has been a steadfast ally.", {"P": "favor"}),
    ("We are proud to work with {P}.", {"P": "favor"}),
    ("The people of {V} have shown great courage.", {"V": "favor"}),
    ("{P} held a vote on Sunday.", {"P": "none"}),
    ("Delegations from {P} and {V} met in Geneva.", {"P": "none", "V": "none"}),
    ("{V} is not a threat to anyone.", {"V": "favor"}),
)


# Clauses wrapped around a template so that the role, not the sentence's overall tone, decides.
PADDING = (
    "we are also increasing our own security",
    "we will keep strengthening our partnerships",
    "this is good news for everyone who wants peace",
    "our economy is growing and our people are safe",
    "the talks ended late on Friday",
    "we welcome the progress made this year",
)
SHAPES = ("{t}", "{t}", "{p}, and {t_low}", "{t_stop}, and {p}.", "So actually, {t_low}")


def _shape(text: str, rng: np.random.Generator) -> str:
    shape = SHAPES[int(rng.integers(len(SHAPES)))]
    pad = PADDING[int(rng.integers(len(PADDING)))]
    low = text[0].lower() + text[1:] if not text.startswith(tuple(NAMES)) else text
    out = shape.format(t=text, p=pad[0].upper() + pad[1:], t_low=low, t_stop=text.rstrip(". "))
    return out[0].upper() + out[1:]


def _fill(template: str, rng: np.random.Generator) -> tuple[str, dict[str, str]]:
    names = rng.choice(len(NAMES), 3, replace=False)
    slots = {"A": NAMES[names[0]], "V": NAMES[names[1]], "P": NAMES[names[2]]}
    words = {
        "aggr": AGGRESSION[int(rng.integers(len(AGGRESSION)))],
        "partner": PARTNER_VERBS[int(rng.integers(len(PARTNER_VERBS)))],
        "condemn": CONDEMN[int(rng.integers(len(CONDEMN)))],
    }
    text = template.format(**slots, **words)
    text = _shape(text[0].upper() + text[1:], rng)
    return text, slots


def role_rows(n: int, *, seed: int = 0) -> pd.DataFrame:
    """About ``n`` rows: each template filled with random names, one row per slot, mention marked."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, str, str, str, str]] = []
    while len(rows) < n:
        template, labels = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
        text, slots = _fill(template, rng)
        for slot, label in labels.items():
            target = slots[slot]
            spans = find_mentions(text, target)
            if spans:
                rows.append((mark(text, spans), target, label, "roles", "train", f"roles{len(rows)}"))
    return pd.DataFrame(rows, columns=["text", "target", "label", "source", "split", "group"])
