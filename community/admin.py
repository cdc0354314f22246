"""The community in the Django admin: read-mostly. Reviews, edits and reverts
happen on the site, where the version checks and notifications live."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from community.models import Comment, Follow, MatrixEdit, Proposal


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "target_label", "proposer", "status", "base_version", "created_at"]
    list_filter = ["status", "kind", "skill"]
    search_fields = ["target_label", "rationale", "proposer__username"]


@admin.register(MatrixEdit)
class MatrixEditAdmin(ReadOnlyAdmin):
    list_display = ["skill", "version", "target_label", "author", "created_at"]
    list_filter = ["skill", "kind"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history is kept


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["skill", "author", "created_at", "hidden_at", "__str__"]
    list_filter = ["skill", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["skill", "user", "created_at"]
    list_filter = ["skill"]
