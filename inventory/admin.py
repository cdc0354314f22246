from django.contrib import admin

from inventory.models import SkillVisibility


@admin.register(SkillVisibility)
class SkillVisibilityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who opted in to be found by skill (support: "why do I appear?")."""

    list_display = ["person", "skill", "created_at"]
    list_filter = ["skill"]
    list_select_related = ["person", "skill"]
    search_fields = ["person__username", "person__email"]
    readonly_fields = ["created_at"]
