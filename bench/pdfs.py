"""How long the PDFs take for the shipped matrix: the career track of each
shipped role and a promotion packet of a snapshot with a shared review,
calibration outcomes and a growth plan (alice's, as `make run` builds it).
Through the whole Django stack (middleware included) with the test client,
in a fresh SQLite database; the target is under a second each.

    make bench                 # runs this after bench/run.py
    .venv/bin/python bench/pdfs.py [--times N]

Prints a Markdown table (wall-clock median, p95 and max, and the median CPU
time of the process, in ms; pages; size) to paste into docs/performance.md.
CPU time is beside wall time because a busy machine stretches the latter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="skillsmatrix-pdfs-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "skillsmatrix.settings",
            "DEBUG": "true",  # the demo commands refuse to run without it
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    py = sys.executable
    for command in (["migrate", "--no-input", "-v0"], ["import_matrix", "fixtures/"],
                    ["create_demo_users"], ["create_demo_plan"]):  # fmt: skip
        subprocess.run([py, "manage.py", *command], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from assessments.models import Assessment, ManagerReview
    from roles.models import Role

    alice = User.objects.get(username="alice")
    snapshot = Assessment.objects.of(alice).submitted().order_by("-submitted_at").first()
    assert snapshot is not None
    bob = User.objects.get(username="bob")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    has_review = ManagerReview.objects.filter(assessment=snapshot).exists()
    rows = [(f"career track PDF, {role.name}", f"/roles/{role.slug}/career-track.pdf")
            for role in Role.objects.order_by("name")]  # fmt: skip
    review = " with bob's review" if has_review else ""
    rows.append((f"promotion packet PDF, alice's latest snapshot{review} (bob)",
                 f"/assessments/{snapshot.pk}/packet.pdf"))  # fmt: skip
    print("| PDF | median ms | p95 ms | max ms | CPU median ms | pages | KB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, url in rows:
        client.get(url)  # warm: fonts loaded, templates compiled
        timings, cpu = [], []
        for _ in range(args.times):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True,
                              check=True).stdout.decode()  # fmt: skip
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        size = len(response.content) // 1024
        print(f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {max(timings):.0f} "
              f"| {statistics.median(cpu):.0f} | {pages} | {size} |")  # fmt: skip


if __name__ == "__main__":
    main()
