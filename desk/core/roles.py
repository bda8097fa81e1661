"""The team-mode roles by the names a coordinator types, and the PostgreSQL group role of each.

Plain data, so ``desk admin --help`` can offer the choices without loading the database stack;
desk.store.roles creates and grants them.
"""

from __future__ import annotations

ROLES = {"viewer": "desk_viewer", "coordinator": "desk_coordinator", "admin": "desk_admin"}
