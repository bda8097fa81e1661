"""Candidate sheets from the window: save as PDF, print preview and print.

The sheet is made once, by desk.print (reportlab, embedded IPAex Gothic). Save as PDF writes those
bytes. Preview and printing show the same pages rasterised with poppler's ``pdftoppm`` (QtPdf is
not part of PySide6-Essentials); without pdftoppm they are switched off and Save as PDF remains.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.ui.errors import show_error
from desk.ui.runner import Job

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


def available() -> bool:
    return True


def can_rasterise() -> bool:
    return shutil.which("pdftoppm") is not None


def rasterise(pdf: bytes, dpi: int = 110) -> list[QImage]:
    """The pages of a PDF as images (pdftoppm), in order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise RuntimeError("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="desk-sheet-") as tmp:
        src = Path(tmp) / "sheet.pdf"
        src.write_bytes(pdf)
        subprocess.run([exe, "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=120)
        pages = sorted(Path(tmp).glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
        return [QImage(str(p)) for p in pages]


class PreviewDialog(QDialog):
    def __init__(self, images: list[QImage], parent: QWidget | None = None, on_print: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetPreview")
        self.setWindowTitle(self.tr("Print preview"))
        host = QWidget()
        lay = QVBoxLayout(host)
        for img in images:
            lab = QLabel()
            lab.setPixmap(QPixmap.fromImage(img))
            lab.setStyleSheet("border: 1px solid #999; background: white;")
            lay.addWidget(lab, 0, Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(host)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if on_print is not None:
            b = buttons.addButton(self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
            b.clicked.connect(on_print)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self.resize(980, 900)


class PrintController(QObject):
    """Sheets for the postings selected in the postings pane."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        #: audience chooser; replaced in tests (no modal exec there).
        self.choose_audience = self._ask_audience
        self.choose_path = self._ask_path
        self.dialogs: list[QDialog] = []
        self.last_saved: Path | None = None

    def _source_ids(self) -> list[str]:
        rows = [self.w.postings.row(pid) for pid in self.w.postings.selected_ids()]
        return [r.source_id for r in rows if r is not None]

    def _ask_audience(self) -> str | None:
        items = [self.tr("Coordinator sheet (candidates with contact details; stays at the desk)"),
                 self.tr("Public sheet (for circulation; masked postings show only the masked scope)")]
        item, ok = QInputDialog.getItem(self.w, self.tr("Sheet"), self.tr("Which sheet?"), items, 0, False)
        if not ok:
            return None
        return "coordinator" if item == items[0] else "public"

    def _ask_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.w, self.tr("Save sheet as PDF"), suggested, "PDF (*.pdf)")
        return path or None

    def _filter_text(self) -> str | None:
        return self.w.candidates.filter_edit.text().strip() or None

    def _nothing_selected(self) -> bool:
        if self._source_ids():
            return False
        self.w.statusBar().showMessage(self.tr("Select one or more postings first"), 5000)
        return True

    def save_pdf(self, filter_text: str | None = None, posting_ids: list[str] | None = None) -> Job | None:
        """Ask which sheet and where, then write it (in a worker); ``last_saved`` holds the file.
        ``filter_text`` / ``posting_ids`` replace the candidate filter and the selected postings (the
        sheet of selected candidates)."""
        if posting_ids is None and self._nothing_selected():
            return None
        ids = posting_ids or self._source_ids()
        filter_text = filter_text if filter_text is not None else self._filter_text()
        audience = self.choose_audience()
        if audience is None:
            return None
        path = self.choose_path(str(Path.home() / f"sheet-{ids[0]}{'' if len(ids) == 1 else '-etc'}.pdf"))
        if not path:
            return None

        def saved(result: Any) -> None:
            self.last_saved = Path(result.path)
            self.w.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(result.path)), 8000)

        return self.w.runner.run(self.w.app.write_sheet, path, ids, audience=audience, filter_text=filter_text,
                                 on_result=saved, on_error=lambda exc: show_error(self.w, self.tr("Save as PDF"), exc),
                                 waiting_for=self.tr("Making the sheet…"))

    def _render_pages(self, ids: list[str], audience: str, filter_text: str | None) -> tuple[bytes, list[QImage]]:
        """In a worker: the sheet's PDF and its pages as images."""
        pdf = self.w.app.render_sheet(ids, audience=audience, filter_text=filter_text)
        return pdf, rasterise(pdf)

    def preview(self) -> Job | None:
        if self._nothing_selected():
            return None
        if not can_rasterise():
            self.w.statusBar().showMessage(self.tr("Preview needs pdftoppm (poppler-utils); use Save as PDF"), 8000)
            return None
        audience = self.choose_audience()
        if audience is None:
            return None
        ids = self._source_ids()

        def show(out: tuple[bytes, list[QImage]]) -> None:
            pdf, images = out
            dlg = PreviewDialog(images, self.w, on_print=lambda: self._print_pdf(pdf, audience, ids))
            self.dialogs.append(dlg)
            dlg.finished.connect(lambda _r: self.dialogs.remove(dlg))
            dlg.open()

        return self.w.runner.run(self._render_pages, ids, audience, self._filter_text(), on_result=show,
                                 on_error=lambda exc: show_error(self.w, self.tr("Print preview"), exc),
                                 waiting_for=self.tr("Making the sheet…"))

    def print_(self) -> Job | None:
        if self._nothing_selected():
            return None
        if not can_rasterise():
            self.w.statusBar().showMessage(self.tr("Printing needs pdftoppm (poppler-utils); use Save as PDF"), 8000)
            return None
        audience = self.choose_audience()
        if audience is None:
            return None
        ids = self._source_ids()
        return self.w.runner.run(self.w.app.render_sheet, ids, audience=audience, filter_text=self._filter_text(),
                                 on_result=lambda pdf: self._print_pdf(pdf, audience, ids),
                                 on_error=lambda exc: show_error(self.w, self.tr("Print"), exc),
                                 waiting_for=self.tr("Making the sheet…"))

    def _print_pdf(self, pdf: bytes, audience: str, ids: list[str]) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self.w)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        # Recorded first, with the candidates really printed: nothing leaves unrecorded.
        self.w.runner.run(self.w.app.record_sheet_print, ids, audience=audience, printer=printer.printerName(),
                          filter_text=self._filter_text(),
                          on_result=lambda _none: paint_pages(
                              printer, rasterise(pdf, dpi=min(300, max(150, printer.resolution())))),
                          on_error=lambda exc: show_error(self.w, self.tr("Print"), exc))
        return True


def paint_pages(printer: QPrinter, images: list[QImage]) -> None:
    """Each image fills one page, aspect kept."""
    painter = QPainter(printer)
    try:
        for n, img in enumerate(images):
            if n:
                printer.newPage()
            page = printer.pageLayout().paintRectPixels(printer.resolution())
            target = img.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, target.width(), target.height()), img)
    finally:
        painter.end()
