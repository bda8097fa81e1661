"""The registrant fields coordinators change by hand: an edit (desk.services.registrant_edits
records each one) or a merge of two records (desk.services.persons, an administrator's in team mode).

Plain data, so ``desk registrant --help`` can name them without loading the database stack, and
team mode's grants (desk.store.roles) allow a coordinator to update exactly the edited columns.
"""

from __future__ import annotations

EDITABLE_FIELDS = ("phone", "email", "state", "notes")

#: Field groups a merge takes from one record or the other (a group moves together).
MERGE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("name",), ("name_kana",), ("gender",), ("birth_year",), ("phone",), ("email",), ("licence_no",),
    ("specialty",), ("home_prefecture", "home_city", "home_pref_code", "home_muni_code"),
    ("work_areas_raw", "work_areas"), ("availability_raw", "hours_raw", "availability"), ("notes",),
)

#: The registrant columns a coordinator writes in team mode: the hand edits, when, and the change
#: number (desk.store.change_counter). Merges (every MERGE_FIELDS column and person_id) are an
#: administrator's, like imports.
COORDINATOR_COLUMNS: tuple[str, ...] = (*EDITABLE_FIELDS, "changed_at", "change_no")
