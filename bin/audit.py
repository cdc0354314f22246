"""Audit the locked dependencies for known vulnerabilities (pip-audit against
the PyPI advisory data). Offline-tolerant: if the advisory service cannot be
reached, say so and pass; a known vulnerability always fails.

    python bin/audit.py requirements.lock
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

UNREACHABLE_SIGNS = ("ConnectionError", "NameResolutionError", "Max retries exceeded",
                     "Temporary failure in name resolution", "timed out")  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str


def verdict(returncode: int, stdout: str, stderr: str) -> Verdict:
    """What one pip-audit run means for CI. Pure, so it is tested directly."""
    try:
        report = json.loads(stdout)
    except ValueError:
        if any(sign in stderr for sign in UNREACHABLE_SIGNS):
            return Verdict(0, "audit skipped: the advisory service is unreachable")
        return Verdict(2, f"pip-audit failed (exit {returncode}):\n{stderr[-2000:]}")
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    if vulnerable:
        lines = [
            f"  {d['name']} {d.get('version', '?')}: "
            + ", ".join(
                f"{v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or '-'})"
                for v in d["vulns"]
            )
            for d in vulnerable
        ]
        return Verdict(1, "known vulnerabilities:\n" + "\n".join(lines))
    audited = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not audited:
        return Verdict(
            0,
            f"audit skipped: the advisory service knows none of the {len(dependencies)} "
            "packages (it is unreachable or a mirror stands in for it)",
        )
    return Verdict(0, f"{len(audited)} packages audited: no known vulnerabilities")


def main(argv: list[str]) -> int:
    lock = argv[1] if len(argv) > 1 else "requirements.lock"
    command = [sys.executable, "-m", "pip_audit", "-r", lock, "--no-deps", "--disable-pip",
               "--progress-spinner", "off", "--format", "json"]  # fmt: skip
    try:
        run = subprocess.run(  # noqa: S603 - our own fixed command line
            command, capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        print("audit skipped: the advisory service did not answer within 5 minutes")
        return 0
    result = verdict(run.returncode, run.stdout, run.stderr)
    print(result.message)
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
