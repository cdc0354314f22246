from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The people around a skill keep it current: they follow it, suggest
    edits that curators review, discuss it, and curators edit it in place with
    a history that can be reverted."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from django.db.models import Count

        from community.models import MatrixEdit, Proposal
        from levels.ladder import count_by, register_reference

        for model, what in ((Proposal, _("proposals")), (MatrixEdit, _("matrix edits"))):
            register_reference(
                what,
                lambda numbers, model=model: count_by(
                    model.objects.filter(level__number__in=numbers)
                    .values_list("level__number")
                    .annotate(n=Count("pk"))
                    .order_by()
                ),
            )
        from community import receivers  # noqa: F401  (connects the signal handlers)
