from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    """The matrix itself: skills, what each role must be able to do at each
    level, its YAML import and export, and the public pages that show it."""

    name = "skills"
    verbose_name = _("Skills matrix")

    def ready(self) -> None:
        from levels.ladder import level_counter, register_reference
        from skills.models import Expectation, SkillLevel

        # Level numbers kept elsewhere: removing a level they name is refused.
        register_reference(_("expectations"), level_counter(Expectation, "level__number"))
        register_reference(
            _("skill level descriptions"), level_counter(SkillLevel, "level__number")
        )
