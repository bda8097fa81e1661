"""The registrant fields a coordinator may edit by hand (desk.services.registrant_edits records each edit).

Plain data, so ``desk registrant --help`` can name them without loading the database stack.
"""

from __future__ import annotations

EDITABLE_FIELDS = ("phone", "email", "state", "notes")
