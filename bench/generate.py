"""Generate a large matrix in the import format, for benchmarks.

    python bench/generate.py OUT_DIR --skills 50 --criteria 6

Writes OUT_DIR/skill-NNN.yaml, each with the five shipped roles x five levels
and ``--criteria`` criteria per cell. Import it together with fixtures/ (which
supplies the levels and roles).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

ROLES = [
    "computer-vision-engineer",
    "data-scientist",
    "llm-engineer",
    "ml-engineer",
    "nlp-engineer",
]


def skill_document(n: int, criteria: int) -> dict[str, Any]:
    slug = f"skill-{n:03}"
    return {
        "kind": "skill",
        "slug": slug,
        "name": f"Generated skill {n:03}",
        "summary": f"A generated skill used to measure the matrix at size ({n}).",
        "domain": f"Domain {n % 5}",
        "group": f"Group {n % 10}",
        "last_reviewed": dt.date(2026, 1, 1) + dt.timedelta(days=n),
        "levels": {level: f"What level {level} of {slug} looks like." for level in range(1, 6)},
        "roles": {
            role: {
                "levels": {
                    level: {
                        "required": level >= 3 or role in {"ml-engineer", "nlp-engineer"},
                        "summary": f"{role} at level {level} of {slug}.",
                        "topics": ["generated", f"topic-{level}"],
                        "criteria": [
                            {"key": f"c{c}", "text": f"Criterion {c} for {role} at {level}."}
                            for c in range(1, criteria + 1)
                        ],
                        "links": [{"title": "Docs", "url": f"https://example.com/{slug}/{level}"}],
                    }
                    for level in range(1, 6)
                }
            }
            for role in ROLES
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--skills", type=int, default=50)
    parser.add_argument("--criteria", type=int, default=6)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for n in range(args.skills):
        path = args.out / f"skill-{n:03}.yaml"
        path.write_text(yaml.safe_dump(skill_document(n, args.criteria), sort_keys=False))
    print(f"wrote {args.skills} skills to {args.out}")


if __name__ == "__main__":
    main()
