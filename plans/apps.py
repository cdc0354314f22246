from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Growth plans: what an engineer will do about the criteria they miss,
    with their managers' comments and suggestions; done when a later snapshot
    meets the criterion."""

    name = "plans"
    verbose_name = _("Growth plans")

    def ready(self) -> None:
        from django.db.models import Count

        from levels.ladder import count_by, register_reference
        from plans.models import PlanItem

        register_reference(
            _("growth plan items"),
            lambda numbers: count_by(
                PlanItem.objects.filter(criterion_level__in=numbers)
                .values_list("criterion_level")
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
        from plans import receivers  # noqa: F401 - connects the signal receivers
