from collections.abc import Callable, Collection

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Engineers' ratings against the matrix: drafts, frozen snapshots, the
    level they reach and what they still need for the next one."""

    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from django.db.models import Count

        from assessments.models import Assessment, CriterionRating
        from levels.ladder import count_by, register_reference

        # Snapshots are frozen: a level they name may never be removed.
        def counter(field: str) -> Callable[[Collection[int]], dict[int, int]]:
            def count(numbers: Collection[int]) -> dict[int, int]:
                return count_by(
                    Assessment.objects.filter(**{f"{field}__in": numbers})
                    .values_list(field)
                    .annotate(n=Count("pk"))
                    .order_by()
                )

            return count

        from skills.references import register_criterion_reference

        # A removed criterion's ratings in snapshots stay, with their frozen copy.
        register_criterion_reference(
            lambda criterion_id: CriterionRating.objects.filter(
                criterion_id=criterion_id,
                assessment__status=Assessment.Status.SUBMITTED,
            ).count(),
            lambda count: (
                "rated in 1 assessment snapshot, which keeps its own frozen copy"
                if count == 1
                else f"rated in {count} assessment snapshots, which keep their own frozen copies"
            ),
        )

        for field, what in (
            ("level_reached", _("assessments (level reached)")),
            ("career_level", _("assessments (career level)")),
            ("target_level", _("assessments (target level)")),
        ):
            register_reference(what, counter(field))
        register_reference(
            _("criterion ratings"),
            lambda numbers: count_by(
                CriterionRating.objects.filter(frozen_level__in=numbers)
                .values_list("frozen_level")
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
        from assessments import receivers  # noqa: F401  (connects the signal handlers)
