"""Ceremonial sentences of speeches: forms of address, thanks, congratulations, courtesies.

Official speeches open (and often close) with protocol — "Mr. President, Excellencies,", "I congratulate
His Excellency … on assuming the Presidency", "Thank you very much" — that carries no content an analyst
needs in a summary. :func:`is_ceremonial` recognises those sentences by their form (pure, no model), so the
summariser can pass over them the way it passes over fragments.
"""

from __future__ import annotations

import re

__all__ = ["is_ceremonial", "is_form_of_address", "is_salutation"]

# Words that make up a form of address ("Mr. President, Mr. Secretary-General, Excellencies, ladies and
# gentlemen,"). A sentence made of these alone (names aside) is a salutation.
_ADDRESS_WORDS = frozenset(
    """mr mrs ms madam madame sir president presidents secretary general secretary-general excellency
    excellencies distinguished delegates delegations delegation ladies gentlemen heads head of state states
    and government governments colleagues dear friends members member honourable honorable honoured
    honored your his her their majesty majesties highness highnesses royal chair chairman chairperson
    chairwoman speaker vice deputy prime minister ministers the assembly general-assembly fellow citizens
    americans representatives senators congress guests esteemed respected brothers sisters all everyone
    everybody good morning afternoon evening co-chairs co-chair permanent representative ambassador
    ambassadors to a an my our""".split()  # noqa: SIM905 - a word list reads better as text
)
_TITLE_WORDS = frozenset(
    """mr mrs ms madam madame sir president secretary secretary-general excellency excellencies distinguished
    delegates delegations delegation ladies gentlemen heads colleagues friends members majesty majesties
    highness highnesses chair chairman chairperson chairwoman co-chair co-chairs speaker minister ministers
    citizens americans guests brothers sisters everyone everybody ambassador ambassadors representatives
    senators congress morning afternoon evening""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_OPENING = (
    r"(?:(?:well|so|and|now|again|once\s+again|finally|at\s+the\s+outset|first(?:\s+of\s+all)?"
    r"|to\s+begin(?:\s+with)?)\W+)?"
)
_PERSON = r"(?:you|him|her|his|the\s+(?:outgoing\s+|incoming\s+)?(?:president|secretary)|mr|ms|mrs|madam)\b"
_GRATITUDE = r"(?:congratulations|gratitude|thanks|appreciation|condolences|sympathies|greetings)"
_HONOUR = r"(?:honou?r|pleasure|privilege|humility)"
_ADDRESSING = r"(?:address|speak|stand|be\s+here|be\s+with|join|welcome|represent|take\s+the\s+floor|deliver)"
_COURTESY = re.compile(
    rf"""^\W*{_OPENING}(?:
        (?:thank\s+you|thanks(?!\s+to\b))\b
      | (?:(?:and\s+)?(?:i|we)|let\s+me|allow\s+me|permit\s+me)
        (?:\s+(?:would|wish|should|want|also|first|once\s+again|again|sincerely|warmly|heartily|must))*
        (?:\s+like)?(?:\s+to)?(?:\s+(?:also|first|first\s+of\s+all|once\s+again|again))?
        (?:\s+(?:begin|start)\s+by)?\s+
        (?:thank|congratulat|welcome\s+{_PERSON}|(?:commend|salute|pay\s+tribute\s+to)\s+{_PERSON}
          |(?:extend|express|offer|convey)\s+(?:my|our)\s+(?:\w+\s+){{0,2}}{_GRATITUDE}
          |assure\s+you\s+of)
      | (?:it\s+is|it's)\s+(?:with\s+)?(?:a|an|my|our)?\s*
        (?:very\s+)?(?:great\s+|immense\s+|deep\s+|distinct\s+|particular\s+|profound\s+)?
        (?:sense\s+of\s+)?{_HONOUR}(?:\s+and\s+(?:a\s+)?{_HONOUR})?
        \s+(?:to|for\s+me\s+to|that\s+I)\s+{_ADDRESSING}
      | (?:may\s+god\s+bless|god\s+bless)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_STAGE_DIRECTION = re.compile(r"^\s*[\[(][^\])]*[\])]\W*$")
_CONTENT_TURN = re.compile(r"\b(?:but|however|yet|although|while)\b", re.IGNORECASE)


def is_salutation(text: str, *, max_words: int = 20) -> bool:
    """A form of address alone: title words and names, ending like a vocative ("Mr. President,").

    ``max_words``: longer texts are not a salutation (a State of the Union opening before its colon can
    name 30 guests' titles; a sentence of names that long elsewhere is a list).
    """
    words = [w.lower().strip(".'’") for w in _WORD.findall(text)]
    raw = _WORD.findall(text)
    if not words or len(words) > max_words or not any(w in _TITLE_WORDS for w in words):
        return False
    names_only = all(
        w in _ADDRESS_WORDS or r[0].isupper() or r[0].isdigit() for w, r in zip(words, raw, strict=True)
    )
    if not names_only:
        return False
    # "Ladies and gentlemen." is a salutation; "Fish and Wildlife Service and FEMA's U.S. Fire
    # Administration." (names, full stop) is a fragment of a sentence, not an address.
    vocative = (
        text.rstrip().rstrip("*_ ").endswith((",", ":", ";", "!", "—", "–", "-"))
    )  # "**Excellencies,**"
    return vocative or all(w in _ADDRESS_WORDS for w in words)


def is_ceremonial(text: str) -> bool:
    """True for a form of address, a thanks or congratulation, or a closing blessing.

    >>> is_ceremonial("Mr. President, Mr. Secretary-General, Excellencies,")
    True
    >>> is_ceremonial("I congratulate His Excellency Mr. Philemon Yang on assuming the Presidency.")
    True
    >>> is_ceremonial("We thank our allies for the weapons they sent, but stocks are depleted.")
    False
    >>> is_ceremonial("The war in Ukraine has entered its third year.")
    False
    """
    t = " ".join(text.split())
    if _STAGE_DIRECTION.match(t):  # "[Applause.]", "(The President turned to the audience.)"
        return True
    if _CONTENT_TURN.search(t):  # "We thank our allies, but stocks are depleted": content follows
        return False
    # an opening that ends in a colon ("..., my fellow Americans:") may list many titles
    return bool(_COURTESY.match(t)) or is_salutation(t, max_words=45 if t.endswith(":") else 20)


_VOCATIVE_WORDS = frozenset(
    """excellency excellencies ladies gentlemen delegates delegations distinguished colleagues friends guests
    everyone everybody dear honourable honorable esteemed respected fellow mr mrs ms madam his her your
    the and my our all""".split()  # noqa: SIM905
)


def is_form_of_address(phrase: str) -> bool:
    """True for a phrase that only addresses the audience: never worth proposing as a stance target.

    "Excellencies", "Ladies and gentlemen", "His Excellency", "Distinguished delegates".

    >>> is_form_of_address("Excellencies"), is_form_of_address("the Secretary-General")
    (True, False)
    """
    words = [w.lower().strip(".'’") for w in _WORD.findall(phrase)]
    return bool(words) and all(w in _VOCATIVE_WORDS for w in words)
