"""Late look-ups of the services other parts of desk provide, so the window works (with the
feature switched off) in a build where one of them is missing."""

from __future__ import annotations

import importlib
import importlib.util
import threading
from types import ModuleType
from typing import Any


def optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def present(module: str) -> bool:
    """Is ``module`` in this build? (Found without importing it: start-up stays fast.)"""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


_index_lock = threading.Lock()


def registry_index(db: Any) -> Any:
    """The ranking's cached registry index; one build at a time (the start-up prewarm and the
    registrants tab would otherwise both build it), the second caller gets the cached one."""
    mod = ranking()
    if mod is None or not hasattr(mod, "registry_index"):
        return None
    with _index_lock:
        return mod.registry_index(db)


def ranking() -> ModuleType | None:
    mod = optional("desk.services.ranking")
    return mod if mod is not None and hasattr(mod, "rank_posting") else None


def placements() -> ModuleType | None:
    mod = optional("desk.services.placements")
    return mod if mod is not None and hasattr(mod, "transition") else None


def placement_rules() -> ModuleType | None:
    return optional("desk.core.placement")


def filters() -> ModuleType | None:
    mod = optional("desk.core.filters")
    return mod if mod is not None and hasattr(mod, "filter_registrants") else None
