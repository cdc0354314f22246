"""Writes to growth plans. Every function here is atomic and keyword-only,
checks its own preconditions, and raises a ``common.errors`` refusal naming
the field that is wrong; nothing is saved when it refuses."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Membership, User, manages
from accounts.services import in_language_of, notification_send
from assessments.models import Assessment, CriterionRating
from assessments.rules import Rating
from common.errors import Conflict, Invalid, NotAllowed, TooMany
from common.text import text_problem
from plans.models import (
    ACTION_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    RESOURCE_MAX,
    PlanComment,
    PlanItem,
)
from skills.models import URL_RE, Criterion, LearningLink, Skill

logger = logging.getLogger(__name__)

# "Add to my plan" proposes a target this far ahead.
DEFAULT_HORIZON = dt.timedelta(days=91)
# Every comment notifies (and emails) the other side: a person posts at most
# this many in a minute, however many items and tabs.
COMMENTS_PER_MINUTE = 10


class PlanError(Invalid):
    """Input a plan item does not accept (400), naming the field."""


class RateLimited(TooMany):
    """Too many comments in a short time (429), as community's limits say it."""

    code = "rate_limited"


class AlreadyInPlan(Conflict):
    """The criterion already has an open item in this plan (409)."""

    code = "already_in_plan"


# -- Checks shared by every write ----------------------------------------------------


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise PlanError(_("This field cannot be empty."), field=field)
    if len(value) > limit:
        raise PlanError(
            _("Use at most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(value)},
            field=field,
        )
    if problem := text_problem(value, multiline=True):
        raise PlanError(_("This text %(problem)s.") % {"problem": problem}, field=field)
    return value


def _resource(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) > RESOURCE_MAX:
        raise PlanError(
            _("Use an address of at most %(limit)s characters.") % {"limit": RESOURCE_MAX},
            field="resource_url",
        )
    if not URL_RE.match(value):
        raise PlanError(
            _("Enter a web address starting with http:// or https://."), field="resource_url"
        )
    return value


def _target(value: dt.date, *, field: str = "target_date") -> dt.date:
    if value < timezone.localdate():
        raise PlanError(
            _("The target date %(date)s is in the past; choose today or a later day.")
            % {"date": value.isoformat()},
            field=field,
        )
    return value


def _own(item: PlanItem, by: User, what: str) -> None:
    if item.engineer_id != by.pk:
        raise NotAllowed(what)


def _still_open(item: PlanItem) -> None:
    if not item.is_open:
        raise Conflict(_("This plan item is no longer open; it can no longer be changed."))


# -- Reads the writes need -------------------------------------------------------------


def first_link(criterion: Criterion) -> str:
    """The learning resource an item starts with: its cell's first link the
    technology has not moved on from (empty when there is none)."""
    link = (
        LearningLink.objects.filter(expectation_id=criterion.expectation_id, deprecated=False)
        .order_by("position")
        .values_list("url", flat=True)
        .first()
    )
    return link or ""


def default_target_date() -> dt.date:
    return timezone.localdate() + DEFAULT_HORIZON


def managers_of(engineer: User) -> list[User]:
    """The active managers of every team the engineer has joined, once each."""
    teams = Membership.objects.members().filter(user=engineer).values("team_id")
    return list(
        User.objects.filter(
            is_active=True,
            memberships__team_id__in=teams,
            memberships__role=Membership.Role.MANAGER,
            memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(pk=engineer.pk)
        .distinct()
        .order_by("pk")
    )


# -- Items ---------------------------------------------------------------------------


def plan_item_create(
    *,
    engineer: User,
    criterion: Criterion,
    action: str,
    target_date: dt.date,
    by: User,
    resource_url: str | None = None,
    skill: Skill | None = None,
    snapshot: Assessment | None = None,
) -> PlanItem:
    """Add a criterion to the engineer's plan. ``by`` is the engineer, or one
    of their managers suggesting it (the engineer is told). ``skill`` and
    ``snapshot``, when given, must be the criterion's; ``resource_url`` None
    takes the criterion's first learning link."""
    if by.pk != engineer.pk and not manages(by, engineer):
        raise NotAllowed(_("Only the engineer and their managers can add to this plan."))
    criterion = Criterion.objects.select_related("expectation__level", "expectation__skill").get(
        pk=criterion.pk
    )
    cell = criterion.expectation
    if skill is not None and cell.skill_id != skill.pk:
        raise PlanError(
            _("This criterion belongs to %(other)s, not to %(skill)s.")
            % {"other": cell.skill.name, "skill": skill.name},
            field="criterion",
        )
    if snapshot is not None:
        if snapshot.engineer_id != engineer.pk or not snapshot.is_submitted:
            raise PlanError(
                _("Plan items come from the engineer's own submitted snapshots."), field="snapshot"
            )
        if (cell.skill_id, cell.role_id) != (snapshot.skill_id, snapshot.role_id):
            raise PlanError(
                _("This criterion is not part of that snapshot's skill and role."),
                field="criterion",
            )
    action = _text(action, field="action", limit=ACTION_MAX)
    resource = first_link(criterion) if resource_url is None else _resource(resource_url)
    _target(target_date)
    try:
        with transaction.atomic():
            item = PlanItem.objects.create(
                engineer=engineer,
                skill_id=cell.skill_id,
                criterion=criterion,
                criterion_text=criterion.text,
                criterion_level=cell.level.number,
                criterion_required=cell.required,
                snapshot=snapshot,
                action=action,
                resource_url=resource,
                target_date=target_date,
                suggested_by=by if by.pk != engineer.pk else None,
            )
            if item.suggested_by is not None:
                _tell(
                    engineer,
                    item,
                    gettext_noop("%(name)s suggested an item for your growth plan: %(criterion)s"),
                    by=by,
                )
    except IntegrityError:
        raise AlreadyInPlan(
            _("“%(criterion)s” is already an open item of this plan.")
            % {"criterion": criterion.text[:80]},
            field="criterion",
        ) from None
    logger.info(
        "plan_item_created",
        extra={"item": item.pk, "engineer": engineer.pk, "by": by.pk},
    )
    return item


def plan_items_add_missing(
    *, snapshot: Assessment, criteria: Iterable[Criterion], action: str, by: User
) -> list[PlanItem]:
    """Add each criterion not already open in the plan (the result page's
    "add all missing required"), with one action and the default target
    date. Returns the items added."""
    open_ids = set(
        PlanItem.objects.of(snapshot.engineer).open().values_list("criterion_id", flat=True)
    )
    added = []
    target = default_target_date()
    with transaction.atomic():
        for criterion in criteria:
            if criterion.pk in open_ids:
                continue
            added.append(
                plan_item_create(
                    engineer=snapshot.engineer,
                    criterion=criterion,
                    action=action,
                    target_date=target,
                    by=by,
                    snapshot=snapshot,
                )
            )
    return added


def plan_item_update(
    *,
    item: PlanItem,
    by: User,
    action: str | None = None,
    resource_url: str | None = None,
    target_date: dt.date | None = None,
) -> PlanItem:
    """Change what the engineer will do, the resource or the target date of an
    open item (None: unchanged). A target date may stay as it was even when
    it has passed; a new one may not be in the past."""
    _own(item, by, _("Only the engineer can change their plan; comment instead."))
    _still_open(item)
    if action is not None:
        item.action = _text(action, field="action", limit=ACTION_MAX)
    if resource_url is not None:
        item.resource_url = _resource(resource_url)
    if target_date is not None and target_date != item.target_date:
        item.target_date = _target(target_date)
    item.save(update_fields=["action", "resource_url", "target_date", "updated_at"])
    return item


def plan_item_close(*, item: PlanItem, by: User, note: str) -> PlanItem:
    """The engineer finishes an item by hand, saying why (done another way,
    no longer relevant…); their managers see the note."""
    _own(item, by, _("Only the engineer can close an item of their plan."))
    note = _text(note, field="close_note", limit=NOTE_MAX)
    with transaction.atomic():
        locked = PlanItem.objects.select_for_update().get(pk=item.pk)
        _still_open(locked)
        locked.status = PlanItem.Status.CLOSED
        locked.close_note = note
        locked.done_at = timezone.now()
        locked.save(update_fields=["status", "close_note", "done_at", "updated_at"])
    logger.info("plan_item_closed", extra={"item": item.pk, "engineer": by.pk})
    return locked


def plan_item_delete(*, item: PlanItem, by: User) -> None:
    _own(item, by, _("Only the engineer can delete an item of their plan."))
    pk = item.pk
    item.delete()
    logger.info("plan_item_deleted", extra={"item": pk, "engineer": by.pk})


def plan_items_meet(*, snapshot: Assessment) -> int:
    """Mark done every open item of the snapshot's author whose criterion it
    rates "meets" or better, met by this snapshot. Runs inside the
    submission's transaction (assessments' ``snapshot_submitted``): both
    commit or neither. Two queries, however many items."""
    met = CriterionRating.objects.filter(
        assessment=snapshot, value__gte=Rating.MEETS, criterion__isnull=False
    ).values("criterion_id")
    count = (
        PlanItem.objects.of(snapshot.engineer)
        .open()
        .filter(criterion_id__in=met)
        .update(
            status=PlanItem.Status.DONE,
            done_at=snapshot.submitted_at or timezone.now(),
            done_by=snapshot,
            updated_at=timezone.now(),
        )
    )
    if count:
        logger.info("plan_items_met", extra={"snapshot": snapshot.pk, "items": count})
    return count


# -- Comments --------------------------------------------------------------------------


def plan_comment_post(*, item: PlanItem, by: User, body: str) -> PlanComment:
    """A comment from the engineer (their managers are told) or from one of
    their managers (the engineer is told), in the app and by email."""
    is_engineer = item.engineer_id == by.pk
    if not is_engineer and not manages(by, item.engineer):
        raise NotAllowed(_("Only the engineer and their managers can comment on this plan."))
    body = _text(body, field="body", limit=COMMENT_MAX)
    with transaction.atomic():
        # The person's row is locked so two quick requests are counted in turn.
        User.objects.select_for_update().filter(pk=by.pk).first()
        recent = PlanComment.objects.filter(
            author=by, created_at__gte=timezone.now() - dt.timedelta(minutes=1)
        ).count()
        if recent >= COMMENTS_PER_MINUTE:
            raise RateLimited(
                _("You have posted %(count)s comments in the last minute; wait a moment.")
                % {"count": recent},
                field="body",
            )
        comment = PlanComment.objects.create(item=item, author=by, body=body)
        recipients = managers_of(item.engineer) if is_engineer else [item.engineer]
        for person in recipients:
            if person.pk != by.pk:
                _tell(
                    person,
                    item,
                    gettext_noop("%(name)s commented on a plan item: %(criterion)s"),
                    by=by,
                )
    logger.info("plan_comment_posted", extra={"item": item.pk, "author": by.pk})
    return comment


def _tell(person: User, item: PlanItem, message: str, *, by: User) -> None:
    """One notification in ``person``'s language; ``message`` is a msgid
    (marked with gettext_noop) with %(name)s and %(criterion)s."""
    url = reverse("plan_item", kwargs={"pk": item.pk})
    with in_language_of(person):
        text = _(message) % {"name": by.display_name, "criterion": item.criterion_text[:120]}
        notification_send(
            user=person,
            message=text[:500],
            url=url,
            email_body=_("%(message)s\n\nSee it here: %(url)s")
            % {"message": text, "url": f"{settings.SITE_URL}{url}"},
        )
