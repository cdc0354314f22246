from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    """The matrix itself: skills, what each role must be able to do at each
    level, its YAML import and export, and the public pages that show it."""

    name = "skills"
    verbose_name = _("Skills matrix")
