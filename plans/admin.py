from django.contrib import admin
from django.http import HttpRequest

from plans.models import PlanComment, PlanItem


class PlanCommentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PlanComment
    extra = 0
    can_delete = False
    fields = readonly_fields = ("author", "body", "created_at")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only, for superusers only (support and data requests), like
    snapshots: a plan is the engineer's and their managers'."""

    list_display = ["engineer", "skill", "criterion_text", "status", "target_date"]
    list_filter = ["status", "skill"]
    list_select_related = ["engineer", "skill"]
    search_fields = ["engineer__username", "engineer__email"]
    inlines = [PlanCommentInline]

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
