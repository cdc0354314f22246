from collections.abc import Callable, Collection

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

        def counter(
            model: type[Proposal] | type[MatrixEdit],
        ) -> Callable[[Collection[int]], dict[int, int]]:
            def count(numbers: Collection[int]) -> dict[int, int]:
                return count_by(
                    model._default_manager.filter(level__number__in=numbers)
                    .values_list("level__number")
                    .annotate(n=Count("pk"))
                    .order_by()
                )

            return count

        register_reference(_("proposals"), counter(Proposal))
        register_reference(_("matrix edits"), counter(MatrixEdit))

        from community import receivers  # noqa: F401  (connects the signal handlers)
