"""The change stamp of the registry, read with plain SQL (no SQLAlchemy: the warm ``desk rank``
reads it through desk.store.light too): one place for the ranking's index, the search's index and
the plan.

The counters (``desk_counter``, migration 0011) are bumped inside the writing transactions, in
commit order (desk.store.change_counter for registrants, triggers for the placement tables): a
change committed by a workstation whose clock runs behind, or by a PostgreSQL transaction that took
its serial id before a colleague's, moves them all the same. The registrant count is kept beside
the counter so a row inserted or removed outside desk (an SQL console) is still noticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desk.store.light import Reader

REGISTRANT = "registrant"
PLACEMENT = "placement"
_COUNTERS = "SELECT name, value FROM desk_counter"
#: count(*), not count(id): SQLite counts rows from the smallest covering index only for count(*).
_COUNT = "SELECT count(*) FROM registrant"
#: How many values of :func:`state_key` describe the registrants (the rest: the placement log).
REGISTRANT_KEY = 2
#: The changes committed after a counter value, and their rows (both lookups are indexed).
CHANGES_SINCE = "SELECT id FROM registrant_change WHERE commit_no > ?"
_IN_CHUNK = 500


def counters(reader: Reader) -> dict[str, int]:
    """Every counter's value (0 for one never bumped)."""
    found = {str(name): int(value) for name, value in reader.rows(_COUNTERS)}
    return {REGISTRANT: found.get(REGISTRANT, 0), PLACEMENT: found.get(PLACEMENT, 0)}


def registrant_stamp(reader: Reader, values: dict[str, int] | None = None) -> tuple[int, int]:
    """(registrant count, registrant counter): moves with every committed write of a registrant."""
    values = counters(reader) if values is None else values
    return int(reader.rows(_COUNT)[0][0]), values[REGISTRANT]


def state_key(reader: Reader) -> tuple[Any, ...]:
    """What the registry index depends on: the registrants' stamp, then the placement counter."""
    values = counters(reader)
    return (*registrant_stamp(reader, values), values[PLACEMENT])


def same(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Two stamps equal, either possibly read back from a cache's JSON (a list, where the other is a
    tuple): every value is an int."""
    return list(a) == list(b)


def changed_since(reader: Reader, counter: int, columns: str, limit: int) -> list[tuple[Any, ...]]:
    """``columns`` (the first one ``id``) of the registrants written by changes committed after the
    registrant counter was ``counter``, each row once, by id; at most ``limit`` rows.

    The change numbers are read first and the rows looked up by them (indexed on both databases):
    one statement with a subquery let PostgreSQL's planner scan the whole table (70 ms at 100,000),
    its statistics seeing a few change numbers shared by a whole import."""
    numbers = [int(n) for (n,) in reader.rows(CHANGES_SINCE, (counter,))]
    found: dict[Any, tuple[Any, ...]] = {}
    for start in range(0, len(numbers), _IN_CHUNK):
        chunk = numbers[start:start + _IN_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in reader.rows(f"SELECT {columns} FROM registrant WHERE change_no IN ({marks}) "
                               f"LIMIT {int(limit) - len(found)}", chunk):
            found[row[0]] = row
        if len(found) >= limit:
            break
    return [found[k] for k in sorted(found)][:limit]
