from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    """The recurring growth process: assessment cycles with due dates,
    reminders, a completion view per team and a summary frozen at close."""

    name = "cycles"
    verbose_name = _("Assessment cycles")
