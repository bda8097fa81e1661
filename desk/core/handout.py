"""A hand-out to a partner organisation, as plain data: what is new, changed and ended since the
last one, the open postings, the headcount table, and the conditions of use.

A posting enters a hand-out only as its *public state* (a dict built from
``desk.print.masking.public_view``: a masked posting carries only its masked scope). The states
of every posting a hand-out showed are recorded, and :func:`compare` computes the next hand-out's
changes against that recorded state, so "since last time" is exact. No database, no Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desk.core.occupations import LABELS_JA, label, parse_occupation
from desk.core.prefectures import (
    BLOCKS_8,
    MHLW_AREAS,
    PREFECTURES,
    find_prefecture,
    prefs_in_block8,
    prefs_in_mhlw,
)

State = Mapping[str, Any]


class Section(StrEnum):
    NEW = "new"  # published since the last hand-out (or: first shown to this recipient)
    CHANGED = "changed"  # shown before, something the recipient can see changed
    ENDED = "ended"  # shown before, now ended (or no longer in the recipient's scope)
    SAME = "same"  # shown before, unchanged


class Since(StrEnum):
    LAST = "last"  # since the last hand-out to this recipient
    DATE = "date"  # since a day (from the recorded posting changes)
    ALL = "all"  # no comparison: everything open in scope


SECTION_LABELS = {Section.NEW: "新規", Section.CHANGED: "変更", Section.ENDED: "終了"}
STATUS_LABELS = {"open": "公開", "paused": "停止", "ended": "終了"}

#: The public fields whose change a recipient is told about, in the order they are listed.
CHANGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "状態"),
    ("headcount", "募集人数"),
    ("slots", "勤務日"),
    ("dates_raw", "日程"),
    ("hours_raw", "時間"),
    ("occupation", "職種"),
    ("area", "地域"),
    ("venue_name", "会場"),
    ("venue_address", "所在地"),
    ("pay", "給与"),
    ("masked", "公開区分"),
)
#: Fields whose old value may hold what masking now hides: never shown once a posting is masked.
_MAY_HOLD_HIDDEN = frozenset({"dates_raw", "hours_raw", "venue_name", "venue_address", "pay"})

#: The conditions of use (the notice's 利用条件), printed in every hand-out's footer.
CONDITIONS = (
    "この募集情報は、新型コロナウイルス感染症対応の人材確保の目的に限って利用してください。",
    "求職者以外の第三者に提供しないでください。",
    "提供・紹介にあたり手数料等を徴収しないでください。",
)
NOTHING_NEW = "変更なし"
FIRST_HANDOUT = "初回のお渡しです（前回分がないため、対象範囲の公開中の募集をすべて掲載しています）。"
ALL_LISTED = "全件版です（前回との比較はしていません）。"


@dataclass(frozen=True)
class Change:
    field: str  # a key of CHANGE_FIELDS
    label: str  # 募集人数
    old: str
    new: str

    def text(self) -> str:
        return f"{self.label} {self.old or '—'} → {self.new or '—'}"


@dataclass(frozen=True)
class Entry:
    """One posting in a hand-out: its public state and, when changed, what changed."""

    source_id: str
    section: Section
    state: dict[str, Any]
    changes: tuple[Change, ...] = ()
    posting_id: int | None = None

    @property
    def open(self) -> bool:
        return self.state.get("status") == "open"


@dataclass(frozen=True)
class HandoutDoc:
    """Everything one hand-out says; rendered to PDF or .xlsx, and recorded as it is."""

    recipient: str
    at: dt.datetime  # local time it was made
    scope_text: str  # 大阪府 ・ 医師, or 全国 ・ 全職種
    since: Since
    since_text: str  # "前回 2021-06-01 のお渡し以降", "初回", "2021-06-01 以降", "全件"
    first: bool  # no earlier hand-out to compare with
    entries: tuple[Entry, ...]
    headcount: tuple[tuple[Any, ...], ...]  # header row, block rows, 計 row
    contact: str = ""
    conditions: tuple[str, ...] = CONDITIONS
    handout_id: int | None = None

    def section(self, section: Section) -> list[Entry]:
        return [e for e in self.entries if e.section is section]

    @property
    def news(self) -> list[Entry]:
        """New, changed and ended postings, in that order."""
        return [*self.section(Section.NEW), *self.section(Section.CHANGED), *self.section(Section.ENDED)]

    @property
    def open_list(self) -> list[Entry]:
        return sorted((e for e in self.entries if e.open), key=lambda e: (e.state.get("pref_code") or "99",
                                                                         e.state.get("area", ""), e.source_id))

    @property
    def nothing_new(self) -> bool:
        return self.since is not Since.ALL and not self.first and not self.news

    def intro(self) -> str:
        if self.since is Since.ALL:
            return ALL_LISTED
        if self.first:
            return FIRST_HANDOUT
        return NOTHING_NEW if self.nothing_new else ""


def slots_text(slots: Iterable[str]) -> str:
    """A short, comparable summary of the work slots ("2021-06-12 09:00-12:00" each)."""
    days = sorted({s[:10] for s in slots})
    if not days:
        return ""
    first, last = days[0], days[-1]
    span = first if first == last else f"{first}～{last}"
    return f"{span}（{len(days)}日）"


def _shown(fieldname: str, value: Any) -> str:
    if fieldname == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if fieldname == "headcount":
        return f"{value}人" if value is not None else ""
    if fieldname == "slots":
        return slots_text(value or ())
    if fieldname == "masked":
        return "マスキング" if value else "全情報"
    return "" if value is None else str(value)


def changes_between(old: State, new: State) -> tuple[Change, ...]:
    """What a recipient can see changed between two public states of one posting."""
    out: list[Change] = []
    newly_masked = bool(new.get("masked")) and not old.get("masked")
    for name, title in CHANGE_FIELDS:
        a, b = old.get(name), new.get(name)
        if name == "slots":
            a, b = sorted(a or ()), sorted(b or ())
        if a == b or (not a and not b):
            continue
        if newly_masked and name in _MAY_HOLD_HIDDEN:
            out.append(Change(name, title, "", _shown(name, b)))  # the old text may name the facility
            continue
        out.append(Change(name, title, _shown(name, a), _shown(name, b)))
    return tuple(out)


def compare(previous: Mapping[str, State] | None, current: Mapping[str, State], in_scope: Iterable[str],
            ids: Mapping[str, int] | None = None) -> list[Entry]:
    """The entries of a hand-out.

    ``previous``: the public states the last hand-out showed (None: no comparison; the open
    postings in scope are listed, none as new). ``current``: the public states now of every posting in scope that is open or paused,
    and of every posting ``previous`` showed (wherever it is now). ``in_scope``: the ids of
    ``current`` inside the recipient's scope now.

    A posting not shown before enters when it is open (新規). One shown before and not ended is
    compared: ended (or gone out of scope) → 終了, a visible change → 変更, else unchanged. Ended
    postings shown as ended are not carried further.
    """
    ids = ids or {}
    scope = set(in_scope)
    if previous is None:  # the first hand-out, or everything: the open list only
        return [Entry(sid, Section.SAME, dict(st), (), ids.get(sid)) for sid, st in sorted(current.items())
                if sid in scope and st.get("status") == "open"]
    seen = {sid: st for sid, st in (previous or {}).items() if st.get("status") != "ended"}
    entries: list[Entry] = []
    for sid in sorted(set(current) | set(seen)):
        now = current.get(sid)
        before = seen.get(sid)
        if before is None:
            if now is not None and sid in scope and now.get("status") == "open":
                entries.append(Entry(sid, Section.NEW, dict(now), (), ids.get(sid)))
            continue
        if now is None:
            continue  # a posting is never deleted; nothing to say
        changes = changes_between(before, now)
        if now.get("status") == "ended" or sid not in scope:
            section = Section.ENDED
        else:
            section = Section.CHANGED if changes else Section.SAME
        entries.append(Entry(sid, section, dict(now), changes, ids.get(sid)))
    return entries


# --- scope ----------------------------------------------------------------------------------------

class ScopeError(ValueError):
    """A prefecture, block or occupation the scope cannot use; the message lists the valid names."""


@dataclass(frozen=True)
class Scope:
    """Which postings a recipient gets: prefectures (codes; empty: all) and occupations (codes; empty: all)."""

    prefs: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    block: str = ""  # the block named, if any (for the title)

    def to_json(self) -> dict[str, Any]:
        return {"prefs": list(self.prefs), "occupations": list(self.occupations), "block": self.block}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Scope:
        data = data or {}
        return cls(tuple(data.get("prefs") or ()), tuple(data.get("occupations") or ()), str(data.get("block") or ""))

    @property
    def empty(self) -> bool:
        return not self.prefs and not self.occupations

    def text(self) -> str:
        """大阪府 ・ 医師、看護師 / 近畿 ・ 全職種 / 全国 ・ 全職種."""
        if self.block:
            where = self.block
        elif self.prefs:
            where = "、".join(PREFECTURES[c].name for c in self.prefs if c in PREFECTURES)
        else:
            where = "全国"
        what = "、".join(label(o) for o in self.occupations) if self.occupations else "全職種"
        return f"{where} ・ {what}"


def parse_scope(prefs: Iterable[str] = (), block: str | None = None, occupations: Iterable[str] = ()) -> Scope:
    """A scope from names as typed (大阪, 大阪府, Osaka; 近畿, 関東信越; 医師, Ns …).

    Raises ScopeError naming what was not understood and the valid names."""
    codes: list[str] = []
    for name in prefs:
        found = find_prefecture(name)
        if found is None:
            valid = "、".join(p.name for p in PREFECTURES.values())
            raise ScopeError(f"unknown prefecture {name!r}; use one of: {valid}")
        if found.code not in codes:
            codes.append(found.code)
    block_name = ""
    if block:
        name = block.strip().removesuffix("厚生局").removesuffix("地方")
        in_block = set(prefs_in_block8(name)) | set(prefs_in_mhlw(name))
        if not in_block:
            valid = "、".join(dict.fromkeys((*BLOCKS_8, *MHLW_AREAS)))
            raise ScopeError(f"unknown block {block!r}; use one of: {valid}")
        block_name = name
        codes = sorted(in_block & set(codes)) if codes else sorted(in_block)
    occ: list[str] = []
    for name in occupations:
        found_occ = parse_occupation(name)
        if found_occ is None:
            valid = "、".join(LABELS_JA.values())
            raise ScopeError(f"unknown occupation {name!r}; use one of: {valid}")
        if found_occ.value not in occ:
            occ.append(found_occ.value)
    return Scope(tuple(sorted(codes)), tuple(occ), block_name)
