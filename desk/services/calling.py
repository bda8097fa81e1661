""""Calling now": a coordinator tells every other desk that they are phoning a registrant.

A call shows (who, since when, about which posting) until an outcome is logged for that registrant
on that posting after the call started, or ``CALL_MINUTES`` pass. Starting a call again restarts it.
In team mode the database stamps the caller's login and display name (trigger of migration 0005).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk.core.calls import CALL_MINUTES as CALL_MINUTES  # re-exported: defined in core for the CLI's help
from desk.core.placement import PlacementRefused
from desk.store.db import Database
from desk.store.models import Calling, Placement, PlacementEvent, Posting, Registrant, utcnow


@dataclass(frozen=True)
class Call:
    posting_source_id: str
    registrant_source_id: str
    registrant_name: str
    coordinator: str
    login: str
    started_at: dt.datetime  # timezone-aware UTC

    def minutes(self, now: dt.datetime | None = None) -> int:
        now = now or dt.datetime.now(dt.UTC)
        return max(0, int((now - self.started_at).total_seconds() // 60))


class CallRefused(PlacementRefused):
    code = "call"


def start_call(db: Database, posting_source_id: str, registrant_source_id: str, *, coordinator: str) -> Call:
    """Record that ``coordinator`` is calling the registrant about the posting (replaces their
    earlier call to the same person)."""
    with db.session() as s:
        posting = s.scalars(select(Posting).where(Posting.source_id == posting_source_id)).one_or_none()
        if posting is None:
            raise CallRefused(f"no posting with 募集ID {posting_source_id}")
        registrant = s.scalars(select(Registrant).where(Registrant.source_id == registrant_source_id)).one_or_none()
        if registrant is None:
            raise CallRefused(f"no registrant with 登録ID {registrant_source_id}")
        now = utcnow()
        s.execute(delete(Calling).where(Calling.registrant_id == registrant.id,
                                        Calling.started_at < now - dt.timedelta(minutes=CALL_MINUTES)))
        row = Calling(posting_id=posting.id, registrant_id=registrant.id, coordinator=coordinator, started_at=now)
        s.add(row)
        s.flush()
        s.refresh(row)  # team mode: the database wrote the caller's login and name
        return Call(posting.source_id, registrant.source_id, registrant.name, row.coordinator, row.login,
                    now.replace(tzinfo=dt.UTC))


def active_calls(db: Database, *, registrant_source_ids: Iterable[str] | None = None,
                 now: dt.datetime | None = None) -> list[Call]:
    """Calls still going on (newest first): no outcome logged since they started, younger than 15 min."""
    now_naive = (now.astimezone(dt.UTC).replace(tzinfo=None) if now else utcnow())
    since = now_naive - dt.timedelta(minutes=CALL_MINUTES)
    with db.session() as s:
        q = (select(Calling, Posting.source_id, Registrant.source_id, Registrant.name)
             .join(Posting, Posting.id == Calling.posting_id)
             .join(Registrant, Registrant.id == Calling.registrant_id)
             .where(Calling.started_at >= since)
             .order_by(Calling.started_at.desc(), Calling.id.desc()))
        if registrant_source_ids is not None:
            q = q.where(Registrant.source_id.in_(list(registrant_source_ids)))
        rows = s.execute(q).all()
        return [Call(psid, rsid, name, c.coordinator, c.login, c.started_at.replace(tzinfo=dt.UTC))
                for c, psid, rsid, name in rows if not _outcome_since(s, c)]


def _outcome_since(s: Session, call: Calling) -> bool:
    return s.scalar(select(PlacementEvent.id)
                    .join(Placement, Placement.id == PlacementEvent.placement_id)
                    .where(Placement.posting_id == call.posting_id,
                           Placement.registrant_id == call.registrant_id,
                           PlacementEvent.at >= call.started_at).limit(1)) is not None


def colleague_calling(db: Database, registrant_source_id: str, *, me: str) -> Call | None:
    """The call a colleague (anyone but ``me``, a login or a display name) is making to this registrant."""
    for call in active_calls(db, registrant_source_ids=[registrant_source_id]):
        if me not in (call.coordinator, call.login):
            return call
    return None
