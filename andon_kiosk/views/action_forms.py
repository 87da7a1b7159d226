"""The ticket's actions by name, and the form each action that needs words asks for.

A form is a title, up to two required fields (each with its phrase field of `core.phrases`,
offered as taps before typing) and a summary to confirm; `TicketPage` shows and sends it.
Words are translated in the ticket page's context (where the translation file keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from andon_kiosk.core.events import EventKind
from andon_kiosk.core.tickets import Ticket

K = EventKind

ACTION_NAMES = {  # automation names: ticket.<name> (docs/automation.md)
    K.ACKNOWLEDGED: "acknowledge",
    K.STARTED: "start",
    K.CONTAINED: "contain",
    K.RESOLVED: "resolve",
    K.VERIFIED: "verify",
    K.CLOSED: "close",
    K.REOPENED: "reopen",
    K.CANCELLED: "cancel",
    K.COMMENTED: "comment",
}

# Actions that end or undo a ticket: kept apart from the flow's next step, never primary.
DESTRUCTIVE = frozenset({K.CANCELLED})


@dataclass(frozen=True)
class FormSpec:
    title: str
    # (data key, caption, phrase field of core.phrases); every field is required
    fields: tuple[tuple[str, str, str], ...] = ()
    summary: str = ""


translate = QCoreApplication.translate  # lupdate reads translate("TicketPage", …)


def forms(ticket: Ticket) -> dict[EventKind, FormSpec]:
    """The form of each action on `ticket` that asks for words (the others need none)."""
    return {
        K.CONTAINED: FormSpec(
            translate("TicketPage", "Line restarted"),
            (
                (
                    "containment",
                    translate("TicketPage", "What was done so the line could restart?"),
                    "containment",
                ),
            ),
        ),
        K.RESOLVED: FormSpec(
            translate("TicketPage", "Root cause and countermeasure"),
            (
                (
                    "root_cause",
                    translate("TicketPage", "Root cause (man, machine, material, method)"),
                    "root_cause",
                ),
                (
                    "countermeasure",
                    translate("TicketPage", "Long-term countermeasure"),
                    "countermeasure",
                ),
            ),
        ),
        K.CLOSED: FormSpec(
            translate("TicketPage", "Close this ticket?"),
            summary=translate("TicketPage", "Root cause: %1\nCountermeasure: %2")
            .replace("%1", ticket.root_cause)
            .replace("%2", ticket.countermeasure),
        ),
        K.REOPENED: FormSpec(
            translate("TicketPage", "Reopen: the fix did not hold"),
            (("text", translate("TicketPage", "What is still wrong?"), "reopen"),),
        ),
        K.CANCELLED: FormSpec(
            translate("TicketPage", "Cancel this ticket"),
            (("text", translate("TicketPage", "Why is this not a real exception?"), "cancel"),),
        ),
        K.COMMENTED: FormSpec(
            translate("TicketPage", "Add a note"),
            (("text", translate("TicketPage", "Note"), "note"),),
        ),
    }
