"""Errors in plain words: a message box that never shows a traceback unless asked for it.

``show_error`` turns an exception (or a message) into a sentence a coordinator can act on; the
technical details (the traceback) sit behind "Show Details…" and a "Copy details" button, so they
can be pasted into a support request. ``install_excepthook`` routes uncaught exceptions here and
to the log instead of letting them scroll by on a console nobody reads.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk.ui.fault_text import fault_message

log = logging.getLogger("desk.ui")

def plain_message(error: BaseException | str) -> str:
    """A sentence for the coordinator: what went wrong, in words, without a traceback."""
    if isinstance(error, str):
        return error
    from desk.services.identity import refusal  # team mode: the database refused this login

    if (refused := refusal(error)) is not None:
        return _refusal_words(*refused)
    if (fault := fault_message(error)) is not None:  # locked, read-only, disk full, server gone: same words as the CLI
        return fault
    name = type(error).__name__
    text = str(error).strip()
    # The import service words its own errors for people (headers found, closest fields).
    if name in ("ImportInputError", "ImportStale", "UserError", "PlacementError", "DoubleBookingError"):
        return text or QCoreApplication.translate("errors", "The request could not be carried out.")
    if name == "ImportCancelled":
        return QCoreApplication.translate("errors", "The import was cancelled; the database was left as it was.")
    if isinstance(error, FileNotFoundError):
        return QCoreApplication.translate("errors", "The file was not found: %1").replace("%1", str(error.filename or text))
    if isinstance(error, PermissionError):
        return QCoreApplication.translate("errors", "You do not have permission to open this file: %1").replace(
            "%1", str(error.filename or text)
        )
    if isinstance(error, UnicodeError):
        return QCoreApplication.translate("errors", "The file's characters could not be read (unknown encoding).")
    if isinstance(error, OSError):
        return QCoreApplication.translate("errors", "The file could not be read or written: %1").replace("%1", text or name)
    module = type(error).__module__ or ""
    if is_lock_wait(error):
        return QCoreApplication.translate(
            "errors", "A colleague is changing the same data and the database stayed busy too long; "
            "nothing was changed. Try again in a moment.")
    if module.startswith("sqlalchemy") or module.startswith(("pg8000", "psycopg")) or module.startswith("sqlite3"):
        if name in ("OperationalError", "InterfaceError", "DatabaseError"):
            return QCoreApplication.translate("errors", "The database could not be reached. Check the database location in Settings.")
        if name == "IntegrityError":
            return QCoreApplication.translate("errors", "The change conflicts with data already in the database; nothing was saved.")
        return QCoreApplication.translate("errors", "The database reported a problem; nothing was saved.")
    if isinstance(error, MemoryError):
        return QCoreApplication.translate("errors", "The computer ran out of memory.")
    return QCoreApplication.translate("errors", "Something unexpected went wrong. Your data was not changed by this error.")


def is_lock_wait(error: BaseException) -> bool:
    """Did the database give up waiting for a colleague's lock (SQLite busy timeout, PostgreSQL
    lock_timeout / statement_timeout / lock not available)?"""
    if getattr(error, "code", None) == "locked" and type(error).__name__ == "DatabaseFault":
        return True  # desk.store.faults already worded it
    text = str(error).lower()
    return any(k in text for k in ("database is locked", "lock timeout", "could not obtain lock",
                                   "lock not available", "canceling statement due to statement timeout"))


def error_details(error: BaseException | str, details: str | None = None) -> str:
    """The technical text behind the message (the given details, or the exception's traceback),
    followed by where the log file is."""
    text = details or ""
    if not text and isinstance(error, BaseException):
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip()
    if not text:
        return ""
    from desk.logs import log_path, mask_secrets

    where = QCoreApplication.translate("errors", "The log file (send it with a support request): %1")
    return mask_secrets(text) + "\n\n" + where.replace("%1", str(log_path()))


def show_error(
    parent: QWidget | None,
    title: str,
    exc_or_message: BaseException | str,
    details: str | None = None,
) -> QMessageBox:
    """Show an error window (window-modal, non-blocking) and return it.

    The text is plain words; the traceback is only in the detailed text, with a button that copies
    it to the clipboard.
    """
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "Error"))
    box.setText(plain_message(exc_or_message))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    text = error_details(exc_or_message, details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    if text:
        box.setDetailedText(text)
        copy = box.addButton(QCoreApplication.translate("errors", "Copy details"), QMessageBox.ButtonRole.ActionRole)
        copy.setObjectName("copyDetailsButton")
        # An ActionRole button would close the box; copying must not.
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: copy_to_clipboard(text))
    if isinstance(exc_or_message, BaseException):
        log.error("%s: %s", title, plain_message(exc_or_message), exc_info=exc_or_message)
    box.open()
    return box


def copy_to_clipboard(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class _ExceptHook:
    """Shows uncaught exceptions in the error window; one at a time, so a loop cannot flood the screen."""

    def __init__(self, app: QApplication, previous: ExceptHook) -> None:
        self.app = app
        self.previous = previous
        self.showing: QMessageBox | None = None

    def __call__(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, value, tb)
            return
        if value.__traceback__ is None and tb is not None:
            value = value.with_traceback(tb)
        details = "".join(traceback.format_exception(kind, value, tb)).rstrip()
        log.error("uncaught exception\n%s", details)
        if self.showing is not None and self.showing.isVisible():
            return
        parent = self.app.activeWindow()
        self.showing = show_error(parent, QCoreApplication.translate("errors", "Unexpected error"), value, details)
        self.showing.finished.connect(self._closed)

    def _closed(self) -> None:
        self.showing = None


def install_excepthook(app: QApplication) -> ExceptHook:
    """Route uncaught exceptions to the error window (and the log); returns the previous hook."""
    previous = sys.excepthook
    sys.excepthook = _ExceptHook(app, previous)
    return previous


def refusal_text(error: BaseException) -> str | None:
    """Team mode: the database refused this for the login, in the window's words; else None."""
    from desk.services.identity import refusal

    refused = refusal(error)
    return None if refused is None else _refusal_words(*refused)


def _refusal_words(kind: str, message: str) -> str:
    """The database's refusal in the window's language (the server's own words kept in brackets)."""
    if kind == "login":
        return QCoreApplication.translate(
            "errors", "The database did not accept this login (%1). Check the user name and password "
                      "(desk login keeps the password in the system keyring).",
        ).replace("%1", message or "authentication failed")
    if kind == "role":
        return QCoreApplication.translate(
            "errors", "The database refused this for your login: your role may not do it (%1). Ask an "
                      "administrator (desk admin set-role).",
        ).replace("%1", message or "permission denied")
    return message
