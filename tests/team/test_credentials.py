"""The database password is never stored in clear: settings.json keeps the URL without it, the
keyring (or DESK_DB_PASSWORD) supplies it, and messages have it replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk import credentials
from desk.settings import Settings, load_settings, save_settings
from desk.store.db import resolve_url
from desk.store.roles import scram_verifier

URL = "postgresql://sato:Very-Secret-9@db.example.org:5432/desk"


class MemoryKeyring:
    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, key: str, password: str) -> None:
        self.store[service, key] = password

    def get_password(self, service: str, key: str) -> str | None:
        return self.store.get((service, key))


@pytest.fixture
def keyring_backend(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    import keyring

    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "set_password", backend.set_password)
    monkeypatch.setattr(keyring, "get_password", backend.get_password)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    return backend


def test_settings_keep_the_url_without_the_password(desk_home: Path, keyring_backend: MemoryKeyring) -> None:
    save_settings(Settings(coordinator="佐藤", db_url=URL))
    text = (desk_home / "settings.json").read_text(encoding="utf-8")
    assert "Very-Secret-9" not in text
    assert json.loads(text)["db_url"] == "postgresql://sato@db.example.org:5432/desk"
    assert keyring_backend.store == {("desk", "sato@db.example.org:5432/desk"): "Very-Secret-9"}
    # and the URL from the settings connects with the password from the keyring
    assert "sato:Very-Secret-9@" in resolve_url(load_settings().db_url)


def test_no_keyring_backend_means_the_password_is_asked_or_taken_from_the_environment(
        desk_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    save_settings(Settings(db_url=URL))  # this machine has no keyring backend: nothing is stored anywhere
    assert "Very-Secret-9" not in (desk_home / "settings.json").read_text(encoding="utf-8")
    bare = load_settings().db_url
    assert credentials.password_of(resolve_url(bare)) is None
    monkeypatch.setenv(credentials.ENV_PASSWORD, "from-env")
    assert "sato:from-env@" in resolve_url(bare)


def test_messages_never_show_the_password() -> None:
    message = f"could not connect to {URL}: timeout; password Very-Secret-9 rejected"
    shown = credentials.redact(message, "Very-Secret-9")
    assert "Very-Secret-9" not in shown and "sato:***@db.example.org" in shown


def test_logins_get_a_scram_verifier_not_the_password() -> None:
    verifier = scram_verifier("Very-Secret-9", salt=b"0123456789abcdef")
    assert verifier.startswith("SCRAM-SHA-256$4096:MDEyMzQ1Njc4OWFiY2RlZg==$") and "Very-Secret-9" not in verifier
