"""The Linux system keyring over D-Bus without the ``cryptography`` wheel (used by the bundle).

keyring's own Secret Service backend goes through SecretStorage, which imports ``cryptography``
(14 MB in the bundle) only to encrypt the transfer over D-Bus (a Diffie-Hellman session with AES).
This backend speaks the same freedesktop Secret Service API with jeepney (pure Python, already there
for SecretStorage) and a "plain" session: the password travels over the user's own session-bus
socket, as it does with KWallet's D-Bus API and with libsecret when a service offers no encryption,
and the keyring daemon (GNOME Keyring, KeePassXC, KWallet) keeps it encrypted on disk. It is never
written anywhere by desk.

Items carry the attributes keyring's SecretService backend gives them (service, username,
application), so a password kept by either one is found by the other. desk.credentials uses this
backend only when keyring has none of its own (the bundle leaves SecretStorage and cryptography out).
"""

from __future__ import annotations

import os
import sys
from contextlib import closing
from typing import Any

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

BUS_NAME = "org.freedesktop.secrets"
PREFIX = "org.freedesktop.Secret."
SERVICE_PATH = "/org/freedesktop/secrets"
#: What keyring's SecretService backend writes as the ``application`` attribute.
APPLICATION = "Python keyring library"
PROMPT_TIMEOUT = 120.0  # seconds a user has to answer an unlock prompt


class SecretServiceError(RuntimeError):
    """The Secret Service answered with an error (or is not there)."""


class _Client:
    """One session-bus connection to the Secret Service."""

    def __init__(self) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self.conn = open_dbus_connection(bus="SESSION")

    def call(self, path: str, interface: str, method: str, signature: str | None = None, *body: Any) -> Any:
        from jeepney import DBusAddress, MessageType, new_method_call

        address = DBusAddress(path, bus_name=BUS_NAME, interface=PREFIX + interface)
        reply = self.conn.send_and_get_reply(new_method_call(address, method, signature, body))
        if reply.header.message_type == MessageType.error:
            raise SecretServiceError(f"{method}: {reply.body[0] if reply.body else 'error'}")
        return reply.body

    def prompt(self, path: str) -> Any:
        """Run an unlock/create prompt and wait for the user's answer; its result, or KeyringLocked."""
        if path == "/":
            return None
        from jeepney import MatchRule, message_bus

        rule = MatchRule(type="signal", interface=PREFIX + "Prompt", member="Completed", path=path)
        with self.conn.filter(rule) as queue:
            self.conn.send_and_get_reply(message_bus.AddMatch(rule))
            self.call(path, "Prompt", "Prompt", "s", "")
            signal = self.conn.recv_until_filtered(queue, timeout=PROMPT_TIMEOUT)
        dismissed, result = signal.body
        if dismissed:
            raise KeyringLocked("the keyring was not unlocked")
        return result

    def unlock(self, paths: list[str]) -> None:
        if paths:
            _unlocked, prompt = self.call(SERVICE_PATH, "Service", "Unlock", "ao", paths)
            self.prompt(prompt)

    def session(self) -> str:
        _output, path = self.call(SERVICE_PATH, "Service", "OpenSession", "sv", "plain", ("s", ""))
        return str(path)

    def find(self, attributes: dict[str, str]) -> list[str]:
        unlocked, locked = self.call(SERVICE_PATH, "Service", "SearchItems", "a{ss}", attributes)
        self.unlock(list(locked))
        return [*unlocked, *locked]

    def default_collection(self) -> str:
        (path,) = self.call(SERVICE_PATH, "Service", "ReadAlias", "s", "default")
        if path == "/":  # a fresh keyring: the service asks the user for a password of the new collection
            label = {PREFIX + "Collection.Label": ("s", "Default keyring")}
            path, prompt = self.call(SERVICE_PATH, "Service", "CreateCollection", "a{sv}s", label, "default")
            if path == "/":
                _signature, path = self.prompt(prompt)
        self.unlock([path])
        return str(path)


def _attributes(service: str, username: str) -> dict[str, str]:
    return {"service": service, "username": username}


class SecretServiceKeyring(KeyringBackend):
    """keyring backend: the freedesktop Secret Service through jeepney, a plain session."""

    priority = 4  # below keyring's own SecretService backend (5)

    @classmethod
    def available(cls) -> bool:
        """Linux (or another freedesktop system) with a session bus and jeepney importable."""
        if sys.platform.startswith(("win", "darwin")):
            return False
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not (runtime and os.path.exists(f"{runtime}/bus")):
            return False
        try:
            import jeepney.io.blocking  # noqa: F401
        except ImportError:
            return False
        return True

    def get_password(self, service: str, username: str) -> str | None:
        client = _Client()
        with closing(client.conn):
            items = client.find(_attributes(service, username))
            if not items:
                return None
            session = client.session()
            (secrets,) = client.call(SERVICE_PATH, "Service", "GetSecrets", "aoo", items[:1], session)
            _session, _parameters, value, _content_type = secrets[items[0]]
            return bytes(value).decode("utf-8")

    def set_password(self, service: str, username: str, password: str) -> None:
        client = _Client()
        with closing(client.conn):
            collection = client.default_collection()
            session = client.session()
            properties = {
                PREFIX + "Item.Label": ("s", f"Password for '{username}' on '{service}'"),
                PREFIX + "Item.Attributes": ("a{ss}", {**_attributes(service, username), "application": APPLICATION}),
            }
            secret = (session, b"", password.encode("utf-8"), "text/plain")
            _item, prompt = client.call(collection, "Collection", "CreateItem", "a{sv}(oayays)b",
                                        properties, secret, True)
            client.prompt(prompt)

    def delete_password(self, service: str, username: str) -> None:
        client = _Client()
        with closing(client.conn):
            items = client.find(_attributes(service, username))
            if not items:
                raise PasswordDeleteError("no such password")
            for item in items:
                (prompt,) = client.call(item, "Item", "Delete")
                client.prompt(prompt)
