"""Answers picked with one tap: the plant's phrase lists for what a responder writes.

Containment, root cause, countermeasure and the reasons to cancel, reopen or note are first
picked from phrases the plant configures per category and reason (`[[phrases]]`); free text
is the exception. A picked phrase is stored with its `code` beside its words, so the answers
can be counted (a root-cause Pareto) whatever language they were shown in.
`default_phrases()` is the embedded default, from everyday 4M practice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reasons import Text

# the form fields that take phrases; each is also the event data key its words go to
FIELDS = ("containment", "root_cause", "countermeasure", "cancel", "reopen", "note")
SHOWN = 6  # phrases offered per field: the most specific first
SHOWN_OF_TWO = 3  # ... on a form of two fields (root cause and countermeasure): both fit


@dataclass(frozen=True, slots=True)
class Phrase:
    field: str  # one of FIELDS
    code: str  # stable key, for reports that count causes (a root-cause Pareto)
    text: Text
    category: str = ""  # "" = any category
    reason: str = ""  # "" = any reason of the category


@dataclass(frozen=True)
class PhraseBook:
    phrases: tuple[Phrase, ...] = ()

    def offer(
        self, field: str, category: str, reason: str | None, shown: int = SHOWN
    ) -> list[Phrase]:
        """The phrases for `field` on a ticket of `category`/`reason`: the reason's own, then
        the category's, then the plant's general ones; at most `shown`, one per code."""
        mine = [p for p in self.phrases if p.field == field]
        ranked = [
            *(p for p in mine if p.category == category and reason and p.reason == reason),
            *(p for p in mine if p.category == category and not p.reason),
            *(p for p in mine if not p.category),
        ]
        seen: set[str] = set()
        offered = []
        for phrase in ranked:
            if phrase.code not in seen:
                seen.add(phrase.code)
                offered.append(phrase)
        return offered[:shown]


def _p(field: str, code: str, en: str, zh: str, category: str = "") -> Phrase:
    return Phrase(field, code, Text(en, zh), category)


def default_phrases() -> PhraseBook:
    c, r, m = "containment", "root_cause", "countermeasure"
    return PhraseBook((
        # what was done so the line could restart
        _p(c, "relief_operator", "Relief operator in place", "顶岗人员已到位", "person"),
        _p(c, "backup_equipment", "Backup equipment in use", "切换备用设备", "machine"),
        _p(c, "material_replenished", "Material replenished", "已补料", "material"),
        _p(c, "suspect_isolated", "Suspect parts isolated", "可疑品已挑选隔离",
           "material"),
        _p(c, "back_to_standard", "Work back to standard", "已按作业标准纠正", "method"),
        _p(c, "area_made_safe", "Area safe, first aid given", "现场已安全处置，已急救",
           "safety"),
        _p(c, "reset_restart", "Reset and restarted", "复位后重新启动"),
        _p(c, "part_replaced", "Faulty part replaced", "已更换故障件"),
        _p(c, "adjusted_first_piece", "Adjusted, first piece OK", "已调整，首件合格"),
        # root cause, by 4M
        _p(r, "not_trained", "Operator not trained", "作业员未经该工序培训", "person"),
        _p(r, "standard_not_followed", "Standard work not followed", "未按作业标准操作", "person"),
        _p(r, "wear", "Wear, tool life ended", "磨损或刀具寿命到期", "machine"),
        _p(r, "maintenance_missed", "Maintenance missed", "未按时点检保养", "machine"),
        _p(r, "setting_drift", "Setting drifted", "设备参数漂移", "machine"),
        _p(r, "supplier_defect", "Supplier defect", "供应商来料不良", "material"),
        _p(r, "late_delivery", "Late delivery, wrong kanban", "配送延迟或看板错误", "material"),
        _p(r, "standard_wrong", "Standard unclear or wrong", "作业标准不清或错误", "method"),
        _p(r, "design_issue", "Design or drawing issue", "设计或图纸问题", "method"),
        _p(r, "unsafe_condition", "Unsafe condition", "不安全状态", "safety"),
        _p(r, "unsafe_act", "Unsafe act", "不安全行为", "safety"),
        # long-term countermeasure
        _p(m, "update_standard", "Update standard, retrain", "修订作业标准并培训"),
        _p(m, "add_to_maintenance", "Into maintenance plan", "纳入预防保养计划"),
        _p(m, "error_proofing", "Error-proofing (poka-yoke)", "防错（防呆）"),
        _p(m, "supplier_8d", "Supplier action (8D)", "供应商纠正措施（8D）"),
        _p(m, "spare_at_line", "Keep a spare at the line", "线边配备备件"),
        _p(m, "visual_control", "Visual control, marking", "目视化管理与标识"),
        # why a ticket is cancelled, reopened or noted
        _p("cancel", "pressed_by_mistake", "Pressed by mistake", "误按"),
        _p("cancel", "duplicate", "Duplicate ticket", "与其他异常单重复"),
        _p("cancel", "andon_test", "Test of the andon", "安灯测试"),
        _p("cancel", "solved_at_once", "Solved by operator at once", "作业员当场解决"),
        _p("reopen", "came_back", "The problem came back", "问题再次出现"),
        _p("reopen", "not_carried_out", "Countermeasure not done", "对策未落实"),
        _p("note", "waiting_parts", "Waiting for spare parts", "等待备件"),
        _p("note", "supplier_called", "Supplier called", "已联系供应商"),
        _p("note", "handed_over", "Handed to next shift", "已交接给下一班"),
    ))  # fmt: skip
