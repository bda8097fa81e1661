"""The ranking weights: their defaults and the one way they are normalised (sum to 1, none negative)."""

from __future__ import annotations

from collections.abc import Mapping

#: The score's five parts and their default weights (the settings dialog starts from these).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "region": 0.35,
    "availability": 0.30,
    "occupation": 0.15,
    "experience": 0.10,
    "reliability": 0.10,
}


def normalize_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Every known part (missing ones at their default), negatives as 0, scaled to sum to 1."""
    given = weights or {}
    merged = {k: max(0.0, float(given.get(k, v))) for k, v in DEFAULT_WEIGHTS.items()}
    total = sum(merged.values()) or 1.0
    return {k: v / total for k, v in merged.items()}
