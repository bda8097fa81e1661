"""Importing postings and registrants: read → map → normalise → upsert, in one transaction.

Re-importing the same file changes nothing; a changed posting is updated and its changes recorded;
a posting missing from a newer full export is flagged, never deleted; rows that cannot be read are
reported with row, column, value and reason and kept in a rejects file for the user to fix.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desk.core import columns, records
from desk.core.tabular import RawTable, TableError, read_table
from desk.services.import_mappings import (
    load_mapping,
    registrant_sources,
    saved_mapping_sources,
    saved_registry,
    store_mapping,
)
from desk.services.import_rejects import default_rejects_path, stage_rejects
from desk.services.registrant_edits import EditConflict
from desk.store.db import Database
from desk.store.models import (
    DEFAULT_SOURCE,
    ImportBatch,
    Posting,
    PostingChange,
    PostingSlot,
    Registrant,
    utcnow,
)

KINDS = ("postings", "registrants")
KIND_ALIASES = {"physicians": "registrants", "registrant": "registrants", "posting": "postings"}
#: Posting fields whose change a coordinator must see after a re-import.
TRACKED = ("headcount", "dates_raw", "hours_raw", "status", "masked", "occupation", "venue_name", "venue_address")
CHUNK = 2000

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class ImportInputError(ValueError):
    """The file cannot be imported at all (unreadable, required column missing)."""


class ImportCancelled(Exception):
    """The user cancelled; the transaction was rolled back and the database is as it was."""


@dataclass
class ImportOptions:
    dry_run: bool = False
    accept_partial: bool = False
    rejects_path: Path | None = None
    sheet: str | None = None
    mapping: dict[str, str] | None = None  # header → field key ("" ignores the column)
    mapping_source: str | None = None  # use the mapping saved under this name
    save_mapping_as: str | None = None
    coordinator: str = ""
    full_export: bool = True  # postings: absent ones are flagged as missing
    reference_date: dt.date | None = None  # for dates written without a year
    #: registrants: the registry the file comes from (登録ID is unique within it). None: the source
    #: saved with the mapping used, else the default source.
    source: str | None = None


@dataclass
class Reject:
    row: int
    column: str
    value: str
    reason: str  # English (command line)
    code: str = ""

    @property
    def reason_ja(self) -> str:
        return records.reason_ja(self.reason, self.code)

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.value!r}: {self.reason}" if self.value else f"{where}: {self.reason}"


@dataclass
class Change:
    source_id: str
    field: str
    old: str
    new: str


@dataclass
class ImportReport:
    kind: str
    file: Path
    encoding: str = ""
    header_row: int = 0
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    total_rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    flagged_missing: int = 0
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    #: Coordinator edits the file would have overwritten with another value (kept; to resolve).
    conflicts: list[EditConflict] = field(default_factory=list)
    #: Placements the changed postings touch, now to be called again (desk recontact).
    recontact: int = 0
    rejects_file: Path | None = None
    dry_run: bool = False
    refused: bool = False  # invalid rows and no --accept-partial: nothing was written
    committed: bool = False
    batch_id: int | None = None
    staged_rejects: Path | None = field(default=None, repr=False)  # named rejects_file once recorded

    def summary_line(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"


def normalise_kind(kind: str) -> str:
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ImportInputError(f"unknown kind {kind!r}: expected postings or registrants")
    return kind


__all__ = ["ImportCancelled", "ImportInputError", "ImportOptions", "ImportReport", "ImportStale", "commit_import",
           "default_rejects_path", "import_file", "load_mapping", "prepare_import", "preview_file", "read_input",
           "registrant_source", "registrant_sources", "save_mapping", "saved_mapping_sources"]


def registrant_source(db: Database, options: ImportOptions) -> str:
    """The registry an import writes to: --source, else the one saved with the mapping, else the default."""
    if options.source and options.source.strip():
        name = options.source.strip()
        if ":" in name:
            raise ImportInputError(f"source {name!r}: a source name cannot contain ':' (it separates SOURCE:登録ID)")
        return name
    if options.mapping_source:
        return saved_registry(db, options.mapping_source) or DEFAULT_SOURCE
    return DEFAULT_SOURCE


def save_mapping(db: Database, kind: str, source: str, mapping: dict[str, str]) -> None:
    with db.session() as session:
        store_mapping(session, normalise_kind(kind), source, mapping)


def read_input(db: Database, kind: str, path: str | Path, options: ImportOptions) -> tuple[RawTable, columns.MappingResult]:
    """Read the file and map its headers; raises ImportInputError naming the file and the problem."""
    path = Path(path)
    try:
        table = read_table(path, sheet=options.sheet, header_score=columns.header_score)
    except TableError as exc:
        msg = str(exc)
        raise ImportInputError(msg if msg.startswith(str(path)) or path.name in msg else f"{path}: {msg}") from None
    return table, map_headers(db, kind, path, table.headers, options)


def map_headers(db: Database, kind: str, path: Path, headers: list[str], options: ImportOptions) -> columns.MappingResult:
    """The file's headers mapped to fields (saved and given mappings applied); raises
    ImportInputError when a required column is missing."""
    overrides = dict(options.mapping or {})
    if options.mapping_source:
        saved = load_mapping(db, kind, options.mapping_source)
        if saved is None:
            raise ImportInputError(f"no saved column mapping named {options.mapping_source!r} for {kind}")
        overrides = {**saved, **overrides}
    result = columns.suggest_mapping(headers, kind, overrides)
    if result.missing_required:
        raise ImportInputError(f"{path}: {columns.headerless_message(headers, kind) or result.missing_message()}")
    return result


@dataclass
class _Plan:
    new: list[records.Normalised] = field(default_factory=list)
    changed: list[tuple[int, records.Normalised]] = field(default_factory=list)
    unchanged: int = 0
    seen_ids: set[str] = field(default_factory=set)
    reappeared: list[int] = field(default_factory=list)


def _normalise_all(
    kind: str, table: RawTable, mapping: columns.MappingResult, report: ImportReport,
    reference: dt.date, progress: Progress | None, cancel: Cancel | None, total: int,
) -> tuple[list[records.Normalised], set[str], dict[int, list[str]]]:
    normalise = records.NORMALISERS[kind]
    index = mapping.index_of()
    label = {fld: h for h, fld in mapping.mapping.items()}
    valid: list[records.Normalised] = []
    seen: dict[str, int] = {}
    all_ids: set[str] = set()
    bad_rows: dict[int, list[str]] = {}
    items = list(index.items())
    hash_keys = sorted(index)
    hash_idx = [index[k] for k in hash_keys]
    hash_prefix = "\x1d".join(hash_keys) + "\x1d"
    # Rows are padded to the header's width, so every mapped index exists. Fingerprints are taken
    # column by column over normalised cells (each distinct value folded once).
    hashes = records.row_fingerprints(hash_prefix, [[row[i] for row in table.rows] for i in hash_idx])
    sid_at = index.get("source_id")
    if cancel and cancel():
        raise ImportCancelled()
    results = []
    for row in table.rows:
        width = len(row)
        results.append(normalise({fld: (row[i] if i < width else "") for fld, i in items}, import_date=reference))
    for n, (row, rownum, (rec, errors)) in enumerate(zip(table.rows, table.row_numbers, results, strict=True)):
        if n % CHUNK == 0:
            if cancel and cancel():
                raise ImportCancelled()
            if progress:
                progress(n, total)
        width = len(row)
        if rec is not None:
            all_ids.add(rec.source_id)
        elif sid_at is not None and sid_at < width and (sid := records.compact(row[sid_at])):
            all_ids.add(sid)
        if rec is not None and rec.source_id in seen:
            errors = [records.FieldError("source_id", rec.source_id,
                                         f"duplicate id: already on row {seen[rec.source_id]} of this file")]
            rec = None
        for err in errors:
            report.rejects.append(Reject(rownum, label.get(err.field, err.field), err.value, err.reason, err.code))
            bad_rows.setdefault(rownum, []).append(f"{label.get(err.field, err.field)}: {err.reason}")
        if rec is None:
            continue
        seen[rec.source_id] = rownum
        # What the row says, field by field in a fixed order, normalised: same data, same fingerprint.
        rec.row_hash = hashes[n]
        for w in rec.warnings:
            report.warnings.append(Reject(rownum, label.get(w.field, w.field), w.value, w.reason, w.code))
        valid.append(rec)
    return valid, all_ids, bad_rows


def _model(kind: str) -> type[Posting] | type[Registrant]:
    return Posting if kind == "postings" else Registrant


def _plan(session: Session, kind: str, valid: list[records.Normalised], all_ids: set[str],
          source: str = DEFAULT_SOURCE) -> _Plan:
    model = _model(kind)
    existing: dict[str, tuple[int, str]] = {}
    q = select(model.source_id, model.id, model.row_hash)
    if kind == "registrants":  # 登録ID is unique within its source (a merged record still matches its own)
        q = q.where(Registrant.source == source)
    for sid, pk, h in session.execute(q):
        existing[sid] = (pk, h)
    plan = _Plan(seen_ids=all_ids)
    for rec in valid:
        old = existing.get(rec.source_id)
        if old is None:
            if kind == "registrants":
                rec.values["source"] = source
            plan.new.append(rec)
        elif old[1] != rec.row_hash:
            plan.changed.append((old[0], rec))
        else:
            plan.unchanged += 1
    if kind == "postings":
        plan.reappeared = list(session.scalars(
            select(Posting.id).where(Posting.missing_since.is_not(None), Posting.source_id.in_(all_ids))
        )) if all_ids else []
    return plan


def _row_values(rec: records.Normalised, batch_id: int | None, now: dt.datetime, new: bool) -> dict[str, Any]:
    values = rec.values  # completed in place: the record is not used after it is written
    values["row_hash"] = rec.row_hash
    values["last_batch_id"] = batch_id
    values["changed_at"] = now
    if new:
        values["first_batch_id"] = batch_id
    return values


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "マスキング" if value else "全情報"
    return "" if value is None else str(value)


def _write_postings(session: Session, plan: _Plan, batch_id: int | None, now: dt.datetime,
                    report: ImportReport, full_export: bool, tick: Callable[[int], None]) -> None:
    for start in range(0, len(plan.new), CHUNK):
        chunk = plan.new[start:start + CHUNK]
        rows = [_row_values(r, batch_id, now, True) for r in chunk]
        ids = session.execute(insert(Posting).returning(Posting.id, Posting.source_id), rows).all()
        by_sid = {sid: pk for pk, sid in ids}
        slot_rows = [{"posting_id": by_sid[r.source_id], "date": d, "start": s, "end": e, "active": True}
                     for r in chunk for d, s, e in r.slots]
        if slot_rows:
            session.execute(insert(PostingSlot), slot_rows)
        tick(len(chunk))
    for pk, rec in plan.changed:
        post = session.get(Posting, pk)
        assert post is not None
        for fld in TRACKED:
            old, new = getattr(post, fld), rec.values[fld]
            if old != new:
                report.changes.append(Change(rec.source_id, fld, _fmt(old), _fmt(new)))
                session.add(PostingChange(posting_id=pk, batch_id=batch_id, field=fld,
                                          old_value=_fmt(old), new_value=_fmt(new), at=now))
        for key, value in _row_values(rec, batch_id, now, False).items():
            setattr(post, key, value)
        post.missing_since = None
        wanted = {(d, s): e for d, s, e in rec.slots}
        for slot in post.slots:
            key = (slot.date, slot.start)
            if key in wanted:
                slot.end, slot.active = wanted.pop(key), True
            else:
                slot.active = False  # kept: placements may point at it
        for (d, s), e in sorted(wanted.items()):
            post.slots.append(PostingSlot(date=d, start=s, end=e, active=True))
        tick(1)
    for pk in plan.reappeared:
        post = session.get(Posting, pk)
        if post is not None and post.missing_since is not None:
            post.missing_since = None
            session.add(PostingChange(posting_id=pk, batch_id=batch_id, field="missing",
                                      old_value="missing", new_value="listed again", at=now))
            report.changes.append(Change(post.source_id, "missing", "missing", "listed again"))
    if full_export and plan.seen_ids:
        missing = session.execute(
            select(Posting.id, Posting.source_id).where(Posting.missing_since.is_(None), Posting.source_id.not_in(plan.seen_ids))
        ).all()
        for pk, sid in missing:
            session.add(PostingChange(posting_id=pk, batch_id=batch_id, field="missing",
                                      old_value="listed", new_value="missing from the latest export", at=now))
            report.changes.append(Change(sid, "missing", "listed", "missing from the latest export"))
        if missing:
            session.execute(update(Posting).where(Posting.id.in_([pk for pk, _ in missing])).values(missing_since=now))
        report.flagged_missing = len(missing)


def import_file(
    db: Database, kind: str, path: str | Path, options: ImportOptions | None = None,
    progress: Progress | None = None, cancel: Cancel | None = None,
) -> ImportReport:
    """Import one file. Nothing is written on dry runs, on refusal, on cancel or on any error."""
    # Hundreds of thousands of small objects are made and kept: the cyclic collector would scan
    # them again and again for nothing (it halves the import's speed), so it pauses meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    report: ImportReport | None = None
    try:
        report = _import_file(db, kind, path, options, progress, cancel)
        return report
    finally:
        if report is not None and report.staged_rejects is not None:
            report.staged_rejects.unlink(missing_ok=True)
        if was_enabled:
            gc.enable()


def _import_file(
    db: Database, kind: str, path: str | Path, options: ImportOptions | None,
    progress: Progress | None, cancel: Cancel | None,
) -> ImportReport:
    options = options or ImportOptions()
    if normalise_kind(kind) == "registrants" and not options.dry_run:  # one streamed pass: read, plan, write
        from desk.services import import_registrants

        return _naming_rejects(lambda staged: import_registrants.import_once(
            db, Path(path), options, progress, cancel, staged))
    prepared = prepare_import(db, kind, path, options, progress, cancel)
    if options.dry_run:
        return prepared.preview
    return commit_import(db, prepared, options, progress, cancel)


@dataclass(frozen=True)
class FileStamp:
    """What the file was when it was read: a commit refuses a file changed since."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, checksum(path))


@dataclass(frozen=True)
class PreparedImport:
    """A file read, mapped and normalised once, with what it would do to the database (the preview).

    ``commit_import`` writes exactly this: the same rows, and only while the file on disk and the
    database still match what the preview saw.
    """

    kind: str
    path: Path
    stamp: FileStamp
    table: RawTable
    mapping: columns.MappingResult
    valid: tuple[records.Normalised, ...]
    all_ids: frozenset[str]
    bad_rows: Any  # {row number: [problems]} (read-only use)
    preview: ImportReport
    new_ids: frozenset[str]
    changed_ids: frozenset[str]
    total: int
    source: str = DEFAULT_SOURCE  # registrants: the registry the rows belong to
    #: registrants: the streamed preview (desk.services.import_stream.StreamedPlan); ``table`` then
    #: holds only the rejected rows and ``valid`` nothing (the rows are read again at commit).
    streamed: Any = None


class ImportStale(ImportInputError):
    """The file or the database changed since the preview; nothing was written."""

    def __init__(self, message: str, what: str) -> None:
        super().__init__(message)
        self.what = what  # "file" | "database"


def prepare_import(
    db: Database, kind: str, path: str | Path, options: ImportOptions | None = None,
    progress: Progress | None = None, cancel: Cancel | None = None,
) -> PreparedImport:
    """Read and normalise the file, and work out (in a read session: no write lock) what an import
    would add, update, leave and reject."""
    options = options or ImportOptions()
    kind = normalise_kind(kind)
    path = Path(path)
    if kind == "registrants":
        from desk.services import import_registrants

        return import_registrants.prepare(db, path, options, progress, cancel)
    table, mapping = read_input(db, kind, path, options)  # refuses a folder, a FIFO, an unreadable file
    stamp = FileStamp.of(path) if path.is_file() else FileStamp(0, 0, "")
    report = ImportReport(kind=kind, file=path, encoding=table.encoding, header_row=table.header_row,
                          sheet=table.sheet, mapping=dict(mapping.mapping), total_rows=len(table.rows),
                          dry_run=True)
    reference = options.reference_date or dt.date.today()
    total = 2 * max(1, len(table.rows))
    valid, all_ids, bad_rows = _normalise_all(kind, table, mapping, report, reference, progress, cancel, total)
    report.rejected = len(bad_rows)
    source = registrant_source(db, options) if kind == "registrants" else DEFAULT_SOURCE
    with db.session() as session:
        plan = _plan(session, kind, valid, all_ids, source)
        report.imported, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if kind == "postings" and options.full_export and all_ids:
            report.flagged_missing = len(session.scalars(select(Posting.id).where(
                Posting.missing_since.is_(None), Posting.source_id.not_in(all_ids))).all())
    return PreparedImport(kind=kind, path=path, stamp=stamp, table=table, mapping=mapping, valid=tuple(valid),
                          all_ids=frozenset(all_ids), bad_rows=bad_rows, preview=report,
                          new_ids=frozenset(r.source_id for r in plan.new),
                          changed_ids=frozenset(r.source_id for _pk, r in plan.changed), total=total,
                          source=source)


def commit_import(
    db: Database, prepared: PreparedImport, options: ImportOptions | None = None,
    progress: Progress | None = None, cancel: Cancel | None = None,
) -> ImportReport:
    """Write what ``prepared`` showed. Raises ImportStale (nothing written) when the file on disk or
    the rows to add and update differ from the preview. A rejects file gets its name only once its
    export record is committed; on any failure its temporary file is removed."""
    if prepared.stamp.sha256 and (not prepared.path.exists() or FileStamp.of(prepared.path) != prepared.stamp):
        raise ImportStale(f"{prepared.path}: the file changed on disk after the preview; nothing was imported. "
                          "Preview it again.", "file")
    if prepared.streamed is not None:
        from desk.services import import_registrants

        return _naming_rejects(lambda staged: import_registrants.commit(
            db, prepared, options or ImportOptions(), progress, cancel, staged))
    return _naming_rejects(lambda staged: _commit_import(db, prepared, options, progress, cancel, staged))


def _naming_rejects(run: Callable[[list[Path]], ImportReport]) -> ImportReport:
    """Run an import that may stage a rejects file; name it once its export record is committed,
    remove it on any failure."""
    staged: list[Path] = []
    try:
        report = run(staged)
        if report.staged_rejects is not None and report.rejects_file is not None:
            os.replace(report.staged_rejects, report.rejects_file)  # its export record is committed
        return report
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)


def _commit_import(
    db: Database, prepared: PreparedImport, options: ImportOptions | None,
    progress: Progress | None, cancel: Cancel | None, staged: list[Path],
) -> ImportReport:
    options = options or ImportOptions()
    kind, path, table, mapping, total = prepared.kind, prepared.path, prepared.table, prepared.mapping, prepared.total
    before = prepared.preview
    report = ImportReport(kind=kind, file=path, encoding=before.encoding, header_row=before.header_row,
                          sheet=before.sheet, mapping=dict(before.mapping), total_rows=before.total_rows,
                          rejects=list(before.rejects), warnings=list(before.warnings), rejected=before.rejected)
    valid, all_ids, bad_rows = list(prepared.valid), set(prepared.all_ids), prepared.bad_rows
    now = utcnow()
    with db.write() as session:
        plan = _plan(session, kind, valid, all_ids, prepared.source)
        if ({r.source_id for r in plan.new} != prepared.new_ids
                or {r.source_id for _pk, r in plan.changed} != prepared.changed_ids):
            raise ImportStale(f"{path}: the database changed after the preview (someone imported or edited "
                              "the same records); nothing was imported. Preview it again.", "database")
        report.imported, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if bad_rows:
            stage_report_rejects(session, report, table, bad_rows, options, staged)
        if bad_rows and not options.accept_partial:
            report.refused = True
            report.imported = report.updated = report.unchanged = 0
            return report
        batch = ImportBatch(kind=kind, file_name=str(path), checksum=prepared.stamp.sha256 or checksum(path),
                            coordinator=options.coordinator, started_at=now,
                            encoding=table.encoding, full_export=options.full_export and kind == "postings")
        session.add(batch)
        session.flush()
        done = [len(table.rows)]

        def tick(n: int) -> None:
            done[0] += n
            if cancel and cancel():
                raise ImportCancelled()
            if progress:
                progress(min(done[0], total), total)

        _write_postings(session, plan, batch.id, now, report, options.full_export, tick)
        from desk.services.recontact import (
            flag_changes,  # postings only: a registrant import need not load it
        )

        report.recontact = flag_changes(session, batch.id)
        if options.save_mapping_as:
            store_mapping(session, kind, options.save_mapping_as, mapping.mapping)
        batch.imported, batch.updated, batch.unchanged = report.imported, report.updated, report.unchanged
        batch.rejected, batch.flagged_missing = report.rejected, report.flagged_missing
        batch.finished_at = utcnow()
        session.flush()
        report.batch_id = batch.id
        if cancel and cancel():
            raise ImportCancelled()
    return finished(report, progress, total)


def stage_report_rejects(session: Session, report: ImportReport, table: RawTable, bad_rows: dict[int, list[str]],
                         options: ImportOptions, staged: list[Path]) -> None:
    """Write the rejects file (privately, named once committed) and record it as an export in the
    session's transaction; a file that cannot be written stops the import in words."""
    report.rejects_file = options.rejects_path or default_rejects_path(report.file)
    try:
        report.staged_rejects = stage_rejects(session, report.rejects_file, table, bad_rows, report.kind,
                                              options.coordinator)
    except OSError as exc:
        raise ImportInputError(f"cannot write the rejects file {report.rejects_file}: {exc.strerror or exc}; "
                               "nothing was imported (choose another place with --rejects)") from None
    staged.append(report.staged_rejects)


def finished(report: ImportReport, progress: Progress | None, total: int) -> ImportReport:
    report.committed = True
    if progress:
        progress(total, total)
    return report


def preview_file(db: Database, kind: str, path: str | Path, options: ImportOptions | None = None) -> ImportReport:
    """What an import would do, writing nothing."""
    options = options or ImportOptions()
    return import_file(db, kind, path, ImportOptions(**{**options.__dict__, "dry_run": True}))


def checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
