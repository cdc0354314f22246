"""Generate a large matrix in the import format, for benchmarks.

    python bench/generate.py OUT_DIR --skills 50 --criteria 6 [--levels 5]

Writes OUT_DIR/skill-NNN.yaml, each with the five shipped roles x ``--levels``
levels (five by default, the shipped ladder) and ``--criteria`` criteria per
cell. Import it together with fixtures/ (which supplies the levels and roles).
With another ladder size (2 to 12) it also writes OUT_DIR/levels.yaml, a
synthetic ladder of that many levels: import it with fixtures/roles.yaml
instead of the whole of fixtures/.
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


def levels_document(count: int) -> dict[str, Any]:
    return {
        "kind": "levels",
        "levels": [
            {
                "number": level,
                "slug": f"grade-{level}",
                "career_name": f"Grade {level}",
                "proficiency_name": f"Stage {level}",
            }
            for level in range(1, count + 1)
        ],
    }


def skill_document(n: int, criteria: int, levels: int = 5) -> dict[str, Any]:
    slug = f"skill-{n:03}"
    return {
        "kind": "skill",
        "slug": slug,
        "name": f"Generated skill {n:03}",
        "summary": f"A generated skill used to measure the matrix at size ({n}).",
        "domain": f"Domain {n % 5}",
        "group": f"Group {n % 10}",
        "last_reviewed": dt.date(2026, 1, 1) + dt.timedelta(days=n),
        "levels": {
            level: f"What level {level} of {slug} looks like." for level in range(1, levels + 1)
        },
        "roles": {
            role: {
                "levels": {
                    level: {
                        "required": level >= min(3, levels)
                        or role in {"ml-engineer", "nlp-engineer"},
                        "summary": f"{role} at level {level} of {slug}.",
                        "topics": ["generated", f"topic-{level}"],
                        "criteria": [
                            {"key": f"c{c}", "text": f"Criterion {c} for {role} at {level}."}
                            for c in range(1, criteria + 1)
                        ],
                        "links": [{"title": "Docs", "url": f"https://example.com/{slug}/{level}"}],
                    }
                    for level in range(1, levels + 1)
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
    parser.add_argument(
        "--levels", type=int, default=5, help="levels in the ladder, 2 to 12 (default 5)"
    )
    args = parser.parse_args()
    if not 2 <= args.levels <= 12:
        parser.error(f"--levels must be from 2 to 12, got {args.levels}")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.levels != 5:
        (args.out / "levels.yaml").write_text(
            yaml.safe_dump(levels_document(args.levels), sort_keys=False)
        )
    for n in range(args.skills):
        path = args.out / f"skill-{n:03}.yaml"
        document = skill_document(n, args.criteria, args.levels)
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    print(f"wrote {args.skills} skills to {args.out}")


if __name__ == "__main__":
    main()
