from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    """The background worker around Django's tasks framework: retries with
    backoff, failed tasks kept for admins, periodic jobs and the queue's health."""

    name = "worker"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from worker import checks  # noqa: F401  (registers the schedule check)
