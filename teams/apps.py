from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    """A manager's view of their team: the heatmap, common gaps, who is ready
    for promotion, the calibration queue and the CSV export."""

    name = "teams"
    verbose_name = _("Teams")
