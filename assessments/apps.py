from collections.abc import Collection

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
        from levels.ladder import level_counter, register_reference
        from skills.references import register_criterion_reference

        # Snapshots are frozen: a level they name may never be removed.
        for field, what in (
            ("level_reached", _("assessments (level reached)")),
            ("career_level", _("assessments (career level)")),
            ("target_level", _("assessments (target level)")),
        ):
            register_reference(what, level_counter(Assessment, field))
        register_reference(_("criterion ratings"), level_counter(CriterionRating, "frozen_level"))

        # A removed criterion's ratings in snapshots stay, with their frozen copy.
        def rated(criterion_ids: Collection[int]) -> dict[int, int]:
            rows = (
                CriterionRating.objects.filter(
                    criterion_id__in=criterion_ids,
                    assessment__status=Assessment.Status.SUBMITTED,
                )
                .values_list("criterion_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            return {int(criterion_id): int(n) for criterion_id, n in rows}

        register_criterion_reference(
            rated,
            lambda count: (
                "rated in 1 assessment snapshot, which keeps its own frozen copy"
                if count == 1
                else f"rated in {count} assessment snapshots, which keep their own frozen copies"
            ),
        )
        from assessments import receivers  # noqa: F401  (connects the signal handlers)
