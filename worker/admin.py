"""Tasks for admins: what waits, what is being retried, what failed for
good (with its traceback), and "run again". Read-only otherwise: a task's
arguments are what the code enqueued, not something to edit by hand."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult, get_date_max

from worker.models import Heartbeat, QueuedTask

logger = logging.getLogger(__name__)

# One list of tasks, ours; the library registers its own.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("failed", _("Failed for good")),
            ("retrying", _("Waiting to be retried")),
            ("waiting", _("Waiting")),
            ("running", _("Running")),
            ("done", _("Done")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        retried = ~Q(exception_class_path="")
        match self.value():
            case "failed":
                return queryset.filter(status=TaskResultStatus.FAILED)
            case "retrying":
                return queryset.filter(retried, status=TaskResultStatus.READY)
            case "waiting":
                return queryset.filter(status=TaskResultStatus.READY)
            case "running":
                return queryset.filter(status=TaskResultStatus.RUNNING)
            case "done":
                return queryset.filter(status=TaskResultStatus.SUCCESSFUL)
        return queryset


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin[QueuedTask]):
    list_display = ["task_path", "status", "attempts", "enqueued_at", "next_run", "last_error"]
    list_filter = [StateFilter, "status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    ordering = ["-enqueued_at"]
    actions = ["run_again"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list's "run again" needs it; the page of one task stays read-only.
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # What an admin looks for first: what, how it went, why it failed.
        return [
            "task_path",
            "status",
            "attempts",
            "next_run",
            "exception_class_path",
            "formatted_traceback",
            "args_kwargs",
            "enqueued_at",
            "started_at",
            "finished_at",
            "worker_ids",
            "queue_name",
            "priority",
            "return_value",
            "id",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("attempts"))
    def attempts(self, obj: QueuedTask) -> int:
        return len(obj.worker_ids)

    @admin.display(description=_("next run"))
    def next_run(self, obj: QueuedTask) -> Any:
        if obj.status != TaskResultStatus.READY:
            return "-"
        return _("now") if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description=_("last error"))
    def last_error(self, obj: QueuedTask) -> str:
        return obj.exception_class_path.rsplit(".", 1)[-1] or "-"

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: QueuedTask) -> str:
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "-"

    @admin.action(description=_("Run again now"), permissions=["change"])
    def run_again(self, request: HttpRequest, queryset: QuerySet[QueuedTask]) -> None:
        """A failed task gets its attempts back; a waiting one runs now.
        Running and finished tasks are left alone."""
        now = timezone.now()
        count = queryset.filter(
            status__in=[TaskResultStatus.FAILED, TaskResultStatus.READY]
        ).update(status=TaskResultStatus.READY, run_after=now, finished_at=None, worker_ids=[])
        logger.info("tasks_run_again", extra={"count": count, "by": request.user.pk})
        self.message_user(
            request,
            ngettext("%(count)d task will run again.", "%(count)d tasks will run again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin[Heartbeat]):
    """The workers running now (and those that stopped answering, until the
    next worker's reaper forgets them)."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
