"""Database passwords: never in settings.json, never in a message.

The URL kept in settings has no password; the password comes from ``DESK_DB_PASSWORD``, then the
system keyring (the ``keyring`` package), and is asked at start by the window or the command line
when neither has it. ``redact`` removes it from any text before it is shown or logged.
"""

from __future__ import annotations

import os
import re

from sqlalchemy.engine import URL, make_url

SERVICE = "desk"
ENV_PASSWORD = "DESK_DB_PASSWORD"


def _key(url: URL) -> str:
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def strip_password(url: str) -> str:
    """The URL without its password (what settings.json keeps)."""
    if not url:
        return url
    parsed = make_url(url)
    # URL.set(password=None) means "unchanged": replace the field itself.
    return parsed._replace(password=None).render_as_string(hide_password=False) if parsed.password else url


def password_of(url: str) -> str | None:
    return make_url(url).password if url else None


def _ensure_backend() -> None:
    """When keyring found no backend, desk's own Secret Service client (desk.secret_service) becomes
    it: the Linux bundle leaves out SecretStorage and the cryptography it needs."""
    import keyring
    from keyring.backends import fail

    if isinstance(keyring.get_keyring(), fail.Keyring):
        from desk.secret_service import SecretServiceKeyring

        if SecretServiceKeyring.available():
            keyring.set_keyring(SecretServiceKeyring())  # type: ignore[no-untyped-call]


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the system keyring; False when this system has no keyring backend."""
    try:
        import keyring

        _ensure_backend()
        keyring.set_password(SERVICE, _key(make_url(url)), password)
    except Exception:  # noqa: BLE001 - no backend (keyring.errors.NoKeyringError) or a locked one
        return False
    return True


def stored_password(url: str) -> str | None:
    """``DESK_DB_PASSWORD`` first, then the keyring; None when neither has one."""
    if os.environ.get(ENV_PASSWORD):
        return os.environ[ENV_PASSWORD]
    try:
        import keyring

        _ensure_backend()
        return keyring.get_password(SERVICE, _key(make_url(url)))
    except Exception:  # noqa: BLE001 - no keyring backend on this system
        return None


def with_password(url: str) -> str:
    """A PostgreSQL URL without a password gets the stored one (if any); other URLs as they are."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.password:
        return url
    password = stored_password(url)
    return parsed.set(password=password).render_as_string(hide_password=False) if password else url


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every given secret (and any ``user:password@`` in a URL) replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"(://[^:/@\s]*:)[^@\s]+@", r"\1***@", text)
