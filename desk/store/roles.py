"""Team mode on PostgreSQL: the three group roles, their GRANTs, and the coordinators' logins.

- ``desk_viewer``: reads postings, slots, fill and the summary (not registrants, not the log).
- ``desk_coordinator`` (a viewer too): reads everything, logs and undoes placement changes
  (the database lets them undo only their own: a trigger, see migration 0005), records exports.
- ``desk_admin`` (a coordinator too): imports, merges, settings, users (CREATEROLE).

No role may UPDATE, DELETE or TRUNCATE ``placement_event`` (revoked here, and refused by a trigger
for the owner too). Roles are cluster-wide; grants are per database, so ``grant_all`` runs in every
desk database (``desk admin init`` does both, and is safe to run again after an upgrade).

Passwords: ``CREATE ROLE … PASSWORD`` is given a SCRAM-SHA-256 verifier computed here, so the
clear password is never part of a statement (nor of an error message that quotes one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata

from sqlalchemy import Connection, text

from desk.core.registrant_fields import COORDINATOR_COLUMNS
from desk.core.roles import ROLES as ROLES  # re-exported: plain data in core for the CLI's help

_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

#: Tables a viewer may not read (personal data, the log, who exported what; notes on calls, the
#: old and new values of edits and merges, which hold phone numbers and names).
_VIEWER_HIDDEN = ("registrant", "placement_event", "export_record", "column_mapping", "contact_event",
                  "registrant_edit", "person_merge")
#: Registrant columns a viewer may read: no name, contact or notes.
_VIEWER_REGISTRANT_COLUMNS = ("id", "source_id", "occupation", "licences", "state", "home_pref_code",
                              "home_muni_code")
#: What a coordinator writes: (table, privileges).
_COORDINATOR_WRITES = (
    ("placement", "INSERT, UPDATE"),
    ("placement_slot", "INSERT, UPDATE, DELETE"),
    ("placement_event", "INSERT"),
    ("export_record", "INSERT"),
    ("calling", "INSERT, UPDATE, DELETE"),
    # Hand-outs are public posting information handed on by coordinators (recorded like exports).
    ("recipient", "INSERT, UPDATE"),
    ("handout", "INSERT"),
    ("handout_posting", "INSERT"),
    # Call attempts and notes; hand edits of a registrant (recorded: who, when, old → new), on
    # exactly the edited columns. Merges stay an administrator's, like imports.
    ("contact_event", "INSERT"),
    ("registrant_edit", "INSERT"),
    # SELECT … FOR UPDATE (the no-double-booking lock) needs UPDATE on some column of the row.
    ("posting", "UPDATE (changed_at)"),
    ("registrant", "UPDATE ({registrant_columns})"),
    # The change counters (migration 0011): an edit numbers its change and bumps the registrant
    # counter; the placement tables' triggers bump the placement counter as the writer.
    ("registrant_change", "INSERT, UPDATE (commit_no)"),
    ("desk_counter", "INSERT, UPDATE"),
)


class RoleError(Exception):
    """A login name or role the database cannot take (a plain message)."""


def check_login(name: str) -> str:
    if not _LOGIN.match(name):
        raise RoleError(f"{name!r} cannot be a login name: use lower-case letters, digits and _ "
                        "(up to 63, not starting with a digit), e.g. sato_hanako")
    return name


def group_role(role: str) -> str:
    try:
        return ROLES[role]
    except KeyError:
        raise RoleError(f"unknown role {role!r}; use one of {', '.join(ROLES)}") from None


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677)."""
    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFKC", password).encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return (f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
            f"${b64(stored_key).decode()}:{b64(server_key).decode()}")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_roles(conn: Connection) -> None:
    """The three group roles (NOLOGIN), each a member of the one below. Idempotent."""
    for role in ROLES.values():
        conn.execute(text(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"))
    conn.execute(text("GRANT desk_viewer TO desk_coordinator"))
    conn.execute(text("GRANT desk_coordinator TO desk_admin"))


def grant_all(conn: Connection) -> None:
    """The grants of this database (run after the migrations, or by one of them: tables and columns a
    later migration adds are left out until it ran; idempotent)."""
    roles = ", ".join(ROLES.values())
    tables = set(conn.execute(text("SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = current_schema()")).scalars())
    columns = set(conn.execute(text("SELECT column_name FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND table_name = 'registrant'")).scalars())
    registrant_columns = ", ".join(c for c in COORDINATOR_COLUMNS if c in columns)
    stmts = [
        f"GRANT USAGE ON SCHEMA public TO {roles}",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO desk_viewer",
        f"REVOKE SELECT ON {', '.join(_VIEWER_HIDDEN)} FROM desk_viewer",
        # … but the window's counts and the summary need the registry's shape, not who is in it
        f"GRANT SELECT ({', '.join(_VIEWER_REGISTRANT_COLUMNS)}) ON registrant TO desk_viewer",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO desk_coordinator",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO desk_coordinator",
        *(f"GRANT {privs.format(registrant_columns=registrant_columns)} ON {table} TO desk_coordinator"
          for table, privs in _COORDINATOR_WRITES if table in tables),
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO desk_admin",
        "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO desk_admin",
        # Tables a later migration adds: coordinators read them, admins write them.
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO desk_coordinator",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO desk_admin",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO desk_coordinator",
        # The log is append-only for everyone (a trigger refuses it for the owner as well).
        f"REVOKE UPDATE, DELETE, TRUNCATE ON placement_event FROM PUBLIC, {roles}",
        "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM desk_admin",
    ]
    for stmt in stmts:
        conn.execute(text(stmt))


def login_exists(conn: Connection, name: str) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar())


def add_user(conn: Connection, name: str, role: str, password: str, display_name: str = "") -> None:
    """Create the login ``name`` in ``role`` with ``password`` (stored as a SCRAM verifier)."""
    check_login(name)
    group = group_role(role)
    if not password:
        raise RoleError("the password is empty")
    if login_exists(conn, name):
        raise RoleError(f"a login {name!r} already exists on this server (desk admin set-role to change its role)")
    verifier = scram_verifier(password)
    escaped = verifier.replace(":", "\\:")  # text(): a colon would start a bind parameter
    conn.execute(text(f"CREATE ROLE {_quote_ident(name)} LOGIN PASSWORD '{escaped}'"))
    _set_membership(conn, name, group)
    conn.execute(text(
        "INSERT INTO desk_user (login, display_name, role) VALUES (:l, :d, :r) "
        "ON CONFLICT (login) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role"),
        {"l": name, "d": display_name or name, "r": role})


def set_role(conn: Connection, name: str, role: str) -> None:
    check_login(name)
    group = group_role(role)
    if not login_exists(conn, name):
        raise RoleError(f"no login {name!r} on this server (desk admin add-user {name} --role {role})")
    for other in ROLES.values():
        conn.execute(text(f"REVOKE {other} FROM {_quote_ident(name)}"))
    _set_membership(conn, name, group)
    conn.execute(text(
        "INSERT INTO desk_user (login, display_name, role) VALUES (:l, :l, :r) "
        "ON CONFLICT (login) DO UPDATE SET role = EXCLUDED.role"), {"l": name, "r": role})


def set_display_name(conn: Connection, name: str, display_name: str) -> None:
    check_login(name)
    if not display_name.strip():
        raise RoleError("the display name is empty")
    if not login_exists(conn, name):
        raise RoleError(f"no login {name!r} on this server")
    conn.execute(text(
        "INSERT INTO desk_user (login, display_name) VALUES (:l, :d) "
        "ON CONFLICT (login) DO UPDATE SET display_name = EXCLUDED.display_name"),
        {"l": name, "d": display_name.strip()})


def _set_membership(conn: Connection, name: str, group: str) -> None:
    conn.execute(text(f"GRANT {group} TO {_quote_ident(name)}"))
    create = "CREATEROLE" if group == ROLES["admin"] else "NOCREATEROLE"
    conn.execute(text(f"ALTER ROLE {_quote_ident(name)} {create}"))


def users(conn: Connection) -> list[tuple[str, str, str]]:
    """(login, display name, role) of every desk login, by login."""
    rows = conn.execute(text(
        "SELECT r.rolname, COALESCE(u.display_name, ''), "
        "CASE WHEN pg_has_role(r.rolname, 'desk_admin', 'MEMBER') THEN 'admin' "
        "     WHEN pg_has_role(r.rolname, 'desk_coordinator', 'MEMBER') THEN 'coordinator' ELSE 'viewer' END "
        "FROM pg_roles r LEFT JOIN desk_user u ON u.login = r.rolname "
        "WHERE r.rolcanlogin AND NOT r.rolsuper AND pg_has_role(r.rolname, 'desk_viewer', 'MEMBER') "
        "ORDER BY r.rolname")).all()
    return [(str(a), str(b), str(c)) for a, b, c in rows]
