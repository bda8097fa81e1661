"""Per-user settings kept as JSON in the data folder (window geometry lives in QSettings)."""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desk import paths
from desk.core.weights import DEFAULT_WEIGHTS, normalize_weights

__all__ = ["DEFAULT_WEIGHTS", "Settings", "load_settings", "save_settings"]



def _default_coordinator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "coordinator"


@dataclass
class Settings:
    coordinator: str = field(default_factory=_default_coordinator)
    language: str = "ja"
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    home_block: str = ""  # the coordinator's region block, for the quick filter
    db_url: str = ""  # empty: the embedded SQLite file
    #: The contact line printed on hand-outs (詳しくは地域医療課までお問い合わせください).
    handout_contact: str = ""
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
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
