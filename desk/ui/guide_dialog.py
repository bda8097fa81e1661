"""Help ▸ Guide: the day's work in 10 steps, in Japanese, with screenshots (resources/guide, shipped
with the bundle), beside the shortcut list (F1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desk import paths


def guide_dir() -> Path:
    return paths.resources_dir() / "guide"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Guide: the day's work in 10 steps"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(guide_dir())])
        page = guide_dir() / "guide_ja.html"
        if page.is_file():
            self.browser.setHtml(page.read_text(encoding="utf-8"))
        else:
            self.browser.setPlainText(self.tr("The guide is missing from this installation (%1).")
                                      .replace("%1", str(page)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(700, 720)
