"""What "a registrant write" is: the one place that numbers registrant changes in commit order.

Every transaction that writes registrant rows stamps them with one change number (``change_no``:
the id of its ``registrant_change`` row, taken at its first write without any lock) and, just
before it commits, bumps the ``registrant`` counter (``desk_counter``) and records the value on its
``registrant_change`` row (``commit_no``). The bump's row lock is held only from there to the commit,
so on PostgreSQL the counter's values follow commit order (a colleague's edit waits milliseconds,
not for a whole import); SQLite has one writer anyway. A reader that saw counter value N reads
exactly the rows changed since with :func:`desk.store.change_stamp.changed_since`.

- ORM writes (an edit, a merge or its undo, a test's ``session.add``) are stamped by mapper events:
  no writer can forget.
- Bulk writes (the import's column inserts and ``UPDATE … FROM``) put :func:`registrant_write`'s
  number into the ``change_no`` column of every row they write.

The placement tables are counted by the database itself (triggers, migration 0011).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, insert, text, update
from sqlalchemy.orm import Session, object_session

from desk.store.change_stamp import REGISTRANT
from desk.store.models import Registrant, RegistrantChange

#: session.info key: this transaction's change number.
_NUMBER = "desk.registrant_change"
#: The database's clock in microseconds (a floor for the counters, never their order: see bump).
CLOCK_US = {"postgresql": "(extract(epoch from clock_timestamp()) * 1000000)::bigint",
            "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)"}
_BUMP = ("INSERT INTO desk_counter (name, value) VALUES (:name, {clock}) ON CONFLICT (name) DO UPDATE SET "
         "value = CASE WHEN desk_counter.value + 1 > excluded.value THEN desk_counter.value + 1 "
         "ELSE excluded.value END RETURNING value")


def registrant_write(session: Session) -> int:
    """The change number every registrant row this session's transaction writes must carry in
    ``change_no`` (the same number for the whole transaction: an import's 100,000 rows share one)."""
    return _number(session, session.connection())


def bump(conn: Connection, name: str) -> int:
    """Move the counter ``name`` on in the transaction of ``conn``; its new value (the row stays
    locked until that transaction ends, so values follow commit order).

    The next value is one more than the last, or the database clock's microseconds when that is
    higher: the order comes from the lock alone (a clock running behind only adds one), while a
    counter started again (a backup restored, a migration undone and redone) jumps past every value
    a cache may have seen before instead of meeting one of them again with other data."""
    clock = CLOCK_US.get(conn.dialect.name, CLOCK_US["postgresql"])
    return int(conn.execute(text(_BUMP.format(clock=clock)), {"name": name}).scalar_one())


def _number(session: Session, conn: Connection) -> int:
    number = session.info.get(_NUMBER)
    if number is None:
        number = int(conn.execute(insert(RegistrantChange).values(commit_no=None)).inserted_primary_key[0])
        session.info[_NUMBER] = number
    return int(number)


def _seal(session: Session) -> None:
    """Just before a commit: what is left flushed (an ORM change to a registrant takes its number
    now), then, when registrants were written, the counter bumped and its value recorded for the
    number (the lock is held from here to the commit)."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    number = session.info.pop(_NUMBER, None)
    if number is None:
        return
    conn = session.connection()
    value = bump(conn, REGISTRANT)
    conn.execute(update(RegistrantChange).where(RegistrantChange.id == number).values(commit_no=value))


def _forget(session: Session) -> None:
    session.info.pop(_NUMBER, None)


def _stamp_row(_mapper: Any, conn: Connection, target: Registrant) -> None:
    session = object_session(target)
    if session is not None:
        target.change_no = _number(session, conn)


event.listen(Registrant, "before_insert", _stamp_row)
event.listen(Registrant, "before_update", _stamp_row)
event.listen(Session, "before_commit", _seal)
event.listen(Session, "after_rollback", _forget)
