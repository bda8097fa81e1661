"""The registrants' search index read from the store a chunk at a time (desk.services.search) is
the index of every registrant read at once, on a SQLite file and on PostgreSQL (a server-side
cursor there), with chunks of a few rows so that they end anywhere."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from desk.core import search_registry
from desk.services import search as search_store
from desk.services.demo import load_demo
from desk.store.db import Database
from desk.store.models import Registrant


@pytest.mark.parametrize("chunk", [1, 7, 50_000])
def test_the_chunked_read_builds_the_index_of_every_row(db: Database, chunk: int) -> None:
    load_demo(db, registrants=60, postings=2, seed=3)
    with db.session() as s:  # a registrant with nothing but an ID
        s.add(Registrant(source_id="R-EMPTY", name="", occupation="nurse"))
    with db.session() as s:
        rows = s.execute(select(Registrant.id, Registrant.source_id, Registrant.name, Registrant.name_kana,
                                Registrant.phone, Registrant.email).order_by(Registrant.id)).all()
    ids, *text = ([v if v is not None else "" for v in c] for c in zip(*rows, strict=True))
    whole = search_registry.pack(search_registry.build(ids, *text))
    chunked = search_registry.pack(search_store.build_registrant_index(db, chunk=chunk))
    assert whole.keys() == chunked.keys()
    for name in whole:
        assert whole[name].dtype == chunked[name].dtype and np.array_equal(whole[name], chunked[name]), name
