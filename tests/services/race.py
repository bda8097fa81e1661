"""Two desks confirming at the same moment, in two processes started together round after round:
each round one confirmation must win and the other be refused as a double booking."""

from __future__ import annotations

import multiprocessing

from desk.services import placements as svc
from desk.store.db import open_database


def _worker(url: str, posting: str, registrant: str, rounds: int, barrier: object, out: object) -> None:
    db = open_database(url, migrate_schema=False)
    try:
        for i in range(rounds):
            barrier.wait(timeout=60)  # type: ignore[attr-defined]
            try:
                svc.transition(db, posting, registrant.format(i=i), "confirmed", coordinator=posting)
                out.put((i, "ok"))  # type: ignore[attr-defined]
            except svc.DoubleBooking:
                out.put((i, "refused"))  # type: ignore[attr-defined]
    finally:
        db.dispose()


def race_confirmations(url: str, desks: tuple[tuple[str, str], tuple[str, str]], rounds: int) -> None:
    """Each desk (posting, registrant pattern with ``{i}`` for the round) confirms its registrant of
    round i at the same moment as the other; asserts one "ok" and one "refused" per round."""
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, posting, who, rounds, barrier, out)) for posting, who in desks]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in range(2 * rounds)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for i in range(rounds):
        assert sorted(r[1] for r in results if r[0] == i) == ["ok", "refused"], (i, results)
