"""The records the global search looks through, read from the store as desk.core.search entries.

Read in one pass per kind (100,000 registrants in well under a second); :func:`signature` is a cheap
question that changes whenever a record the search shows changes, so the facade can keep the
entries between searches and read them again only after an import or a placement change.
"""

from __future__ import annotations

from sqlalchemy import func, select

from desk.core.search import Entry, make_entry
from desk.store.db import Database
from desk.store.models import Placement, Posting, Registrant


def signature(db: Database) -> dict[str, tuple[object, ...]]:
    """Per kind (registrant, posting, placement): count, highest id and latest change. A placement
    change then re-reads only the placements, not 100,000 registrants."""
    with db.session() as s:
        reg = s.execute(select(func.count(Registrant.id), func.max(Registrant.id),
                               func.max(Registrant.changed_at))).one()
        post = s.execute(select(func.count(Posting.id), func.max(Posting.id), func.max(Posting.changed_at))).one()
        plc = s.execute(select(func.count(Placement.id), func.max(Placement.id),
                               func.max(Placement.updated_at))).one()
    # names shown in placements come from registrants and postings: their change re-reads placements too
    return {"registrant": tuple(reg), "posting": tuple(post), "placement": (*plc, *reg, *post)}


def entries(db: Database, kind: str) -> list[Entry]:
    """Every record of ``kind`` (registrant | posting | placement) as a search entry (keys folded once)."""
    out: list[Entry] = []
    with db.engine.connect() as conn:
        if kind == "registrant":
            for rid, src, name, kana, phone, email, pref, city, state in conn.execute(select(
                    Registrant.id, Registrant.source_id, Registrant.name, Registrant.name_kana, Registrant.phone,
                    Registrant.email, Registrant.home_prefecture, Registrant.home_city, Registrant.state)
                    .order_by(Registrant.id)):
                out.append(make_entry("registrant", rid, src, name or src, f"{pref or ''}{city or ''}",
                                      state=state or "", registrant_id=rid, names=(name, kana), phones=(phone,),
                                      emails=(email,)))
        elif kind == "posting":
            for pid, src, venue, muni, pref, city, phone, email, pref_code, muni_code, status in conn.execute(select(
                    Posting.id, Posting.source_id, Posting.venue_name, Posting.municipality_name, Posting.prefecture,
                    Posting.city, Posting.contact_phone, Posting.contact_email, Posting.pref_code, Posting.muni_code,
                    Posting.status).order_by(Posting.id)):
                place = muni or f"{pref or ''}{city or ''}"
                out.append(make_entry("posting", pid, src, venue or place or src, place, state=status or "",
                                      posting_id=pid, phones=(phone,), emails=(email,), places=(venue, place, city),
                                      pref_code=pref_code or "", muni_code=muni_code or ""))
        else:
            for plid, state, pid, rid, psrc, venue, rsrc, name, kana in conn.execute(select(
                    Placement.id, Placement.state, Placement.posting_id, Placement.registrant_id, Posting.source_id,
                    Posting.venue_name, Registrant.source_id, Registrant.name, Registrant.name_kana)
                    .join(Posting, Posting.id == Placement.posting_id)
                    .join(Registrant, Registrant.id == Placement.registrant_id).order_by(Placement.id)):
                out.append(make_entry("placement", plid, psrc, f"{name or rsrc} — {psrc}", venue or "",
                                      state=state or "", posting_id=pid, registrant_id=rid, ids=(rsrc,),
                                      names=(name, kana)))
    return out
