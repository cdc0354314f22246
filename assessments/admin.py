from django.contrib import admin

from assessments.models import Assessment, CriterionRating


class CriterionRatingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CriterionRating
    extra = 0
    can_delete = False
    fields = readonly_fields = ("frozen_level", "frozen_text", "value", "note", "link")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: assessments are the engineers' own words."""

    list_display = ["engineer", "skill", "role", "status", "level_reached", "submitted_at"]
    list_filter = ["status", "skill", "role"]
    list_select_related = ["engineer", "skill", "role"]
    search_fields = ["engineer__username", "engineer__email"]
    inlines = [CriterionRatingInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
