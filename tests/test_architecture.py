"""The dependency direction the README draws, checked on every import in the
code: a new import against it fails here, not in a reviewer's head."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

OURS = {
    "common", "levels", "roles", "accounts", "skills", "assessments", "teams", "community",
    "cycles", "plans", "inventory", "worker", "api", "skillsmatrix",
}  # fmt: skip

# What each package may import (besides itself). The README's diagram.
# ``worker`` sits beside ``common`` on the ground floor: any app may import it.
_ALLOWED: dict[str, set[str]] = {
    "common": set(),
    "worker": {"common"},
    "levels": {"common"},
    "roles": {"common"},
    "accounts": {"common", "levels", "roles"},
    "skills": {"common", "levels", "roles"},
    "assessments": {"common", "levels", "roles", "accounts", "skills"},
    "teams": {"common", "levels", "roles", "accounts", "skills", "assessments"},
    "community": {"common", "levels", "roles", "accounts", "skills"},
    "cycles": {"common", "levels", "roles", "accounts", "skills", "assessments", "teams"},
    "plans": {"common", "levels", "roles", "accounts", "skills", "assessments"},
    "inventory": {
        "common",
        "levels",
        "roles",
        "accounts",
        "skills",
        "assessments",
        "teams",
        "cycles",
        "plans",
    },
    "api": {
        "common",
        "levels",
        "roles",
        "accounts",
        "skills",
        "assessments",
        "teams",
        "community",
        "cycles",
        "plans",
        "inventory",
    },
    "skillsmatrix": OURS - {"skillsmatrix"},
}
ALLOWED = {
    name: allowed | ({"worker"} if name not in {"common", "worker"} else set())
    for name, allowed in _ALLOWED.items()
}


def imports_of(path: Path) -> set[str]:
    """The top-level packages of ours that one module imports."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def modules_of(package: str) -> list[Path]:
    return sorted(
        p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.relative_to(ROOT).parts
    )


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_the_readme_allows(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_of(package)
        for name in sorted(imports_of(path) - ALLOWED[package] - {package})
    ]
    assert wrong == []


def test_the_check_would_see_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from api.views import x\nimport teams.reports\nfrom . import y\n")
    assert imports_of(module) == {"api", "teams"}


def test_the_project_package_holds_only_the_project() -> None:
    assert {p.name for p in modules_of("skillsmatrix")} == {
        "__init__.py", "asgi.py", "wsgi.py", "settings.py", "urls.py", "health.py",
        "context_processors.py",
    }  # fmt: skip
