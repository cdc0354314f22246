from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    """The matrix itself: skills, what each role must be able to do at each
    level, its YAML import and export, and the public pages that show it."""

    name = "skills"
    verbose_name = _("Skills matrix")

    def ready(self) -> None:
        from django.db.models import Count

        from levels.ladder import count_by, register_reference
        from skills.models import Expectation, SkillLevel

        # Level numbers kept elsewhere: removing a level they name is refused.
        register_reference(
            _("expectations"),
            lambda numbers: count_by(
                Expectation.objects.filter(level__number__in=numbers)
                .values_list("level__number")
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
        register_reference(
            _("skill level descriptions"),
            lambda numbers: count_by(
                SkillLevel.objects.filter(level__number__in=numbers)
                .values_list("level__number")
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
