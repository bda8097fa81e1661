"""The postings work view's behaviour: a posting is selected → rank it (in a worker) → show the
candidates → a candidate is selected → show the registrant; placement actions and undo.

Every read and write goes through the facade (desk.app.DeskApp) on the runner: nothing here waits
on the database in the GUI thread. Results that arrive after the coordinator moved on (a newer
selection) are dropped by generation counters."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QToolButton, QWidget

from desk.app import DeskApp
from desk.app.booking import filled_count
from desk.app.placements import Outcome
from desk.app.postings import PostingDetail, RegistrantDetail
from desk.core.placement import PlacementRefused
from desk.ui.candidates_view import CandidatesPane
from desk.ui.controllers.candidate_filter import FilterMemory, closest_registrant
from desk.ui.errors import is_lock_wait, plain_message, refusal_text
from desk.ui.labels import OCCUPATION, PLACEMENT_ACTION, PLACEMENT_STATE, POSTING_STATUS, word
from desk.ui.models.postings_model import short_date
from desk.ui.postings_view import PostingsPane
from desk.ui.registrant_view import RegistrantPane
from desk.ui.runner import Runner

#: Placement actions in button order, with their shortcuts.
ACTION_KEYS = (
    ("proposed", "Ctrl+Shift+P"), ("contacted", "Ctrl+Shift+C"), ("accepted", "Ctrl+Shift+A"),
    ("declined", "Ctrl+Shift+D"), ("confirmed", "Ctrl+Shift+F"), ("worked", "Ctrl+Shift+W"),
    ("no_show", "Ctrl+Shift+N"), ("cancelled", "Ctrl+Shift+X"), ("withdrawn", "Ctrl+Shift+R"),
)

#: How many candidates the list shows (best first); the excluded (nearest first) come a page at a time.
TOP = 500
EXCLUDED_PAGE = 100

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


def change_line(posting: Any, changed: bool, missing: bool) -> str:
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
    posting_shown = Signal()  # the selected posting's detail has arrived (self._posting is set)

    def __init__(self, app: DeskApp, postings: PostingsPane, candidates: CandidatesPane,
                 registrant: RegistrantPane, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.postings, self.candidates, self.registrant = postings, candidates, registrant
        self.window = parent
        self.ask: AskFn = ask_with_message_box(parent)
        #: Set by the calls controller: (state, posting, registrant, name) -> extra transition
        #: arguments (override reason, chosen slots), or None to stop.
        #: guard(state, posting, registrant, name, proceed): settles what a change needs first (an
        #: override reason, the slots to confirm) and calls proceed(extra), or does not call it to stop.
        self.guard: Callable[[str, str, str, str, Callable[[dict[str, Any]], None]], None] | None = None
        self._extra: dict[str, Any] = {}
        self.inform: Callable[[str, str], None] = lambda title, text: QMessageBox.information(parent, title, text)
        self._generation = 0  # the posting shown (detail + ranking)
        self._reg_generation = 0  # the registrant shown
        self._posting: PostingDetail | None = None
        self._state: str | None = None  # the selected placement's state (None: none yet)
        self._filter = ""
        self._from_registry = False
        self._keep_pane = False  # a re-ranking after a registrant changed keeps the pane on who is shown
        self.filter_memory = FilterMemory()
        self.ranking_busy = False
        self._wanted_candidate = 0
        self.writing = False  # a placement change is on its way
        self.actions: dict[str, QAction] = {}
        self._buttons: list[tuple[str, QToolButton]] = []
        self._make_actions()
        self.undo_action = QAction(self.tr("Undo placement change"), parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)

        postings.posting_selected.connect(self.select_posting)
        candidates.filter_changed.connect(self._filter_changed)
        candidates.candidate_selected.connect(self._candidate_selected)
        candidates.more_excluded.connect(self.more_excluded)
        self._set_allowed(set())

    @property
    def settings(self) -> Any:
        return self.app.settings

    def shutdown(self) -> None:
        """The window closes: results still on their way are ignored."""
        self._generation += 1
        self._reg_generation += 1
        self.ranking_busy = False

    # ---- postings and ranking
    def select_posting(self, posting_id: int) -> None:
        text = self.filter_memory.switch(self.settings.candidate_filter, posting_id,
                                         self.candidates.filter_edit.text())
        if text != self.candidates.filter_edit.text():
            self.candidates.set_filter_silently(text)
        self._filter = text.strip()
        self._generation += 1
        gen = self._generation
        if not posting_id:
            self._show_posting(None)
            return
        self.ranking_busy = True  # until the candidates are shown (or the posting is gone)
        self.candidates.set_header(self.tr("Loading the posting…"))
        self.runner.run(self.app.posting_detail, posting_id, waiting_for=self.tr("Waiting for the database: the posting"),
                        on_result=lambda detail: gen == self._generation and self._show_posting(detail),
                        on_error=lambda exc: gen == self._generation and self._failed_posting(exc))

    def _failed_posting(self, exc: BaseException) -> None:
        self.ranking_busy = False
        self.candidates.clear(html.escape(plain_message(exc)))
        self.status.emit(plain_message(exc))

    def _show_posting(self, detail: PostingDetail | None) -> None:
        self._posting = detail
        slots = [(d, a.hour * 60 + a.minute, b.hour * 60 + b.minute)
                 for d, a, b, active in (detail.get("slots", []) if detail else []) if active]
        self.registrant.calendar.set_slots(slots)
        if detail is None:
            self.ranking_busy = False
            self.candidates.set_header(self.tr("Select a posting to see its candidates."))
            self.candidates.clear()
            self.registrant.show_registrant(None)
            self._refresh_actions()
            return
        self._show_header()
        self._refresh_actions()
        self.posting_shown.emit()
        self.rank()

    def _show_header(self) -> None:
        p = self._posting
        if p is None:
            return
        row = self.postings.row(p["id"])
        filled = f"{row.filled}/{row.headcount}" if row else str(p.get("headcount"))
        dates = ", ".join(short_date(d) for d in sorted({s[0] for s in p.get("slots", []) if s[3]}))
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
        self._generation += 1
        gen = self._generation
        self.ranking_busy = True
        self.status.emit(self.tr("Ranking candidates…"))

        def done(result: Any) -> None:
            if gen != self._generation:
                return
            self.ranking_busy = False
            try:
                self.candidates.set_result(list(result.candidates), list(result.excluded), dict(result.states),
                                           total=result.total, total_excluded=result.total_excluded,
                                           excluded_counts=dict(result.excluded_counts))
            finally:
                self._keep_pane = False
            wanted, self._wanted_candidate = self._wanted_candidate, 0
            if wanted:
                self.candidates.select_id(wanted)
            message = self.tr("%1 candidates, %2 excluded").replace("%1", f"{result.total:,}") \
                .replace("%2", f"{result.total_excluded:,}")
            if result.filter_problems:
                message += " · ⚠ " + " ".join(result.filter_problems)  # the filter terms that could not be read
            self.status.emit(message)
            if not result.total and self._filter:
                self._suggest_closest(gen)

        def failed(exc: BaseException) -> None:
            if gen != self._generation:
                return
            self.ranking_busy = False
            self.candidates.clear(self.tr("Could not rank this posting: %1").replace("%1", html.escape(plain_message(exc))))
            self.status.emit(self.tr("Ranking failed"))

        self.runner.run(self.app.rank, self._posting.id, self._posting.source_id, filter_text=self._filter,
                        top=TOP, excluded_limit=EXCLUDED_PAGE, on_result=done, on_error=failed,
                        waiting_for=self.tr("Waiting for the database: ranking the candidates"))

    def rerank(self) -> None:
        """Rank the shown posting again because a registrant changed (an edit, ours or a colleague's:
        a state, availability or contact detail): the list follows at once. The candidate selected
        stays selected while still listed; if the change took them off the list, the registrant pane
        keeps showing them (with the new value) rather than going blank."""
        if self._posting is None:
            return
        self._keep_pane = self.registrant.registrant is not None
        self.rank()

    def more_excluded(self, offset: int) -> None:
        """The next page of the excluded list (さらに表示), for the posting and filter shown."""
        if self._posting is None:
            return
        gen = self._generation
        self.runner.run(self.app.excluded_page, self._posting.source_id, filter_text=self._filter, offset=offset,
                        limit=EXCLUDED_PAGE, waiting_for=self.tr("Waiting for the database: ranking the candidates"),
                        on_result=lambda rows: gen == self._generation and self.candidates.add_excluded(list(rows)),
                        on_error=lambda exc: gen == self._generation and self.status.emit(plain_message(exc)))

    def _suggest_closest(self, gen: int) -> None:
        """該当なし: look for the closest registrant to the filter's words (global search, in a worker)."""
        self.candidates.show_no_match("")
        self.runner.run(closest_registrant, self.app.search, self._filter, on_error=lambda _exc: None,
                        on_result=lambda best: gen == self._generation and self.candidates.show_no_match(best))

    def _filter_changed(self, text: str) -> None:
        self._filter = text
        self.rank()

    # ---- registrant
    def _candidate_selected(self, registrant_id: int) -> None:
        # A candidate list arriving with nothing selected does not hide a registrant the coordinator
        # picked in the registrants tab.
        if registrant_id == 0 and (self._from_registry or self._keep_pane):
            return
        self._from_registry = False
        self.select_registrant(registrant_id)

    def select_registrant(self, registrant_id: int) -> None:
        self._reg_generation += 1
        gen = self._reg_generation
        self._set_allowed(set())
        if not registrant_id:
            self.registrant.show_registrant(None)
            return
        self.runner.run(self.app.registrant_detail, registrant_id,
                        waiting_for=self.tr("Waiting for the database: the registrant"),
                        on_result=lambda d: gen == self._reg_generation and self._show_registrant(d),
                        on_error=lambda exc: gen == self._reg_generation and self.status.emit(plain_message(exc)))

    def _show_registrant(self, detail: RegistrantDetail | None) -> None:
        if detail is None:
            self.registrant.show_registrant(None)
        else:
            self.registrant.show_registrant(detail, [dict(h) for h in detail.history])
        self._refresh_actions()

    def want_candidate(self, registrant_id: int) -> None:
        """Select this registrant in the candidate list once the ranking under way arrives."""
        self._wanted_candidate = registrant_id

    def show_registrant(self, registrant_id: int) -> None:
        """Show a registrant picked elsewhere (the registrants tab) in the registrant pane."""
        self._from_registry = True
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
        """The selected placement's state as last read (the actions offered follow it)."""
        return self._state

    def _refresh_actions(self) -> None:
        """Ask (in a worker) which moves the selected placement allows, then offer those."""
        reg = self.registrant.registrant
        if self._posting is None or reg is None:
            self._state = None
            self._set_allowed(set())
            return
        gen = (self._generation, self._reg_generation)
        posting, registrant = self._posting.source_id, str(reg["source_id"])

        def work() -> tuple[str | None, frozenset[str]]:
            return (self.app.placement_state(posting, registrant), self.app.allowed_actions(posting, registrant))

        def done(out: tuple[str | None, frozenset[str]]) -> None:
            if gen != (self._generation, self._reg_generation) and not self._same(posting, registrant):
                return
            self._state = out[0]
            self._set_allowed(set(out[1]))

        self.runner.run(work, on_result=done, waiting_for=self.tr("Waiting for the database: the placement"),
                        on_error=lambda exc: self.status.emit(plain_message(exc)))

    def _same(self, posting: str, registrant: str) -> bool:
        reg = self.registrant.registrant
        return (self._posting is not None and reg is not None and self._posting.source_id == posting
                and str(reg["source_id"]) == registrant)

    def _set_allowed(self, allowed: set[str]) -> None:
        if self.writing:
            allowed = set()
        for state, act in self.actions.items():
            act.setEnabled(state in allowed)
        for state, b in self._buttons:
            b.setVisible(state in allowed)

    def apply(self, state: str, over: bool = False, cancelled_by: str | None = None) -> None:
        reg = self.registrant.registrant
        if self._posting is None or reg is None or self.writing:
            return
        if state == "cancelled" and cancelled_by is None:
            cancelled_by = self.ask("cancelled_by", self.tr("Cancel placement"), self.tr("Who cancelled?"),
                                    [("registrant", self.tr("The registrant")), ("site", self.tr("The venue"))])
            if cancelled_by is None:
                return
        posting, registrant, name = self._posting.source_id, str(reg["source_id"]), str(reg["name"])
        if not over and self.guard is not None:  # asked once: the over-headcount retry keeps the answers
            self.guard(state, posting, registrant, name,
                       lambda extra: self._write(state, posting, registrant, name, over, cancelled_by, extra))
            return
        self._write(state, posting, registrant, name, over, cancelled_by, self._extra if over else {})

    def _write(self, state: str, posting: str, registrant: str, name: str, over: bool,
               cancelled_by: str | None, extra: dict[str, Any]) -> None:
        if self.writing:
            return
        self._extra = extra
        self._writing(True)
        self.runner.run(self.app.transition, posting, registrant, state, over=over, cancelled_by=cancelled_by,
                        **extra, waiting_for=self.tr("Waiting for the database to record the change"),
                        on_result=lambda out: self._applied(out, name),
                        on_error=lambda exc: self._refused(exc, state, over, cancelled_by, name))

    def _writing(self, on: bool) -> None:
        self.writing = on
        self.undo_action.setEnabled(not on)
        if on:
            self._set_allowed(set())

    def _applied(self, out: Outcome, name: str) -> None:
        self._writing(False)
        for text in out.warnings:
            self.inform(self.tr("Check travel time"), text)
        self.status.emit(self.tr("%1: %2").replace("%1", name).replace("%2", word(PLACEMENT_STATE, out.new_state)))
        self._after_change(out.posting_source_id)

    def _refused(self, exc: BaseException, state: str, over: bool, cancelled_by: str | None, name: str) -> None:
        self._writing(False)
        code = getattr(exc, "code", "")
        if code == "over_headcount" and not over:
            answer = self.ask("over_headcount", self.tr("Posting is full"),
                              self.tr("This posting already has its headcount on: %1\n\nConfirm anyway?")
                              .replace("%1", ", ".join(s.label for s in getattr(exc, "slots", []))),
                              [("yes", self.tr("Confirm beyond headcount"))])
            if answer == "yes":
                self.apply(state, over=True, cancelled_by=cancelled_by)
            else:
                self._refresh_actions()
            return
        if code == "double_booking":
            lines = [f"{c.slot.label} ↔ {c.other_slot.label} {c.other_municipality} {c.other_venue} "
                     f"({c.other_posting})" for c in getattr(exc, "conflicts", [])]
            self.inform(self.tr("Already booked"),
                        self.tr("%1 is already confirmed elsewhere at the same time:").replace("%1", name)
                        + "\n" + "\n".join(lines))
        elif isinstance(exc, PlacementRefused):
            self.inform(self.tr("Not possible"), str(exc))
        else:
            self._failed_write(exc)
        self._refresh_actions()

    def refused_for_login(self, exc: BaseException) -> bool:
        """Team mode: the database refused this for the coordinator's login (a role without the
        right, desk's own triggers). Say so in plain words and return True; else return False."""
        message = refusal_text(exc)
        if message is None:
            return False
        self.inform(self.tr("Not allowed for your login"), message)
        return True

    def _failed_write(self, exc: BaseException) -> None:
        if self.refused_for_login(exc):
            return
        if is_lock_wait(exc):
            self.inform(self.tr("Database busy"), plain_message(exc))
        else:
            from desk.ui.errors import show_error

            show_error(self.window, self.tr("The change was not recorded"), exc)

    def undo(self) -> None:
        if self.writing:
            return
        self._writing(True)

        def done(out: Outcome) -> None:
            self._writing(False)
            self.status.emit(self.tr("Undone: %1 back to %2").replace("%1", out.registrant_source_id)
                             .replace("%2", word(PLACEMENT_STATE, out.new_state)))
            self._after_change(out.posting_source_id)

        def failed(exc: BaseException) -> None:
            self._writing(False)
            if isinstance(exc, PlacementRefused):
                self.inform(self.tr("Nothing undone"), str(exc))
            else:
                self._failed_write(exc)
            self._refresh_actions()

        self.runner.run(self.app.undo_last, on_result=done, on_error=failed,
                        waiting_for=self.tr("Waiting for the database to undo the change"))

    def _after_change(self, other_posting: str | None = None) -> None:
        """Re-read what a change touched (in a worker): fills, candidate states, the registrant."""
        posting = self._posting
        reg = self.registrant.registrant
        gen = (self._generation, self._reg_generation)
        reg_id = int(reg["id"]) if reg is not None else 0

        def work() -> tuple[Any, Any, Any]:
            other = (self.app.posting_fill(other_posting)
                     if other_posting and (posting is None or other_posting != posting.source_id) else None)
            states = self.app.posting_states(posting.id) if posting is not None else None
            return other, states, self.app.registrant_detail(reg_id) if reg_id else None

        def done(out: tuple[Any, Any, Any]) -> None:
            other, states, detail = out
            if other is not None and other.posting_id:
                self.postings.update_fill(other.posting_id, other.filled)
            if gen == (self._generation, self._reg_generation):
                if posting is not None and states is not None:
                    self.candidates.set_states(dict(states))
                    self.postings.update_fill(posting.id, filled_count(states.values()))
                    self._show_header()
                if detail is not None:
                    self._show_registrant(detail)
            self.placements_changed.emit()

        self.runner.run(work, on_result=done, on_error=lambda exc: self.status.emit(plain_message(exc)),
                        waiting_for=self.tr("Waiting for the database: refreshing"))
