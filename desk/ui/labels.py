"""Words for the codes that core and services return (translated with Qt; English source texts)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "Labels"

POSTING_STATUS = {
    "open": QT_TRANSLATE_NOOP("Labels", "Open"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Paused"),
    "ended": QT_TRANSLATE_NOOP("Labels", "Ended"),
}
REGISTRANT_STATE = {
    "active": QT_TRANSLATE_NOOP("Labels", "Active"),
    "paused": QT_TRANSLATE_NOOP("Labels", "On hold"),
    "withdrawn": QT_TRANSLATE_NOOP("Labels", "Withdrawn"),
}
OCCUPATION = {
    "doctor": QT_TRANSLATE_NOOP("Labels", "Physician"),
    "nurse": QT_TRANSLATE_NOOP("Labels", "Nurse"),
    "assistant_nurse": QT_TRANSLATE_NOOP("Labels", "Assistant nurse"),
    "public_health_nurse": QT_TRANSLATE_NOOP("Labels", "Public health nurse"),
    "midwife": QT_TRANSLATE_NOOP("Labels", "Midwife"),
    "pharmacist": QT_TRANSLATE_NOOP("Labels", "Pharmacist"),
    "clerk": QT_TRANSLATE_NOOP("Labels", "Clerk"),
}
#: Placement states (the log) and the action that leads to each.
PLACEMENT_STATE = {
    "proposed": QT_TRANSLATE_NOOP("Labels", "Proposed"),
    "contacted": QT_TRANSLATE_NOOP("Labels", "Contacted"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "declined": QT_TRANSLATE_NOOP("Labels", "Declined"),
    "confirmed": QT_TRANSLATE_NOOP("Labels", "Confirmed"),
    "worked": QT_TRANSLATE_NOOP("Labels", "Worked"),
    "no_show": QT_TRANSLATE_NOOP("Labels", "No-show"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "withdrawn": QT_TRANSLATE_NOOP("Labels", "Proposal withdrawn"),
}
PLACEMENT_ACTION = {
    "proposed": QT_TRANSLATE_NOOP("Labels", "Propose"),
    "contacted": QT_TRANSLATE_NOOP("Labels", "Mark contacted"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "declined": QT_TRANSLATE_NOOP("Labels", "Declined"),
    "confirmed": QT_TRANSLATE_NOOP("Labels", "Confirm"),
    "worked": QT_TRANSLATE_NOOP("Labels", "Worked"),
    "no_show": QT_TRANSLATE_NOOP("Labels", "No-show"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancel"),
    "withdrawn": QT_TRANSLATE_NOOP("Labels", "Withdraw"),
}
COMPONENT = {
    "region": QT_TRANSLATE_NOOP("Labels", "Region"),
    "availability": QT_TRANSLATE_NOOP("Labels", "Availability"),
    "occupation": QT_TRANSLATE_NOOP("Labels", "Occupation"),
    "experience": QT_TRANSLATE_NOOP("Labels", "Experience"),
    "reliability": QT_TRANSLATE_NOOP("Labels", "Reliability"),
}
WEEKDAYS = (
    QT_TRANSLATE_NOOP("Labels", "Mon"), QT_TRANSLATE_NOOP("Labels", "Tue"), QT_TRANSLATE_NOOP("Labels", "Wed"),
    QT_TRANSLATE_NOOP("Labels", "Thu"), QT_TRANSLATE_NOOP("Labels", "Fri"), QT_TRANSLATE_NOOP("Labels", "Sat"),
    QT_TRANSLATE_NOOP("Labels", "Sun"), QT_TRANSLATE_NOOP("Labels", "Hol"),
)


def word(table: dict[str, str], code: str | None) -> str:
    """The translated word for ``code`` in ``table``; unknown codes are shown as they are."""
    if not code:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CTX, source) if source else str(code)


def tr(source: str) -> str:
    return QCoreApplication.translate(CTX, source)

_MORE = (QT_TRANSLATE_NOOP("Labels", "Availability not stated"),)
