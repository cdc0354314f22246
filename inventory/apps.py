from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    """Skills across skills: a person's skills on one page, a team's member x
    skill grid, and the opt-in "Who knows X" search."""

    name = "inventory"
    verbose_name = _("Skills inventory")
