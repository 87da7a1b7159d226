"""The dependency direction of DESIGN.md, checked on every import in the package.

    core ← store, hw, sync ← app ← views ← cli

No Qt below `app`; no QtWidgets, QtGui or pyqtgraph below `views`; widgets never reach the
store, the serial devices or the sync workers. Deferred imports inside functions count too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import andon_kiosk

PACKAGE = Path(andon_kiosk.__file__).parent
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# part -> (parts of andon_kiosk it may import, third-party modules it may import)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "core": ({"core"}, set()),
    "assets": (set(), set()),
    # config checks device ports with hw.ports, a pure module (no serial I/O): that one only
    "config": ({"core", "hw.ports"}, {"pydantic"}),
    "store": ({"core", "store"}, {"sqlalchemy", "alembic", "psycopg"}),
    "hw": ({"core", "hw"}, {"serial", "pymodbus"}),
    "sync": ({"core", "store", "sync"}, {"sqlalchemy", "psycopg"}),
    # notices out (chat robots, e-mail, webhooks): a sibling of sync, below app (DESIGN.md)
    "notify": ({"core", "store", "notify"}, {"sqlalchemy", "paho"}),
    "app": (
        {"core", "store", "hw", "sync", "notify", "config", "assets", "app"},
        {"PySide6.QtCore", "sqlalchemy", "platformdirs"},
    ),
    "views": (
        {"core", "config", "assets", "app", "views"},
        {"PySide6", "pyqtgraph", "numpy"},
    ),
    "cli": (
        {"core", "config", "assets", "app", "views", "store", "hw", "sync", "notify"},
        {"platformdirs"},
    ),
    "__main__": ({"cli"}, set()),
    "__init__": (set(), set()),
}


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: stays inside its own part
                continue
            found.append((node.lineno, node.module or ""))
    return found


def allowed(module: str, internal: set[str], external: set[str]) -> bool:
    top = module.split(".", maxsplit=1)[0]
    if top == "andon_kiosk":
        parts = module.split(".")
        return len(parts) == 1 or parts[1] in internal or ".".join(parts[1:3]) in internal
    if top in STDLIB:
        return True
    return any(module == e or module.startswith(e + ".") for e in external)


def test_every_import_follows_the_dependency_direction() -> None:
    violations = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        part = part_of(path)
        internal, external = RULES[part]
        for line, module in imports(path):
            if not allowed(module, internal, external):
                violations.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {part} imports {module}"
                )
    assert violations == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QLabel\nimport andon_kiosk.store.db\n")
    internal, external = RULES["app"]
    found = [m for _, m in imports(bad) if not allowed(m, internal, external)]
    assert found == ["PySide6.QtWidgets"]
    internal, external = RULES["views"]
    assert [m for _, m in imports(bad) if not allowed(m, internal, external)] == [
        "andon_kiosk.store.db"
    ]
