"""Find anyone from anywhere: one query over registrants, postings and placements.

A query is read once (:func:`read_query`) as what a coordinator typed: a phone number in any format
(``090-1234-5678``, ``09012345678``, ``+81 90 1234 5678``, full width), an e-mail address, an ID
(登録ID ``R100012``, 募集ID ``K1003``) or a name, reading or romaji (``山田花子``, ``やまだ``,
``yamada hanako``); a place (``よこはま``) also finds the postings there. Each record carries its
keys already folded (:func:`make_entry`), so a search over 100,000 registrants is one pass of string
comparisons. Hits are exact (the whole key) or close (a part of it, or within a typo or two of a
name); :func:`search` groups them by kind, exact first.

Pure Python: no Qt, no database. The folding is desk.core.text's (kana_key, loose_romaji, clean).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from desk.core.text import clean, compact, kana_key, loose_romaji

#: The kinds in the order results are shown.
KINDS = ("registrant", "posting", "placement")

_PHONE = re.compile(r"^[+0-9()\- .]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]*$|^[^@\s]*@[^@\s]+$")
_ID = re.compile(r"^[a-z]{0,4}[-_]?[0-9][0-9a-z\-_]*$")


def phone_digits(text: str) -> str:
    """The digits of a phone number as dialled in Japan (``+81 90…`` becomes ``090…``)."""
    digits = "".join(ch for ch in clean(text) if ch.isdigit())
    if clean(text).startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class Query:
    text: str  # as cleaned (NFKC, single spaces)
    kind: str  # phone | email | id | text
    key: str  # what the keys are compared with (digits, lower-case address, compact id, kana key)
    romaji: str = ""  # loose romaji of a name query ("" for others)

    def __bool__(self) -> bool:
        return bool(self.key)


def read_query(text: str) -> Query:
    """What the coordinator typed: a phone number, an e-mail address, an ID or a name / place."""
    t = clean(text)
    low = t.lower()
    if not t:
        return Query("", "text", "")
    if "@" in low and _EMAIL.match(low):
        return Query(t, "email", low)
    digits = phone_digits(t)
    if _PHONE.match(t) and len(digits) >= 4 and (len(digits) >= 9 or not t.isdigit() or t.startswith("0")):
        return Query(t, "phone", digits)
    if _ID.match(compact(low)):
        return Query(t, "id", compact(low))
    return Query(t, "text", kana_key(t), loose_romaji(t))


@dataclass(frozen=True)
class Entry:
    """One record as the search sees it: what it is, how to show it and its folded keys."""

    kind: str  # registrant | posting | placement
    id: int  # the record's own id (placement: the placement id)
    source_id: str  # 登録ID or 募集ID (placement: the 募集ID)
    label: str
    detail: str = ""
    state: str = ""  # the record's state code (posting status, placement state)
    posting_id: int = 0
    registrant_id: int = 0
    ids: tuple[str, ...] = ()  # compact lower-case IDs
    names: tuple[str, ...] = ()  # kana keys of names and readings
    parts: tuple[str, ...] = ()  # kana keys of surnames and given names (a whole part is exact too)
    romaji: tuple[str, ...] = ()  # loose romaji of the names
    phones: tuple[str, ...] = ()  # digits
    emails: tuple[str, ...] = ()  # lower case
    places: tuple[str, ...] = ()  # kana keys of venue and place (postings)
    pref_code: str = ""
    muni_code: str = ""


def make_entry(kind: str, id: int, source_id: str, label: str, detail: str = "", *, state: str = "",
               posting_id: int = 0,
               registrant_id: int = 0, ids: Iterable[str] = (), names: Iterable[str] = (),
               phones: Iterable[str] = (), emails: Iterable[str] = (), places: Iterable[str] = (),
               pref_code: str = "", muni_code: str = "") -> Entry:
    """An entry with its keys folded once (kana, romaji, digits, lower case)."""
    name_list = [n for n in names if n]
    return Entry(
        kind=kind, id=id, source_id=source_id, label=label, detail=detail, state=state, posting_id=posting_id,
        registrant_id=registrant_id,
        ids=tuple(dict.fromkeys(compact(x).lower() for x in (source_id, *ids) if x)),
        names=tuple(dict.fromkeys(k for k in (kana_key(n) for n in name_list) if k)),
        parts=tuple(dict.fromkeys(k for n in name_list for k in (kana_key(p) for p in clean(n).split(" "))
                                  if k and " " in clean(n))),
        romaji=tuple(dict.fromkeys(r for r in (loose_romaji(n) for n in name_list) if r)),
        phones=tuple(d for d in (phone_digits(p) for p in phones if p) if len(d) >= 4),
        emails=tuple(e.strip().lower() for e in emails if e and e.strip()),
        places=tuple(dict.fromkeys(k for k in (kana_key(p) for p in places if p) if k)),
        pref_code=pref_code or "", muni_code=(muni_code or "")[:5],
    )


@dataclass(frozen=True)
class Hit:
    entry: Entry
    exact: bool
    field: str  # id | name | phone | email | place
    rank: int  # lower is better within exact / close


@dataclass(frozen=True)
class Results:
    query: Query
    groups: tuple[tuple[str, tuple[Hit, ...]], ...] = ()  # (kind, hits), in KINDS order, non-empty only
    counts: dict[str, int] = field(default_factory=dict)  # kind -> every hit found (before the limit)
    changing: bool = False  # the registry kept changing while the registrants were read: a moment old

    def __len__(self) -> int:
        return sum(len(h) for _k, h in self.groups)

    def first(self) -> Hit | None:
        return self.groups[0][1][0] if self.groups else None


def _text_match(e: Entry, q: Query, regions: tuple[frozenset[str], frozenset[str]] | None) -> Hit | None:
    key = q.key
    for k in e.names:
        if k == key:
            return Hit(e, True, "name", 0)
    for k in e.ids:
        if k == key:
            return Hit(e, True, "id", 0)
    if key in e.parts:
        return Hit(e, True, "name", 1)
    for k in e.names:
        if k.startswith(key):
            return Hit(e, False, "name", 1)
    for k in e.names:
        if key in k:
            return Hit(e, False, "name", 2)
    if q.romaji and len(q.romaji) >= 3:
        for r in e.romaji:
            if r == q.romaji:
                return Hit(e, True, "name", 0)
            if r.startswith(q.romaji):
                return Hit(e, False, "name", 3)
    if e.places:
        if regions is not None and ((e.pref_code and e.pref_code in regions[0])
                                    or (e.muni_code and e.muni_code in regions[1])):
            return Hit(e, False, "place", 4)
        for k in e.places:
            if key in k:
                return Hit(e, False, "place", 5)
    if len(key) >= 3:
        for m in e.emails:
            if key in m:
                return Hit(e, False, "email", 6)
    return None


def match(e: Entry, q: Query, regions: tuple[frozenset[str], frozenset[str]] | None = None) -> Hit | None:
    """How ``e`` answers ``q`` (None: it does not)."""
    if not q:
        return None
    if q.kind == "phone":
        for p in e.phones:
            if p == q.key:
                return Hit(e, True, "phone", 0)
        for p in e.phones:
            if q.key in p:
                return Hit(e, False, "phone", 1)
        # a short run of digits may be the number part of an ID
        for k in e.ids:
            if q.key in k:
                return Hit(e, k.endswith(q.key) and len(k) - len(q.key) <= 1, "id", 2)
        return None
    if q.kind == "email":
        for m in e.emails:
            if m == q.key:
                return Hit(e, True, "email", 0)
        for m in e.emails:
            if q.key in m:
                return Hit(e, False, "email", 1)
        return None
    if q.kind == "id":
        for k in e.ids:
            if k == q.key:
                return Hit(e, True, "id", 0)
        for k in e.ids:
            if k.startswith(q.key):
                return Hit(e, False, "id", 1)
        for k in e.ids:
            if q.key in k:
                return Hit(e, False, "id", 2)
        if q.key.isdigit():
            for p in e.phones:
                if q.key in p:
                    return Hit(e, False, "phone", 3)
        for m in e.emails:
            if q.key in m:
                return Hit(e, False, "email", 4)
        return None
    return _text_match(e, q, regions)


def typos_allowed(length: int) -> int:
    """A name query may be off by one edit from four characters, two from seven."""
    return 0 if length <= 3 else 1 if length <= 6 else 2


def _typo_hits(entries: Sequence[Entry], q: Query, seen: set[int], limit: int) -> list[Hit]:
    """Names within a typo or two of the query, in kana and in romaji (asked when a kind has few hits)."""
    out: list[Hit] = []
    for query, attr in ((q.key, "names"), (q.romaji if q.romaji.isascii() else "", "romaji")):
        edits = typos_allowed(len(query))
        if not edits or len(out) >= limit:
            continue
        keys: list[str] = []
        owner: list[int] = []
        for i, e in enumerate(entries):
            if i in seen:
                continue
            for k in getattr(e, attr):
                keys.append(k[: len(query) + edits])
                owner.append(i)
        if not keys:
            continue
        found = process.extract(query, keys, scorer=Levenshtein.distance, score_cutoff=edits, limit=limit * 3)
        for _key, dist, pos in sorted(found, key=lambda f: (f[1], f[2])):
            i = owner[pos]
            if i not in seen and len(out) < limit:
                seen.add(i)
                out.append(Hit(entries[i], False, "name", 10 + int(dist)))
    return out


def search_kind(items: Sequence[Entry], q: Query, kind: str, limit: int = 20,
                regions: tuple[frozenset[str], frozenset[str]] | None = None) -> tuple[tuple[Hit, ...], int]:
    """The hits among ``items`` (entries of one ``kind``) shown for ``q`` (at most ``limit``, exact
    first, then by rank, label and id) and how many there are in all."""
    hits: list[Hit] = []
    seen: set[int] = set()
    for i, e in enumerate(items):
        h = match(e, q, regions)
        if h is not None:
            hits.append(h)
            seen.add(i)
    if q.kind == "text" and len(hits) < limit and kind != "placement":
        hits += _typo_hits(items, q, seen, limit - len(hits))
    hits.sort(key=lambda h: (not h.exact, h.rank, h.entry.label, h.entry.id))
    return tuple(hits[:limit]), len(hits)


def grouped(q: Query, found: dict[str, tuple[tuple[Hit, ...], int]]) -> Results:
    """Results from each kind's ``(hits shown, count)``: kinds in KINDS order, empty ones left out."""
    kinds = [*KINDS, *(k for k in found if k not in KINDS)]
    groups = tuple((k, found[k][0]) for k in kinds if k in found and found[k][1])
    return Results(q, groups, {k: found[k][1] for k, _h in groups})


def search(entries: Iterable[Entry], text: str, limit: int = 20,
           regions: tuple[frozenset[str], frozenset[str]] | None = None) -> Results:
    """Every entry answering ``text``, grouped by kind (KINDS order), exact hits first, then the close
    ones (a part of the key, then a place, then a typo away); at most ``limit`` per kind.

    ``regions`` is the (prefecture codes, municipality codes) a place query names (desk.core.regions);
    postings there are close hits. This scan is also the reference the registrant index
    (desk.core.search_registry) is tested against.
    """
    q = read_query(text)
    if not q:
        return Results(q)
    by_kind: dict[str, list[Entry]] = {k: [] for k in KINDS}
    for e in entries:
        by_kind.setdefault(e.kind, []).append(e)
    return grouped(q, {kind: search_kind(items, q, kind, limit, regions) for kind, items in by_kind.items()})
