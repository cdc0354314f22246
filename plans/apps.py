from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Growth plans: what an engineer will do about the criteria they miss,
    with their managers' comments and suggestions; done when a later snapshot
    meets the criterion."""

    name = "plans"
    verbose_name = _("Growth plans")

    def ready(self) -> None:
        from levels.ladder import level_counter, register_reference
        from plans.models import PlanItem

        register_reference(_("growth plan items"), level_counter(PlanItem, "criterion_level"))
        from plans import receivers  # noqa: F401 - connects the signal receivers
