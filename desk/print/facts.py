"""Plain data the sheet builders print: a posting's facts and its ranked candidates.

The builders in this package take only these dataclasses, so they are testable without a database;
``desk.print.data`` fills them from the store and the ranking service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SlotFill:
    """One work slot of a posting and how many registrants are booked (confirmed or worked) on it."""

    date: dt.date
    start: dt.time
    end: dt.time
    booked: int = 0


@dataclass(frozen=True)
class PostingFacts:
    """What the desk knows about one posting, with Posting's field names.

    ``occupation`` is the label to print (医師, 看護師 …), not the code.
    """

    source_id: str
    occupation: str
    headcount: int = 1
    municipality_name: str = ""  # 自治体名/医療機関名 as received: may be a facility's name
    prefecture: str = ""
    city: str = ""
    pref_code: str | None = None
    muni_code: str | None = None
    venue_name: str = ""
    venue_address: str = ""
    dates_raw: str = ""
    hours_raw: str = ""
    employment_type: str = ""
    pay: str = ""
    duties: str = ""
    requirements: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    masked: bool = False
    status: str = "open"
    updated_on: dt.date | None = None
    slots: tuple[SlotFill, ...] = ()


@dataclass(frozen=True)
class CandidateLine:
    """One ranked candidate as the coordinator phones them."""

    rank: int
    registrant_id: str
    name: str
    name_kana: str = ""
    phone: str = ""
    email: str = ""
    region: str = ""  # where they live / can work, in a few words
    availability: str = ""  # when they are free, in a few words
    score: float = 0.0  # 0–100
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetInput:
    """One posting's sheet: its facts and (for the coordinator) its candidates."""

    posting: PostingFacts
    candidates: tuple[CandidateLine, ...] = ()
    excluded: int = 0  # registrants the ranking left out (shown as a count only)
    filter_text: str = ""  # the candidate filter the list was narrowed by ("" for none): printed


@dataclass(frozen=True)
class PrintContext:
    """Who prints, and when: printed on every page."""

    coordinator: str = ""
    printed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
