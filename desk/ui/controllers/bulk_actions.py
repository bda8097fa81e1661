"""Several candidates selected (Shift/Ctrl+click): propose them all, mark them all called, or print
a candidate sheet of just them. A bar under the list appears with two or more selected; the changes
go through the facade on the runner, each registrant on its own, and the refusals are told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QWidget

from desk.ui.errors import plain_message
from desk.ui.models.base import ID_ROLE

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class BulkActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        c = window.candidates
        c.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.bar = QWidget(c)
        self.bar.setObjectName("bulkBar")
        lay = QHBoxLayout(self.bar)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.propose_button = QPushButton(self.tr("Propose all"))
        self.propose_button.setObjectName("bulkPropose")
        self.called_button = QPushButton(self.tr("Mark all contacted"))
        self.called_button.setObjectName("bulkContacted")
        self.sheet_button = QPushButton(self.tr("Sheet of these…"))
        self.sheet_button.setObjectName("bulkSheet")
        for wdg in (self.label, self.propose_button, self.called_button, self.sheet_button):
            lay.addWidget(wdg)
        lay.addStretch(1)
        layout = c.layout()
        assert layout is not None
        layout.insertWidget(layout.indexOf(c.side) + 1, self.bar)
        self.bar.setVisible(False)
        self.propose_button.clicked.connect(lambda: self.apply("proposed"))
        self.called_button.clicked.connect(lambda: self.apply("contacted"))
        self.sheet_button.clicked.connect(self.sheet)
        c.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        c.model.modelReset.connect(self._update)

    def selected(self) -> list[tuple[int, str]]:
        """(registrant id, 登録ID) of the selected candidates, in list order."""
        c = self.w.candidates
        rows = sorted({i.row() for i in c.table.selectionModel().selectedRows()})
        out = []
        for r in rows:
            idx = c.model.index(r, 0)
            out.append((int(idx.data(ID_ROLE) or 0), str(c.model.row_at(r).source_id)))
        return out

    def _update(self) -> None:
        n = len(self.selected())
        self.bar.setVisible(n >= 2)
        self.label.setText(self.tr("%1 selected:").replace("%1", str(n)))

    def apply(self, state: str) -> Any:
        posting = self.w.work._posting
        chosen = [src for _rid, src in self.selected()]
        if posting is None or not chosen or self.w.work.writing:
            return None
        self.w.work._writing(True)

        def done(out: Any) -> None:
            self.w.work._writing(False)
            text = self.tr("%1 of %2 changed").replace("%1", str(len(out.done))).replace("%2", str(len(chosen)))
            if out.refused:
                lines = "\n".join(f"{rid}: {why}" for rid, why in out.refused)
                self.w.work.inform(self.tr("Not all could be changed"), text + "\n\n" + lines)
            self.w.statusBar().showMessage(text, 8000)
            self.w.work._after_change(posting.source_id)

        def failed(exc: BaseException) -> None:
            self.w.work._writing(False)
            self.w.work.inform(self.tr("The change was not recorded"), plain_message(exc))

        return self.w.runner.run(self.w.app.transition_many, posting.source_id, chosen, state,
                                 on_result=done, on_error=failed,
                                 waiting_for=self.tr("Waiting for the database to record the change"))

    def sheet(self) -> Any:
        """A coordinator sheet of the selected candidates only (their 登録IDs are the printed filter)."""
        chosen = [src for _rid, src in self.selected()]
        posting = self.w.work._posting
        if posting is None or not chosen:
            return None
        return self.w.actions.printing.save_pdf(filter_text=",".join(chosen), posting_ids=[posting.source_id])
