"""Per-user settings kept as JSON in the data folder (window geometry lives in QSettings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desk import paths

DEFAULT_WEIGHTS: dict[str, float] = {
    "region": 0.35,
    "availability": 0.30,
    "occupation": 0.15,
    "experience": 0.10,
    "reliability": 0.10,
}


@dataclass
class Settings:
    #: The name recorded on events and sheets in solo mode: asked once on first start (never the
    #: operating-system login, which would put ``root`` on a sheet). Team mode: the database login.
    coordinator: str = ""
    language: str = "ja"
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    home_block: str = ""  # the coordinator's region block, for the quick filter
    db_url: str = ""  # empty: the embedded SQLite file; never holds a password (see store.credentials)

    def normalized_weights(self) -> dict[str, float]:
        merged = {k: max(0.0, float(self.weights.get(k, v))) for k, v in DEFAULT_WEIGHTS.items()}
        total = sum(merged.values()) or 1.0
        return {k: v / total for k, v in merged.items()}


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {k: raw[k] for k in Settings.__dataclass_fields__ if k in raw}
    return Settings(**known)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.settings_file()
    from desk.store.credentials import password_of, remember_password, strip_password

    password = password_of(settings.db_url)
    if password:  # typed into a URL: into the keyring (if this system has one), never into the file
        remember_password(settings.db_url, password)
    data = asdict(settings)
    data["db_url"] = strip_password(settings.db_url)  # the password goes to the keyring, not here
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
