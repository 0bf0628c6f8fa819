"""The app dependency direction of docs/architecture.md, enforced on every import.

Imports go only downward, from a layer to the layers below it; apps in one layer may import each
other, but never in a cycle. Function-level imports count too: hiding an upward import inside a
function does not make it go away. Tests and migrations are exempt (tests cross apps on purpose).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "netral"
# Lowest first. Keep in step with the diagram in docs/architecture.md.
LAYERS: list[set[str]] = [
    {"core"},
    {"registry", "accounts", "rules"},
    {"reports"},
    {"cases"},
    {"monitoring", "prevention"},
    {"insights"},
    {"transparency"},
    {"demo"},
]
LAYER_OF = {app: depth for depth, apps in enumerate(LAYERS) for app in apps}


def apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def imported_apps(source: str) -> Iterator[tuple[str, int]]:
    """(app, line) for every `netral.<app>` this module imports, wherever the import stands."""
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "netral" and len(parts) > 1 and parts[1] in LAYER_OF:
                yield parts[1], node.lineno


def app_imports() -> Iterator[tuple[str, str, str]]:
    """(importing app, imported app, "path:line") across the package, tests and migrations aside."""
    for path in sorted(PACKAGE.glob("*/**/*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        app = relative.parts[0]
        for other, line in imported_apps(path.read_text(encoding="utf-8")):
            if other != app:
                yield app, other, f"netral/{relative}:{line}"


def upward(imports: Iterator[tuple[str, str, str]]) -> list[str]:
    return [
        f"{where}: {app} imports {other}"
        for app, other, where in imports
        if LAYER_OF.get(other, -1) > LAYER_OF.get(app, len(LAYERS))
    ]


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Every import cycle between apps, each as a path that returns to its start."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for target in sorted(graph.get(path[-1], ())):
            if target == path[0]:
                found.append([*path, target])
            elif target not in path and target > path[0]:
                walk([*path, target])

    for start in sorted(graph):
        walk([start])
    return found


def test_every_app_has_a_layer():
    assert [app for app in apps() if app not in LAYER_OF] == []


def test_no_app_imports_an_app_above_it():
    assert upward(app_imports()) == []


def test_no_import_cycle_between_apps():
    edges = {(app, other) for app, other, _where in app_imports()}
    assert cycles(edges) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from netral.cases import services\n", [("cases", 1)]),
        ("def f():\n    import netral.cases.selectors\n", [("cases", 2)]),
        ("from netral.reports.models import Report\n", [("reports", 1)]),
        ("from . import policies\nimport netral\nimport os\n", []),
    ],
)
def test_imports_are_found_wherever_they_stand(source, expected):
    assert list(imported_apps(source)) == expected


def test_an_upward_import_is_reported():
    found = upward(iter([("reports", "cases", "netral/reports/x.py:3")]))
    assert found == ["netral/reports/x.py:3: reports imports cases"]
    assert upward(iter([("cases", "reports", "netral/cases/x.py:3")])) == []


def test_a_sideways_cycle_is_reported():
    assert cycles({("accounts", "rules"), ("rules", "accounts")}) == [
        ["accounts", "rules", "accounts"]
    ]
    assert cycles({("rules", "accounts"), ("accounts", "registry")}) == []
