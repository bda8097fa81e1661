"""No surprises from the candidate filter: it follows the setting when another posting is picked
(kept for each posting, a new one starting unfiltered; or always cleared), and an empty list says
該当なし with the closest registrant the global search finds for the filter's words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: Strip field prefixes (地域: 名前: …) to search the bare words.
_PREFIX = re.compile(r'(?:^|\s)[^\s:："]+[:：]')


class FilterMemory:
    """The candidate filter of each posting the coordinator has looked at (this session)."""

    def __init__(self) -> None:
        self._by_posting: dict[int, str] = {}
        self._current = 0

    def switch(self, mode: str, posting_id: int, text: str) -> str:
        """Leave the current posting (its filter was ``text``) for ``posting_id``: the filter to show."""
        if not self._current and text.strip():  # typed before any posting was shown: for the next one
            self._current = posting_id
            return text
        if self._current:
            if text.strip():
                self._by_posting[self._current] = text
            else:
                self._by_posting.pop(self._current, None)
        self._current = posting_id
        if mode == "clear":
            self._by_posting.clear()
            return ""
        return self._by_posting.get(posting_id, "")


def bare_words(filter_text: str) -> list[str]:
    """The filter's words without their field prefixes, names first (日:土 名前:やまだ → やまだ, 土)."""
    words = filter_text.split()
    names = [w.split(":", 1)[1] for w in words if w.startswith(("名前:", "氏名:", "name:"))]
    rest = _PREFIX.sub(" ", " " + " ".join(w for w in words if not w.startswith(("名前:", "氏名:", "name:"))))
    return [w for w in names + rest.split() if w]


def closest_registrant(search: Callable[[str, int], Any], filter_text: str) -> str:
    """In a worker: the first registrant the global search finds for one of the filter's words."""
    for w in bare_words(filter_text):
        hits = dict(search(w, 1).groups).get("registrant", ())
        if hits:
            return f"{hits[0].entry.label} ({hits[0].entry.source_id})"
    return ""
