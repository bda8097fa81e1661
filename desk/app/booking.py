"""The one meaning of "booked" and "filled", as the window, the command line and the sheets use it.

A placement is *booked* when its state is one of desk.core.placement.BOOKED (confirmed, worked): the
rule lives in the core (the services below the facade count with it in SQL); this module is the
facade's word for it, so no window or command spells the states out again. A posting is *filled*
up to the number of its booked placements.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk.core.placement import BOOKED, State

#: The booked states as stored strings.
BOOKED_STATES: frozenset[str] = frozenset(s.value for s in BOOKED)


def is_booked(state: State | str | None) -> bool:
    if state is None:
        return False
    return (state.value if isinstance(state, State) else str(state)) in BOOKED_STATES


def filled_count(states: Iterable[State | str | None]) -> int:
    """How many of a posting's placements fill it."""
    return sum(1 for s in states if is_booked(s))
