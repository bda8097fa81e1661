"""``desk admin …`` (team mode on PostgreSQL: roles, grants, logins) and ``desk login`` (keep the
password in the system keyring).

    desk --db postgresql://owner@host/desk admin init
    desk --db … admin add-user sato --role coordinator [--name "佐藤 花子"] [--password …]
    desk --db … admin set-role sato admin
    desk --db … admin set-name sato "佐藤 花子"
    desk --db … admin users
    desk --db postgresql://sato@host/desk login
"""

from __future__ import annotations

import argparse
import getpass
import sys

from desk.cli import UserError
from desk.core.roles import ROLES

# The database stack (SQLAlchemy, desk.store, desk.credentials) is imported by the action that runs,
# not by ``desk --help``.


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("admin", help="team mode (PostgreSQL): prepare a server, add logins, set roles",
                       description="Team mode on PostgreSQL. Run as the database owner (init) or a desk "
                                   "admin login (the rest).")
    a = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    a.add_parser("init", help="create the roles, run the migrations, grant (safe to run again)"
                 ).set_defaults(func=run_init)
    u = a.add_parser("add-user", help="create a login: desk admin add-user NAME --role viewer|coordinator|admin")
    u.add_argument("name", metavar="NAME")
    u.add_argument("--role", required=True, choices=list(ROLES))
    u.add_argument("--name", dest="display_name", default="", metavar="表示名",
                   help="the name shown on events, exports and sheets (default: NAME)")
    u.add_argument("--password", default=None,
                   help="the password (default: asked twice on a terminal, else read from standard input)")
    u.set_defaults(func=run_add_user)
    r = a.add_parser("set-role", help="change a login's role")
    r.add_argument("name", metavar="NAME")
    r.add_argument("role", metavar="ROLE", choices=list(ROLES))
    r.set_defaults(func=run_set_role)
    n = a.add_parser("set-name", help="set the display name of a login")
    n.add_argument("name", metavar="NAME")
    n.add_argument("display_name", metavar="表示名")
    n.set_defaults(func=run_set_name)
    a.add_parser("users", help="list the desk logins with their display names and roles"
                 ).set_defaults(func=run_users)

    login = sub.add_parser("login", help="keep the database password in the system keyring (team mode)",
                           description="Asks the password of the --db login (or reads it from standard input) "
                                       "and keeps it in the system keyring, so settings and URLs need none.")
    login.set_defaults(func=run_login)


def _team_url(args: argparse.Namespace) -> str:
    from sqlalchemy.engine import make_url

    from desk.store.db import resolve_url

    url = resolve_url(args.db)
    if make_url(url).get_backend_name() != "postgresql":
        raise UserError("team mode needs a PostgreSQL database: desk --db postgresql://LOGIN@HOST/DB admin …")
    return url


def _plain(exc: Exception, url: str) -> UserError:
    from desk.credentials import password_of, redact

    orig = getattr(exc, "orig", exc)
    return UserError(redact(str(orig).splitlines()[0] if str(orig) else type(orig).__name__, password_of(url)))


def run_init(args: argparse.Namespace) -> int:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from desk.credentials import strip_password
    from desk.store import roles
    from desk.store.db import migrate

    url = _team_url(args)
    parsed = make_url(url)
    _create_database_if_missing(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            roles.create_roles(conn)
        migrate(engine)
        with engine.begin() as conn:
            roles.grant_all(conn)
    except DBAPIError as exc:
        raise _plain(exc, url) from None
    finally:
        engine.dispose()
    print(f"team mode ready on {parsed.host or 'localhost'}/{parsed.database}: roles "
          f"{', '.join(roles.ROLES.values())}; next: desk --db {strip_password(args.db or '') or 'URL'} "
          "admin add-user NAME --role coordinator")
    return 0


def _create_database_if_missing(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    parsed = make_url(url)
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                  {"d": parsed.database}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
                print(f"created database {parsed.database}")
    except DBAPIError as exc:
        raise _plain(exc, url) from None
    finally:
        server.dispose()


def _read_password(args: argparse.Namespace) -> str:
    if args.password is not None:
        return str(args.password)
    if sys.stdin.isatty():
        first = getpass.getpass(f"password for {args.name}: ")
        if first != getpass.getpass("again: "):
            raise UserError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _admin(args: argparse.Namespace, action) -> None:  # type: ignore[no-untyped-def]
    from desk.store import roles
    from desk.store.db import open_database

    _team_url(args)
    db = open_database(args.db, migrate_schema=False)
    try:
        with db.engine.begin() as conn:
            action(conn)
    except roles.RoleError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.dispose()


def run_add_user(args: argparse.Namespace) -> int:
    from desk.store import roles

    _valid(args.name)  # before asking the password
    password = _read_password(args)
    _admin(args, lambda conn: roles.add_user(conn, args.name, args.role, password, args.display_name))
    print(f"login {args.name} created as {args.role}")
    return 0


def _valid(name: str) -> None:
    from desk.store import roles

    try:
        roles.check_login(name)
    except roles.RoleError as exc:
        raise UserError(str(exc)) from None


def run_set_role(args: argparse.Namespace) -> int:
    from desk.store import roles

    _admin(args, lambda conn: roles.set_role(conn, args.name, args.role))
    print(f"{args.name} is now {args.role}")
    return 0


def run_set_name(args: argparse.Namespace) -> int:
    from desk.store import roles

    _admin(args, lambda conn: roles.set_display_name(conn, args.name, args.display_name))
    print(f"{args.name} is shown as {args.display_name.strip()}")
    return 0


def run_users(args: argparse.Namespace) -> int:
    from desk.store import roles

    found: list[tuple[str, str, str]] = []
    _admin(args, lambda conn: found.extend(roles.users(conn)))
    for login, name, role in found:
        print(f"{login}\t{name}\t{role}")
    if not found:
        print("no desk logins yet (desk admin add-user NAME --role coordinator)")
    return 0


def run_login(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from desk.credentials import password_of, remember_password, strip_password

    url = _team_url(args)
    password = password_of(url) or (getpass.getpass(f"password for {make_url(url).username}: ")
                                    if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n"))
    if not password:
        raise UserError("no password given; nothing was stored")
    if not remember_password(strip_password(url), password):
        raise UserError("this system has no keyring: set DESK_DB_PASSWORD for each session instead")
    print(f"the password of {make_url(url).username} is kept in the system keyring")
    return 0
