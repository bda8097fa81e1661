"""The interface is Japanese by default through Qt's translation system; English is selectable.

The .ts file is the source of the translations: every string in desk/ui must be in it and
translated, and the committed .qm must be what lrelease builds from it.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desk.ui.i18n import install_translator, remove_translators, translations_dir

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "desk_ja.ts"
QM = ROOT / "resources" / "translations" / "desk_ja.qm"


def _tool(name: str) -> str | None:
    for candidate in (ROOT / ".venv" / "bin" / f"pyside6-{name}", shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, with desk's translators removed and the locale restored afterwards."""
    locale = QLocale()
    yield qapp
    remove_translators(qapp)
    QLocale.setDefault(locale)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def test_japanese_is_installed_and_translates_the_desk(app: QApplication) -> None:
    assert translations_dir() == QM.parent
    assert install_translator(app, "ja")
    assert tr("ImportDialog", "Import a file") == "ファイルの取込"
    assert tr("SettingsDialog", "Settings") == "設定"
    assert tr("Labels", "Confirmed") == "確定"
    assert tr("Labels", "Declined") == "辞退"
    # A string of the main window.
    assert tr("MainWindow", "Postings") == "募集"
    # Qt's own buttons come from qtbase_ja.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert QLocale().language() == QLocale.Language.Japanese


def test_english_is_the_source_language(app: QApplication) -> None:
    install_translator(app, "ja")
    assert install_translator(app, "en")
    assert tr("ImportDialog", "Import a file") == "Import a file"
    assert not install_translator(app, "xx")


def test_every_string_is_translated() -> None:
    root = ET.parse(TS).getroot()
    unfinished = [
        f"{ctx.findtext('name')}: {msg.findtext('source')}"
        for ctx in root.iter("context") for msg in ctx.iter("message")
        if (msg.find("translation") is None or msg.find("translation").get("type") == "unfinished"
            or not (msg.findtext("translation") or "").strip())
    ]
    assert not unfinished, "translate these in resources/translations/desk_ja.ts:\n" + "\n".join(unfinished)


def test_the_ts_file_holds_every_string_of_the_code(tmp_path: Path) -> None:
    lupdate = _tool("lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / "desk_ja.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "desk" / "ui").rglob("*.py"))
    subprocess.run([lupdate, "-silent", "-locations", "none", "-no-obsolete", "-source-language", "en",
                    "-target-language", "ja", *sources, "-ts", str(copy)], check=True, capture_output=True)
    root = ET.parse(copy).getroot()
    new = [f"{ctx.findtext('name')}: {msg.findtext('source')}"
           for ctx in root.iter("context") for msg in ctx.iter("message")
           if msg.find("translation") is not None and msg.find("translation").get("type") == "unfinished"]
    assert not new, ("strings not yet in desk_ja.ts (run scripts/build_translations.sh and translate them):\n"
                     + "\n".join(new))


def test_the_committed_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    lrelease = _tool("lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    built = tmp_path / "desk_ja.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes(), "run scripts/build_translations.sh and commit desk_ja.qm"
