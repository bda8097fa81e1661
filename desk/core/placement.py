"""Placement rules in plain Python: the states, which change may follow which, time overlaps, and
making spreadsheet cells safe.

No Qt, no database: the services apply these rules inside their transactions, the window and the
command line show what they say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desk.core.text import clean


class State(StrEnum):
    PROPOSED = "proposed"
    CONTACTED = "contacted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONFIRMED = "confirmed"
    WORKED = "worked"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


class CancelledBy(StrEnum):
    REGISTRANT = "registrant"
    SITE = "site"


#: Japanese labels for exports and the window (the UI may translate the codes itself).
STATE_LABELS_JA: dict[State, str] = {
    State.PROPOSED: "提案",
    State.CONTACTED: "連絡済",
    State.ACCEPTED: "承諾",
    State.DECLINED: "辞退",
    State.CONFIRMED: "確定",
    State.WORKED: "勤務済",
    State.NO_SHOW: "無断欠勤",
    State.CANCELLED: "キャンセル",
    State.WITHDRAWN: "取下げ",
}
CANCELLED_BY_LABELS_JA: dict[CancelledBy, str] = {CancelledBy.REGISTRANT: "登録者", CancelledBy.SITE: "会場"}

#: A slot held by a placement in one of these states is booked: it fills the posting and blocks
#: the registrant's time (docs/CONTRACTS.md, "Placement log").
BOOKED: frozenset[State] = frozenset({State.CONFIRMED, State.WORKED})

#: Which state may follow which. A declined or withdrawn proposal may be proposed again; worked,
#: no-show and cancelled are final (a mistake there is corrected with undo).
TRANSITIONS: dict[State, tuple[State, ...]] = {
    State.PROPOSED: (State.CONTACTED, State.ACCEPTED, State.DECLINED, State.WITHDRAWN),
    State.CONTACTED: (State.ACCEPTED, State.DECLINED, State.WITHDRAWN),
    State.ACCEPTED: (State.CONFIRMED, State.DECLINED, State.WITHDRAWN),
    State.CONFIRMED: (State.WORKED, State.NO_SHOW, State.CANCELLED),
    State.DECLINED: (State.PROPOSED,),
    State.WITHDRAWN: (State.PROPOSED,),
    State.WORKED: (),
    State.NO_SHOW: (),
    State.CANCELLED: (),
}

#: States a placement may start in (the first event for a posting and a registrant).
INITIAL: tuple[State, ...] = (State.PROPOSED, *TRANSITIONS[State.PROPOSED])

_ALIASES: dict[str, State] = {
    **{s.value: s for s in State},
    **{label: s for s, label in STATE_LABELS_JA.items()},
    "no-show": State.NO_SHOW, "noshow": State.NO_SHOW, "不参加": State.NO_SHOW, "欠勤": State.NO_SHOW,
    "cancel": State.CANCELLED, "canceled": State.CANCELLED, "取消": State.CANCELLED, "取り消し": State.CANCELLED,
    "withdraw": State.WITHDRAWN, "取り下げ": State.WITHDRAWN, "propose": State.PROPOSED,
    "contact": State.CONTACTED, "accept": State.ACCEPTED, "decline": State.DECLINED,
    "confirm": State.CONFIRMED, "work": State.WORKED, "連絡": State.CONTACTED, "勤務": State.WORKED,
}


def parse_state(text: object) -> State | None:
    """The state named by a code (``no_show``, ``no-show``) or a Japanese label (確定), or None."""
    key = clean(text).lower().replace(" ", "_")
    return _ALIASES.get(key) or _ALIASES.get(key.replace("_", "-"))


def next_actions(current: State | str | None) -> list[State]:
    """The states that may follow ``current`` (None: no placement yet), in button order."""
    if current is None:
        return list(INITIAL)
    return list(TRANSITIONS[State(current)])


class PlacementRefused(Exception):
    """A change the rules do not allow; ``code`` says which rule, the message says it in words."""

    code = "refused"


class TransitionRefused(PlacementRefused):
    code = "transition"

    def __init__(self, current: State | None, requested: State, allowed: Sequence[State]) -> None:
        self.current, self.requested, self.allowed = current, requested, list(allowed)
        now = current.value if current else "no placement yet"
        allowed_text = ", ".join(s.value for s in self.allowed) or "nothing (final state)"
        super().__init__(f"cannot go from {now} to {requested.value}; allowed from {now}: {allowed_text}")


class CancelledByRequired(PlacementRefused):
    code = "cancelled_by"

    def __init__(self) -> None:
        super().__init__("a cancellation needs who cancelled: registrant or site")


def check_transition(current: State | str | None, requested: State | str,
                     cancelled_by: CancelledBy | str | None = None) -> None:
    """Raise TransitionRefused (with the allowed states) unless ``current`` → ``requested`` is allowed."""
    cur = State(current) if current is not None else None
    req = State(requested)
    allowed = next_actions(cur)
    if req not in allowed:
        raise TransitionRefused(cur, req, allowed)
    if req is State.CANCELLED and cancelled_by is None:
        raise CancelledByRequired()


# --- registrants the ranking leaves out ------------------------------------------------------------

#: Moving to these states needs a registrant the ranking lists as a candidate, or an override
#: with a reason; a withdrawn (退会) registrant cannot move to any of FORWARD at all.
NEEDS_CANDIDATE: frozenset[State] = frozenset({State.ACCEPTED, State.CONFIRMED})
FORWARD: frozenset[State] = frozenset({State.PROPOSED, State.CONTACTED, State.ACCEPTED, State.CONFIRMED})
WITHDRAWN_CODE = "state_withdrawn"
#: The ranking's exclusions an override may pass (its "booked" one is the double-booking rule's
#: to decide: a confirmation of a booked slot is refused, the free slots can still be confirmed).
OVERRIDABLE: frozenset[str] = frozenset({"state_paused", "occupation", "no_overlap"})


class OverrideRequired(PlacementRefused):
    code = "override_required"

    def __init__(self, registrant: str, posting: str, reason_code: str, reason: str, requested: State) -> None:
        self.reason_code, self.reason, self.requested = reason_code, reason, requested
        super().__init__(f"registrant {registrant} is excluded from posting {posting}: {reason}; "
                         f"{requested.value} anyway only with --override \"REASON\"")


class RegistrantWithdrawn(PlacementRefused):
    code = "registrant_withdrawn"

    def __init__(self, registrant: str) -> None:
        super().__init__(f"registrant {registrant} has withdrawn (退会) from the registry and cannot be placed")


def check_exclusion(registrant: str, posting: str, requested: State, exclusion: str | None, reason: str,
                    override: str, inherited: str = "") -> str:
    """The override reason to store with the change ("" when none is needed).

    ``exclusion`` is the ranking's exclusion code for this registrant and posting (None: a
    candidate), ``reason`` its words; ``inherited`` an override already given on this placement
    (an accepted-with-override confirms without asking again). Raises RegistrantWithdrawn or
    OverrideRequired."""
    why = clean(override)
    if exclusion is None or requested not in FORWARD:
        return ""
    if exclusion == WITHDRAWN_CODE:
        raise RegistrantWithdrawn(registrant)
    if requested not in NEEDS_CANDIDATE or exclusion not in OVERRIDABLE:
        return ""
    if why:
        return why
    if inherited:
        return inherited
    raise OverrideRequired(registrant, posting, exclusion, reason, requested)


# --- time ---------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Span:
    """A slot as a half-open interval [start, end) of local datetimes; an end at or before the start
    time runs into the next day (a night shift, or 00:00 written for midnight)."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(cls, date: dt.date, start: dt.time, end: dt.time) -> Span:
        begin = dt.datetime.combine(date, start)
        finish = dt.datetime.combine(date, end)
        if finish <= begin:
            finish += dt.timedelta(days=1)
        return cls(begin, finish)

    def overlaps(self, other: Span) -> bool:
        """True when both spans share some time; 9:00-12:00 and 12:00-13:00 do not."""
        return self.start < other.end and other.start < self.end

    def gap(self, other: Span) -> dt.timedelta:
        """The time between two spans that do not overlap (zero when they touch or overlap)."""
        if self.overlaps(other):
            return dt.timedelta(0)
        return other.start - self.end if self.end <= other.start else self.start - other.end


def overlaps(a: Span, b: Span) -> bool:
    return a.overlaps(b)


def first_overlap(new: Iterable[Span], existing: Iterable[Span]) -> tuple[Span, Span] | None:
    """The first pair (new span, existing span) that overlap, or None."""
    taken = sorted(existing)
    for span in sorted(new):
        for other in taken:
            if other.start >= span.end:
                break
            if span.overlaps(other):
                return span, other
    return None


#: Less than this between two same-day bookings in different prefectures earns a warning.
TIGHT_TRAVEL = dt.timedelta(hours=1)


def tight_travel(a: Span, a_pref: str, b: Span, b_pref: str, limit: dt.timedelta = TIGHT_TRAVEL) -> bool:
    """Same day, different prefectures, and less than ``limit`` between the end of one and the start
    of the other (an unknown prefecture never warns)."""
    if not a_pref or not b_pref or a_pref == b_pref or a.overlaps(b):
        return False
    if a.start.date() != b.start.date():
        return False
    return a.gap(b) < limit


def format_span(span: Span) -> str:
    """``2021-06-12 09:00-12:00``; an end on the next day shows as 24:00 or with (+1)."""
    if span.end.date() == span.start.date():
        end = f"{span.end:%H:%M}"
    elif span.end.time() == dt.time(0) and span.end.date() == span.start.date() + dt.timedelta(days=1):
        end = "24:00"
    else:
        end = f"{span.end:%H:%M}(+1)"
    return f"{span.start:%Y-%m-%d %H:%M}-{end}"


# --- spreadsheets -------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_cell(value: object) -> object:
    """A cell value a spreadsheet shows as text and never runs: strings that start like a formula
    (=, +, -, @, tab, CR, or their full-width forms) get a leading apostrophe. Numbers, dates and
    None pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
