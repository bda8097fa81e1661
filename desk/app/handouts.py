"""Hand-outs to partner organisations (facade mixin): preview, make, produce again, list.

The one place that puts a hand-out together: the postings in scope (desk.services.handouts), their
public states (desk.print.handout.public_state, through the masking), the comparison with what the
recipient was last given (desk.core.handout.compare), the headcount table (the summary, cut to the
scope), then the PDF (desk.print.handout) or the .xlsx (desk.services.handout_files), recorded
with the file in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desk.app.base import AppBase
from desk.core.handout import HandoutDoc, Scope, ScopeError, Section, Since, compare, parse_scope
from desk.core.prefectures import PREFECTURES
from desk.services import handouts as store
from desk.services.export_files import file_format, record_and_place, temp_path
from desk.services.handouts import HandoutInfo, HandoutInputError, RecipientInfo
from desk.store.db import Database

__all__ = ["HandoutRequest", "HandoutResult", "HandoutsApi", "HandoutInputError", "make_handout", "prepare"]


@dataclass(frozen=True)
class HandoutRequest:
    """What the user asked for: a recipient, optionally a scope (names as typed), since when."""

    recipient: str
    prefs: tuple[str, ...] = ()
    block: str | None = None
    occupations: tuple[str, ...] = ()
    since: Since = Since.LAST
    since_date: dt.date | None = None
    make_default: bool = False  # keep this scope as the recipient's default

    def scope(self) -> Scope | None:
        """The scope named, or None when none was (the recipient's default scope applies)."""
        if not self.prefs and not self.block and not self.occupations:
            return None
        try:
            return parse_scope(self.prefs, self.block, self.occupations)
        except ScopeError as exc:
            raise HandoutInputError(str(exc)) from None


@dataclass(frozen=True)
class HandoutResult:
    handout_id: int
    path: Path
    recipient: str
    new: int
    changed: int
    ended: int
    open: int
    nothing_new: bool
    first: bool


@dataclass(frozen=True)
class _Prepared:
    doc: HandoutDoc
    recipient_id: int
    scope: Scope
    previous_id: int | None


def _since_utc(day: dt.date) -> dt.datetime:
    """Local midnight of ``day`` as the naive UTC time the database stores."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).replace(tzinfo=None)


def prepare(db: Database, request: HandoutRequest, *, contact: str = "", now: dt.datetime | None = None,
            save_recipient: bool = True) -> _Prepared:
    """Put a hand-out together (nothing is recorded yet)."""
    from desk.print.handout import public_state  # the print package (reportlab) loads on first use

    scope = request.scope()
    if request.since is Since.DATE and request.since_date is None:
        raise HandoutInputError("--since needs a date (2021-06-01)")
    if save_recipient:
        who = store.ensure_recipient(db, request.recipient, scope, make_default=request.make_default)
    else:
        found = store.recipient(db, request.recipient)
        who = found or RecipientInfo(0, " ".join(request.recipient.split()), scope or Scope())
    scope = scope or who.scope
    last = store.previous(db, who.id) if who.id and request.since is Since.LAST else None
    shown_before = last.states if last else {}
    rows, inside = store.postings(db, scope, also=shown_before)
    current = {p.source_id: public_state(p) for p in rows}
    ids = {p.source_id: int(p.id) for p in rows}
    baseline: dict[str, dict[str, object]] | None
    if request.since is Since.LAST:
        baseline = shown_before if last else None
    elif request.since is Since.DATE:
        assert request.since_date is not None
        old, created = store.changed_since(db, _since_utc(request.since_date), ids.values())
        baseline = {}
        for p in rows:
            if p.id in created:
                continue
            then = public_state(p.replaced(**old.get(p.id, {})))
            if "dates_raw" not in old.get(p.id, {}):
                then["slots"] = current[p.source_id]["slots"]
            baseline[p.source_id] = then
    else:
        baseline = None
    entries = compare(baseline, current, inside, ids)
    at = (now or dt.datetime.now(dt.UTC)).astimezone()
    doc = HandoutDoc(
        recipient=who.name, at=at, scope_text=scope.text(), since=request.since,
        since_text=store.since_text(request.since, request.since_date, last.at if last else None),
        first=request.since is Since.LAST and last is None, entries=tuple(entries),
        headcount=tuple(tuple(r) for r in store.headcount_table(db, scope)), contact=contact)
    return _Prepared(doc, who.id, scope, last.handout_id if last else None)


def write_file(doc: HandoutDoc, tmp: Path, fmt: str, author: str = "") -> None:
    if fmt == "pdf":
        from desk.print.handout import render_handout_pdf

        tmp.write_bytes(render_handout_pdf(doc, author=author))
    else:
        from desk.services.handout_files import write_handout_xlsx

        write_handout_xlsx(tmp, doc)


def make_handout(db: Database, request: HandoutRequest, path: str | Path, *, coordinator: str = "",
                 contact: str = "", now: dt.datetime | None = None) -> HandoutResult:
    """Make the hand-out, write it to ``path`` (.pdf or .xlsx) and record it."""
    path = Path(path)
    fmt = file_format(path, ("pdf", "xlsx"))
    prepared = prepare(db, request, contact=contact, now=now)
    doc = prepared.doc
    tmp = temp_path(path)
    write_file(doc, tmp, fmt, coordinator)
    handout_id = store.record(db, doc, recipient_id=prepared.recipient_id, scope=prepared.scope,
                              since_date=request.since_date, previous_id=prepared.previous_id,
                              coordinator=coordinator, tmp=tmp, path=path, fmt=fmt)
    return HandoutResult(handout_id, path, doc.recipient, len(doc.section(Section.NEW)),
                         len(doc.section(Section.CHANGED)), len(doc.section(Section.ENDED)), len(doc.open_list),
                         doc.nothing_new, doc.first)


def produce_again(db: Database, handout_id: int, path: str | Path, *, coordinator: str = "") -> Path:
    """Write a recorded hand-out again, exactly as it was handed out (the export is recorded)."""
    path = Path(path)
    fmt = file_format(path, ("pdf", "xlsx"))
    doc = store.load(db, handout_id)
    tmp = temp_path(path)
    write_file(doc, tmp, fmt, coordinator)
    record_and_place(db, tmp, path, "handout_again", coordinator, {"handout": handout_id, "format": fmt},
                     len(doc.entries))
    return path


def pref_file_name(code: str, suffix: str) -> str:
    return f"{code}_{PREFECTURES[code].name}{suffix}"


class HandoutsApi(AppBase):
    """What the window asks about hand-outs. Every method may block: call through the Runner."""

    def handout_preview(self, request: HandoutRequest) -> HandoutDoc:
        """The hand-out as it would be made now (nothing is recorded, no recipient is added)."""
        return prepare(self.db, request, contact=self.settings.handout_contact, save_recipient=False).doc

    def make_handout(self, request: HandoutRequest, path: str | Path) -> HandoutResult:
        return make_handout(self.db, request, path, coordinator=self.coordinator,
                            contact=self.settings.handout_contact)

    def make_handouts_each_pref(self, occupations: Sequence[str], folder: str | Path, *, suffix: str = ".pdf",
                                since: Since = Since.LAST, since_date: dt.date | None = None,
                                name_format: str = "{pref}医師会") -> list[HandoutResult]:
        return make_each_pref(self.db, occupations, folder, suffix=suffix, since=since, since_date=since_date,
                              name_format=name_format, coordinator=self.coordinator,
                              contact=self.settings.handout_contact)

    def handout_again(self, handout_id: int, path: str | Path) -> Path:
        return produce_again(self.db, handout_id, path, coordinator=self.coordinator)

    def handouts(self, recipient: str | None = None) -> list[HandoutInfo]:
        return store.list_handouts(self.db, recipient)

    def handout_recipients(self) -> list[RecipientInfo]:
        return store.recipients(self.db)


def make_each_pref(db: Database, occupations: Sequence[str], folder: str | Path, *, suffix: str = ".pdf",
                   since: Since = Since.LAST, since_date: dt.date | None = None, name_format: str = "{pref}医師会",
                   coordinator: str = "", contact: str = "") -> list[HandoutResult]:
    """One hand-out per prefecture with open postings in scope (or handed to before), to the
    recipient ``name_format`` names (大阪府医師会), written to ``folder`` as 27_大阪府.pdf."""
    folder = Path(folder)
    file_format(folder / f"x{suffix}", ("pdf", "xlsx"))
    try:
        occ_scope = parse_scope((), None, occupations)
    except ScopeError as exc:
        raise HandoutInputError(str(exc)) from None
    folder.mkdir(parents=True, exist_ok=True)
    rows, _ = store.postings(db, occ_scope)
    prefs = {str(p.pref_code) for p in rows if p.status == "open" and p.pref_code in PREFECTURES}
    # A prefecture handed to before gets one too: its postings may all have ended since.
    known = {r.name for r in store.recipients(db) if r.handouts}
    prefs |= {code for code, p in PREFECTURES.items() if name_format.format(pref=p.name) in known}
    results = []
    for code in sorted(prefs):
        name = PREFECTURES[code].name
        request = HandoutRequest(name_format.format(pref=name), (name,), None, tuple(occupations), since, since_date)
        results.append(make_handout(db, request, folder / pref_file_name(code, suffix), coordinator=coordinator,
                                    contact=contact))
    return results
