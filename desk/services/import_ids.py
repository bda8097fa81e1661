"""Each id's first row in a file being imported, kept compactly: an import must report a repeated
id with the row it first appeared on, and a dict of every id to its row took ~125 bytes an id
(125 MB at a million rows). Here an id costs ~40 bytes: its 64-bit hash in a sorted numpy array
with its row and where its text is, and the text itself in one string per chunk. A hash found
again is checked against the text, so two ids that share a hash are never taken for one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


class FirstRows:
    """Id -> the row it was first added with, filled a chunk at a time (``add_chunk``)."""

    def __init__(self) -> None:
        self._hashes: npt.NDArray[np.int64] = np.empty(0, np.int64)  # sorted
        self._rows: npt.NDArray[np.int64] = np.empty(0, np.int64)  # aligned with _hashes
        self._where: npt.NDArray[np.int64] = np.empty(0, np.int64)  # chunk << 32 | position in it
        self._texts: list[tuple[str, npt.NDArray[np.int32]]] = []  # per chunk: ids joined, their bounds

    def __len__(self) -> int:
        return len(self._hashes)

    def found(self, ids: Sequence[str]) -> list[int | None]:
        """Each id's first row, or None when it was never added (one C-level pass over the ids,
        the text compared only where a hash is found)."""
        if not len(self._hashes) or not ids:
            return [None] * len(ids)
        hashes = _hashes(ids)
        lo = np.searchsorted(self._hashes, hashes, side="left")
        hi = np.searchsorted(self._hashes, hashes, side="right")
        out: list[int | None] = [None] * len(ids)
        for i in np.flatnonzero(hi > lo).tolist():
            for k in range(int(lo[i]), int(hi[i])):
                if self._text(int(self._where[k])) == ids[i]:
                    out[i] = int(self._rows[k])
                    break
        return out

    def add_chunk(self, ids: Sequence[str], rows: Sequence[int]) -> None:
        """Add ``ids`` (distinct, none added before) with their rows."""
        if not ids:
            return
        chunk = len(self._texts)
        bounds = np.zeros(len(ids) + 1, np.int32)
        np.cumsum(np.fromiter(map(len, ids), np.int32, len(ids)), out=bounds[1:])
        self._texts.append(("".join(ids), bounds))
        hashes = _hashes(ids)
        order = np.argsort(hashes, kind="stable")
        hashes = hashes[order]
        at = np.searchsorted(self._hashes, hashes, side="right")
        self._hashes = np.insert(self._hashes, at, hashes)
        self._rows = np.insert(self._rows, at, np.asarray(rows, np.int64)[order])
        self._where = np.insert(self._where, at, (chunk << 32) | order.astype(np.int64))

    def _text(self, where: int) -> str:
        text, bounds = self._texts[where >> 32]
        i = where & 0xFFFFFFFF
        return text[int(bounds[i]):int(bounds[i + 1])]


def _hashes(ids: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.fromiter(map(hash, ids), np.int64, len(ids))
