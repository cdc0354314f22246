"""The dependency audit in CI: a known vulnerability fails it, an unreachable
advisory service does not."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bin" / "audit.py"
    spec = importlib.util.spec_from_file_location("audit", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_known_vulnerability_fails(audit: ModuleType) -> None:
    report = {"dependencies": [
        {"name": "django", "version": "6.1.3", "vulns": [
            {"id": "PYSEC-2026-1", "fix_versions": ["6.1.4"], "description": "x"}]},
        {"name": "pyyaml", "version": "6.0.3", "vulns": []},
    ]}  # fmt: skip
    result = audit.verdict(1, json.dumps(report), "")
    assert result.exit_code == 1
    assert "django 6.1.3: PYSEC-2026-1 (fixed in 6.1.4)" in result.message


def test_no_vulnerabilities_passes(audit: ModuleType) -> None:
    report = {"dependencies": [{"name": "django", "version": "6.1.3", "vulns": []}]}
    result = audit.verdict(0, json.dumps(report), "")
    assert (result.exit_code, result.message) == (
        0,
        "1 packages audited: no known vulnerabilities",
    )


def test_an_unreachable_service_passes_and_says_so(audit: ModuleType) -> None:
    offline = audit.verdict(1, "", "requests.exceptions.ConnectionError: Max retries exceeded")
    assert offline.exit_code == 0
    assert "unreachable" in offline.message
    mirror = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    result = audit.verdict(0, json.dumps(mirror), "")
    assert result.exit_code == 0
    assert "audit skipped" in result.message


def test_any_other_failure_fails(audit: ModuleType) -> None:
    assert audit.verdict(2, "", "Traceback: bad requirements file").exit_code == 2
