"""Core imports no app: apps plug into core's registries from their AppConfig.ready()."""

import ast
from pathlib import Path

import offramp
from offramp.core.demo import registry

PACKAGE = Path(offramp.__file__).parent
CORE = PACKAGE / "core"
# offramp.api is not a domain app but the API's shared base classes, authentication and paging:
# every app's api.py, core's included, builds on it (docs/architecture.md).
SHARED = {"core", "api"}
APPS = sorted(path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists() and path.name not in SHARED)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, absolute, at any depth (inside functions too)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "offramp" and parts[1] in APPS else None


def test_the_walk_sees_the_apps_and_would_catch_an_import():
    assert {"cases", "people", "helpline", "instruments"} <= set(APPS)
    assert _app_of("offramp.cases.models.Case") == "cases" and _app_of("offramp.core.models") is None


def test_no_module_under_core_imports_an_app():
    offending = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in sorted(CORE.rglob("*.py")) if "migrations" not in path.parts
        for line, module in _imports(path) if _app_of(module)
    ]
    assert offending == []


def test_the_apps_register_their_demo_parts_and_bench_rows():
    parts = {part.name for part in registry.parts()}
    rows = {row.name for row in registry.bench_rows()}
    assert {"cases", "helpline"} <= parts
    assert {"case page (supervisor)", "person search by name (supervisor)", "helpline queue (responder)"} <= rows
