"""Late look-ups of the services other parts of desk provide, so the window works (with the
feature switched off) in a build where one of them is missing."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


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
