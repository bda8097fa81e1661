"""The interface language: Qt's translation system, Japanese by default, English selectable.

Source strings are English (``self.tr("Import")``); ``resources/translations/desk_ja.ts`` holds the
Japanese, built into ``desk_ja.qm`` by ``scripts/build_translations.sh``. Qt's own strings (the
buttons of standard dialogs, context menus) come from PySide6's ``qtbase_ja.qm``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desk import paths

log = logging.getLogger("desk.ui")

#: Languages the settings dialog offers: code -> name shown in that language.
LANGUAGES: dict[str, str] = {"ja": "日本語", "en": "English"}
DEFAULT_LANGUAGE = "ja"

_INSTALLED_ATTR = "_desk_translators"


def translations_dir() -> Path:
    return paths.resources_dir() / "translations"


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def remove_translators(app: QCoreApplication) -> None:
    for translator in getattr(app, _INSTALLED_ATTR, []):
        app.removeTranslator(translator)
    setattr(app, _INSTALLED_ATTR, [])


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Put ``language`` ("ja" or "en") into effect for ``app``; True when it is fully available.

    Earlier desk translators are removed first, so calling it again switches language (widgets
    built before the switch keep their text until they are rebuilt or retranslated). English is
    the source language and needs no file. For Japanese, False means desk_ja.qm was missing or
    unreadable and the interface stays in English.
    """
    remove_translators(app)
    language = (language or DEFAULT_LANGUAGE).lower()
    if language not in LANGUAGES:
        log.warning("unknown interface language %r; using English", language)
        return False
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    installed: list[QTranslator] = []
    ok = False
    desk_translator = QTranslator(app)
    if desk_translator.load(f"desk_{language}", str(translations_dir())):
        app.installTranslator(desk_translator)
        installed.append(desk_translator)
        ok = True
    else:
        log.warning("no interface translation desk_%s.qm in %s", language, translations_dir())
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", str(qt_translations_dir())):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    setattr(app, _INSTALLED_ATTR, installed)
    return ok


def current_language(app: QCoreApplication | None = None) -> str:
    """"ja" while desk's Japanese translation is in effect, else "en" (the source language)."""
    app = app or QCoreApplication.instance()
    installed = getattr(app, _INSTALLED_ATTR, []) if app is not None else []
    return "ja" if any(t.language().startswith("ja") for t in installed) else "en"
