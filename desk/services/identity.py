"""Who is at the desk.

Team mode (PostgreSQL, logged in as a member of desk_viewer/desk_coordinator/desk_admin): the
login is the database's ``session_user``, the name shown on events, exports and sheets is the
display name an admin set (``desk admin set-name``); the database writes both on every event, so
``--by`` can only name yourself. Solo mode (SQLite, or PostgreSQL with a shared owner login): the
coordinator's name from the settings, asked once, or ``--by``; never the operating-system login.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # solo mode resolves a name without the database stack (desk rank's warm path)
    from desk.store.db import Database


@dataclass(frozen=True)
class Login:
    """A team-mode login: the database role, the name shown, and its desk role."""

    login: str
    display_name: str
    role: str  # viewer | coordinator | admin


class ByRefused(Exception):
    """``--by`` named someone else in team mode."""


def whoami(db: Database) -> Login | None:
    """The team-mode login of this connection, or None in solo mode (SQLite, shared owner login)."""
    if db.engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with db.engine.connect() as conn:
        try:
            login = conn.execute(text("SELECT desk_team_login()")).scalar()
        except DBAPIError:  # an older schema without team mode
            return None
        if login is None:
            return None
        row = conn.execute(text(
            "SELECT desk_display_name(:l), "
            "CASE WHEN desk_is_admin(:l) THEN 'admin' "
            "     WHEN pg_has_role(:l, 'desk_coordinator', 'MEMBER') THEN 'coordinator' ELSE 'viewer' END"),
            {"l": login}).one()
    return Login(str(login), str(row[0]), str(row[1]))


def resolve_by(me: Login | None, by: str | None, fallback: str) -> str:
    """The coordinator name to record: team mode refuses anyone but yourself; solo mode takes ``by``
    or the settings' name (``fallback``)."""
    if me is None:
        return by or fallback
    if by and by not in (me.login, me.display_name):
        raise ByRefused(f"--by {by}: in team mode changes are recorded under your own login "
                        f"({me.login}, {me.display_name}); you cannot act as someone else")
    return me.display_name


def refusal(exc: BaseException) -> tuple[str, str] | None:
    """What the database refused, as (kind, the server's words): kind "login" when it refused the
    login itself (28P01, 28000), "role" when the role lacks a right, "rule" when one of desk's own
    triggers refused (append-only log, undo of someone else's change); None for anything else.
    The window words the kinds in its language; ``refusal_message`` in English for the CLI."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None)
    message = ""
    if code is None and orig.args and isinstance(orig.args[0], dict):  # pg8000
        code = orig.args[0].get("C")
        message = str(orig.args[0].get("M", ""))
    elif code is not None:
        diag = getattr(orig, "diag", None)
        message = str(getattr(diag, "message_primary", "") or "")
    if code in ("28P01", "28000"):  # wrong password, or no such login / not allowed to connect
        return "login", message
    if code != "42501":
        return None
    return ("role" if message.startswith("permission denied") or not message else "rule"), message


def refusal_message(exc: BaseException) -> str | None:
    """A plain message when the database refused something for lack of rights (SQLSTATE 42501),
    including desk's own triggers (append-only log, undo of someone else's change), or refused the
    login itself (28P01, 28000); else None. Never contains the password (the server never sends it)."""
    refused = refusal(exc)
    if refused is None:
        return None
    kind, message = refused
    if kind == "login":
        return (f"the database did not accept this login ({message or 'authentication failed'}); check the "
                "user name and password (desk login keeps the password in the system keyring)")
    if kind == "role":
        return ("the database refused this for your login: your role may not do it "
                f"({message or 'permission denied'}); ask an administrator (desk admin set-role)")
    return message
