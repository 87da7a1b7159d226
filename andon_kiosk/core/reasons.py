"""The reason tree: categories (人 机 料 法 …), their reasons and the department each pulls.

The tree is plant configuration, not code (DOMAIN.md §1); `default_reason_tree()` is the
embedded default taken from the plant documents. Every reason names exactly one owning
department, so a pull is never ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

LANGUAGES = ("en", "zh_CN")


@dataclass(frozen=True, slots=True)
class Text:
    """A short user-visible text in each shipped language (config data, not `tr()` strings)."""

    en: str
    zh_CN: str = ""

    def get(self, language: str) -> str:
        if language == "zh_CN" and self.zh_CN:
            return self.zh_CN
        return self.en


@dataclass(frozen=True, slots=True)
class Department:
    key: str
    name: Text


@dataclass(frozen=True, slots=True)
class Reason:
    key: str
    name: Text
    department: str
    stops_line: bool
    safety: bool = False


@dataclass(frozen=True, slots=True)
class Category:
    """A top-level button. `stops_line` is what a bare tap (no reason yet) means."""

    key: str
    symbol: str
    name: Text
    department: str
    stops_line: bool = True
    safety: bool = False
    reasons: tuple[Reason, ...] = ()
    colour: str = ""  # "#rrggbb" for its stops on charts; "" = the screen's default

    def reason(self, key: str) -> Reason:
        for reason in self.reasons:
            if reason.key == key:
                return reason
        raise KeyError(f"category {self.key!r} has no reason {key!r}")


@dataclass(frozen=True, slots=True)
class Classification:
    """What a raise or a reason pick records on the ticket, fixed at the moment it happened."""

    category: str
    reason: str | None
    department: str
    stops_line: bool
    safety: bool


@dataclass(frozen=True)
class ReasonTree:
    categories: tuple[Category, ...]
    departments: Mapping[str, Department] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.categories]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate category keys in {keys}")
        for category in self.categories:
            self._check_department(category.department, f"category {category.key!r}")
            reason_keys = [r.key for r in category.reasons]
            if len(set(reason_keys)) != len(reason_keys):
                raise ValueError(f"duplicate reason keys in category {category.key!r}")
            for reason in category.reasons:
                self._check_department(reason.department, f"reason {category.key}/{reason.key}")

    def _check_department(self, key: str, where: str) -> None:
        if self.departments and key not in self.departments:
            raise ValueError(f"{where} names unknown department {key!r}")

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(f"no category {key!r}")

    def department_name(self, key: str, language: str) -> str:
        department = self.departments.get(key)
        return department.name.get(language) if department else key

    def describe(self, category_key: str, reason_key: str | None, language: str) -> str:
        """ "机 Machine · Breakdown": how a loss is named on screens and in reports."""
        try:
            category = self.category(category_key)
        except KeyError:
            return category_key if not reason_key else f"{category_key} · {reason_key}"
        text = f"{category.symbol} {category.name.get(language)}"
        if reason_key:
            try:
                text += " · " + category.reason(reason_key).name.get(language)
            except KeyError:
                text += " · " + reason_key
        return text

    def classify(self, category_key: str, reason_key: str | None = None) -> Classification:
        category = self.category(category_key)
        if reason_key is None:
            return Classification(
                category.key, None, category.department, category.stops_line, category.safety
            )
        reason = category.reason(reason_key)
        return Classification(
            category.key,
            reason.key,
            reason.department,
            reason.stops_line,
            category.safety or reason.safety,
        )


def _reasons(
    department: str,
    items: Iterable[tuple[str, str, str]],
    owners: Mapping[str, str] | None = None,
) -> tuple[Reason, ...]:
    """Reasons owned by `department` unless `owners` names another for a reason key."""
    owners = owners or {}
    return tuple(
        Reason(
            key,
            Text(en, zh),
            owners.get(key, department),
            key not in _CALLS,
            safety=key in _SAFETY,
        )
        for key, en, zh in items
    )


# Reasons that call for help without stopping the line (blue lamp).
_CALLS = frozenset({"material_low"})
# Reasons that are safety events wherever they are filed (DOMAIN.md §1): an injury reported
# under 人 is as much a safety event as one reported under 安全.
_SAFETY = frozenset({"injury", "fire", "chemical_leak", "utility_outage"})

DEFAULT_DEPARTMENTS: tuple[Department, ...] = (
    Department("safety", Text("Safety (EHS)", "安环部")),
    Department("production", Text("Production", "生产部")),
    Department("equipment", Text("Maintenance", "设备部")),
    Department("materials", Text("Materials", "物料部")),
    Department("quality", Text("Quality", "品质部")),
    Department("engineering", Text("Engineering", "工程部")),
)


def default_reason_tree() -> ReasonTree:
    """Safety first, then the 4M tree of DOMAIN.md §1, with default owning departments."""
    safety = Category(
        "safety",
        "安",
        Text("Safety", "安全"),
        "safety",
        safety=True,
        reasons=_reasons(
            "safety",
            [
                ("injury", "Injury", "工伤"),
                ("fire", "Fire", "火灾"),
                ("chemical_leak", "Chemical leak", "化学品泄漏"),
                ("utility_outage", "Water / power / gas outage", "停水/电/气"),
            ],
            {"utility_outage": "equipment"},
        ),
    )
    person = Category(
        "person",
        "人",
        Text("Person", "人员"),
        "production",
        reasons=_reasons(
            "production",
            [
                ("injury", "Injury", "工伤"),  # a safety event: first, and red
                ("sickness", "Sickness", "生病"),
                ("leave", "Leave", "请假"),
                ("dispute", "Dispute", "纠纷"),
                ("untrained", "New, untrained staff", "新进员工"),
                ("sop_not_followed", "SOP not followed", "作业异常"),
            ],
            {"injury": "safety"},
        ),
    )
    machine = Category(
        "machine",
        "机",
        Text("Machine", "设备"),
        "equipment",
        reasons=_reasons(
            "equipment",
            [
                ("breakdown", "Breakdown", "设备故障"),
                ("tooling", "Tool / fixture", "工具/治工具异常"),
                ("mould", "Mould", "模具异常"),
                ("power", "Power", "电源异常"),
                ("adjustment", "Adjustment", "机器调整"),
            ],
        ),
    )
    material = Category(
        "material",
        "料",
        Text("Material", "物料"),
        "materials",
        reasons=_reasons(
            "materials",
            [
                ("shortage", "Shortage / waiting", "待料/断料"),
                ("material_low", "Running low (call)", "即将缺料（呼叫）"),
                ("incoming_defect", "Incoming defect", "来料不良"),
                ("wrong_part", "Wrong part", "错料"),
            ],
            {"incoming_defect": "quality"},
        ),
    )
    method = Category(
        "method",
        "法",
        Text("Method", "方法"),
        "engineering",
        reasons=_reasons(
            "engineering",
            [
                ("process_design", "Process / design defect", "工艺/设计异常"),
                ("document_error", "Document error", "生产文件异常"),
                ("process_defect", "In-process defect", "制程不良"),
                ("first_article", "First-article fail", "首件不良"),
            ],
            {"process_defect": "quality", "first_article": "quality"},
        ),
    )
    return ReasonTree(
        (safety, person, machine, material, method),
        {d.key: d for d in DEFAULT_DEPARTMENTS},
    )
