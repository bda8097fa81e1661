"""The window's table models, driven without a window and checked with qtmodeltester."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pytest

from PySide6.QtCore import Qt

from desk.services.queries import PostingRow, RegistrantTable
from desk.ui.models.base import ID_ROLE
from desk.ui.models.candidates_model import COMPONENTS_ROLE, CandidatesModel, ExcludedModel
from desk.ui.models.history_model import HistoryModel
from desk.ui.models.postings_model import FILL_ROLE, PostingsModel
from desk.ui.models.registrants_model import RegistrantsModel
from desk.ui.score_delegate import segments


def posting(i: int, **kw: object) -> PostingRow:
    base = dict(id=i, source_id=f"K{i}", status="open", changed=False, missing=False, prefecture="神奈川県",
                pref_code="14", municipality="横浜市", venue=f"会場{i}", occupation="doctor",
                first_date=dt.date(2021, 6, i % 28 + 1), last_date=dt.date(2021, 6, 28), n_dates=2,
                headcount=2, filled=i % 3, masked=False)
    base.update(kw)
    return PostingRow(**base)  # type: ignore[arg-type]


@dataclass
class Cand:
    registrant_id: int
    source_id: str
    name: str
    name_kana: str
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    phone: str = ""


@dataclass
class Excl:
    registrant_id: int
    source_id: str
    name: str
    reason: str
    reason_code: str = "region"


def test_postings_model_passes_the_model_tester_and_sorts_in_python(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PostingsModel()
    model.set_rows([posting(i, status=["open", "paused", "ended"][i % 3], changed=i == 2, missing=i == 3,
                            masked=i == 4) for i in range(1, 8)])
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "State"
    assert model.index(1, model.column_of("flags")).data() == "changed"
    assert model.index(2, model.column_of("flags")).data() == "missing"
    assert model.index(0, model.column_of("filled")).data(FILL_ROLE) == (1, 2)
    model.sort(model.column_of("status"), Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(7)] == ["Open"] * 2 + ["Paused"] * 3 + ["Ended"] * 2
    model.sort(model.column_of("venue"), Qt.SortOrder.DescendingOrder)
    assert model.index(0, model.column_of("venue")).data() == "会場7"
    model.update_fill(7, 2)
    assert model.index(0, model.column_of("filled")).data() == "2/2"
    qtmodeltester.check(model)


def test_candidates_and_excluded_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CandidatesModel()
    cands = [Cand(i, f"R{i}", f"山田 {i}", f"やまだ {i}", 1 - i / 10,
                  {"region": 1.0, "availability": 0.5}, ["同じ市に在住", "全日対応可"]) for i in range(1, 6)]
    model.set_candidates(cands, {2: "proposed"})
    qtmodeltester.check(model)
    assert model.index(0, 0).data(ID_ROLE) == 1
    assert model.index(0, model.column_of("score")).data() == "90"
    assert model.index(0, 0).data(COMPONENTS_ROLE) == {"region": 1.0, "availability": 0.5}
    assert model.index(1, model.column_of("placement")).data() == "Proposed"
    assert "同じ市に在住" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    model.sort(model.column_of("name"), Qt.SortOrder.DescendingOrder)
    assert model.index(0, model.column_of("rank")).data() == 5
    excluded = ExcludedModel()
    excluded.set_rows([Excl(9, "R9", "佐藤", "遠すぎる")])
    qtmodeltester.check(excluded)
    assert excluded.index(0, 2).data() == "遠すぎる"


def test_score_segments_follow_the_weights() -> None:
    weights = {"region": 0.5, "availability": 0.5, "occupation": 0.0, "experience": 0.0, "reliability": 0.0}
    parts = dict(segments({"region": 1.0, "availability": 0.5}, weights))
    assert parts["region"] == pytest.approx(0.5)
    assert parts["availability"] == pytest.approx(0.25)
    assert parts["occupation"] == 0


def table(n: int) -> RegistrantTable:
    t = RegistrantTable()
    t.ids = list(range(1, n + 1))
    t.source_ids = [f"R{i:05d}" for i in t.ids]
    t.names = [f"名前{n - 1 - i}" for i in range(n)]
    t.kana = ["やまだ"] * n
    t.occupations = ["doctor", "nurse"] * (n // 2) + ["doctor"] * (n % 2)
    t.specialties = [""] * n
    t.prefectures = ["神奈川県"] * n
    t.cities = ["横浜市"] * n
    t.work_areas = [""] * n
    t.availability = ["土日"] * n
    t.experience = [True, None, False] * (n // 3) + [None] * (n % 3)
    t.phones = [""] * n
    t.states = ["active"] * n
    t.notes = [""] * n
    return t


def test_registrants_model_shows_positions_in_sort_order(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RegistrantsModel()
    model.set_table(table(10))
    qtmodeltester.check(model)
    assert model.rowCount() == 10
    assert model.index(0, 3).data() == "Physician"
    model.sort(1, Qt.SortOrder.AscendingOrder)  # by name: 名前0 is the last registrant
    assert model.registrant_id(0) == 10
    model.set_positions(np.array([0, 1, 2]))
    assert [model.registrant_id(r) for r in range(3)] == [3, 2, 1]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.registrant_id(r) for r in range(3)] == [3, 2, 1]
    model.sort(9, Qt.SortOrder.AscendingOrder)  # experience: unknown first
    qtmodeltester.check(model)


def test_history_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel()
    model.set_rows([{"placement_id": 1, "state": "confirmed", "at": dt.datetime(2021, 6, 1, 3),
                     "posting_source_id": "K1", "municipality": "横浜市", "venue": "会場", "occupation": "doctor"}])
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "Confirmed"


def test_the_dialog_and_tab_models_pass_the_model_tester(qtmodeltester, sqlite_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The import dialog's mapping and rejects tables, the summary and the placement-log tables."""
    from desk.core.demo import (
        POSTING_HEADERS,
        REGISTRANT_HEADERS,
        generate_postings,
        generate_registrants,
        write_csv,
    )
    from desk.services import placements, summary
    from desk.services.importer import ImportOptions, import_file
    from desk.ui.mapping_model import MappingModel, RejectsModel
    from desk.ui.models.events_model import EventsModel
    from desk.ui.summary_view import SummaryModel

    mapping = MappingModel()
    rows = [["K-1", "鎌倉市", "医師", "2", "謎"]]
    mapping.set_table(["募集ID", "自治体名", "職種", "募集人数", "謎の列"], rows, "postings")
    qtmodeltester.check(mapping)
    assert mapping.rowCount() == 5

    postings = tmp_path / "p.csv"
    write_csv(postings, generate_postings(30, seed=4, invalid_rate=0.2), POSTING_HEADERS, encoding="cp932")
    report = import_file(sqlite_db, "postings", postings, ImportOptions(accept_partial=True))
    assert report.rejects
    rejects = RejectsModel()
    rejects.set_rejects(report.rejects)
    qtmodeltester.check(rejects)

    people = tmp_path / "r.csv"
    write_csv(people, generate_registrants(200, seed=4), REGISTRANT_HEADERS, encoding="cp932")
    import_file(sqlite_db, "registrants", people, ImportOptions(accept_partial=True))
    table = SummaryModel()
    table.set_summary(summary.summary(sqlite_db))
    qtmodeltester.check(table)
    assert table.rowCount() == 9  # the 8 region blocks and the total row

    from sqlalchemy import select

    from desk.store.models import Posting, Registrant
    with sqlite_db.session() as s:
        post = s.scalars(select(Posting.source_id)).first()
        person = s.scalars(select(Registrant.source_id)).first()
    placements.transition(sqlite_db, post, person, "proposed", coordinator="佐藤")
    placements.transition(sqlite_db, post, person, "contacted", coordinator="佐藤")
    events = EventsModel()
    events.set_rows(placements.events(sqlite_db))
    qtmodeltester.check(events)
    assert events.rowCount() == 2
