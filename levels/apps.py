from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    """The ladder (two to twelve levels) every skill and role is measured on."""

    name = "levels"
    verbose_name = _("Levels")

    def ready(self) -> None:
        from levels import ladder  # noqa: F401  (forgets the cached ladder when a level changes)
