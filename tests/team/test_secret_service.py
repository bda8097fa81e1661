"""desk's own Secret Service client (desk.secret_service): what the bundle uses for `desk login` when
keyring has no backend (SecretStorage and cryptography are left out of it).

A private D-Bus session bus (dbus-daemon) with a small Secret Service on it (jeepney, in a thread)
stands in for GNOME Keyring: the password goes in through desk.credentials.remember_password, comes
back through stored_password, is kept with the attributes keyring's own backend uses, and a password
kept by keyring's backend is found.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("jeepney")
keyring = pytest.importorskip("keyring")
from jeepney import HeaderFields, MessageType, message_bus, new_method_return  # noqa: E402
from jeepney.io.blocking import open_dbus_connection  # noqa: E402
from keyring.backends import fail  # noqa: E402

from desk import credentials  # noqa: E402
from desk.secret_service import APPLICATION, BUS_NAME  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")

URL = "postgresql://coordinator@db.example:5432/desk"
COLLECTION = "/org/freedesktop/secrets/collection/login"


class FakeSecretService:
    """The calls desk makes, answered as GNOME Keyring does (items unlocked, no prompts)."""

    def __init__(self, address: str) -> None:
        self.items: dict[str, tuple[dict[str, str], bytes]] = {}
        self.algorithms: list[str] = []
        self.conn = open_dbus_connection(address)
        self.conn.send_and_get_reply(message_bus.RequestName(BUS_NAME))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def add(self, attributes: dict[str, str], value: bytes) -> str:
        path = f"{COLLECTION}/{len(self.items) + 1}"
        self.items[path] = (attributes, value)
        return path

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                msg = self.conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            if msg.header.message_type == MessageType.method_call:
                signature, body = self._answer(msg.header.fields[HeaderFields.member], msg.header.fields[
                    HeaderFields.path], msg.body)
                self.conn.send(new_method_return(msg, signature, body))

    def _answer(self, member: str, path: str, body: Any) -> tuple[str, tuple[Any, ...]]:
        if member == "OpenSession":
            self.algorithms.append(body[0])
            return "vo", (("s", ""), "/org/freedesktop/secrets/session/1")
        if member == "ReadAlias":
            return "o", (COLLECTION,)
        if member == "Unlock":
            return "aoo", (body[0], "/")
        if member == "SearchItems":
            found = [p for p, (attrs, _v) in self.items.items() if body[0].items() <= attrs.items()]
            return "aoao", (found, [])
        if member == "CreateItem":
            attributes = dict(body[0]["org.freedesktop.Secret.Item.Attributes"][1])
            for p, (attrs, _v) in list(self.items.items()):
                if attrs == attributes and body[2]:
                    del self.items[p]
            return "oo", (self.add(attributes, bytes(body[1][2])), "/")
        if member == "GetSecrets":
            return "a{o(oayays)}", ({p: (body[1], b"", self.items[p][1], "text/plain") for p in body[0]},)
        if member == "Delete":
            del self.items[path]
            return "o", ("/",)
        raise AssertionError(f"unexpected call {member}")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.conn.close()


@pytest.fixture
def session_bus(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus; keyring without a backend of its own (as in the bundle)."""
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=tmp_path)
    before = keyring.get_keyring()
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
        keyring.set_keyring(fail.Keyring())
        yield address
    finally:
        keyring.set_keyring(before)
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()


@pytest.fixture
def secret_service(session_bus: str) -> Iterator[FakeSecretService]:
    service = FakeSecretService(session_bus)
    try:
        yield service
    finally:
        service.close()


def test_password_kept_and_found_through_the_session_bus(secret_service: FakeSecretService) -> None:
    assert credentials.stored_password(URL) is None
    assert credentials.remember_password(URL, "秘密-pass")
    assert credentials.stored_password(URL) == "秘密-pass"
    (attributes, value), = secret_service.items.values()
    assert attributes == {"service": credentials.SERVICE, "username": "coordinator@db.example:5432/desk",
                          "application": APPLICATION}
    assert value == "秘密-pass".encode()
    assert set(secret_service.algorithms) == {"plain"}
    # A new password replaces the old one (one item).
    assert credentials.remember_password(URL, "new")
    assert credentials.stored_password(URL) == "new"
    assert len(secret_service.items) == 1


def test_password_kept_by_keyrings_own_backend_is_found(secret_service: FakeSecretService) -> None:
    secret_service.add({"service": credentials.SERVICE, "username": "coordinator@db.example:5432/desk",
                        "application": "Python keyring library"}, b"from-the-venv")
    assert credentials.stored_password(URL) == "from-the-venv"
    keyring.delete_password(credentials.SERVICE, "coordinator@db.example:5432/desk")
    assert credentials.stored_password(URL) is None


def test_no_service_on_the_bus_means_no_keyring(session_bus: str) -> None:
    assert credentials.remember_password(URL, "x") is False  # the command says: set DESK_DB_PASSWORD
    assert credentials.stored_password(URL) is None
