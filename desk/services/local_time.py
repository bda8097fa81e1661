"""Stored times (naive UTC) shown as the workstation's local time. Kept apart from the services
that use it so a light command (an import) does not load the placement services to convert a time."""

from __future__ import annotations

import datetime as dt


def to_local(utc: dt.datetime) -> dt.datetime:
    """A stored naive UTC time as naive local time."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
