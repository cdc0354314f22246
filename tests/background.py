"""Work the app hands to a thread after the response (common.mail.in_background)."""

from __future__ import annotations

import threading


def finish_background_work(timeout: float = 10) -> None:
    """Wait for every background thread the app started to end."""
    for thread in threading.enumerate():
        if thread.name.startswith("background:"):
            thread.join(timeout)
