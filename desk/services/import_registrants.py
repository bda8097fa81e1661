"""Registrant imports, streamed (desk.services.import_stream): the preview, its commit, and the one
pass an import without a preview makes (read, plan and write each chunk in the one transaction)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy.orm import Session

from desk.core import columns
from desk.core.tabular_stream import TableStream
from desk.services.import_mappings import SOURCE_KEY, store_mapping
from desk.services.import_stream import (
    Refused,
    Scanner,
    StreamedPlan,
    count,
    open_stream,
    preview_chunk,
    rejects_table,
    write_chunk,
)
from desk.services.importer import (
    Cancel,
    FileStamp,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    ImportStale,
    PreparedImport,
    Progress,
    checksum,
    finished,
    map_headers,
    registrant_source,
    stage_report_rejects,
)
from desk.store.db import Database
from desk.store.models import ImportBatch, utcnow

KIND = "registrants"


def _stepper(progress: Progress | None, cancel: Cancel | None, total: int) -> Callable[[int, float], None]:
    """Progress in rows (``done`` plus a fraction of the chunk at hand), and the place to cancel.
    Called from the reader thread and from the writing one: what is shown only moves forward."""
    shown = [0]
    lock = threading.Lock()

    def step(done: int, extra: float) -> None:
        if cancel and cancel():
            raise ImportCancelled()
        if progress:
            with lock:
                value = min(int(done + extra), total)
                if value < shown[0]:
                    return
                shown[0] = value
                progress(value, total)

    return step


def _opened(db: Database, path: Path, options: ImportOptions) -> tuple[TableStream, columns.MappingResult, ImportReport]:
    stream = open_stream(path, options.sheet)
    try:
        mapping = map_headers(db, KIND, path, stream.headers, options)
    except BaseException:
        stream.close()
        raise
    report = ImportReport(kind=KIND, file=path, encoding=stream.encoding, header_row=stream.header_row,
                          sheet=stream.sheet, mapping=dict(mapping.mapping))
    return stream, mapping, report


def _batch(session: Session, path: Path, sha256: str, encoding: str, options: ImportOptions) -> ImportBatch:
    batch = ImportBatch(kind=KIND, file_name=str(path), checksum=sha256, coordinator=options.coordinator,
                        started_at=utcnow(), encoding=encoding, full_export=False)
    session.add(batch)
    session.flush()
    return batch


def _finish(session: Session, batch: ImportBatch, report: ImportReport, mapping: columns.MappingResult,
            source: str, options: ImportOptions, cancel: Cancel | None) -> None:
    if options.save_mapping_as:
        store_mapping(session, KIND, options.save_mapping_as, {**mapping.mapping, SOURCE_KEY: source})
    batch.imported, batch.updated, batch.unchanged = report.imported, report.updated, report.unchanged
    batch.rejected, batch.flagged_missing = report.rejected, 0
    batch.finished_at = utcnow()
    session.flush()
    report.batch_id = batch.id
    if cancel and cancel():
        raise ImportCancelled()


def _stale(path: Path) -> ImportStale:
    return ImportStale(f"{path}: the database changed after the preview (someone imported or edited the same "
                       "records); nothing was imported. Preview it again.", "database")


def prepare(db: Database, path: Path, options: ImportOptions, progress: Progress | None,
            cancel: Cancel | None) -> PreparedImport:
    """Read the file chunk by chunk and count what an import would add, update, leave and reject
    (in a read session: no write lock), keeping a digest per chunk for the commit."""
    stream, mapping, report = _opened(db, path, options)
    report.dry_run = True
    plan = StreamedPlan(reference=options.reference_date or dt.date.today())
    try:
        stamp = FileStamp.of(path) if path.is_file() else FileStamp(0, 0, "")
        source = registrant_source(db, options)
        scanner = Scanner(stream, mapping, report, plan, source,
                          _stepper(progress, cancel, 2 * max(1, stream.estimated_rows)), keep_memo=True, cancel=cancel)
        # closing(): the reader thread stops before the file is closed, whatever happens
        with db.session() as session, closing(scanner.chunks(session)) as chunks:
            for chunk in chunks:
                preview_chunk(session, chunk, report)
                plan.digests.append(chunk.digest)
    finally:
        stream.close()
    plan.rows = report.total_rows = scanner.done
    report.rejected = len(plan.bad_rows)
    return PreparedImport(kind=KIND, path=path, stamp=stamp, table=rejects_table(stream, plan), mapping=mapping,
                          valid=(), all_ids=frozenset(), bad_rows=plan.bad_rows, preview=report,
                          new_ids=frozenset(), changed_ids=frozenset(), total=2 * max(1, plan.rows), source=source,
                          streamed=plan)


def commit(db: Database, prepared: PreparedImport, options: ImportOptions, progress: Progress | None,
           cancel: Cancel | None, staged: list[Path]) -> ImportReport:
    """Write what ``prepared`` showed, reading the file again chunk by chunk; raises ImportStale (all
    rolled back) at the first chunk whose rows would now do something else than in the preview."""
    plan: StreamedPlan = prepared.streamed
    path, before = prepared.path, prepared.preview
    report = ImportReport(kind=KIND, file=path, encoding=before.encoding, header_row=before.header_row,
                          sheet=before.sheet, mapping=dict(before.mapping), total_rows=before.total_rows,
                          rejects=list(before.rejects), warnings=list(before.warnings), rejected=before.rejected)
    now = utcnow()
    total = prepared.total
    with db.write() as session:
        if plan.bad_rows:
            stage_report_rejects(session, report, prepared.table, plan.bad_rows, options, staged)
            if not options.accept_partial:
                report.refused = True
                return report
        stream, mapping, scratch = _opened(db, path, options)
        try:
            batch = _batch(session, path, prepared.stamp.sha256 or checksum(path), stream.encoding, options)
            done = [plan.rows]

            def tick(n: int) -> None:
                done[0] += n
                step(done[0], 0)

            step = _stepper(progress, cancel, total)
            again = StreamedPlan(plan.reference, memo=plan.memo, memo_blob=plan.memo_blob)
            scanner = Scanner(stream, mapping, scratch, again, prepared.source, lambda _d, _f: step(done[0], 0),
                              cancel=cancel)
            expected = iter(plan.digests)
            with closing(scanner.chunks(session)) as chunks:
                for chunk in chunks:
                    if chunk.digest != next(expected, None):
                        raise _stale(path)
                    count(report, chunk)
                    report.conflicts.extend(write_chunk(session, chunk, prepared.source, batch.id, now, tick))
            if next(expected, None) is not None:
                raise _stale(path)
            _finish(session, batch, report, mapping, prepared.source, options, cancel)
        finally:
            stream.close()
    return finished(report, progress, total)


def import_once(db: Database, path: Path, options: ImportOptions, progress: Progress | None,
                cancel: Cancel | None, staged: list[Path]) -> ImportReport:
    """Import without a preview: each chunk is read, planned and written in the one transaction.
    Rows rejected without ``accept_partial`` stop the writing (the rest is still read, for the
    rejects) and roll back everything; the rejects file is then recorded on its own."""
    stream, mapping, report = _opened(db, path, options)
    plan = StreamedPlan(reference=options.reference_date or dt.date.today())
    try:
        source = registrant_source(db, options)
        sha256 = checksum(path) if path.is_file() else ""
        total = max(1, stream.estimated_rows)
        step = _stepper(progress, cancel, total)
        scanner = Scanner(stream, mapping, report, plan, source, lambda d, f: step(d, 0.8 * f), cancel=cancel)
        now = utcnow()
        try:
            with db.write() as session, closing(scanner.chunks(session)) as chunks:
                batch = _batch(session, path, sha256, stream.encoding, options)
                for chunk in chunks:
                    count(report, chunk)
                    if plan.bad_rows and not options.accept_partial:  # refused: only the rejects matter now
                        continue
                    def tick(k: int, base: float = scanner.done + 0.8 * chunk.cols.n, written: list[int] = [0]) -> None:  # noqa: B006
                        written[0] += k  # the writing moves the last fifth of the chunk's share
                        step(int(base), 0.2 * written[0])

                    report.conflicts.extend(write_chunk(session, chunk, source, batch.id, now, tick))
                report.total_rows, report.rejected = scanner.done, len(plan.bad_rows)
                if plan.bad_rows:
                    if not options.accept_partial:
                        raise Refused()
                    stage_report_rejects(session, report, rejects_table(stream, plan), plan.bad_rows, options, staged)
                _finish(session, batch, report, mapping, source, options, cancel)
        except Refused:
            report.refused = True
            report.imported = report.updated = report.unchanged = 0
            report.conflicts = []
            with db.write() as session:  # nothing imported; the rejects file is still recorded
                stage_report_rejects(session, report, rejects_table(stream, plan), plan.bad_rows, options, staged)
            return report
    finally:
        stream.close()
    return finished(report, progress, total)
