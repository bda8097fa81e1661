"""Per-user settings kept as JSON in the data folder (window geometry lives in QSettings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desk import paths
from desk.core.weights import DEFAULT_WEIGHTS, normalize_weights

__all__ = ["DEFAULT_WEIGHTS", "Settings", "load_settings", "save_settings"]



@dataclass
class Settings:
    #: The name recorded on events and sheets in solo mode: asked once on first start (never the
    #: operating-system login, which would put ``root`` on a sheet). Team mode: the database login.
    coordinator: str = ""
    language: str = "ja"
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    home_block: str = ""  # the coordinator's region block, for the quick filter
    db_url: str = ""  # empty: the embedded SQLite file; never holds a password (see desk.credentials)
    #: The contact line printed on hand-outs (詳しくは地域医療課までお問い合わせください).
    handout_contact: str = ""
    plan_max_per_week: int = 3  # whole-board plan: at most this many slots per registrant per week
    #: The candidate filter when another posting is picked: "per_posting" (each posting keeps its own,
    #: a new one starts unfiltered) or "clear" (always cleared).
    candidate_filter: str = "per_posting"
    #: Candidate filters kept under a name (Edit ▸ Saved filters): name -> filter text.
    saved_filters: dict[str, str] = field(default_factory=dict)

    def normalized_weights(self) -> dict[str, float]:
        return normalize_weights(self.weights)


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
    from desk.credentials import password_of, remember_password, strip_password

    password = password_of(settings.db_url)
    if password:  # typed into a URL: into the keyring (if this system has one), never into the file
        remember_password(settings.db_url, password)
    data = asdict(settings)
    data["db_url"] = strip_password(settings.db_url)  # the password goes to the keyring, not here
    paths.write_private_text(path, json.dumps(data, ensure_ascii=False, indent=2))
