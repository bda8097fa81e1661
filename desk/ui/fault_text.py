"""The window's words for database faults: the same sentences the command line prints
(desk.store.faults.TEMPLATES), marked here for Qt's translation (context ``faults``)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desk.store.faults import DatabaseFault, classify

# Listed for lupdate; a test checks they equal desk.store.faults.TEMPLATES.
SOURCES = (
    QT_TRANSLATE_NOOP("faults", "Another desk is writing to the database (%1); nothing was changed. Try again in a moment."),
    QT_TRANSLATE_NOOP("faults", "The database (%1) or its folder is read-only; nothing was changed. "
                      "Ask for write access, or open a copy in a folder you can write to."),
    QT_TRANSLATE_NOOP("faults", "The database (%1) cannot be opened: its folder is missing, read-only or not yours."),
    QT_TRANSLATE_NOOP("faults", "The disk is full: nothing was changed (%1). Free some space and try again."),
    QT_TRANSLATE_NOOP("faults", "The disk reported an I/O error: nothing was changed (%1). "
                      "Check the disk or network drive, then try again."),
    QT_TRANSLATE_NOOP("faults", "The file %1 is not a desk database or is damaged. Restore it from a backup."),
    QT_TRANSLATE_NOOP("faults", "The database server %1 cannot be reached. "
                      "Check that it is running and the address in Settings."),
    QT_TRANSLATE_NOOP("faults", "The database server %1 refused the user name or password. Check them in Settings."),
    QT_TRANSLATE_NOOP("faults", "The database %1 does not exist on the server. Check the name in Settings."),
    QT_TRANSLATE_NOOP("faults", "The database %1 does not allow this to your account; nothing was changed. "
                      "Ask an administrator."),
    QT_TRANSLATE_NOOP("faults", "The database %1 reported a problem; nothing was changed. "
                      "The details are in the log file."),
)


def fault_message(error: BaseException) -> str | None:
    """The translated sentence when ``error`` is a database fault, else None."""
    fault = error if isinstance(error, DatabaseFault) else classify(error)
    if fault is None:
        return None
    return QCoreApplication.translate("faults", fault.template).replace("%1", fault.where)
