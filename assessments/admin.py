from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

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

    list_display = ["engineer", "skill", "role", "level_reached", "submitted_at"]
    list_filter = ["skill", "role"]
    list_select_related = ["engineer", "skill", "role"]
    search_fields = ["engineer__username", "engineer__email"]
    inlines = [CriterionRatingInline]

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Individual results are for the engineer and their managers; only a
        # superuser (for support and data requests) can read them here.
        return bool(getattr(request.user, "is_superuser", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assessment]:
        # Drafts belong to their author alone, admins included.
        return Assessment.objects.submitted()

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        # Snapshots are history: they are never edited or deleted here.
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
