"""Call attempts, notes and re-contact in plain Python: the outcomes, reading them as typed, and
saying a candidate's last contact in a few words ("不在×2 11/30 14:05", "折返 15:00").

No Qt, no database: the services store the events, the window and the command line show them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from desk.core.text import clean

#: A "calling now" mark shows this long unless an outcome is logged first (desk.services.calling).
CALL_MINUTES = 15


class Outcome(StrEnum):
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    CALLBACK = "callback"
    WRONG_NUMBER = "wrong_number"
    BUSY = "busy"


#: Japanese labels (exports, the CLI, the window translates the codes itself).
OUTCOME_LABELS_JA: dict[Outcome, str] = {
    Outcome.NO_ANSWER: "不在",
    Outcome.VOICEMAIL: "留守電",
    Outcome.CALLBACK: "折り返し待ち",
    Outcome.WRONG_NUMBER: "番号違い",
    Outcome.BUSY: "話し中",
}
#: The shortest words for the candidate list's last-contact column.
OUTCOME_SHORT_JA: dict[Outcome, str] = {
    Outcome.NO_ANSWER: "不在", Outcome.VOICEMAIL: "留守電", Outcome.CALLBACK: "折返",
    Outcome.WRONG_NUMBER: "番号違い", Outcome.BUSY: "話し中",
}

_ALIASES: dict[str, Outcome] = {
    **{o.value: o for o in Outcome},
    **{label: o for o, label in OUTCOME_LABELS_JA.items()},
    "no-answer": Outcome.NO_ANSWER, "noanswer": Outcome.NO_ANSWER, "absent": Outcome.NO_ANSWER,
    "留守": Outcome.VOICEMAIL, "留守番電話": Outcome.VOICEMAIL, "vm": Outcome.VOICEMAIL,
    "折り返し": Outcome.CALLBACK, "折返し": Outcome.CALLBACK, "折返": Outcome.CALLBACK,
    "折返し待ち": Outcome.CALLBACK, "call_back": Outcome.CALLBACK, "call-back": Outcome.CALLBACK,
    "wrong-number": Outcome.WRONG_NUMBER, "wrong": Outcome.WRONG_NUMBER, "番号間違い": Outcome.WRONG_NUMBER,
    "通話中": Outcome.BUSY,
}


def parse_outcome(text: object) -> Outcome | None:
    """The outcome named by a code (``no_answer``, ``no-answer``) or a Japanese label (不在), or None."""
    key = clean(text).lower().replace(" ", "_")
    return _ALIASES.get(key) or _ALIASES.get(key.replace("_", "-"))


_WHEN = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[T ]+(\d{1,2}):(\d{2})$")


def parse_callback(text: str) -> dt.datetime | None:
    """``2021-06-12 15:00`` (also ``/``, ``T`` and full-width digits) as a naive local datetime, or None."""
    m = _WHEN.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    try:
        y, mo, d, hh, mm = (int(g) for g in m.groups())
        return dt.datetime(y, mo, d, hh, mm)
    except ValueError:
        return None


class Kind(StrEnum):
    ATTEMPT = "attempt"
    NOTE = "note"


@dataclass(frozen=True)
class Contact:
    """One call attempt or note as the summaries need it (``at``, ``callback_at`` local, naive)."""

    kind: Kind
    outcome: Outcome | None
    at: dt.datetime
    callback_at: dt.datetime | None = None


def last_contact(contacts: Sequence[Contact]) -> str:
    """A few words for the latest call attempt(s), newest last in ``contacts``: ``不在×2 11/30 14:05``
    (the same outcome repeated at the end counts), ``折返 15:00`` for a call-back (with the date
    when it is not the attempt's day); "" when never called."""
    attempts = [c for c in contacts if c.kind is Kind.ATTEMPT and c.outcome is not None]
    if not attempts:
        return ""
    last = attempts[-1]
    assert last.outcome is not None
    if last.outcome is Outcome.CALLBACK and last.callback_at is not None:
        when = (f"{last.callback_at:%H:%M}" if last.callback_at.date() == last.at.date()
                else f"{last.callback_at.month}/{last.callback_at.day} {last.callback_at:%H:%M}")
        return f"{OUTCOME_SHORT_JA[last.outcome]} {when}"
    repeat = 0
    for c in reversed(attempts):
        if c.outcome is not last.outcome:
            break
        repeat += 1
    times = f"×{repeat}" if repeat > 1 else ""
    return f"{OUTCOME_SHORT_JA[last.outcome]}{times} {last.at.month}/{last.at.day} {last.at:%H:%M}"


# --- re-contact -----------------------------------------------------------------------------------

def _md(day: dt.date) -> str:
    return f"{day.month}/{day.day}"


def describe_removed_slots(days: Sequence[dt.date]) -> str:
    """``removed slot 6/19`` / ``removed slots 6/19, 6/20``."""
    uniq = sorted(set(days))
    word = "slot" if len(uniq) == 1 else "slots"
    return f"removed {word} " + ", ".join(_md(d) for d in uniq)


def describe_hours(old: str, new: str) -> str:
    return f"hours {old or '?'} → {new or '?'}"


def describe_status(new: str) -> str:
    return {"ended": "posting ended", "paused": "posting paused"}.get(new, f"status → {new}")


def describe_headcount(old: str, new: str, confirmed: int) -> str:
    return f"headcount {old} → {new} with {confirmed} confirmed"


def describe_dates(old: str, new: str) -> str:
    return f"dates {old or '?'} → {new or '?'}"
