"""Word lists for attribution: reporting verbs, pronouns, role nouns and title words."""

from __future__ import annotations

import re


def wordset(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


# Reporting verbs by lemma -> every inflected form we accept as a cue.
_VERB_LEMMAS = (
    "say tell add state note recall explain argue believe warn insist claim write ask continue declare "
    "announce stress emphasize emphasise remark reply respond conclude acknowledge admit suggest urge "
    "comment tweet post quip joke vow promise predict complain concede boast contend maintain observe "
    "report caution charge counter shout yell whisper reiterate underline underscore assert allege "
    "confirm deny describe call blast slam criticize criticise praise testify recount agree disagree "
    "point mention reveal think hope fear estimate propose demand question wonder answer retort "
    "accuse lament plead pledge proclaim recommend remind repeat thank welcome add tout hint muse "
    "sing rule cite dismiss liken blame exhort chant label condemn denounce brand reference hail mock "
    "scold compare dub refer characterize characterise deride lambaste attack decry applaud quote read "
    "recite scream beg tease taunt clarify specify type text email reject brag retweet rail fume gush "
    "rave lash complain threaten challenge advise instruct order inform assure reassure announce "
    "caution emphasize highlight acknowledge signal indicate speculate theorize guess vent protest "
    "exclaim react riff snap bark growl scoff sneer gripe huff marvel interject interrupt roar thunder "
    "sigh laugh echo chime concur opine surmise deadpan posit elaborate confide"
)
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "sing": ("sing", "sings", "sang", "sung", "singing"),
    "read": ("read", "reads", "reading"),
    "rule": ("rules", "ruled", "ruling"),
    "text": ("texts", "texted", "texting"),
    "snap": ("snaps", "snapped", "snapping"),
    "echo": ("echoes", "echoed", "echoing"),
    "order": ("orders", "ordered"),
    "type": ("typed", "types"),
    "reference": ("referenced", "references"),
    "quote": ("quoted", "quotes", "quoting"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "marvel": ("marvel", "marvels", "marveled", "marvelled", "marveling", "marvelling"),
    "signal": ("signal", "signals", "signaled", "signalled", "signaling", "signalling"),
}


def _inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("ee"):
        return lemma, lemma + "s", lemma + "d", lemma + "ing"
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("sh", "ch", "s", "x")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    if lemma in {"quip", "plan", "brag", "chat", "admit", "refer", "regret", "submit", "slam", "dub"}:
        return lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


REPORTING_VERBS: frozenset[str] = frozenset(
    form for lemma in _VERB_LEMMAS.split() for form in _inflect(lemma)
)
# The commonest verbs of saying, whose finite forms (third person, past) mark the name next to them as a
# speaker anywhere in a text ("Stoltenberg said", "said Smith"), not only next to a quotation: stance
# targets (statement_lens.stance.targets) leave such people out. "speak" reports no words, so it is not
# among the cues above.
_SPEAKER_LEMMAS = (
    "say tell add state announce recall believe argue note explain stress warn insist ask reply answer "
    "continue conclude declare urge write speak"
)
SPEAKER_VERBS: frozenset[str] = frozenset(
    {"say"} | {form for lemma in _SPEAKER_LEMMAS.split() for form in _inflect(lemma)[1:3]}
)
# Verbs that need a particle to report speech ("pointed out", "went on").
PHRASAL_CUES = (
    "pointed out",
    "went on",
    "spoke out",
    "added that",
    "made clear",
    "was quoted as saying",
    "puts it",
    "put it",
    "shot back",
    "fired back",
    "hit back",
    "pushed back",
    "weighed in",
    "chimed in",
)
# Cues that only count in the after-quote position ("…," he added) -- too common elsewhere.
WEAK_CUES = frozenset({"think", "thinks", "thought", "hope", "hopes", "hoped", "post"})
# Base forms that are far more often nouns ("Kim's mental state", "a report"); they never count as cues.
NOUN_LIKE = wordset(
    "state report call post question answer comment claim charge counter fear hope demand estimate "
    "welcome promise point reply tweet blast praise note repeat quote remark plead rule text order type "
    "reference label brand attack protest challenge signal guess vent rave rail email read lament "
    "pledge vow boast joke quip complain concern"
)
# A subject never contains these lower-case words (they belong to a clause, not a noun phrase).
NOT_IN_SUBJECT = wordset(
    "to is was are were be been being have has had will would can could should may might must do does "
    "did that which where when if because not into onto through what whether than then there it's "
    "was— also"
)

PRONOUNS: dict[str, str | None] = {
    "he": "m",
    "she": "f",
    "him": "m",
    "her": "f",
    "them": None,
    "they": None,
    "i": None,
    "we": None,
    "it": None,
}

# a message "saying": its sender (the sentence's subject) speaks ("she sent an email saying")
MESSAGE_NOUNS = wordset(
    "email e-mail statement ad ads advertisement letter tweet tweets post message note memo release video "
    "commercial editorial op-ed column speech interview"
)

# an age before a name ("81-year-old Parker Eaton"): not part of the name
AGE = re.compile(r"^\d+-years?-old$", re.IGNORECASE)

# possessive determiners and the pronoun each stands for ("her remark that "…"": the speaker is "she")
POSSESSIVE_PRONOUNS: dict[str, str] = {"his": "he", "her": "she", "their": "they", "its": "it"}

# nouns for something said: a possessor before one is the speaker ("Trump's pledge to be "neutral"")
SPEECH_NOUNS = wordset(
    """
    remark remarks comment comments claim claims statement statements words pledge pledges promise promises
    vow vows warning warnings assertion assertions answer answers response reply insistence declaration
    suggestion prediction description characterization quip boast admission accusation accusations
    contention argument slogan catchphrase mantra refrain
    """
)

# Words that name a role or title; they precede a name ("NATO Secretary General Jens Stoltenberg") or
# stand for one ("the Secretary General said").
ROLE_WORDS: frozenset[str] = wordset(
    """
    secretary general president minister chancellor senator sen sen. rep rep. representative congressman
    congresswoman governor gov gov. mayor chairman chairwoman chair chairperson commissioner director
    ambassador spokesman spokeswoman spokesperson mr mr. mrs mrs. ms ms. dr dr. prof prof. professor king
    queen prince princess pope judge justice attorney speaker leader vice deputy chief executive officer ceo
    founder candidate nominee premier envoy head adviser advisor counsel lawyer manager strategist
    secretary-general vice-president prime foreign defence defense interior finance state treasury
    commander lt lt. col col. gen gen. sgt sgt. adm adm. maj maj. capt capt. rev rev. sir dame lord lady
    press communications spokesperson campaign chairman officer analyst economist official
    """
)
# Role nouns that stand for a person when used with "the" ("the minister said").
ROLE_HEADS: frozenset[str] = wordset(
    """
    secretary general president minister chancellor senator representative congressman congresswoman
    governor mayor chairman chairwoman chair chairperson commissioner director ambassador spokesman
    spokeswoman spokesperson king queen prince princess pope judge justice attorney speaker leader deputy
    chief ceo founder candidate nominee premier envoy head adviser advisor lawyer manager
    secretary-general commander official officer
    """
)
#: last words of a name that make it an organisation ("Commerce Department"): never "he" or "she"
ORG_HEADS = wordset(
    "department ministry committee commission council board agency bureau office administration party "
    "campaign university college institute foundation center centre association union court senate house "
    "congress parliament corporation company group network service news post times journal press "
    "states nations kingdom republic"
)
FEMALE_WORDS = wordset("mrs mrs. ms ms. chairwoman congresswoman spokeswoman queen princess dame lady")
MALE_WORDS = wordset("mr mr. chairman congressman spokesman king prince sir lord")
# Honorifics dropped from a canonical name.
HONORIFICS = wordset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame rev rev.")
NAME_CONNECTORS = wordset("de da del der den van von al el bin ibn la le du dos y")
# prepositions that open an adverbial, never a name or a subject ("Alongside BLM calls for action, …")
_CLAUSE_PREPOSITIONS = wordset(
    "alongside against around across behind beside besides beyond inside outside through throughout "
    "toward towards upon unlike into onto regarding amidst"
)
# Capitalised words that start a sentence or a clause and are not names.
NOT_NAMES = (
    wordset(
        """
    the a an and but or so if as at in on of for to by with from this that these those there here then
    when while after before since because although though however meanwhile also still yet i we you he
    she they it his her their its our my your mr mrs ms dr according asked speaking noting adding
    more most only many much few several such own first second new former
    during following meanwhile despite among under over until within without amid it there instead
    likewise moreover furthermore nevertheless nonetheless indeed otherwise therefore thus hence perhaps
    maybe yes even now again anyway
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow last next one two some many
    both each every all no not other another such what which who whom whose where why how
    """
    )
    | _CLAUSE_PREPOSITIONS
)

_NAME_TOKEN = r"(?:(?:[A-Z][a-z]?\.)+|[A-Z\u00C0-\u00DE][\w'’\-]*[\w])"
_CONNECT = r"(?:de|da|del|der|den|van|von|al|el|bin|ibn|la|le|du|dos|y)"
# A capitalised run: "Jens Stoltenberg", "Gov. Mike Pence", "Ludwig van Beethoven", "Rep. Jim Jordan".
NAME_RUN = re.compile(_NAME_TOKEN + r"(?:[ \u00a0]+(?:" + _CONNECT + r"[ \u00a0]+)?" + _NAME_TOKEN + r")*")


# Word lists of the attribution patterns (:mod:`statement_lens.quotes.attribution`).
ADVERBS = wordset(
    "also later then has have had was were would will previously recently once again just further "
    "publicly repeatedly reportedly never often first privately has since earlier simply flatly "
    "angrily bluntly quickly quietly told may might must can could should"
)

# after a quote that closes its own sentence, these still attribute it ("…?" Clinton asks as …)
CORE_CUES = wordset(
    "said says asked asks added adds told tells wrote writes replied replies responded continued explained "
    "recalled noted insisted argued"
)

LY_NOUNS = wordset("ally family daily rally assembly italy july monopoly supply reply bully weekly monthly")

BOUNDARY_WORDS = wordset(
    "that and but because when as while after before if which who where than so whether since "
    "although though once until unless said says"
)

BAD_FIRST = (
    wordset(
        "despite without after before during following amid among more most only just even "
        "in on at to for with by from about that which and but as because if when while is was are were has "
        "have had will would could should may might can do does did not this these those there here so then "
        "than also what how why where who whom"
    )
    | _CLAUSE_PREPOSITIONS
)

DETERMINERS = wordset(
    "the a an one another his her their its our my some several many two three four five other both "
    "each any senior top this"
)

STOP_AFTER_CUE = wordset(
    "for in on at during after before while when who which adding as to from via according told that "
    "this last earlier later speaking referring writing noting"
)

# a wire dateline opening a story: "WASHINGTON (AP) — ", "Mexico City (AFP) – ", "BEDFORD, N.H. — "
_DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'’]+(?:[ ,]+[A-Z][A-Za-z.'’]+){0,3}[ \t]*\([A-Za-z. ]{2,20}\)"
    r"|[A-Z]{3,}(?:[ ,]+[A-Z.]{2,}){0,3})[ \t]*[-–—]+[ \t]+"
)


def after_dateline(text: str, start: int, end: int) -> int:
    """``start`` moved past a wire dateline that opens the stretch ``text[start:end]``, if one does."""
    m = _DATELINE.match(text, start, end)
    return m.end() if m else start
