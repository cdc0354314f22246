from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Engineers' ratings against the matrix: drafts, frozen snapshots, the
    level they reach and what they still need for the next one."""

    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from assessments import receivers  # noqa: F401  (connects the signal handlers)
