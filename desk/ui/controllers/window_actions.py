"""The window's menus and commands: import, demo data, exports, settings, printing, help, navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class WindowActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from desk.ui.main_window import add_action

        self.w = w = window
        self.dialogs: list[Any] = []  # keep non-modal dialogs alive
        self.last_saved: Path | None = None
        mb = w.menuBar()

        file_menu = mb.addMenu(self.tr("&File"))
        self.import_action = add_action(w, file_menu, self.tr("Import file…"), self.open_import,
                                        QKeySequence.StandardKey.Open, "importAction")
        self.demo_action = add_action(w, file_menu, self.tr("Load demo data…"), self.offer_demo, None, "demoAction")
        file_menu.addSeparator()
        from desk.ui import printing

        self.printing = printing.PrintController(w)
        self.preview_action = add_action(w, file_menu, self.tr("Print preview…"), self.printing.preview,
                                         "Ctrl+Alt+P", "previewAction")
        self.print_action = add_action(w, file_menu, self.tr("Print candidate sheet…"), self.printing.print_,
                                       QKeySequence.StandardKey.Print, "printAction")
        self.pdf_action = add_action(w, file_menu, self.tr("Save candidate sheet as PDF…"), self.printing.save_pdf,
                                     "Ctrl+Shift+S", "pdfAction")
        file_menu.addSeparator()
        self.export_postings_action = add_action(w, file_menu, self.tr("Export postings list…"),
                                                 self.export_postings, None, "exportPostingsAction")
        self.export_history_action = add_action(w, file_menu, self.tr("Export history…"), self.open_export_history,
                                                None, "exportHistoryAction")
        #: who the postings list is for and where it goes; replaced in tests (no modal dialogs there).
        self.choose_postings_export = self._ask_postings_export
        self.choose_postings_path = self._ask_postings_path
        #: ask_demo(postings, registrants) -> load? Replaced in tests (no modal exec there).
        self.ask_demo = self._ask_demo
        file_menu.addSeparator()
        add_action(w, file_menu, self.tr("Quit"), w.close, QKeySequence.StandardKey.Quit, "quitAction")

        self.edit_menu = edit_menu = mb.addMenu(self.tr("&Edit"))
        edit_menu.addAction(w.work.undo_action)
        w.addAction(w.work.undo_action)
        add_action(w, edit_menu, self.tr("Find / filter"), w.focus_filter, QKeySequence.StandardKey.Find, "findAction")
        edit_menu.addSeparator()
        self.settings_action = add_action(w, edit_menu, self.tr("Settings…"), self.open_settings, "Ctrl+,",
                                          "settingsAction")

        place_menu = mb.addMenu(self.tr("&Placement"))
        for act in w.work.actions.values():
            place_menu.addAction(act)
            w.addAction(act)

        view_menu = mb.addMenu(self.tr("&View"))
        add_action(w, view_menu, self.tr("Next pane"), w.cycle_panes, "F6", "nextPaneAction")
        add_action(w, view_menu, self.tr("Postings pane"), lambda: w.focus_pane(0), "Ctrl+1", "pane1Action")
        add_action(w, view_menu, self.tr("Candidates pane"), lambda: w.focus_pane(1), "Ctrl+2", "pane2Action")
        add_action(w, view_menu, self.tr("Registrant pane"), lambda: w.focus_pane(2), "Ctrl+3", "pane3Action")
        view_menu.addSeparator()
        add_action(w, view_menu, self.tr("Next posting"), lambda: w.postings.move(1), "Ctrl+Down", "nextPosting")
        add_action(w, view_menu, self.tr("Previous posting"), lambda: w.postings.move(-1), "Ctrl+Up", "prevPosting")
        self.excluded_action = add_action(w, view_menu, self.tr("Show excluded registrants"),
                                          w.candidates.excluded_button.toggle, "Ctrl+E", "excludedAction")
        view_menu.addSeparator()
        add_action(w, view_menu, self.tr("Work view"), lambda: w.tabs.setCurrentIndex(0), "Alt+1", "tab1")
        add_action(w, view_menu, self.tr("Registrants"), lambda: w.tabs.setCurrentIndex(1), "Alt+2", "tab2")
        add_action(w, view_menu, self.tr("Placement log"), lambda: w.tabs.setCurrentWidget(w.log_view),
                   "Alt+3", "tab3")
        add_action(w, view_menu, self.tr("Summary"), lambda: w.tabs.setCurrentWidget(w.summary_view),
                   "Alt+4", "tab4")
        add_action(w, view_menu, self.tr("Reload"), w.reload, QKeySequence.StandardKey.Refresh, "reloadAction")

        help_menu = mb.addMenu(self.tr("&Help"))
        self.help_action = add_action(w, help_menu, self.tr("Keyboard shortcuts"), self.open_shortcuts,
                                      QKeySequence.StandardKey.HelpContents, "shortcutsAction")
        self.guide_action = add_action(w, help_menu, self.tr("Guide: the day's work in 10 steps"), self.open_guide,
                                       "Shift+F1", "guideAction")

    # ---- dialogs (non-modal: open() returns at once; the window reacts to their signals)
    def _keep(self, dlg: Any) -> Any:
        self.dialogs.append(dlg)
        dlg.finished.connect(lambda _r: self.dialogs.remove(dlg) if dlg in self.dialogs else None)
        return dlg

    def open_import(self, path: str | None = None) -> Any:
        from desk.ui.import_dialog import ImportDialog

        dlg = self._keep(ImportDialog(self.w.app, self.w, path=path, runner=self.w.runner))
        dlg.imported.connect(lambda _report: self.w.reload())
        dlg.open()
        return dlg

    def open_settings(self) -> Any:
        from desk.ui.settings_dialog import SettingsDialog

        dlg = self._keep(SettingsDialog(self.w.settings, self.w))
        dlg.saved.connect(self.w.apply_settings)
        dlg.open()
        return dlg

    def open_shortcuts(self) -> Any:
        from desk.ui.help_dialog import ShortcutsDialog

        dlg = self._keep(ShortcutsDialog(None, self.w))
        dlg.open()
        return dlg

    def open_guide(self) -> Any:
        from desk.ui.guide_dialog import GuideDialog

        dlg = self._keep(GuideDialog(self.w))
        dlg.open()
        return dlg

    def open_export_history(self) -> Any:
        from desk.ui.exports_dialog import ExportsDialog

        dlg = self._keep(ExportsDialog(self.w.app, self.w, runner=self.w.runner))
        dlg.open()
        return dlg

    # ---- the postings list to hand on
    def _ask_postings_export(self) -> tuple[str, str] | None:
        from desk.ui.postings_export_dialog import PostingsExportDialog

        dlg = PostingsExportDialog(self.w)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.audience(), dlg.status()

    def _ask_postings_path(self, audience: str) -> str | None:
        name = "募集一覧_内部用.xlsx" if audience == "coordinator" else "募集一覧_公開用.xlsx"
        path, _ = QFileDialog.getSaveFileName(self.w, self.tr("Export postings list"), str(Path.home() / name),
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        return path or None

    def export_postings(self) -> Path | None:
        """Ask who the list is for and where to save it, then export (File ▸ Export postings list…)."""
        choice = self.choose_postings_export()
        if choice is None:
            return None
        audience, status = choice
        path = self.choose_postings_path(audience)
        if not path:
            return None
        return self.export_postings_to(path, audience, status=status)

    def export_postings_to(self, path: str | Path, audience: str = "public", status: str = "open") -> Any:
        """Write the postings list for ``audience`` to ``path`` (in a worker); the result goes to the
        status bar and ``last_saved``."""
        def saved(result: Any) -> None:
            self.last_saved = Path(result.path)
            if audience == "coordinator":
                text = self.tr("Saved %1 postings to %2 (internal list: do not hand it on)")
            else:
                text = self.tr("Saved %1 postings to %2 (public list: masking applied)")
            self.w.statusBar().showMessage(text.replace("%1", str(result.rows)).replace("%2", str(result.path)),
                                           10000)
            for dlg in self.dialogs:
                if hasattr(dlg, "refresh") and dlg.objectName() == "exportsDialog":
                    dlg.refresh()

        def failed(exc: BaseException) -> None:
            from desk.ui.errors import show_error

            show_error(self.w, self.tr("Export postings list"), exc)

        return self.w.runner.run(self.w.app.export_postings, path, audience=audience, status=status,
                                 on_result=saved, on_error=failed,
                                 waiting_for=self.tr("Waiting for the database: the export"))

    # ---- demo data
    def offer_demo(self) -> Any:
        """File ▸ Load demo data: asks first; into a database with data, with Cancel as the default."""
        def counted(o: Any) -> None:
            if self.ask_demo(o.postings, o.registrants):
                self.load_demo(force=bool(o.postings or o.registrants))

        return self.w.runner.run(self.w.app.overview, on_result=counted,
                                 waiting_for=self.tr("Waiting for the database: the counts"))

    def _ask_demo(self, postings: int, registrants: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Load demo data"),
                          self.tr("Add 3,000 made-up registrants and 300 postings to this database?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.w)
        if postings or registrants:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText(
                self.tr("This database already holds %1 postings and %2 registrants. The demo rows would mix "
                        "with them (they are marked as demo in the postings list).")
                .replace("%1", f"{postings:,}").replace("%2", f"{registrants:,}"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def load_demo(self, registrants: int = 3000, postings: int = 300, show_progress: bool = True,
                  force: bool = False) -> Any:
        progress = None
        if show_progress:
            progress = QProgressDialog(self.tr("Creating demo data…"), "", 0, 0, self.w)
            progress.setCancelButton(None)
            progress.setMinimumDuration(0)
            progress.setWindowTitle(self.tr("Demo data"))
            progress.open()

        def on_progress(done: int, total: int) -> None:
            if progress is not None:
                progress.setMaximum(max(total, 1))
                progress.setValue(min(done, max(total, 1)))

        def finished(_result: Any) -> None:
            if progress is not None:
                progress.close()
            self.w.reload()
            self.w.statusBar().showMessage(self.tr("Demo data loaded"), 5000)

        def failed(exc: BaseException) -> None:
            if progress is not None:
                progress.close()
            from desk.ui.errors import show_error

            show_error(self.w, self.tr("Demo data"), exc)

        return self.w.runner.run(self.w.app.load_demo, registrants=registrants, postings=postings, force=force,
                                 on_result=finished, on_error=failed, on_progress=on_progress,
                                 waiting_for=self.tr("Creating demo data…"))


def action_named(window: Any, name: str) -> QAction | None:
    return next((a for a in window.findChildren(QAction) if a.objectName() == name), None)
