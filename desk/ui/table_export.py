"""Export any table of the window as shown: the visible columns in their on-screen order and the
rows as filtered and sorted, to .xlsx or .csv (File ▸ Export this table…, Ctrl+Shift+E, or the
table's right-click menu). The file is written by the facade (export_table) on the runner; tables
holding personal data are recorded in the export history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from desk.ui.errors import show_error

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


def table_contents(view: QTableView) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) as the table shows them: visible columns in visual order, display texts."""
    model = view.model()
    header_view = view.horizontalHeader()
    columns = [header_view.logicalIndex(v) for v in range(header_view.count())]
    columns = [c for c in columns if not view.isColumnHidden(c)]
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)
                  or model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "")
              for c in columns]
    rows = []
    for r in range(model.rowCount()):
        if view.isRowHidden(r):
            continue
        rows.append([_cell(model.index(r, c)) for c in columns])
    return header, rows


def _cell(index: Any) -> Any:
    value = index.data(Qt.ItemDataRole.DisplayRole)
    if value in (None, ""):
        # an icon-only cell (the masked column) is written as its accessible text
        value = index.data(Qt.ItemDataRole.AccessibleTextRole) or ""
    return value


class TableExporter(QObject):
    """Which tables can be exported, their names and whether they hold personal data."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        #: choose_path(suggested) -> path or None; replaced in tests (no modal dialog there).
        self.choose_path = self._ask_path
        self.last_saved: Path | None = None

    def tables(self) -> dict[QTableView, tuple[str, bool]]:
        """table -> (title, holds personal data)."""
        w = self.w
        found: dict[QTableView, tuple[str, bool]] = {
            w.postings.table: (self.tr("Postings"), False),
            w.candidates.table: (self.tr("Candidates"), True),
            w.candidates.excluded_table: (self.tr("Excluded"), True),
            w.registrants_tab.table: (self.tr("Registrants"), True),
            w.registrant.history: (self.tr("Placements"), True),
        }
        for view, title, personal in ((w.log_view, self.tr("Placement log"), True),
                                      (w.summary_view, self.tr("Summary"), False)):
            if view is not None:
                for t in view.findChildren(QTableView):
                    found[t] = (title, personal)
        return found

    def install(self) -> None:
        """File ▸ Export this table… (Ctrl+Shift+E) and a right-click "Export this table…" on every table."""
        from desk.ui.main_window import add_action

        file_menu = self.w.menuBar().actions()[0].menu()
        self.action = add_action(self.w, file_menu, self.tr("Export this table…"), lambda: self.export(),
                                 QKeySequence("Ctrl+Shift+E"), "exportTableMenuAction")
        file_menu.insertAction(self.w.actions.export_history_action, self.action)
        for table in self.tables():
            act = QAction(self.tr("Export this table…"), table)
            act.setObjectName("exportTableAction")
            act.triggered.connect(lambda _c=False, t=table: self.export(t))
            if table.contextMenuPolicy() in (Qt.ContextMenuPolicy.DefaultContextMenu,
                                             Qt.ContextMenuPolicy.ActionsContextMenu):
                table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
                table.addAction(act)

    def current_table(self) -> QTableView | None:
        """The table with the keyboard focus, else the main table of the tab shown."""
        tables = self.tables()
        focus = self.w.focusWidget()
        for t in tables:
            if focus is not None and (focus is t or t.isAncestorOf(focus)):
                return t
        tab = self.w.tabs.currentWidget()
        if tab is self.w.outer:
            return self.w.postings.table
        for t in tables:
            if tab is not None and tab.isAncestorOf(t) and t.isVisible():
                return t
        return None

    def export(self, table: QTableView | None = None, path: str | None = None) -> Any:
        table = table or self.current_table()
        if table is None:
            return None
        title, personal = self.tables().get(table, (self.tr("Table"), True))
        header, rows = table_contents(table)
        path = path or self.choose_path(str(Path.home() / f"{title}.xlsx"))
        if not path:
            return None
        filters = {"shown_rows": len(rows)}

        def saved(result: Any) -> None:
            self.last_saved = Path(result.path)
            self.w.statusBar().showMessage(self.tr("Saved %1 rows to %2").replace("%1", str(result.rows))
                                           .replace("%2", str(result.path)), 8000)

        return self.w.runner.run(self.w.app.export_table, path, title, header, rows, personal=personal,
                                 filters=filters, on_result=saved,
                                 on_error=lambda exc: show_error(self.w, self.tr("Export this table"), exc),
                                 waiting_for=self.tr("Waiting for the database: the export"))

    def _ask_path(self, suggested: str) -> str | None:
        parent: QWidget = self.w
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("Export this table"), suggested,
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        return path or None


