from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cycles.models import Cycle, Reminder


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin[Cycle]):
    """Read-mostly: cycles are opened, edited and closed on their pages, where
    the services check the dates and who covers which teams."""

    list_display = ["name", "skill", "everyone", "opens_on", "self_due", "review_due", "closed_at"]
    list_filter = ["skill", "everyone"]
    search_fields = ["name"]
    readonly_fields = [
        "name", "skill", "teams", "everyone", "opens_on", "self_due", "review_due",
        "created_by", "created_at", "updated_at", "opened_at", "closed_at", "summary",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin[Reminder]):
    list_display = ["cycle", "person", "occasion", "sent_at", "sent_by"]
    list_filter = ["occasion"]
    raw_id_fields = ["cycle", "person", "sent_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
