from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    """The five-step ladder every skill and role is measured on."""

    name = "levels"
    verbose_name = _("Levels")
