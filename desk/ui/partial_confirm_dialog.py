"""Confirming only the slots that work: a checklist of the posting's slots, the clashing ones named
with the other venue and time, those outside the stated availability and those never stated
(ask the registrant) left unticked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PartialConfirmDialog(QDialog):
    def __init__(self, name: str, options: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partialConfirmDialog")
        self.setWindowTitle(self.tr("Confirm which slots?"))
        self.options = list(options)
        head = QLabel(self.tr("Not every slot works for %1. Tick the slots to confirm:").replace("%1", name))
        head.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("slotChecklist")
        for opt in self.options:
            item = QListWidgetItem(f"{opt.label}  {self.describe(opt)}".rstrip())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if opt.status == "ok" else Qt.CheckState.Unchecked)
            if opt.status == "clash":
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(self.tr("Confirm ticked slots"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _i: self.ok.setEnabled(bool(self.chosen())))
        self.ok.setEnabled(bool(self.chosen()))
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.buttons)

    def describe(self, opt: Any) -> str:
        if opt.status == "clash":
            return (self.tr("— booked at %1 %2 (%3, posting %4)").replace("%1", opt.other_municipality or "")
                    .replace("%2", opt.other_venue or "?").replace("%3", opt.other_label)
                    .replace("%4", opt.other_posting))
        if opt.status == "outside":
            return self.tr("— outside the stated availability")
        if opt.status == "unstated":
            return self.tr("— availability not stated: ask")
        return ""

    def chosen(self) -> list[Any]:
        return [opt for i, opt in enumerate(self.options)
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
