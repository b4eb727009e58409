"""Where a target is mentioned: names, aliases, demonyms, capitals, surnames; windows and markers."""

from __future__ import annotations

import pytest

from statement_lens.errors import InputError
from statement_lens.stance.aliases import (
    alias_forms,
    bare_name,
    format_alias_lines,
    parse_alias_lines,
    surname,
)
from statement_lens.stance.mentions import find_mentions, is_named, mark, mention_windows


def _words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("Russian troops left Kyiv; the Kremlin denied it.", "Russia", ["Russian", "Kremlin"]),
        ("Ukrainians in Kyiv welcomed it.", "Ukraine", ["Ukrainians", "Kyiv"]),
        ("Moscow's reply came late.", "Russia", ["Moscow"]),
        ("Stoltenberg said so.", "Jens Stoltenberg", ["Stoltenberg"]),
        ("President Putin spoke.", "Vladimir Putin", ["Putin"]),
        ("The U.S. and the US agreed; let us go.", "United States", ["U.S.", "US"]),
        ("Russia's war", "russia", ["Russia"]),
    ],
)
def test_named_targets_are_found_by_name_alias_demonym_capital_and_surname(text, target, expected):
    assert _words(text, find_mentions(text, target)) == expected


@pytest.mark.parametrize(
    ("target", "bare"),
    [
        ("Donald Trump's", "Donald Trump"),
        ("Putin’s", "Putin"),
        ("Ted Cruz (R-Texas", "Ted Cruz"),
        ("John Hickenlooper (D-Colo.)", "John Hickenlooper"),
        ('"Hillary Clinton', "Hillary Clinton"),
        ("Islamic State (ISIS)", "Islamic State (ISIS)"),
        ("Paris", "Paris"),
    ],
)
def test_a_target_written_with_a_possessive_quote_or_party_tag_is_read_as_the_bare_name(target, bare):
    assert bare_name(target) == bare
    text = f"Critics said {bare.split()[-1]} had misled {bare} supporters."
    assert _words(text, find_mentions(text, target)) == _words(text, find_mentions(text, bare))
    assert find_mentions(text, target)


def test_issue_targets_are_found_by_the_stems_of_their_words():
    text = "We must produce more; production lines are short."
    assert _words(text, find_mentions(text, "defence production")) == ["production"]
    assert not is_named("defence production")
    assert is_named("Russia") and is_named("russia")  # a country in the table, whatever its case


@pytest.mark.parametrize(
    "claim",
    [
        "The UK Should Leave the European Union",
        "We should expand NATO",
        "Britain should give up its EU rebate",
        "School Uniforms Should Be Mandatory",
        "Grant the EU a permanent seat on the UN Security Council",
        "Climate Change is a Real Concern",
    ],
)
def test_a_claim_is_an_issue_even_with_an_acronym_or_a_country_in_it(claim):
    assert not is_named(claim)


@pytest.mark.parametrize("name", ["Theresa May", "Will Grant", "UK government", "the EU", "Bank of England"])
def test_names_with_a_modal_or_an_acronym_stay_names(name):
    assert is_named(name)


def test_a_person_is_found_by_handle_and_hashtag_but_not_by_a_bare_first_name():
    text = "Go #Hillary! @HillaryClinton for 2016. #HillarysAccomplishments Hillary said."
    assert _words(text, find_mentions(text, "Hillary Clinton")) == ["#Hillary", "HillaryClinton"]
    assert "#President" not in alias_forms("President Putin")


def test_analyst_aliases_are_parsed_matched_and_written_back():
    aliases = parse_alias_lines("Russia = Putin, Kremlin\n\nNATO = the Alliance")
    assert aliases == {"Russia": ("Putin", "Kremlin"), "NATO": ("the Alliance",)}
    text = "Putin spoke to the Alliance."
    assert _words(text, find_mentions(text, "Russia", aliases)) == ["Putin"]
    assert parse_alias_lines(format_alias_lines(aliases)) == aliases
    with pytest.raises(InputError, match="Target = alias"):
        parse_alias_lines("Russia Putin")


def test_alias_forms_hold_no_duplicates_and_not_the_target_itself():
    forms = alias_forms("Russia", {"russia": ["Kremlin", "Putin"]})
    assert "Russia" not in forms and forms.count("Kremlin") == 1 and "Putin" in forms
    assert surname("Defence Production") == "Production"  # two capitalised words look like a name
    assert surname("Ukraine") is None and surname("NATO") is None


def test_each_mention_is_read_in_its_own_sentence_or_contrast_clause():
    text = "I like Bert, but I hate Robert. Robert left. Nothing else."
    bert = mention_windows(text, find_mentions(text, "Bert"))
    robert = mention_windows(text, find_mentions(text, "Robert"))
    assert [text[w.start : w.end] for w in bert] == ["I like Bert"]
    assert [text[w.start : w.end] for w in robert] == ["but I hate Robert.", "Robert left."]
    whole = mention_windows(text, find_mentions(text, "Bert"), clauses=False)
    assert text[whole[0].start : whole[0].end] == "I like Bert, but I hate Robert."


def test_mark_wraps_mentions_and_neutralises_the_texts_own_markers():
    text = "«Quote» about Russia and Russia."
    spans = find_mentions(text, "Russia")
    assert mark(text, spans) == '"Quote" about « Russia » and « Russia ».'
    assert mark(text, spans, 0, 20) == '"Quote" about « Russia »'
