"""The postings work view's behaviour: a posting is selected → rank it (in a worker) → show the
candidates → a candidate is selected → show the registrant; placement actions and undo."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QToolButton, QWidget

from desk.services import queries
from desk.settings import Settings
from desk.store.db import Database
from desk.ui.candidates_view import CandidatesPane
from desk.ui.controllers import services
from desk.ui.labels import OCCUPATION, PLACEMENT_ACTION, PLACEMENT_STATE, POSTING_STATUS, word
from desk.ui.postings_view import PostingsPane
from desk.ui.registrant_view import RegistrantPane
from desk.ui.workers import TaskRunner

#: Placement actions in button order, with their shortcuts.
ACTION_KEYS = (
    ("proposed", "Ctrl+Shift+P"), ("contacted", "Ctrl+Shift+C"), ("accepted", "Ctrl+Shift+A"),
    ("declined", "Ctrl+Shift+D"), ("confirmed", "Ctrl+Shift+F"), ("worked", "Ctrl+Shift+W"),
    ("no_show", "Ctrl+Shift+N"), ("cancelled", "Ctrl+Shift+X"), ("withdrawn", "Ctrl+Shift+R"),
)

#: How many candidates the list shows (best first) and how many of the excluded (nearest first).
TOP = 500
EXCLUDED_SHOWN = 1000

#: ask(kind, title, text, choices) -> the chosen key or None. Replaced in tests (no modal exec there).
AskFn = Callable[[str, str, str, list[tuple[str, str]]], str | None]


def ask_with_message_box(parent: QWidget) -> AskFn:
    def ask(kind: str, title: str, text: str, choices: list[tuple[str, str]]) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key for key, label in choices}
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter never over-books or overrides
        box.exec()
        return buttons.get(box.clickedButton())
    return ask


def _field_word(field: str) -> str:
    t = QCoreApplication.translate
    words = {
        "headcount": t("PostingsModel", "Headcount"), "dates_raw": t("PostingsModel", "Dates"),
        "hours_raw": t("RegistrantPane", "Hours (as written)"), "status": t("PostingsModel", "State"),
        "masked": t("PostingsModel", "Masked"), "occupation": t("PostingsModel", "Occupation"),
        "venue_name": t("PostingsModel", "Venue"), "venue_address": t("PostingsModel", "Venue"),
    }
    return words.get(field, field)


def _value_word(field: str, value: str) -> str:
    if field == "status":
        return word(POSTING_STATUS, value)
    if field == "occupation":
        return word(OCCUPATION, value)
    if field == "masked":
        yes = value.strip().lower() in ("true", "1", "yes")
        return (QCoreApplication.translate("RegistrantsModel", "yes") if yes
                else QCoreApplication.translate("RegistrantsModel", "no"))
    return value


def change_line(posting: dict[str, Any], changed: bool, missing: bool) -> str:
    """What the latest import changed in this posting, as an HTML line for the header ('' if nothing)."""
    if not (changed or missing):
        return ""
    parts = []
    if missing:
        parts.append(QCoreApplication.translate("PostingsModel", "Missing from the latest full export"))
    history = posting.get("changes") or []
    if changed and history:
        latest = max(at for at, *_ in history)
        for at, field, old, new in history:
            if at == latest and field != "missing":
                parts.append(f"{_field_word(field)}: {_value_word(field, old)} → {_value_word(field, new)}")
        parts.insert(0 if not missing else 1, QCoreApplication.translate("PostingsModel", "Changed by the latest import"))
    text = html.escape(" · ".join(parts[:6]))
    return f"<br><span style='color:#0050a0'>{text}</span>"


class WorkController(QObject):
    status = Signal(str)  # a short message for the status bar
    placements_changed = Signal()

    def __init__(self, db: Database, settings: Settings, postings: PostingsPane, candidates: CandidatesPane,
                 registrant: RegistrantPane, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.db, self.settings, self.runner = db, settings, runner
        self.postings, self.candidates, self.registrant = postings, candidates, registrant
        self.window = parent
        self.ask: AskFn = ask_with_message_box(parent)
        #: Set by the calls controller: (state, posting, registrant, name) -> extra transition
        #: arguments (override reason, chosen slots), or None to stop.
        self.guard: Callable[[str, str, str, str], dict[str, Any] | None] | None = None
        self._extra: dict[str, Any] = {}
        self.inform: Callable[[str, str], None] = lambda title, text: QMessageBox.information(parent, title, text)
        self._generation = 0
        self._posting: dict[str, Any] | None = None
        self._filter = ""
        self.ranking_busy = False
        self.actions: dict[str, QAction] = {}
        self._buttons: list[tuple[str, QToolButton]] = []
        self._make_actions()
        self.undo_action = QAction(self.tr("Undo placement change"), parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setEnabled(services.placements() is not None)

        postings.posting_selected.connect(self.select_posting)
        candidates.filter_changed.connect(self._filter_changed)
        candidates.candidate_selected.connect(self.select_registrant)
        self._update_actions()

    def shutdown(self) -> None:
        """The window closes: results still on their way are ignored."""
        self._generation += 1
        self.ranking_busy = False

    # ---- postings and ranking
    def select_posting(self, posting_id: int) -> None:
        self._generation += 1
        self._posting = queries.posting_detail(self.db, posting_id) if posting_id else None
        slots = [(d, a.hour * 60 + a.minute, b.hour * 60 + b.minute)
                 for d, a, b, active in (self._posting or {}).get("slots", []) if active]
        self.registrant.calendar.set_slots(slots)
        if self._posting is None:
            self.candidates.set_header(self.tr("Select a posting to see its candidates."))
            self.candidates.clear()
            self.registrant.show_registrant(None)
            self._update_actions()
            return
        self._show_header()
        self.rank()

    def _show_header(self) -> None:
        p = self._posting
        if p is None:
            return
        row = self.postings.row(p["id"])
        filled = f"{row.filled}/{row.headcount}" if row else str(p.get("headcount"))
        dates = ", ".join(f"{d.month}/{d.day}" for d in sorted({s[0] for s in p.get("slots", []) if s[3]}))
        slots = sorted({(s[1], s[2]) for s in p.get("slots", []) if s[3]})
        hours = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in slots[:3])
        masked_word, filled_word = self.tr("masked"), self.tr("filled")
        masked = f" <span style='color:#b00020'>[{masked_word}]</span>" if p.get("masked") else ""
        e = html.escape
        pref, muni = p.get("prefecture") or "", p.get("municipality_name") or p.get("city") or ""
        place = muni if muni.startswith(pref) else pref + muni
        changes = change_line(p, row.changed if row else False, row.missing if row else False)
        self.candidates.set_header(
            f"<b>{e(p['source_id'])}</b> {e(place)} — "
            f"{e(p.get('venue_name') or '')}{masked}<br>{word(OCCUPATION, p.get('occupation'))} · "
            f"{filled_word} {filled} · {e(dates[:120])} {e(hours)}{changes}")

    def rank(self) -> None:
        if self._posting is None:
            return
        mod = services.ranking()
        if mod is None:
            self.candidates.clear(self.tr("Ranking is not available in this build."))
            return
        self._generation += 1
        gen = self._generation
        source_id = self._posting["source_id"]
        posting_id = self._posting["id"]
        self.ranking_busy = True
        self.status.emit(self.tr("Ranking candidates…"))
        weights = self.settings.normalized_weights()

        def work() -> tuple[Any, dict[int, str]]:
            services.registry_index(self.db)  # wait for (or reuse) an index being built, never build twice
            result = mod.rank_posting(self.db, source_id, filter_text=self._filter or None, weights=weights,
                                      top=TOP, excluded_limit=EXCLUDED_SHOWN)
            return result, queries.placements_of_posting(self.db, posting_id)

        def done(out: tuple[Any, dict[int, str]]) -> None:
            if gen != self._generation:
                return
            self.ranking_busy = False
            result, states = out
            total = int(getattr(result, "total_candidates", 0) or len(result.candidates))
            n_excluded = sum(getattr(result, "excluded_counts", {}).values()) or len(result.excluded)
            self.candidates.set_result(list(result.candidates), list(result.excluded), states,
                                       total=total, total_excluded=n_excluded)
            message = self.tr("%1 candidates, %2 excluded").replace("%1", f"{total:,}").replace("%2", f"{n_excluded:,}")
            problems = list(getattr(result, "filter_problems", []) or [])
            if problems:
                message += " · ⚠ " + " ".join(problems)  # the filter terms that could not be read
            self.status.emit(message)

        def failed(exc: BaseException) -> None:
            if gen != self._generation:
                return
            self.ranking_busy = False
            self.candidates.clear(self.tr("Could not rank this posting: %1").replace("%1", html.escape(str(exc))))
            self.status.emit(self.tr("Ranking failed"))

        self.runner.start(work, on_done=done, on_error=failed)

    def _filter_changed(self, text: str) -> None:
        self._filter = text
        self.rank()

    # ---- registrant
    def select_registrant(self, registrant_id: int) -> None:
        if not registrant_id:
            self.registrant.show_registrant(None)
        else:
            self.registrant.show_registrant(queries.registrant_detail(self.db, registrant_id),
                                            queries.placement_history(self.db, registrant_id))
        self._update_actions()

    def show_registrant(self, registrant_id: int) -> None:
        """Show a registrant picked elsewhere (the registrants tab) in the registrant pane."""
        self.select_registrant(registrant_id)

    # ---- placement actions
    def _make_actions(self) -> None:
        for state, keys in ACTION_KEYS:
            act = QAction(word(PLACEMENT_ACTION, state), self.window)
            act.setShortcut(QKeySequence(keys))
            act.setObjectName(f"action_{state}")
            act.setToolTip(f"{word(PLACEMENT_ACTION, state)} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")
            act.triggered.connect(lambda _checked=False, s=state: self.apply(s))
            act.setEnabled(False)
            self.actions[state] = act
        # Right-click on a candidate offers the same actions.
        self.candidates.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.candidates.table.addActions(list(self.actions.values()))
        for bar in (self.candidates, self.registrant):
            buttons = []
            for state, act in self.actions.items():
                b = QToolButton()
                b.setDefaultAction(act)
                b.setToolButtonStyle(b.toolButtonStyle().ToolButtonTextOnly)
                buttons.append(b)
                self._buttons.append((state, b))
            bar.set_actions(buttons)  # type: ignore[arg-type]

    def current_state(self) -> str | None:
        reg = self.registrant.registrant
        mod = services.placements()
        if reg is None or self._posting is None or mod is None:
            return None
        state = mod.placement_state(self.db, self._posting["source_id"], reg["source_id"])
        return state.value if state is not None else None

    def _update_actions(self) -> None:
        rules = services.placement_rules()
        ok = self._posting is not None and self.registrant.registrant is not None and services.placements() is not None
        allowed = set()
        if ok and rules is not None:
            allowed = {s.value for s in rules.next_actions(self.current_state())}
        for state, act in self.actions.items():
            act.setEnabled(state in allowed)
        for state, b in self._buttons:
            b.setVisible(state in allowed)

    def apply(self, state: str, over: bool = False, cancelled_by: str | None = None) -> bool:
        mod = services.placements()
        reg = self.registrant.registrant
        if mod is None or self._posting is None or reg is None:
            return False
        if state == "cancelled" and cancelled_by is None:
            cancelled_by = self.ask("cancelled_by", self.tr("Cancel placement"), self.tr("Who cancelled?"),
                                    [("registrant", self.tr("The registrant")), ("site", self.tr("The venue"))])
            if cancelled_by is None:
                return False
        if not over:  # asked once: the over-headcount retry keeps the answers
            extra = self.guard(state, self._posting["source_id"], reg["source_id"], reg.get("name") or "") \
                if self.guard is not None else {}
            if extra is None:
                return False
            self._extra = extra
        try:
            result = mod.transition(self.db, self._posting["source_id"], reg["source_id"], state,
                                    coordinator=self.settings.coordinator, cancelled_by=cancelled_by, over=over,
                                    **self._extra)
        except Exception as exc:  # noqa: BLE001 - the rules refuse with words; show them
            code = getattr(exc, "code", "")
            if code == "over_headcount" and not over:
                answer = self.ask("over_headcount", self.tr("Posting is full"),
                                  self.tr("This posting already has its headcount on: %1\n\nConfirm anyway?")
                                  .replace("%1", ", ".join(s.label for s in getattr(exc, "slots", []))),
                                  [("yes", self.tr("Confirm beyond headcount"))])
                return answer == "yes" and self.apply(state, over=True, cancelled_by=cancelled_by)
            if code == "double_booking":
                lines = [f"{c.slot.label} ↔ {c.other_slot.label} {c.other_municipality} {c.other_venue} "
                         f"({c.other_posting})" for c in getattr(exc, "conflicts", [])]
                self.inform(self.tr("Already booked"),
                            self.tr("%1 is already confirmed elsewhere at the same time:").replace("%1", reg["name"])
                            + "\n" + "\n".join(lines))
                return False
            if isinstance(exc, getattr(services.placement_rules(), "PlacementRefused", ())):
                self.inform(self.tr("Not possible"), str(exc))
                return False
            raise
        for w in getattr(result, "warnings", []):
            self.inform(self.tr("Check travel time"), getattr(w, "message", str(w)))
        self.status.emit(self.tr("%1: %2").replace("%1", reg["name"]).replace("%2", word(PLACEMENT_STATE, state)))
        self._after_change()
        return True

    def undo(self) -> bool:
        mod = services.placements()
        if mod is None:
            return False
        try:
            result = mod.undo_last(self.db, coordinator=self.settings.coordinator)
        except Exception as exc:  # noqa: BLE001
            if getattr(exc, "code", "") in ("undo", "double_booking", "over_headcount", "not_found"):
                self.inform(self.tr("Nothing undone"), str(exc))
                return False
            raise
        self.status.emit(self.tr("Undone: %1 back to %2").replace("%1", result.registrant_source_id)
                         .replace("%2", word(PLACEMENT_STATE, result.new_state)))
        self._after_change(result.posting_source_id)
        return True

    def _after_change(self, other_posting: str | None = None) -> None:
        if other_posting and (self._posting is None or other_posting != self._posting["source_id"]):
            pid, filled = queries.posting_fill(self.db, other_posting)
            if pid:
                self.postings.update_fill(pid, filled)
        if self._posting is not None:
            states = queries.placements_of_posting(self.db, self._posting["id"])
            self.candidates.set_states(states)
            filled = sum(1 for s in states.values() if s in queries.BOOKED_STATES)
            self.postings.update_fill(self._posting["id"], filled)
            self._show_header()
        reg = self.registrant.registrant
        if reg is not None:
            self.registrant.show_registrant(queries.registrant_detail(self.db, reg["id"]),
                                            queries.placement_history(self.db, reg["id"]))
        self._update_actions()
        self.placements_changed.emit()
