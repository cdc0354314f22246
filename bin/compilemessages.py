"""Compile the message catalogues (locale/*/LC_MESSAGES/django.po -> .mo)
with polib, so that `make run`, CI and the Docker build need no GNU gettext.
Only a .mo older than its .po is rewritten. Exit 1 on a broken catalogue.

    python bin/compilemessages.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    catalogues = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
    for po_path in catalogues:
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            catalogue = polib.pofile(str(po_path))
        except (OSError, ValueError) as exc:
            print(f"{po_path.relative_to(ROOT)}: {exc}", file=sys.stderr)
            return 1
        catalogue.save_as_mofile(str(mo_path))
        done = catalogue.percent_translated()
        print(f"compiled {mo_path.relative_to(ROOT)} ({done}% translated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
