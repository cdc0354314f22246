"""Writes for cycles: open, edit and close one; the periodic tick (open what
is due, remind, close what is past due); a manager's one-off reminder; the
summary frozen at close. Every function is keyword-only and atomic."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Team, User
from accounts.services import in_language_of, notifications_send_many
from assessments.models import Assessment, CalibrationOutcome, ManagerRating, ManagerReview
from common.errors import Conflict, Invalid, NotAllowed, TooMany
from cycles.models import Cycle, Reminder, today
from cycles.selectors import (
    can_manage,
    covered_memberships,
    cycle_snapshots,
    days_phrase,
    managed_team_ids,
    snapshots_before,
)
from levels.ladder import ladder
from skills.models import Skill
from teams.reports import CALIBRATION_GAP

logger = logging.getLogger(__name__)

REMIND_EVERY = dt.timedelta(hours=24)  # a manager's "remind" button, per person and cycle


# -- Open, edit, close -----------------------------------------------------------------


def _check_input(
    *,
    cycle: Cycle | None,
    by: User,
    name: str,
    skill: Skill,
    teams: Sequence[Team],
    everyone: bool,
    opens_on: dt.date,
    self_due: dt.date,
    review_due: dt.date,
) -> None:
    if not name.strip():
        raise Invalid(_("Give the cycle a name."), field="name")
    if everyone and not by.is_staff:
        raise NotAllowed(_("Only administrators can open a cycle for everyone."), field="everyone")
    if not everyone and not teams:
        raise Invalid(_("Choose at least one team, or everyone."), field="teams")
    if not by.is_staff:
        managed = managed_team_ids(by)
        foreign = sorted(t.name for t in teams if t.pk not in managed)
        if foreign:
            raise NotAllowed(
                _("You can only open cycles for teams you manage, not for: %(teams)s.")
                % {"teams": ", ".join(foreign)},
                field="teams",
            )
    now = today()
    was = {
        "opens_on": cycle.opens_on if cycle else None,
        "self_due": cycle.self_due if cycle else None,
        "review_due": cycle.review_due if cycle else None,
    }
    # A date already in the past may stay as it was; a new one may not be.
    if opens_on < now and opens_on != was["opens_on"]:
        raise Invalid(
            _("The opening date %(date)s is in the past.") % {"date": opens_on.isoformat()},
            field="opens_on",
        )
    if self_due < now and self_due != was["self_due"]:
        raise Invalid(
            _("The self-assessment due date %(date)s is in the past.")
            % {"date": self_due.isoformat()},
            field="self_due",
        )
    if review_due < now and review_due != was["review_due"]:
        raise Invalid(
            _("The review due date %(date)s is in the past.") % {"date": review_due.isoformat()},
            field="review_due",
        )
    if self_due < opens_on:
        raise Invalid(
            _("The self-assessment due date must not be before the cycle opens."),
            field="self_due",
        )
    if review_due < self_due:
        raise Invalid(
            _("The review due date must not be before the self-assessment due date."),
            field="review_due",
        )
    if cycle is not None and cycle.state != Cycle.State.SCHEDULED:
        if opens_on != cycle.opens_on:
            raise Invalid(
                _("This cycle is already open: its opening date can no longer change."),
                field="opens_on",
            )
        if skill.pk != cycle.skill_id:
            raise Invalid(
                _("This cycle is already open: its skill can no longer change."), field="skill"
            )


def cycle_create(
    *,
    by: User,
    name: str,
    skill: Skill,
    teams: Sequence[Team],
    everyone: bool,
    opens_on: dt.date,
    self_due: dt.date,
    review_due: dt.date,
) -> Cycle:
    """Open (or schedule) a cycle. Admins for any teams or everyone; a
    manager for teams they manage."""
    _check_input(
        cycle=None, by=by, name=name, skill=skill, teams=teams, everyone=everyone,
        opens_on=opens_on, self_due=self_due, review_due=review_due,
    )  # fmt: skip
    with transaction.atomic():
        cycle = Cycle.objects.create(
            name=name.strip(),
            skill=skill,
            everyone=everyone,
            opens_on=opens_on,
            self_due=self_due,
            review_due=review_due,
            created_by=by,
        )
        if not everyone:
            cycle.teams.set(teams)
        _tick_soon()
    logger.info("cycle_created", extra={"cycle": cycle.pk, "by": by.pk})
    return cycle


def cycle_update(
    *,
    cycle: Cycle,
    by: User,
    name: str,
    skill: Skill,
    teams: Sequence[Team],
    everyone: bool,
    opens_on: dt.date,
    self_due: dt.date,
    review_due: dt.date,
) -> Cycle:
    """Change a cycle until it closes (its opening date and skill only while
    it is scheduled)."""
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.is_closed:
            raise Conflict(_("This cycle is closed and can no longer be changed."))
        if not can_manage(by, locked):
            raise NotAllowed(_("Only an administrator or the managers of its teams can do that."))
        _check_input(
            cycle=locked, by=by, name=name, skill=skill, teams=teams, everyone=everyone,
            opens_on=opens_on, self_due=self_due, review_due=review_due,
        )  # fmt: skip
        locked.name = name.strip()
        locked.skill = skill
        locked.everyone = everyone
        locked.opens_on = opens_on
        locked.self_due = self_due
        locked.review_due = review_due
        locked.save()
        locked.teams.set([] if everyone else teams)
        _tick_soon()
    logger.info("cycle_updated", extra={"cycle": cycle.pk, "by": by.pk})
    return locked


def cycle_close(*, cycle: Cycle, by: User) -> Cycle:
    """Close a cycle by hand now, freezing its summary."""
    if not can_manage(by, cycle):
        raise NotAllowed(_("Only an administrator or the managers of its teams can do that."))
    closed = _close(cycle.pk, at=timezone.now())
    if closed is None:
        raise Conflict(_("This cycle is already closed."))
    logger.info("cycle_closed", extra={"cycle": cycle.pk, "by": by.pk})
    return closed


def _close(pk: int, *, at: dt.datetime) -> Cycle | None:
    """Close the cycle at ``at`` and freeze its summary; None when it was
    already closed (by another worker, or by hand)."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=pk)
        if cycle.closed_at is not None:
            return None
        cycle.closed_at = at
        cycle.summary = cycle_summary(cycle)
        cycle.save(update_fields=["closed_at", "summary", "updated_at"])
    return cycle


def _tick_soon() -> None:
    """Once the change commits, let the worker send what is now due (the
    opening reminders of a cycle that opens today)."""
    from cycles.tasks import cycles_tick  # the task module imports this one

    transaction.on_commit(lambda: cycles_tick.enqueue(), robust=True)


# -- The summary frozen at close ---------------------------------------------------------


def _ready(snapshot: Assessment | None) -> bool:
    """The readiness stored with the snapshot (assessments.rules.Readiness.ready)."""
    return bool(
        snapshot is not None
        and snapshot.target_level is not None
        and snapshot.required_total
        and snapshot.required_met == snapshot.required_total
    )


def _distribution(snapshots: Iterable[Assessment]) -> dict[str, int]:
    """Snapshots per level reached, 0 (none yet) to the top of the ladder."""
    tally = Counter(s.level_reached or 0 for s in snapshots)
    top = max([ladder().top, *tally])
    return {str(n): tally.get(n, 0) for n in range(top + 1)}


def cycle_summary(cycle: Cycle) -> dict[str, Any]:
    """Level distribution before and after, who became ready for promotion,
    and the disagreements with how each was settled, overall and per team.
    Names are frozen as they read at close. A fixed number of queries."""
    memberships = list(
        covered_memberships(cycle).select_related("user", "team").order_by("team__name")
    )
    ids = {m.user_id for m in memberships}
    after = cycle_snapshots(cycle, ids)
    before = snapshots_before(cycle, ids)
    teams: dict[int, dict[str, Any]] = {}
    for m in memberships:
        entry = teams.setdefault(
            m.team_id,
            {
                "slug": m.team.slug,
                "name": m.team.name,
                "participants": 0,
                "submitted": 0,
                "reviewed": 0,
                "ready": [],
                "disagreements": [],
            },
        )
        entry["participants"] += 1
        snapshot = after.get(m.user_id)
        if snapshot is not None:
            entry["submitted"] += 1
            if _ready(snapshot) and not (
                _ready(before.get(m.user_id))
                and before[m.user_id].target_level == snapshot.target_level
            ):
                entry["ready"].append(
                    {"name": m.user.display_name, "target_level": snapshot.target_level}
                )
    snapshot_ids = [s.pk for s in after.values()]
    reviewed = ManagerReview.objects.filter(
        assessment_id__in=snapshot_ids, team_id__in=list(teams)
    ).values_list("team_id", "assessment_id")
    member_of = {(m.team_id, m.user_id) for m in memberships}
    engineer_of = {s.pk: s.engineer_id for s in after.values()}
    for team_id, assessment_id in reviewed:
        if (team_id, engineer_of[assessment_id]) in member_of:
            teams[team_id]["reviewed"] += 1
    outcomes = {
        (o.rating_id, o.team_id): o
        for o in CalibrationOutcome.objects.filter(
            rating__assessment_id__in=snapshot_ids, team_id__in=list(teams)
        )
    }
    names = {m.user_id: m.user.display_name for m in memberships}
    for mr in (
        ManagerRating.objects.filter(
            review__assessment_id__in=snapshot_ids,
            review__team_id__in=list(teams),
            value__isnull=False,
        )
        .select_related("rating", "review")
        .order_by("rating__frozen_level", "rating__frozen_position", "pk")
    ):
        own = mr.rating.value or 0
        assert mr.value is not None  # filtered above
        if abs(own - mr.value) < CALIBRATION_GAP:
            continue
        engineer = engineer_of[mr.review.assessment_id]
        if (mr.review.team_id, engineer) not in member_of:
            continue
        outcome = outcomes.get((mr.rating_id, mr.review.team_id))
        teams[mr.review.team_id]["disagreements"].append(
            {
                "name": names[engineer],
                "criterion": mr.rating.frozen_text,
                "level": mr.rating.frozen_level,
                "self": mr.rating.value,
                "manager": mr.value,
                "steps": abs(own - mr.value),
                "outcome": outcome.status if outcome else "",
                "note": outcome.note if outcome else "",
            }
        )
    return {
        "participants": len(ids),
        "submitted": len(after),
        "before": {**_distribution(before.values()), "none": len(ids) - len(before)},
        "after": {**_distribution(after.values()), "none": len(ids) - len(after)},
        "ready": sum(len(t["ready"]) for t in teams.values()),
        "disagreements": sum(len(t["disagreements"]) for t in teams.values()),
        "resolved": sum(
            1 for t in teams.values() for d in t["disagreements"] if d["outcome"] == "resolved"
        ),
        "teams": {str(k): v for k, v in teams.items()},
    }


# -- Reminders ------------------------------------------------------------------------


def self_occasion(cycle: Cycle, *, on: dt.date) -> str:
    """The reminder about self-assessments due on day ``on``: one at a time,
    so a cycle that opens six days before its due date sends the week's
    reminder and not an opening message beside it."""
    left = (cycle.self_due - on).days
    if left < 0:
        return Reminder.Occasion.SELF_OVERDUE
    if left <= 1:
        return Reminder.Occasion.SELF_1
    if left <= 7:
        return Reminder.Occasion.SELF_7
    return Reminder.Occasion.OPENED


def review_occasion(cycle: Cycle, *, on: dt.date) -> str | None:
    left = (cycle.review_due - on).days
    if 0 <= left <= 1:
        return Reminder.Occasion.REVIEW_1
    if 0 <= left <= 7:
        return Reminder.Occasion.REVIEW_7
    return None


def _self_message(cycle: Cycle, occasion: str) -> str:
    """In the active language: the caller chose the recipient's."""
    if occasion == Reminder.Occasion.OPENED:
        return _("%(cycle)s is open: assess yourself in %(skill)s by %(date)s.") % {
            "cycle": cycle.name,
            "skill": cycle.skill.name,
            "date": formats.date_format(cycle.self_due, "DATE_FORMAT"),
        }
    return _("%(cycle)s — your self-assessment is %(when)s.") % {
        "cycle": cycle.name,
        "when": days_phrase(cycle.self_due),
    }


def _review_message(cycle: Cycle, pending: int) -> str:
    return ngettext(
        "%(cycle)s — %(n)d snapshot awaits your review, %(when)s.",
        "%(cycle)s — %(n)d snapshots await your review, %(when)s.",
        pending,
    ) % {"cycle": cycle.name, "n": pending, "when": days_phrase(cycle.review_due)}


def _send(
    cycle: Cycle,
    occasion: str,
    people: dict[int, tuple[User, Any]],
    *,
    message: Any,
    url: str,
    by: User | None = None,
) -> int:
    """Tell each person (their message built in their language by
    ``message(extra)``) and record the reminder."""
    if not people:
        return 0
    messages: dict[User, tuple[str, str]] = {}
    for person, extra in people.values():
        with in_language_of(person):
            messages[person] = (message(extra), url)
    Reminder.objects.bulk_create(
        Reminder(cycle=cycle, person=person, occasion=occasion, sent_by=by)
        for person, _extra in people.values()
    )
    skip = {person.pk for person, _extra in people.values() if not person.reminder_emails}
    return notifications_send_many(
        messages, event="cycle_reminder", skip_email=skip, cycle=cycle.pk, occasion=occasion
    )


def _remind(pk: int, *, on: dt.date) -> int:
    """Send one cycle's reminders that are due and not sent yet. The cycle's
    row lock makes a second worker wait, then find them recorded."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("skill").get(pk=pk)
        if cycle.closed_at is not None or cycle.opens_on > on:
            return 0
        memberships = list(
            Membership.objects.active()
            .filter(team_id__in=_team_filter(cycle), user__is_active=True)
            .select_related("user")
        )
        members = {m.user_id: m.user for m in memberships if m.role == Membership.Role.MEMBER}
        snapshots = cycle_snapshots(cycle, members)
        sent = set(
            Reminder.objects.filter(cycle=cycle)
            .exclude(occasion=Reminder.Occasion.MANUAL)
            .values_list("person_id", "occasion")
        )
        told = 0
        occasion = self_occasion(cycle, on=on)
        due = {
            pk: (user, None)
            for pk, user in members.items()
            if pk not in snapshots and (pk, occasion) not in sent
        }
        told += _send(
            cycle,
            occasion,
            due,
            message=lambda _extra: _self_message(cycle, occasion),
            url=reverse("my_assessments"),
        )
        occasion_r = review_occasion(cycle, on=on)
        if occasion_r is not None and snapshots:
            reviewed = set(
                ManagerReview.objects.filter(
                    assessment_id__in=[s.pk for s in snapshots.values()]
                ).values_list("team_id", "assessment_id")
            )
            teams_of: dict[int, set[int]] = defaultdict(set)
            for m in memberships:
                if m.role == Membership.Role.MEMBER:
                    teams_of[m.user_id].add(m.team_id)
            pending: dict[int, set[int]] = defaultdict(set)  # manager -> snapshots to review
            managers: dict[int, User] = {}
            for m in memberships:
                if m.role != Membership.Role.MANAGER:
                    continue
                managers[m.user_id] = m.user
                for engineer, snapshot in snapshots.items():
                    if (
                        m.team_id in teams_of[engineer]
                        and (m.team_id, snapshot.pk) not in reviewed
                        and engineer != m.user_id
                    ):
                        pending[m.user_id].add(snapshot.pk)
            due_r = {
                pk: (managers[pk], len(items))
                for pk, items in pending.items()
                if items and (pk, occasion_r) not in sent
            }
            told += _send(
                cycle,
                occasion_r,
                due_r,
                message=lambda n: _review_message(cycle, n),
                url=cycle.get_absolute_url(),
            )
        if cycle.opened_at is None:
            cycle.opened_at = timezone.now()
            cycle.save(update_fields=["opened_at"])
    return told


def _team_filter(cycle: Cycle) -> Any:
    if cycle.everyone:
        return Team.objects.values("pk")
    return cycle.teams.values("pk")


def cycles_tick(*, on: dt.date | None = None) -> dict[str, int]:
    """The periodic work: close the cycles whose review due date has passed
    (at the end of that day), open the scheduled ones whose day came, and
    send the reminders due. Safe to run often and by several workers at once:
    each cycle is handled under its row lock and every reminder is recorded."""
    day = on or today()
    closed = 0
    for cycle in Cycle.objects.filter(closed_at__isnull=True, review_due__lt=day):
        if _close(cycle.pk, at=cycle.deadline) is not None:
            closed += 1
            logger.info("cycle_closed", extra={"cycle": cycle.pk, "by": None})
    opened = Cycle.objects.filter(
        closed_at__isnull=True, opened_at__isnull=True, opens_on__lte=day
    ).count()
    reminded = 0
    for pk in Cycle.objects.filter(closed_at__isnull=True, opens_on__lte=day).values_list(
        "pk", flat=True
    ):
        reminded += _remind(pk, on=day)
    result = {"closed": closed, "opened": opened, "reminded": reminded}
    logger.info("cycles_tick", extra=result)
    return result


def cycle_remind(*, cycle: Cycle, person: User, by: User) -> Reminder:
    """A manager's one-off reminder to one participant who has not submitted
    yet: at most one per person and cycle every 24 hours."""
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().select_related("skill").get(pk=cycle.pk)
        if locked.state != Cycle.State.OPEN:
            raise Conflict(_("Reminders can only be sent while the cycle is open."))
        teams = covered_memberships(locked).filter(user=person).values_list("team_id", flat=True)
        team_ids = set(teams)
        if not team_ids:
            raise Invalid(
                _("%(name)s does not take part in this cycle.") % {"name": person.display_name},
                field="person",
            )
        if not by.is_staff and not (team_ids & managed_team_ids(by)):
            raise NotAllowed(_("Only their managers or an administrator can remind them."))
        if person.pk in cycle_snapshots(locked, [person.pk]):
            raise Conflict(
                _("%(name)s has already submitted a self-assessment in this cycle.")
                % {"name": person.display_name}
            )
        last = (
            Reminder.objects.filter(cycle=locked, person=person, occasion=Reminder.Occasion.MANUAL)
            .order_by("-sent_at")
            .first()
        )
        now = timezone.now()
        if last is not None and now - last.sent_at < REMIND_EVERY:
            raise TooMany(
                _(
                    "%(name)s was reminded less than 24 hours ago; you can remind them again "
                    "after %(time)s."
                )
                % {
                    "name": person.display_name,
                    "time": timezone.localtime(last.sent_at + REMIND_EVERY).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                }
            )
        _send(
            locked,
            Reminder.Occasion.MANUAL,
            {person.pk: (person, None)},
            message=lambda _extra: _self_message(locked, Reminder.Occasion.SELF_7),
            url=reverse("my_assessments"),
            by=by,
        )
    logger.info("cycle_reminder_sent", extra={"cycle": cycle.pk, "person": person.pk, "by": by.pk})
    return Reminder.objects.filter(cycle=cycle, person=person).order_by("-sent_at", "-pk")[0]
