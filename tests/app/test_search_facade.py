"""The facade's global search on both databases: phone, reading, ID and place; a change is seen at once."""

from __future__ import annotations

from desk.app import DeskApp
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Placement, Posting, Registrant


def test_search_finds_registrants_postings_and_placements(db: Database) -> None:
    with db.session() as s:
        r = Registrant(source_id="R-1", name="山田 花子", name_kana="ヤマダ ハナコ", occupation="doctor",
                       phone="090-1234-5678", email="Hanako@Example.jp")
        p = Posting(source_id="K-77", municipality_name="神奈川県横浜市港北区", prefecture="神奈川県", city="横浜市港北区",
                    pref_code="14", muni_code="141097", venue_name="港北公会堂", occupation="doctor")
        other = Posting(source_id="K-78", municipality_name="大阪府大阪市北区", prefecture="大阪府", city="大阪市北区",
                        pref_code="27", muni_code="271276", venue_name="北区会場", occupation="nurse")
        s.add_all([r, p, other])
        s.flush()
        s.add(Placement(posting_id=p.id, registrant_id=r.id, state="proposed"))
    app = DeskApp(db, Settings(coordinator="佐藤"))
    found = app.search("09012345678")
    assert [(k, [h.entry.source_id for h in hits]) for k, hits in found.groups] == [("registrant", ["R-1"])]
    found = app.search("やまだ はなこ")
    assert [k for k, _h in found.groups] == ["registrant", "placement"]
    assert all(h.exact for _k, hits in found.groups for h in hits)
    assert app.search("hanako@example.jp").first().entry.source_id == "R-1"  # type: ignore[union-attr]
    assert [h.entry.source_id for h in app.search("よこはま").groups[0][1]] == ["K-77"]  # the place, not Osaka
    assert app.search("K-78").first().entry.source_id == "K-78"  # type: ignore[union-attr]
    # a registrant added after the first search is found by the next one (the cache follows the store)
    with db.session() as s:
        s.add(Registrant(source_id="R-2", name="佐藤 一郎", name_kana="サトウ イチロウ", occupation="nurse"))
    assert app.search("satou ichirou").first().entry.source_id == "R-2"  # type: ignore[union-attr]
