"""The import window: choose a file, check how its columns are read, preview, then import.

Flow: the head of a file (chosen here, or passed in by the main window after a drop: its header
and first rows, never the whole file) is read in a worker thread; the kind (postings or
registrants) is guessed from the headers; the mapping table shows each header with a sample value,
the field it feeds, its match score and a combo box to change it. "Data rows" shows an estimate
for a long registrants file until the preview, which reads every row, counts them. A dry run
(preview) says what would be added, updated, left unchanged and rejected, with the reasons. The
import itself runs in a worker thread with a progress bar; "Cancel import" stops it and the
service rolls back, so the database is left as it was. ``imported(ImportReport)`` is emitted after
a committed import.

Everything runs through the facade (desk.app.DeskApp) on the runner. The preview parses the file
once and keeps the plan (desk.app.imports.ImportPlan); "Import" commits exactly that plan, and a
file changed on disk since the preview is refused with a message (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QWidget,
)

from desk.app import DeskApp
from desk.app import imports as importer
from desk.core import columns
from desk.core.tabular_stream import TableHead
from desk.ui.errors import plain_message, show_error
from desk.ui.i18n import current_language
from desk.ui.import_dialog_layout import KINDS, ImportDialogLayout
from desk.ui.mapping_model import MappingModel, RejectsModel
from desk.ui.runner import Job, Runner

__all__ = ["KINDS", "ImportDialog"]


class ImportDialog(ImportDialogLayout, QDialog):
    imported = Signal(object)  # ImportReport, after a committed import

    def __init__(self, app: DeskApp, parent: QWidget | None = None, path: str | Path | None = None,
                 kind: str | None = None, *, coordinator: str | None = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import a file"))
        self.app = app
        self.runner = runner if runner is not None else Runner(self)
        self.coordinator = coordinator if coordinator is not None else app.coordinator
        self.path: Path | None = None
        self.table: TableHead | None = None  # the chosen file's header and first rows
        self.total_rows: int | None = None  # its data rows, once counted
        self.in_database = 0  # postings in the database when the file was read
        self.forced_kind = kind
        self.preview_report: importer.ImportReport | None = None
        self.report: importer.ImportReport | None = None
        self.plan: importer.ImportPlan | None = None  # what the preview showed; the import writes it
        self._import_after = False
        self.task: Job | None = None
        self.task_mode = ""  # read | preview | import
        self._preview_stale = True
        self._preview_after = False
        self._preview_failed = False  # the file cannot be imported as it is (a problem below its head)

        self.mapping_model = MappingModel(self)
        self.rejects_model = RejectsModel(self)
        self._build()
        self.mapping_model.mappingChanged.connect(self._mapping_changed)
        self._update_state()
        self.resize(920, 720)
        if path is not None:
            self.load_file(path)

    # -- state --------------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def busy(self) -> bool:
        return self.task is not None

    def _update_state(self) -> None:
        busy = self.busy()
        loaded = self.table is not None
        done = self.report is not None and self.report.committed
        missing = bool(self.mapping_model.missing_required())
        needs_name = self.save_check.isChecked() and not self.source_edit.text().strip()
        refused = bool(self.preview_report and self.preview_report.rejected and not self.partial_check.isChecked())
        for widget in (self.browse_button, self.kind_combo, self.saved_combo, self.mapping_view,
                       self.save_check, self.partial_check):
            widget.setEnabled(not busy and not done)
        self.full_check.setVisible(self.kind == "postings")
        for widget in (self.registry_label, self.registry_combo):
            widget.setVisible(self.kind == "registrants")
        self.registry_combo.setEnabled(not busy and not done)
        self.full_note.setVisible(self.kind == "postings" and bool(self.full_note.text()))
        self.full_check.setEnabled(not busy and not done)
        self.source_edit.setEnabled(not busy and not done and self.save_check.isChecked())
        self.preview_button.setEnabled(loaded and not busy and not missing and not done)
        self.import_button.setEnabled(loaded and not busy and not missing and not done and not needs_name
                                      and not refused and not self._preview_failed)
        self.import_button.setDefault(self.import_button.isEnabled())
        self.cancel_button.setVisible(busy and self.task_mode in ("read", "import", "preview"))
        self.cancel_button.setEnabled(busy and self.task is not None and not self.task.cancel_requested())
        self.close_button.setEnabled(not (busy and self.task_mode == "import"))
        self.progress.setVisible(busy)

    def _mapping_changed(self) -> None:
        missing = self.mapping_model.missing_required()
        if missing:
            names = ", ".join(columns.field_spec(self.kind, key).label for key in missing)
            self.missing_label.setText(self.tr("Required fields with no column: %1. Choose them in the table.")
                                       .replace("%1", names))
        else:
            self.missing_label.setText("")
        if self.preview_report is not None and not self._preview_stale:
            self.preview_label.setText(self.tr("The columns changed: press Preview to check the rows again."))
        self._preview_stale = True
        self.mapping_view.resizeRowsToContents()
        self._open_editors()
        self._update_state()

    def _open_editors(self) -> None:
        for row in range(self.mapping_model.rowCount()):
            index = self.mapping_model.index(row, MappingModel.FIELD)
            if not self.mapping_view.isPersistentEditorOpen(index):
                self.mapping_view.openPersistentEditor(index)

    def field_combo(self, header: str) -> QComboBox:
        """The combo box that sets the field of ``header`` (for keyboard users and tests)."""
        row = self.mapping_model.headers.index(header)
        widget = self.mapping_view.indexWidget(self.mapping_model.index(row, MappingModel.FIELD))
        assert isinstance(widget, QComboBox)
        return widget

    # -- choosing the file --------------------------------------------------------------------------

    def browse(self) -> None:
        start = str(self.path.parent) if self.path else ""
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), start,
            self.tr("Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"),
        )
        if name:
            self.load_file(name)

    def _path_typed(self) -> None:
        text = self.path_edit.text().strip().strip('"').strip("'")
        if text.startswith("file://"):
            from urllib.parse import unquote, urlparse

            text = unquote(urlparse(text).path)
        if not text or (self.path is not None and Path(text) == self.path):
            return
        if not Path(text).expanduser().is_file():
            self.status_label.setText(self.tr("No such file: %1").replace("%1", text))
            return
        self.load_file(Path(text).expanduser())

    def _read_with_count(self, path: Path, **kwargs: Any) -> tuple[Any, int | None, int]:
        """In a worker: the file's head (headers and first rows; the rest is not held), its data rows
        when known, and how many postings the database holds (for the full-list default).

        A postings file longer than the head is counted now (a few thousand rows: the full-list
        default needs the number before the preview); a registrants file is counted by the preview.
        """
        head = self.app.read_head(path)
        total = head.total
        kind = self.forced_kind if self.forced_kind in KINDS else columns.guess_kind(head.headers)
        if total is None and kind == "postings":
            total = self.app.count_rows(path, **kwargs)
        return head, total, self.app.overview().postings

    def load_file(self, path: str | Path) -> None:
        """Read the file in the background; the mapping and a preview follow. Messages about an
        earlier file are cleared."""
        if self.busy():
            return
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.table = None
        self.total_rows = None
        self._preview_failed = False
        self.preview_report = None
        self.report = None
        self.status_label.setText("")
        self.missing_label.setText("")
        self.full_note.setText("")
        self.rejects_model.set_rejects([])
        for label in (self.encoding_label, self.header_row_label, self.rows_label):
            label.setText("…")
        self.preview_label.setText(self.tr("Reading the file…"))
        path_ = self.path
        self.plan = None
        self._run("read", self._read_with_count, path_)

    def _file_read(self, result: Any) -> None:
        table, total, in_database = result
        self.table = table
        self.in_database = in_database
        # A file with fewer rows than the postings already here is not the full export: default off.
        full = (total if total is not None else table.estimated_rows) >= in_database
        self.full_check.blockSignals(True)
        self.full_check.setChecked(full)
        self.full_check.blockSignals(False)
        self._show_rows(total)
        self.encoding_label.setText(table.encoding + (f" — {table.sheet}" if table.sheet else ""))
        self.header_row_label.setText(str(table.header_row))
        kind = self.forced_kind if self.forced_kind in KINDS else columns.guess_kind(table.headers)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self._fill_saved()
        self.mapping_model.set_table(table.headers, table.rows, kind)
        if self.source_edit.text() == "" and self.path is not None:
            self.source_edit.setText(self.path.stem)
        self._preview_after = True  # once the reading task has ended

    def _show_rows(self, total: int | None) -> None:
        """The "Data rows" label and the full-list note: the count, or an estimate until the preview
        has read every row (a long file is not read twice)."""
        self.total_rows = total
        n = total if total is not None else self.table.estimated_rows if self.table is not None else 0
        self.rows_label.setText(f"{total:,}" if total is not None else
                                self.tr("about %1 (counted by the preview)").replace("%1", f"{n:,}"))
        self.full_note.setText(
            self.tr("Ticked, postings in the database that this file does not list are marked missing (never "
                    "deleted). The file has %1 rows and the database %2 postings, so it is %3.")
            .replace("%1", f"{n:,}").replace("%2", f"{self.in_database:,}")
            .replace("%3", self.tr("probably the full list") if n >= self.in_database
                     else self.tr("probably only a part")))

    def _kind_chosen(self) -> None:
        if self.table is None or self.mapping_model.kind == self.kind:
            return
        self.mapping_model.set_kind(self.kind)
        self._fill_saved()
        self.preview()

    def _fill_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("(suggested)"), "")
        kind = self.kind
        # A missing list must not stop the import: errors are only logged (by the runner).
        self.runner.run(self.app.saved_mapping_sources, kind, on_result=lambda sources: self._saved_listed(kind, sources))

    def _saved_listed(self, kind: str, sources: list[str]) -> None:
        if kind != self.kind:
            return
        for source in sources:
            self.saved_combo.addItem(source, source)
        if kind == "registrants":
            self.runner.run(self.app.registrant_sources, on_result=self._registries_listed,
                            on_error=lambda _exc: None)  # a missing list must not stop the import

    def _registries_listed(self, registries: list[str]) -> None:
        current = self.registry_combo.currentText()
        self.registry_combo.clear()
        self.registry_combo.addItems(registries)
        if current:
            self.registry_combo.setCurrentText(current)

    def _saved_chosen(self) -> None:
        source = self.saved_combo.currentData()
        if source:
            self.runner.run(self.app.load_mapping, self.kind, source,
                            on_result=lambda saved: self._saved_loaded(source, saved or {}))
            return
        else:
            self.mapping_model.set_kind(self.kind)
        self.preview()

    def _saved_loaded(self, source: str, saved: dict[str, str]) -> None:
        self.mapping_model.apply_saved(saved)
        self.source_edit.setText(source)
        if self.kind == "registrants":  # the registry saved with the mapping
            self.runner.run(self.app.mapping_registry, source, on_result=self.registry_combo.setCurrentText)
        self.preview()

    # -- preview and import -------------------------------------------------------------------------

    def options(self, *, dry_run: bool) -> importer.ImportOptions:
        save_as = self.source_edit.text().strip() if self.save_check.isChecked() else None
        return importer.ImportOptions(
            dry_run=dry_run,
            accept_partial=self.partial_check.isChecked(),
            full_export=self.full_check.isChecked(),
            sheet=getattr(self.table, "sheet", None),
            mapping=self.mapping_model.mapping(),
            coordinator=self.coordinator,
            save_mapping_as=None if dry_run else (save_as or None),
            source=(self.registry_combo.currentText().strip() or None) if self.kind == "registrants" else None,
        )

    def preview(self) -> None:
        """A dry run: what would be added, updated, unchanged and rejected."""
        if self.table is None or self.busy() or self.mapping_model.missing_required():
            return
        self.preview_label.setText(self.tr("Checking every row…"))
        self.plan = None
        self._preview_failed = False
        self._run("preview", self.app.preview_import, self.kind, self.path, self.options(dry_run=True))

    def _previewed(self, plan: importer.ImportPlan) -> None:
        self.plan = plan
        report = plan.report
        self.preview_report = report
        self._preview_stale = False
        if self.total_rows is None:
            self._show_rows(report.total_rows)  # the preview has read every row
        self.rejects_model.set_rejects(report.rejects)
        self.rejects_view.resizeRowsToContents()
        text = self.tr("To add: %1 · to update: %2 · unchanged: %3 · rejected: %4")
        for n, value in enumerate((report.imported, report.updated, report.unchanged, report.rejected), 1):
            text = text.replace(f"%{n}", str(value))
        if report.flagged_missing:
            text += "\n" + self.tr("%1 postings already in the desk are not in this file: they will be marked "
                                   "as missing.").replace("%1", str(report.flagged_missing))
        if plan.kind == "postings":  # pure computation over the parsed rows (no database)
            from desk.core.year_check import far_years

            usual, far = far_years((r.source_id, [s[0] for s in r.slots]) for r in plan.prepared.valid)
            if far:
                listed = ", ".join(f"{sid} ({year})" for sid, year in far[:8]) + (" …" if len(far) > 8 else "")
                text += "\n⚠ " + self.tr("%1 postings have dates far from this file's usual year %2: %3. "
                                          "Check the year before importing.") \
                    .replace("%1", str(len(far))).replace("%2", str(usual)).replace("%3", listed)
        text += self._conflicts_text(report)
        if report.rejected and not self.partial_check.isChecked():
            text += "\n" + self.tr("Rows with problems stop the import: correct the file, or tick "
                                   "\"skip the rejected ones\" below.")
        self.preview_label.setText(text)

    def _full_export_toggled(self) -> None:
        if self.preview_report is not None and not self.busy():
            self.preview()

    def start_import(self) -> None:
        if self.table is None or self.busy():
            return
        if self.plan is None or self._preview_stale:
            self._import_after = True  # the columns changed: check the rows again, then import that
            self.preview()
            return
        options = self.options(dry_run=False)
        self.status_label.setText(self.tr("Importing…"))
        self._run("import", self._commit, self.plan, accept_partial=options.accept_partial,
                  save_mapping_as=options.save_mapping_as, japanese=current_language() == "ja")

    def _commit(self, plan: Any, *, japanese: bool = False, **kwargs: Any) -> importer.ImportReport:
        """In a worker: commit the plan; in Japanese, the rejects file's reasons are written in Japanese."""
        report = self.app.commit_import(plan, **kwargs)
        if japanese and report.rejects_file and report.rejects:
            self.app.rejects_in_japanese(report.rejects_file, report.rejects)
        return report

    def _imported(self, report: importer.ImportReport) -> None:
        self.report = report
        self.rejects_model.set_rejects(report.rejects)
        if report.refused:
            self.status_label.setText(self.tr("Nothing was imported: %1 rows have problems (listed above).")
                                      .replace("%1", str(report.rejected)))
            self.report = None
            return
        self.status_label.setText(self.summary_text(report))
        self.imported.emit(report)

    def summary_text(self, report: importer.ImportReport) -> str:
        text = self.tr("Imported %1, updated %2, unchanged %3, rejected %4.")
        for n, value in enumerate((report.imported, report.updated, report.unchanged, report.rejected), 1):
            text = text.replace(f"%{n}", str(value))
        if report.flagged_missing:
            text += " " + self.tr("%1 postings are no longer in the file and were marked.").replace(
                "%1", str(report.flagged_missing))
        if report.rejects_file:
            text += " " + self.tr("Rejected rows were saved to %1.").replace("%1", str(report.rejects_file))
        if report.recontact:
            text += "\n" + self.tr("%1 bookings are on postings this file changed: call them again (the "
                                    "re-contact list).").replace("%1", str(report.recontact))
        return text + self._conflicts_text(report)

    def _conflicts_text(self, report: importer.ImportReport) -> str:
        """Coordinators' edits the file disagrees with: kept, and named so someone checks them."""
        if not report.conflicts:
            return ""
        shown = ", ".join(f"{c.registrant_source_id} {c.field} ({c.kept} ≠ {c.imported})"
                          for c in report.conflicts[:5]) + (" …" if len(report.conflicts) > 5 else "")
        return "\n" + self.tr("%1 fields edited by coordinators differ in this file; the edits are kept: %2") \
            .replace("%1", str(len(report.conflicts))).replace("%2", shown)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status_label.setText(self.tr("Cancelling…"))
            self._update_state()

    # -- running work -------------------------------------------------------------------------------

    def _run(self, mode: str, fn: Any, *args: Any, **kwargs: Any) -> None:
        self.task_mode = mode
        self.progress.setRange(0, 0)
        # Bound methods: the callbacks reach the dialog without keeping a job alive through it.
        self.task = self.runner.run(fn, *args, on_result=self._succeeded, on_error=self._failed,
                                    on_progress=self._progressed, on_finished=self._task_finished,
                                    with_cancel=True, **kwargs)
        self._update_state()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _succeeded(self, result: Any) -> None:
        mode = self.task_mode
        if mode == "read":
            self._file_read(result)
        elif mode == "preview":
            self._previewed(result)
        else:
            self._imported(result)

    def _failed(self, exc: BaseException) -> None:
        mode = self.task_mode
        if isinstance(exc, importer.ImportCancelled):
            if mode == "import":
                self.status_label.setText(self.tr("Import cancelled; the database was left as it was."))
            elif mode == "read":
                self.table = None
                self.preview_label.setText(self.tr("Reading cancelled."))
                for label in (self.encoding_label, self.header_row_label, self.rows_label):
                    label.setText("—")
            else:
                self.preview_label.setText(self.tr("Preview cancelled."))
            return
        message = plain_message(exc)
        if mode == "read":
            self.table = None
            self.preview_label.setText(self.tr("The file could not be read."))
            for label in (self.encoding_label, self.header_row_label, self.rows_label):
                label.setText("—")
        elif mode == "preview":
            self.preview_label.setText(self.tr("The preview failed: %1").replace("%1", message))
            self._preview_failed = True
            return
        else:
            self.status_label.setText(self.tr("The import failed; the database was left as it was."))
            if isinstance(exc, importer.ImportStale):
                self.plan, self._preview_stale = None, True  # preview again before importing
        title = {
            "read": QCoreApplication.translate("ImportDialog", "The file could not be read"),
            "import": QCoreApplication.translate("ImportDialog", "The import failed"),
        }[mode]
        if isinstance(exc, importer.ImportStale):
            words = (self.tr("The file changed on disk after the preview; nothing was imported. Preview it again.")
                     if exc.what == "file" else
                     self.tr("The database changed after the preview (a colleague imported or edited the same "
                             "records); nothing was imported. Preview it again."))
            show_error(self, title, words, details=str(exc))
            return
        show_error(self, title, exc)

    def _task_finished(self) -> None:
        mode = self.task_mode
        self.task, self.task_mode = None, ""
        self._update_state()
        if self._preview_after:
            self._preview_after = False
            self.preview()
        elif self._import_after and mode == "preview":
            self._import_after = False
            if self.plan is not None and self.import_button.isEnabled():
                self.start_import()

    # -- closing ------------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.task is not None:
            if self.task_mode == "import":
                return  # the user cancels the import first; the Close button is disabled meanwhile
            self.task.cancel()
            self.task.wait()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is not None and self.task_mode == "import":
            event.ignore()
            return
        super().closeEvent(event)
