"""Masking for sheets: the rule itself is desk.core.masking (the services use it too)."""

from __future__ import annotations

from desk.core.masking import (
    MASKED_FIELDS,
    REDACTED,
    PublicPosting,
    is_municipality_name,
    public_area,
    public_view,
)

__all__ = ["MASKED_FIELDS", "REDACTED", "PublicPosting", "is_municipality_name", "public_area", "public_view"]
