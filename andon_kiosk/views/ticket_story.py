"""What a ticket says happened, in words: its escalation (the level, who was told and how it
went, the next level) and each line of its history. The ticket page shows them; strings keep
the page's translation context ("TicketPage")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.events import Event, EventKind
from andon_kiosk.core.notices import calls_told
from andon_kiosk.core.tickets import Ticket

from . import labels

K = EventKind
# a notice's follow-up trigger -> the event it follows up (its label on the timeline)
FOLLOW_UPS = {k.value: k for k in (K.ACKNOWLEDGED, K.CONTAINED, K.CLOSED, K.CANCELLED)}


def who(vm: KioskModel, actor: str, station: str) -> str:
    """Who did it: a person's name, the line operator (nobody signed in), or the station
    whose escalation clock recorded it (a kiosk, or the plant service)."""
    if not actor:
        return QCoreApplication.translate("TicketPage", "line operator")
    if actor == "system":
        return QCoreApplication.translate("TicketPage", "automatic at %1").replace("%1", station)
    return vm.user_name(actor)


def escalation_text(vm: KioskModel, ticket: Ticket) -> str:
    policy = vm.config.escalation
    levels = policy.levels_for(ticket.category)
    level = vm.level(ticket)
    lines = [
        QCoreApplication.translate("TicketPage", "L%1: %2")
        .replace("%1", str(level))
        .replace("%2", labels.recipients(levels[level].notify))
    ]
    lines += told_lines(vm, ticket)
    report = policy.report_due_at(ticket)
    if report is not None:
        lines.insert(0, labels.report_due(vm.local_time(report).strftime("%H:%M")))
    due = policy.next_due_at(ticket, vm.now())
    if due is not None:
        nxt = levels[level + 1]
        lines.append(
            QCoreApplication.translate("TicketPage", "Next L%1 at %2: %3")
            .replace("%1", str(level + 1))
            .replace("%2", vm.local_time(due).strftime("%H:%M"))
            .replace("%3", labels.recipients(nxt.notify))
        )
    return "\n".join(lines)


def told_lines(vm: KioskModel, ticket: Ticket) -> list[str]:
    """Per call, who was told and how it went: "Told L1: Wang Fang · wecom ✓ 10:13"."""
    by_call: dict[str, list[str]] = {}
    for told in calls_told(ticket):
        when = vm.local_time(told.at).strftime("%H:%M")
        retrying = QCoreApplication.translate("TicketPage", "retrying")
        mark = f"✓ {when}" if told.ok else f"✗ {retrying}"
        by_call.setdefault(told.trigger, []).append(f"{told.name} · {told.channel} {mark}")
    lines = []
    for trigger, people in by_call.items():
        safety = QCoreApplication.translate("TicketPage", "Safety")
        call = safety if trigger == "safety" else trigger.replace("level-", "L")
        said = QCoreApplication.translate("TicketPage", "Told %1: %2").replace("%1", call)
        lines.append(said.replace("%2", ", ".join(people)))
    return lines


def reason_name(vm: KioskModel, category: str, reason: str) -> str:
    """A reason's name in the kiosk's language (its key when this station does not know it)."""
    try:
        return vm.config.reasons.category(category).reason(reason).name.get(vm.config.language)
    except KeyError:
        return reason


def history_line(vm: KioskModel, event: Event, category: str = "") -> str:
    when = vm.local_time(event.occurred_at).strftime("%H:%M:%S")
    what = labels.tr(labels.EVENT[event.kind])
    d = event.data
    if event.kind is K.ESCALATED:  # "Escalated L1: production supervisor" (zh: full-width ：)
        what = (
            QCoreApplication.translate("TicketPage", "%1 L%2: %3")
            .replace("%1", what)
            .replace("%2", str(d.get("level")))
            .replace("%3", labels.recipients(list(d.get("notify", []))))
        )
    if event.kind is K.CLASSIFIED and d.get("reason"):  # which reason, not just that one was
        what = (
            QCoreApplication.translate("TicketPage", "%1: %2")
            .replace("%1", what)
            .replace("%2", reason_name(vm, category, str(d["reason"])))
        )
    if event.kind is K.NOTIFIED:  # "L2 · Wang Fang · wecom ✓", "Acknowledged · …"
        mark = "✓" if d.get("ok") else "✗ " + str(d.get("error", ""))
        person = d.get("name") or d.get("person")
        follow_up = FOLLOW_UPS.get(str(d.get("trigger")))
        why = labels.tr(labels.EVENT[follow_up]) if follow_up else f"L{d.get('level', 0)}"
        return f"{when}   {what} {why} · {person} · {d.get('channel')} {mark}"
    detail = d.get("text") or d.get("containment") or ""
    if event.kind is K.RESOLVED:
        detail = f"{d.get('root_cause')} / {d.get('countermeasure')}"
    line = f"{when}   {what} · {who(vm, event.actor, event.station)}"
    return f"{line}\n      {detail}" if detail else line
