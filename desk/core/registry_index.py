"""The registry as columns: one numpy array per attribute, flattened arrays for the variable parts.

Built once from plain :class:`RegistrantRecord` rows (the service reads them from the store) and
reused for every posting ranked and every filter typed. Row ``i`` of every array is ``records[i]``.
Variable-length data is flattened with the registrant's row next to it: work areas
(``area_reg, area_kind, area_code, area_city``), availability rules (``rule_reg`` sorted, ``rule_from,
rule_to`` ordinals, ``rule_days`` mask, ``rule_start, rule_end`` minutes), specialty/notes terms
(``term_reg, term_id`` into ``term_vocab``) and bookings from the placement log (``book_*``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from desk.core.occupations import Occupation
from desk.core.text import clean

OCCS = tuple(Occupation)
STATES = {"active": 0, "paused": 1, "withdrawn": 2}
AREA_KINDS = {"national": 0, "block8": 1, "block": 1, "mhlw": 2, "pref": 3, "muni": 4}
NEVER, FOREVER = 0, 10**7
_TERM_SPLIT = re.compile(r"[\s、。,.，．/・;；|()（）「」\[\]【】:：!！?？~]+")

# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class RegistrantRecord:
    """One registrant as the ranking needs it (normalised fields; see docs/CONTRACTS.md)."""

    row_id: int
    source_id: str
    name: str = ""
    name_kana: str = ""
    occupation: str = ""
    licences: tuple[str, ...] = ()
    specialty: str = ""
    notes: str = ""
    home_pref: str | None = None
    home_muni: str | None = None
    work_areas: tuple[Mapping[str, Any], ...] = ()
    availability: tuple[Mapping[str, Any], ...] = ()
    vaccination_experience: bool | None = None
    state: str = "active"
    phone: str = ""
    email: str = ""
    no_shows: int = 0
    late_cancellations: int = 0
    frequency: str = ""  # a stated frequency (週3日, date_words.stated_frequency's label), "" when none


@dataclass(frozen=True, slots=True)
class Booking:
    """A confirmed/worked slot of a registrant (from the placement log)."""

    row_id: int
    date: dt.date
    start: int
    end: int
    posting_id: int | None = None


@dataclass(frozen=True)
class Geography:
    """Prefecture facts as arrays (index = int(code) - 1) and the ward → designated city lookup."""

    names: tuple[str, ...]
    neighbors: np.ndarray  # bool (47, 47)
    block8: np.ndarray  # int (47,) into block_names
    block_names: tuple[str, ...]
    mhlw: np.ndarray
    mhlw_names: tuple[str, ...]
    distance: np.ndarray  # km (47, 47)
    parent: Callable[[int], int] = field(default=lambda code: code)  # muni int → city int (or itself)

    def pref_name(self, index: int) -> str:
        return self.names[index] if 0 <= index < len(self.names) else ""


@lru_cache(maxsize=1)
def default_geography() -> Geography:
    from desk.core import prefectures as P
    from desk.core import regions

    codes = sorted(P.PREFECTURES)
    prefs = [P.PREFECTURES[c] for c in codes]
    blocks = tuple(dict.fromkeys(P.block8(c) for c in codes))
    areas = tuple(dict.fromkeys(P.mhlw_area(c) for c in codes))
    neighbors = np.zeros((len(codes), len(codes)), dtype=bool)
    for i, p in enumerate(prefs):
        for other in p.neighbors:
            neighbors[i, int(other) - 1] = True

    @lru_cache(maxsize=8192)
    def parent(code: int) -> int:
        muni = regions.municipality(f"{code:05d}")
        up = getattr(muni, "parent_code", None) if muni else None
        return int(up) if up else code

    return Geography(
        names=tuple(p.name for p in prefs), neighbors=neighbors,
        block8=np.array([blocks.index(P.block8(c)) for c in codes]), block_names=blocks,
        mhlw=np.array([areas.index(P.mhlw_area(c)) for c in codes]), mhlw_names=areas,
        distance=np.asarray(P.distance_matrix(), dtype=np.float64), parent=parent,
    )


def pref_index(code: str | None) -> int:
    digits = (code or "")[:2]
    return int(digits) - 1 if digits.isdigit() and 1 <= int(digits) <= 47 else -1


def muni_int(code: str | None) -> int:
    digits = (code or "")[:5]
    return int(digits) if len(digits) == 5 and digits.isdigit() else 0


def date_ord(value: str | dt.date | None, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return default
    return value.toordinal()


def split_terms(*texts: str) -> list[str]:
    """Specialty/notes/requirements text split into comparable terms of two characters or more."""
    terms: list[str] = []
    for text in texts:
        for term in _TERM_SPLIT.split(clean(text).lower()):
            if len(term) >= 2 and term not in terms:
                terms.append(term)
    return terms


def occupation_mask(occupation: str, licences: Iterable[str]) -> int:
    mask = 0
    for value in (occupation, *licences):
        if value in Occupation._value2member_map_:
            mask |= 1 << OCCS.index(Occupation(value))
    return mask


# ----------------------------------------------------------------------------- the index
@dataclass
class RegistryIndex:
    """Every registrant as columns; row ``i`` is ``records[i]``. Built once, reused per posting."""

    records: Sequence[RegistrantRecord]  # a list, or PackedRecords read from the local cache
    geo: Geography
    row_ids: np.ndarray
    source_rank: np.ndarray  # position of each source_id in sorted order (tie-break)
    state: np.ndarray
    occ_mask: np.ndarray
    home_pref: np.ndarray  # 0-based prefecture index, -1 unknown
    home_muni: np.ndarray
    home_city: np.ndarray  # designated city of a ward, else the municipality itself
    vax: np.ndarray  # 1 yes, 0 no, -1 unknown
    no_shows: np.ndarray
    late: np.ndarray
    area_reg: np.ndarray
    area_kind: np.ndarray
    area_code: np.ndarray
    area_city: np.ndarray
    rule_reg: np.ndarray  # sorted by registrant
    rule_from: np.ndarray
    rule_to: np.ndarray
    rule_days: np.ndarray
    rule_weekdays: np.ndarray  # weekday bits actually reachable inside the rule's date range
    rule_start: np.ndarray
    rule_end: np.ndarray
    has_rules: np.ndarray
    term_vocab: list[str]
    term_reg: np.ndarray
    term_id: np.ndarray
    book_reg: np.ndarray
    book_date: np.ndarray
    book_start: np.ndarray
    book_end: np.ndarray
    book_posting: np.ndarray
    cache: dict[str, Any] = field(default_factory=dict)  # derived data (filters' keys and char index)
    #: Whether each registrant states a frequency (週3日): a column, so ranking never decodes every
    #: record for it; None (an index built by hand) means read from ``records`` once.
    has_frequency: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.records)

    def frequency_stated(self) -> np.ndarray:
        if self.has_frequency is None or len(self.has_frequency) != self.n:
            self.has_frequency = np.array([bool(r.frequency) for r in self.records], dtype=bool)
        return self.has_frequency

    @classmethod
    def build(cls, records: Sequence[RegistrantRecord], bookings: Iterable[Booking] = (),
              geo: Geography | None = None) -> RegistryIndex:
        geo = geo or default_geography()
        records = list(records)
        n = len(records)
        order = sorted(range(n), key=lambda i: records[i].source_id)
        source_rank = np.empty(n, dtype=np.int64)
        source_rank[order] = np.arange(n)
        home_pref = np.array([pref_index(r.home_pref or r.home_muni) for r in records], dtype=np.int16)
        home_muni = np.array([muni_int(r.home_muni) for r in records], dtype=np.int64)
        areas: list[tuple[int, int, int, int]] = []
        rules: list[tuple[int, int, int, int, int, int, int]] = []
        vocab: dict[str, int] = {}
        terms: list[tuple[int, int]] = []
        for i, r in enumerate(records):
            for area in r.work_areas:
                kind = AREA_KINDS.get(str(area.get("kind", "")), -1)
                code = area_code(kind, str(area.get("code") or ""), geo)
                if kind >= 0 and code is not None:
                    areas.append((i, kind, code, geo.parent(code) if kind == 4 else code))
            for rule in r.availability:
                lo, hi = date_ord(rule.get("from"), NEVER), date_ord(rule.get("to"), FOREVER)
                days = int(rule.get("days", 127))
                rules.append((i, lo, hi, days, _reachable_weekdays(lo, hi, days),
                              int(rule.get("start", 0)), int(rule.get("end", 1440))))
            for term in split_terms(r.specialty, r.notes):
                terms.append((i, vocab.setdefault(term, len(vocab))))
        a = np.array(areas, dtype=np.int64).reshape(-1, 4)
        ru = np.array(rules, dtype=np.int64).reshape(-1, 7)
        te = np.array(terms, dtype=np.int64).reshape(-1, 2)
        b = sorted(bookings, key=lambda x: x.row_id)
        row_of = {r.row_id: i for i, r in enumerate(records)}
        b = [x for x in b if x.row_id in row_of]
        return cls(
            records=records, geo=geo,
            row_ids=np.array([r.row_id for r in records], dtype=np.int64), source_rank=source_rank,
            state=np.array([STATES.get(r.state, 0) for r in records], dtype=np.int8),
            occ_mask=np.array([occupation_mask(r.occupation, r.licences) for r in records], dtype=np.int16),
            home_pref=home_pref, home_muni=home_muni,
            home_city=np.array([geo.parent(int(m)) if m else 0 for m in home_muni], dtype=np.int64),
            vax=np.array([-1 if r.vaccination_experience is None else int(r.vaccination_experience)
                          for r in records], dtype=np.int8),
            no_shows=np.array([r.no_shows for r in records], dtype=np.int64),
            late=np.array([r.late_cancellations for r in records], dtype=np.int64),
            area_reg=a[:, 0], area_kind=a[:, 1], area_code=a[:, 2], area_city=a[:, 3],
            rule_reg=ru[:, 0], rule_from=ru[:, 1], rule_to=ru[:, 2], rule_days=ru[:, 3],
            rule_weekdays=ru[:, 4], rule_start=ru[:, 5], rule_end=ru[:, 6],
            has_rules=np.bincount(ru[:, 0], minlength=n)[:n] > 0 if n else np.zeros(0, bool),
            term_vocab=list(vocab), term_reg=te[:, 0], term_id=te[:, 1],
            book_reg=np.array([row_of[x.row_id] for x in b], dtype=np.int64),
            book_date=np.array([x.date.toordinal() for x in b], dtype=np.int64),
            book_start=np.array([x.start for x in b], dtype=np.int64),
            book_end=np.array([x.end for x in b], dtype=np.int64),
            book_posting=np.array([-1 if x.posting_id is None else x.posting_id for x in b], dtype=np.int64),
            has_frequency=np.array([bool(r.frequency) for r in records], dtype=bool),
        )


def area_code(kind: int, code: str, geo: Geography) -> int | None:
    if kind == 0:
        return 0
    if kind == 1:
        return geo.block_names.index(code) if code in geo.block_names else None
    if kind == 2:
        return geo.mhlw_names.index(code) if code in geo.mhlw_names else None
    if kind == 3:
        return pref_index(code) if pref_index(code) >= 0 else None
    return muni_int(code) or None


def _reachable_weekdays(lo: int, hi: int, days: int) -> int:
    """The weekday bits a rule can really hit: a rule for 6/12 only does not make one free every 土."""
    if lo != NEVER and hi != FOREVER and 0 <= hi - lo < 7:
        reach = 0
        for o in range(lo, hi + 1):
            reach |= 1 << dt.date.fromordinal(o).weekday()
        return days & 127 & reach if days & 127 else 0
    return days & 127
