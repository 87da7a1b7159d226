"""Ticket detail: what happened, who is on it, escalation, history, and exactly the actions the
signed-in role may take, with the forms those actions need."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Action
from andon_kiosk.core.phrases import SHOWN, SHOWN_OF_TWO
from andon_kiosk.core.tickets import Ticket

from . import labels
from . import ticket_story as story
from .action_forms import ACTION_NAMES, DESTRUCTIVE, forms
from .keyboard import OnScreenKeyboard
from .phrases import OTHER, PhrasePicker
from .tickets import ticket_title
from .widgets import (
    button,
    child,
    clear_layout,
    load_form,
    set_tone,
    sized_by_shown_page,
    styled,
)

K = EventKind


class TicketPage(QWidget):
    """Signals: back(), signInRequested(), reasonRequested(ticket id), actionsChanged() (the
    buttons under the finger changed: the window's tap guard listens)."""

    back = Signal()
    signInRequested = Signal()
    reasonRequested = Signal(str)
    actionsChanged = Signal()

    def __init__(self, vm: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._vm = vm
        self._ticket_id = ""
        self._form_kind: EventKind | None = None
        f = load_form("ticket_detail.ui", self)
        self._f = f
        self.panel = child(f, QStackedWidget, "ticket.panel")
        sized_by_shown_page(self.panel)
        self.facts = self._facts_box(f)
        # the title takes the row's room before the gap left of the state does (it wrapped
        # to two lines beside empty space, even on a TV)
        title_row = f.findChild(QHBoxLayout, "titleRow")
        title_row.setStretch(title_row.indexOf(child(f, QLabel, "ticket.title")), 1)
        self.state = child(f, QLabel, "ticket.state")
        self.state.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.timeline = child(f, QListWidget, "ticket.timeline")
        self.actions = child(f, QWidget, "ticket.actions")
        # Destructive actions live at the bottom of the panel, far from the primary one.
        self.destructive = styled(QWidget(), "destructive", "ticket.destructive")
        QVBoxLayout(self.destructive).setContentsMargins(0, 0, 0, 0)
        self.actions.parentWidget().layout().addWidget(self.destructive)
        self._shown_actions: tuple = ()
        self.sign_in = child(f, QPushButton, "ticket.signIn")
        self.sign_in_hint = child(f, QLabel, "ticket.signInHint")
        self.field1 = child(f, QPlainTextEdit, "ticket.form.field1")
        self.field2 = child(f, QPlainTextEdit, "ticket.form.field2")
        # answers by tap first (the plant's phrases), typing on the kiosk's keyboard second
        self.picker1 = PhrasePicker("ticket.form.phrases1")
        self.picker2 = PhrasePicker("ticket.form.phrases2")
        form_layout = child(f, QWidget, "ticket.formPage").layout()
        for picker, edit in ((self.picker1, self.field1), (self.picker2, self.field2)):
            form_layout.insertWidget(form_layout.indexOf(edit), picker)
            picker.picked.connect(lambda code, e=edit: self._on_picked(e, code))
            edit.viewport().installEventFilter(self)
        self._slots = (
            (self.field1, self.picker1, "ticket.form.label1"),
            (self.field2, self.picker2, "ticket.form.label2"),
        )
        # sent, not yet seen recorded: (that kind's events before, the texts typed)
        self._drafts: dict[tuple[str, EventKind], tuple[int, tuple[str, ...]]] = {}
        self._present = [False, False]  # the form has this field
        self._offered = [False, False]  # ... and phrases for it
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.hide()
        self.keyboard.shown.connect(self._lay_out_form)
        self.keyboard.closed.connect(self._lay_out_form)
        self.layout().addWidget(self.keyboard)
        self.form_error = child(f, QLabel, "ticket.form.error")
        self.form_error.hide()  # takes room only when it says something
        self.confirm = child(f, QPushButton, "ticket.form.confirm")
        child(f, QPushButton, "ticket.back").clicked.connect(self.back)
        child(f, QPushButton, "ticket.form.back").clicked.connect(self._show_actions)
        self.sign_in.clicked.connect(self.signInRequested)
        self.confirm.clicked.connect(self._confirm)
        vm.ticketUpdated.connect(self._on_ticket_updated)
        vm.session.changed.connect(self._on_session_changed)
        vm.ticked.connect(self._on_tick)

    @property
    def ticket_id(self) -> str:
        return self._ticket_id

    def _label(self, name: str) -> QLabel:
        return child(self._f, QLabel, name)

    # ---- showing a ticket ------------------------------------------------------------
    def show_ticket(self, ticket_id: str) -> None:
        self._ticket_id = ticket_id
        self._show_actions()
        self._refresh()

    def _ticket(self) -> Ticket | None:
        return self._vm.ticket(self._ticket_id)

    def _refresh(self) -> None:
        ticket = self._ticket()
        if ticket is None:
            return
        vm = self._vm
        symbol, title = ticket_title(vm, ticket)
        self._label("ticket.symbol").setText(symbol)
        self._label("ticket.title").setText(title)
        self.state.setText(labels.state(ticket))
        set_tone(self.state, vm.tone(ticket))
        self._label("ticket.department").setText(
            vm.config.reasons.department_name(ticket.department, vm.config.language)
        )
        raised = vm.local_time(ticket.raised.at).strftime("%H:%M")
        self._label("ticket.raised").setText(
            self.tr("%1 by %2 at %3")
            .replace("%1", raised)
            .replace("%2", story.who(vm, ticket.raised.actor, ticket.raised.station))
            .replace("%3", ticket.raised.station)
        )
        self._set_text("ticket.containment", ticket.containment)
        self._set_text("ticket.rootCause", ticket.root_cause)
        self._set_text("ticket.countermeasure", ticket.countermeasure)
        self._fill_timeline(ticket)
        self._fill_actions(ticket)
        self._refresh_times(ticket)

    def _set_text(self, name: str, text: str) -> None:
        value = self._label(name)
        value.setText(text)
        value.setVisible(bool(text))
        self._label(name + "Label").setVisible(bool(text))

    def _on_tick(self) -> None:
        ticket = self._ticket()
        if ticket is not None and self.isVisible():
            self._refresh_times(ticket)

    def _refresh_times(self, ticket: Ticket) -> None:
        vm = self._vm
        policy = vm.config.escalation
        running = ticket.escalation_clock_running
        if ticket.stops_line:
            caption = self.tr("Line down for") if running else self.tr("Line was down for")
        else:
            caption = self.tr("Open for")
        self._label("ticket.elapsedLabel").setText(caption)
        self._label("ticket.elapsed").setText(
            labels.elapsed(policy.unrecovered_s(ticket, vm.now()))
        )
        self._label("ticket.escalation").setText(story.escalation_text(vm, ticket))

    def _fill_timeline(self, ticket: Ticket) -> None:
        self.timeline.clear()
        for event in ticket.history:
            self.timeline.addItem(story.history_line(self._vm, event, ticket.category))

    # ---- actions ---------------------------------------------------------------------
    def _fill_actions(self, ticket: Ticket) -> None:
        vm = self._vm
        kinds = vm.allowed_actions(ticket)
        flow = [k for k in kinds if k not in DESTRUCTIVE]
        classify = ticket.is_open and vm.session.may(Action.CLASSIFY)
        comment = vm.session.may(Action.COMMENT)
        shown = (tuple(kinds), classify and bool(ticket.reason), classify, comment)
        if shown == self._shown_actions:
            return  # the same buttons: leave them where the finger expects them
        self._shown_actions = shown
        layout = self.actions.layout()
        clear_layout(layout)
        clear_layout(self.destructive.layout())
        for index, kind in enumerate(flow):
            btn = button(
                labels.tr(labels.ACTION[kind]),
                f"ticket.{ACTION_NAMES[kind]}",
                "primary" if index == 0 else "",
            )
            btn.clicked.connect(lambda _=False, k=kind: self._start_action(k))
            layout.addWidget(btn)
        if classify:
            text = self.tr("Change reason…") if ticket.reason else self.tr("Add reason…")
            btn = button(text, "ticket.classify")
            btn.clicked.connect(lambda: self.reasonRequested.emit(self._ticket_id))
            layout.addWidget(btn)
        if comment:
            btn = button(self.tr("Add note…"), "ticket.comment")
            btn.clicked.connect(lambda: self._start_action(K.COMMENTED))
            layout.addWidget(btn)
        for kind in (k for k in kinds if k in DESTRUCTIVE):
            btn = button(labels.tr(labels.ACTION[kind]), f"ticket.{ACTION_NAMES[kind]}", "danger")
            btn.clicked.connect(lambda _=False, k=kind: self._start_action(k))
            self.destructive.layout().addWidget(btn)
        self.destructive.setVisible(any(k in DESTRUCTIVE for k in kinds))
        only_basics = not kinds
        self.sign_in_hint.setVisible(only_basics and not vm.session.signed_in)
        self.sign_in.setVisible(only_basics and not vm.session.signed_in)
        self.actionsChanged.emit()

    def _start_action(self, kind: EventKind) -> None:
        ticket = self._ticket()
        if ticket is None:
            return
        spec = forms(ticket).get(kind)
        if spec is None:
            self._vm.act(self._ticket_id, kind)
            return
        self._form_kind = kind
        title = self._label("ticket.form.title")
        title.setText(spec.title)
        # two fields: their captions say what the title would (and the room is for the
        # phrases, each a 15 mm touch target)
        title.setVisible(len(spec.fields) < 2)
        summary = self._label("ticket.form.summary")
        summary.setText(spec.summary)
        summary.setVisible(bool(spec.summary))
        book, language = self._vm.config.phrases, self._vm.config.language
        for index, (edit, picker, caption_name) in enumerate(self._slots):
            present = index < len(spec.fields)
            self._label(caption_name).setText(spec.fields[index][1] if present else "")
            shown = SHOWN if len(spec.fields) == 1 else SHOWN_OF_TWO
            phrases = (
                book.offer(spec.fields[index][2], ticket.category, ticket.reason, shown)
                if present
                else []
            )
            picker.offer(phrases, language)
            self._present[index], self._offered[index] = present, bool(phrases)
            edit.clear()
        self.keyboard.hide()
        draft = self._drafts.pop((self._ticket_id, kind), None)
        if draft is not None:  # what was typed last time did not go through: not lost
            for (edit, picker, _), text in zip(self._slots, draft[1], strict=False):
                if text:
                    edit.setPlainText(text)
                    picker.choose_other()
        self._lay_out_form()
        self.form_error.clear()
        self.form_error.hide()
        self.panel.setCurrentIndex(1)
        self.actionsChanged.emit()

    @staticmethod
    def _facts_box(form: QWidget) -> QWidget:
        """What the form lists under the title (facts, history) in one box, folded away while
        the keyboard is up: the keyboard takes the lower half of a small screen, and the field
        typed into and Confirm must stay on it."""
        info = form.findChild(QVBoxLayout, "info")
        box = QWidget()
        box.setObjectName("ticket.facts")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(info.spacing())
        while info.count() > 1:  # all but the title row
            stretch = info.stretch(1)
            item = info.takeAt(1)
            if item.widget() is not None:
                inner.addWidget(item.widget(), stretch)
            elif item.layout() is not None:
                inner.addLayout(item.layout(), stretch)
            else:
                inner.addItem(item)
        info.addWidget(box, 1)
        info.addStretch(0)  # folded away, the title row stays at the top
        return box

    def _lay_out_form(self) -> None:
        """Phrases to tap; a text field where none fits or Other was tapped. While the keyboard
        is up, only the field it types into shows (the keyboard takes half the screen)."""
        typing = self.keyboard.target if self.keyboard.isVisible() else None
        self.facts.setVisible(typing is None)
        # While typing, the form takes what the keyboard leaves: asked for its minimum, Qt's
        # layout answered with the form's last height (its words wrap), taller than the
        # screen with the keyboard under it.
        policy = self._f.sizePolicy()
        policy.setVerticalPolicy(
            QSizePolicy.Policy.Preferred if typing is None else QSizePolicy.Policy.Ignored
        )
        self._f.setSizePolicy(policy)
        for index, (edit, picker, caption_name) in enumerate(self._slots):
            present, offered = self._present[index], self._offered[index]
            shown = present and (typing is None or typing is edit)
            self._label(caption_name).setVisible(shown)
            picker.setVisible(shown and offered and typing is None)
            edit.setVisible(shown and (not offered or picker.other))

    def _confirm(self) -> None:
        ticket = self._ticket()
        if ticket is None or self._form_kind is None:
            return
        spec = forms(ticket)[self._form_kind]
        data = {}
        pairs = ((self.field1, self.picker1), (self.field2, self.picker2))
        for index, ((key, caption, _), (edit, picker)) in enumerate(
            zip(spec.fields, pairs, strict=False)
        ):
            phrase = picker.chosen if self._offered[index] else None
            text = picker.words() if phrase else edit.toPlainText().strip()
            if not text:
                self.form_error.setText(self.tr("Please pick or type: %1").replace("%1", caption))
                self.form_error.show()
                return
            data[key] = text
            if phrase is not None:
                data[f"{key}_code"] = phrase.code  # for reports that count causes, in any language
        # kept until the ticket shows it recorded: a refusal (too long, the store full)
        # must not cost the responder what they typed
        typed = tuple(
            edit.toPlainText() if picker.other or not self._offered[i] else ""
            for i, (edit, picker, _) in enumerate(self._slots)
        )
        done = sum(1 for e in ticket.history if e.kind is self._form_kind)
        self._drafts[(self._ticket_id, self._form_kind)] = (done, typed)
        self._vm.act(self._ticket_id, self._form_kind, data)
        self._show_actions()

    def _show_actions(self) -> None:
        self._form_kind = None
        self.keyboard.hide()
        self.panel.setCurrentIndex(0)
        self.actionsChanged.emit()  # Cancel may now sit where Confirm was: a tap guard

    def _on_picked(self, edit: QPlainTextEdit, code: str) -> None:
        """A phrase was tapped (the text field closes) or Other (it opens, with the keyboard)."""
        self.form_error.clear()
        self.form_error.hide()
        if code == OTHER:
            self.keyboard.attach(edit)  # lays the form out for typing
        else:
            if self.keyboard.target is edit:
                self.keyboard.hide()
            self._lay_out_form()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tap in a text field brings up the keyboard for it."""
        if event.type() == QEvent.Type.MouseButtonPress:
            for edit in (self.field1, self.field2):
                if watched is edit.viewport():
                    self.keyboard.attach(edit)
        return super().eventFilter(watched, event)

    # ---- model signals ---------------------------------------------------------------
    def _on_ticket_updated(self, ticket_id: str) -> None:
        ticket = self._vm.ticket(ticket_id)
        if ticket is not None:  # recorded: its drafts are done with
            for key in [k for k in self._drafts if k[0] == ticket_id]:
                if sum(1 for e in ticket.history if e.kind is key[1]) > self._drafts[key][0]:
                    del self._drafts[key]
        if ticket_id == self._ticket_id:
            self._refresh()
            ticket = self._ticket()
            if ticket is not None and not ticket.is_open and self.isVisible():
                self.back.emit()  # closed or cancelled: back to the line's overview

    def _on_session_changed(self) -> None:
        if self._ticket_id:
            self._show_actions()
            self._refresh()
