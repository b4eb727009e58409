"""Small records shared by the quote modules."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Attribution"]


@dataclass(frozen=True)
class Attribution:
    """A speaker mention and cue found next to a quote."""

    mention_start: int
    mention_end: int
    mention: str
    cue: str
    # "after" / "dash" / "according": after the closing mark; "before" / "colon": before the opening mark;
    # "previous" / "subject" / "continuation": fallbacks from context (see quotes.context)
    position: str
    end: int  # where the attribution clause ends (after-quote patterns), else the cue end
