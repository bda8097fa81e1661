"""The board's model split into independent parts: solved one by one, re-solved one by one.

Two variables are linked when they share a slot (its headcount) or a registrant (their clashes and
weekly limit): every constraint of :class:`desk.core.plan.Model` lies inside one registrant or one
slot. A connected part of that graph shares no constraint with any other, so the best plan of the
board is the union of the best plans of its parts, and so is the per-posting greedy plan (a part's
choices never depend on another's). On a national board the parts are roughly the regions: solving
eight LPs of 10,000–60,000 columns is several times faster than one of 160,000 (simplex work grows
faster than the size), and after one outcome only the part holding that registrant and posting
needs solving again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from desk.core.plan import Model


@dataclass(frozen=True)
class Part:
    """One independent part: its variables (global numbers, ascending) and its model, whose
    variable ``i`` is ``vars[i]`` of the whole."""

    vars: tuple[int, ...]
    model: Model

    def to_global(self, chosen: Iterable[int]) -> list[int]:
        return [self.vars[v] for v in chosen]


def components(model: Model) -> list[tuple[int, ...]]:
    """The connected parts of the model's variables (each ascending; parts by their first variable)."""
    n = len(model.vars)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(group: Sequence[int]) -> None:
        root = find(group[0])
        for v in group[1:]:
            r = find(v)
            if r != root:
                parent[r] = root

    for vs, _places in model.capacity:
        if vs:
            join(vs)
    by_row: dict[int, list[int]] = defaultdict(list)
    for v, var in enumerate(model.vars):
        by_row[var.row].append(v)
    for mine in by_row.values():
        join(mine)
    parts: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        parts[find(v)].append(v)
    return sorted((tuple(p) for p in parts.values()), key=lambda p: p[0])


def part_of(model: Model, members: Sequence[int]) -> Part:
    """The model restricted to one part's variables (renumbered from 0); capacity rows without any
    of them are left out."""
    return parts_of(model, [members])[0]


def parts_of(model: Model, parts: Sequence[Sequence[int]]) -> list[Part]:
    """:func:`part_of` for several parts at once (one pass over the model's rows)."""
    n = len(model.vars)
    owner, local = [-1] * n, [0] * n
    for k, members in enumerate(parts):
        for i, v in enumerate(members):
            owner[v], local[v] = k, i
    capacity: list[list[tuple[tuple[int, ...], int]]] = [[] for _ in parts]
    slot_of: list[list[tuple[int, int]]] = [[] for _ in parts]
    conflicts: list[list[tuple[int, ...]]] = [[] for _ in parts]
    caps: list[list[tuple[tuple[int, ...], int]]] = [[] for _ in parts]
    off: list[set[int]] = [set() for _ in parts]
    for (vs, places), at in zip(model.capacity, model.slot_of, strict=True):
        if vs and owner[vs[0]] >= 0:
            capacity[owner[vs[0]]].append((tuple([local[v] for v in vs]), places))
            slot_of[owner[vs[0]]].append(at)
    for group in model.conflicts:
        if owner[group[0]] >= 0:
            conflicts[owner[group[0]]].append(tuple([local[v] for v in group]))
    for vs, limit in model.caps:
        if vs and owner[vs[0]] >= 0:
            caps[owner[vs[0]]].append((tuple([local[v] for v in vs]), limit))
    for v in model.off:
        if owner[v] >= 0:
            off[owner[v]].add(local[v])
    return [Part(tuple(members), Model(board=model.board, vars=tuple(model.vars[v] for v in members),
                                       capacity=tuple(capacity[k]), slot_of=tuple(slot_of[k]),
                                       conflicts=tuple(conflicts[k]), caps=tuple(caps[k]),
                                       fill_weight=model.fill_weight, off=frozenset(off[k])))
            for k, members in enumerate(parts)]


def split(model: Model) -> list[Part]:
    """Every part of the model, each with its own model."""
    return parts_of(model, components(model))


def touched(model: Model, before: Model, parts: Sequence[tuple[int, ...]]) -> list[int]:
    """Indexes of ``parts`` (of ``before``) whose constraints differ in ``model``, the same model
    after :func:`desk.core.plan.absorb`: variables newly ruled out, a slot's places changed, a
    weekly limit added or changed."""
    owner = np.full(len(model.vars), -1, dtype=np.int64)
    for k, members in enumerate(parts):
        owner[np.asarray(members, dtype=np.int64)] = k
    hit: set[int] = set()
    hit.update(int(owner[v]) for v in model.off - before.off)
    for (vs, places), (_vs0, was) in zip(model.capacity, before.capacity, strict=True):
        if vs and places != was:
            hit.add(int(owner[vs[0]]))
    hit.update(int(owner[vs[0]]) for vs_limit in set(model.caps) ^ set(before.caps) for vs in [vs_limit[0]] if vs)
    return sorted(k for k in hit if k >= 0)
