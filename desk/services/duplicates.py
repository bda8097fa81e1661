"""Candidate duplicate registrants from the database: records loaded in one pass, pairs found by
``desk.core.duplicates``, pairs a coordinator dismissed left out, ids shown as ``SOURCE:登録ID``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desk.core.duplicates import DEFAULT_MIN_SCORE, PersonRecord, find_pairs
from desk.services.persons import dismissed_pairs, full_id
from desk.store.db import Database
from desk.store.models import Registrant

#: Fields shown side by side in the review list, in order.
REVIEW_FIELDS: tuple[str, ...] = (
    "name", "name_kana", "birth_year", "gender", "occupation", "licence_no", "phone", "email",
    "home_prefecture", "home_city", "specialty", "registered_on", "state", "notes",
)


@dataclass(frozen=True)
class DuplicatePair:
    a: str  # SOURCE:登録ID
    b: str
    score: float
    reasons: tuple[str, ...]  # in words: 電話番号が一致, 氏名の異体字（髙/高）…
    reason_codes: tuple[str, ...]
    a_row: int
    b_row: int

    def to_json(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class RecordView:
    """One record of a pair, every review field as text."""

    label: str
    source: str
    values: dict[str, str]


def load_records(db: Database) -> tuple[list[PersonRecord], dict[int, str]]:
    r = Registrant
    q = select(r.id, r.person_id, r.name, r.name_kana, r.birth_year, r.phone, r.email, r.licence_no,
               r.home_pref_code, r.home_muni_code, r.source, r.source_id)
    with db.engine.connect() as conn:
        rows = conn.execute(q).all()
    records = [PersonRecord(x[0], x[1] if x[1] is not None else x[0], x[2] or "", x[3] or "", x[4], x[5] or "",
                            x[6] or "", x[7] or "", x[8], x[9]) for x in rows]
    labels = {x[0]: full_id(x[10], x[11]) for x in rows}  # SOURCE:登録ID always (JSON, merge buttons)
    return records, labels


def find_duplicates(db: Database, *, min_score: float = DEFAULT_MIN_SCORE) -> list[DuplicatePair]:
    """Pairs of records that look like one person, best first (dismissed pairs and merged persons left out)."""
    records, labels = load_records(db)
    with db.session() as s:
        dismissed = dismissed_pairs(s)
    pairs = find_pairs(records, min_score=min_score, dismissed=dismissed)
    return [DuplicatePair(labels[p.a], labels[p.b], p.score, tuple(x.words for x in p.reasons),
                          tuple(x.code for x in p.reasons), p.a, p.b) for p in pairs]


def record_views(db: Database, row_ids: list[int]) -> dict[int, RecordView]:
    """The review fields of some records, as text, for showing pairs side by side."""
    with db.session() as s:
        regs = s.scalars(select(Registrant).where(Registrant.id.in_(row_ids))).all()
        return {reg.id: RecordView(full_id(reg.source, reg.source_id), reg.source,
                                   {f: _text(getattr(reg, f)) for f in REVIEW_FIELDS}) for reg in regs}


def _text(value: object) -> str:
    return "" if value is None else str(value)
