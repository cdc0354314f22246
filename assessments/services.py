"""Writes to assessments. Every function here is atomic and keyword-only."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Team, User, shared_teams
from accounts.services import in_language_of, notification_send, notifications_send_many
from assessments.models import (
    Assessment,
    CalibrationOutcome,
    CriterionRating,
    ManagerRating,
    ManagerReview,
)
from assessments.rules import CriterionState, Rating, met_count
from assessments.selectors import career_number, draft_summary
from assessments.signals import snapshot_submitted
from common.errors import Invalid, NotAllowed
from common.text import text_problem
from roles.models import Role
from skills.models import Criterion, Skill

logger = logging.getLogger(__name__)


class AssessmentError(Invalid):
    """A request the rules do not allow; the message is for the user (400)."""


class AssessmentConflict(AssessmentError):
    """The assessment is in a state that forbids this now: submitted, or
    nothing to review or share yet (409)."""

    status = 409
    code = "conflict"


def _closed() -> AssessmentConflict:
    return AssessmentConflict(_("This assessment was submitted and can no longer be changed."))


@dataclass(frozen=True)
class RatingInput:
    value: int | None
    note: str = ""
    link: str = ""


def matrix_criteria(*, skill: Skill, role: Role) -> list[Criterion]:
    """The live criteria one role is assessed on, in page order, in one query."""
    return list(
        Criterion.objects.filter(expectation__skill=skill, expectation__role=role)
        .select_related("expectation__level")
        .order_by("expectation__level__number", "position")
    )


def assessment_start(*, engineer: User, skill: Skill, role: Role) -> Assessment:
    """Resume the engineer's draft for this skill and role, or start one from
    the ratings of their latest submitted snapshot."""
    existing = Assessment.objects.drafts().filter(engineer=engineer, skill=skill, role=role).first()
    if existing is not None:
        return existing
    if not Criterion.objects.filter(expectation__skill=skill, expectation__role=role).exists():
        raise AssessmentError(
            _("%(skill)s sets no criteria for %(role)s yet: there is nothing to assess.")
            % {"skill": skill.name, "role": role.name},
            field="role",
        )
    previous = (
        Assessment.objects.submitted()
        .filter(engineer=engineer, skill=skill, role=role)
        .order_by("-submitted_at")
        .first()
    )
    try:
        with transaction.atomic():
            draft = Assessment.objects.create(
                engineer=engineer, skill=skill, role=role, based_on=previous
            )
            if previous is not None:
                live = {c.pk: c for c in matrix_criteria(skill=skill, role=role)}
                CriterionRating.objects.bulk_create(
                    _carried(row, draft, live[row.criterion_id], since=previous.submitted_at)
                    for row in previous.ratings.all()
                    if row.criterion_id in live
                )
    except IntegrityError:
        # Another request (a second tab) created the draft first: use it.
        return Assessment.objects.drafts().get(engineer=engineer, skill=skill, role=role)
    logger.info("assessment_started", extra={"assessment": draft.pk, "engineer": engineer.pk})
    return draft


def _carried(
    row: CriterionRating, draft: Assessment, criterion: Criterion, *, since: dt.datetime | None
) -> CriterionRating:
    """A snapshot's rating carried into the next draft. One rated as met
    whose criterion was revised since (deprecated, or reworded materially)
    comes back unrated, marked for re-check with the rating it had."""
    revised = (
        criterion.revised_at is not None and since is not None and criterion.revised_at > since
    )
    if revised and row.value is not None and row.value >= Rating.MEETS:
        return CriterionRating(
            assessment=draft,
            criterion=criterion,
            value=None,
            recheck_value=row.value,
            recheck_text=row.frozen_text if row.frozen_text != criterion.text else "",
            note=row.note,
            link=row.link,
        )
    return CriterionRating(
        assessment=draft,
        criterion=criterion,
        value=row.value,
        # Submitted without re-checking it: the next draft still asks.
        recheck_value=row.recheck_value if row.value is None else None,
        recheck_text=row.recheck_text if row.value is None else "",
        note=row.note,
        link=row.link,
    )


def assessment_rate(
    *, assessment: Assessment, ratings: Mapping[Criterion, RatingInput], by: User
) -> list[CriterionRating]:
    """Save ratings of criteria of the engineer's own draft. Every criterion
    must belong to the assessment's skill and role: one that does not refuses
    the whole call, and nothing is saved."""
    if assessment.engineer_id != by.pk:
        raise NotAllowed(_("Only the engineer can rate their own assessment."))
    if assessment.is_submitted:
        raise _closed()
    if foreign := _foreign_criteria(assessment, ratings):
        raise AssessmentError(
            _("Criteria not in this assessment: %(ids)s.") % {"ids": ", ".join(map(str, foreign))},
            field="ratings",
        )
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_submitted:
            raise _closed()
        existing = {
            row.criterion_id: row
            for row in CriterionRating.objects.filter(
                assessment=locked, criterion__in=[c.pk for c in ratings]
            )
        }
        to_create: list[CriterionRating] = []
        to_update: list[CriterionRating] = []
        saved: list[CriterionRating] = []
        for criterion, rating in ratings.items():
            row = existing.get(criterion.pk)
            if row is None:
                row = CriterionRating(
                    assessment=locked,
                    criterion=criterion,
                    value=rating.value,
                    note=rating.note,
                    link=rating.link,
                )
                to_create.append(row)
            elif (row.value, row.note, row.link) != (rating.value, rating.note, rating.link) or (
                row.recheck_value is not None and rating.value is not None
            ):
                row.value, row.note, row.link = rating.value, rating.note, rating.link
                if rating.value is not None:
                    row.recheck_value, row.recheck_text = None, ""  # rated again: re-checked
                row.updated_at = timezone.now()
                to_update.append(row)
            saved.append(row)
        CriterionRating.objects.bulk_create(to_create)
        CriterionRating.objects.bulk_update(
            to_update, ["value", "note", "link", "recheck_value", "recheck_text", "updated_at"]
        )
        if to_create or to_update:
            Assessment.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return saved


def _foreign_criteria(assessment: Assessment, criteria: Iterable[Criterion]) -> list[int]:
    """Ids of criteria that are not the assessment's skill and role: checked
    in memory when their expectation is loaded (as matrix_criteria does),
    else in one query."""
    mine = (assessment.skill_id, assessment.role_id)
    foreign: set[int] = set()
    unchecked: set[int] = set()
    for c in criteria:
        if not Criterion.expectation.is_cached(c):
            unchecked.add(c.pk)
        elif (c.expectation.skill_id, c.expectation.role_id) != mine:
            foreign.add(c.pk)
    if unchecked:
        unchecked -= set(
            Criterion.objects.filter(
                pk__in=unchecked, expectation__skill_id=mine[0], expectation__role_id=mine[1]
            ).values_list("pk", flat=True)
        )
    return sorted(foreign | unchecked)


def draft_states(
    criteria: Sequence[Criterion], rows: Mapping[int | None, CriterionRating]
) -> list[CriterionState]:
    states = []
    for criterion in criteria:
        row = rows.get(criterion.pk)
        states.append(
            CriterionState(
                key=criterion.key,
                level=criterion.expectation.level.number,
                required=criterion.expectation.required,
                rating=row.value if row is not None else None,
                text=criterion.text,
                position=criterion.position,
                criterion_id=criterion.pk,
            )
        )
    return states


def snapshot_states(rows: Sequence[CriterionRating]) -> list[CriterionState]:
    """A submitted snapshot as the rules see it: frozen texts and flags only."""
    return [
        CriterionState(
            key=row.frozen_key,
            level=row.frozen_level or 0,
            required=bool(row.frozen_required),
            rating=row.value,
            text=row.frozen_text,
            position=row.frozen_position or 0,
            criterion_id=row.criterion_id,
        )
        for row in rows
        if row.frozen_level is not None
    ]


def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Freeze the draft into a snapshot. Submitting twice changes nothing."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("skill", "role", "engineer__career_level")
            .get(pk=assessment.pk)
        )
        if locked.is_submitted:
            return locked
        if locked.engineer_id != by.pk:
            raise NotAllowed(_("Only the engineer can submit their own assessment."))
        criteria = matrix_criteria(skill=locked.skill, role=locked.role)
        if not criteria:
            raise AssessmentConflict(_("This role has no criteria in this skill to assess."))
        rows = {row.criterion_id: row for row in locked.ratings.all()}
        states = draft_states(criteria, rows)
        summary = draft_summary(engineer=locked.engineer, states=states)
        reached, ready = summary.level_reached, summary.readiness
        career = career_number(locked.engineer)

        to_create: list[CriterionRating] = []
        to_update: list[CriterionRating] = []
        for criterion in criteria:
            row = rows.pop(criterion.pk, None)
            if row is None:
                row = CriterionRating(assessment=locked, criterion=criterion)
                to_create.append(row)
            else:
                to_update.append(row)
            row.frozen_key = criterion.key
            row.frozen_text = criterion.text
            row.frozen_level = criterion.expectation.level.number
            row.frozen_required = criterion.expectation.required
            row.frozen_position = criterion.position
        # Ratings of criteria that left the matrix while this was a draft.
        CriterionRating.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
        CriterionRating.objects.bulk_create(to_create)
        frozen = ["frozen_key", "frozen_text", "frozen_level", "frozen_required", "frozen_position"]
        CriterionRating.objects.bulk_update(to_update, frozen)

        locked.status = Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.matrix_version = locked.skill.version
        locked.level_reached = reached
        locked.career_level = career
        locked.target_level = ready.target_level
        locked.required_met = ready.required_met
        locked.required_total = ready.required_total
        locked.optional_met = ready.optional_met
        locked.optional_total = ready.optional_total
        locked.criteria_met = met_count(states)
        locked.criteria_total = len(states)
        locked.save()
        snapshot_submitted.send(sender=Assessment, snapshot=locked)
    logger.info(
        "assessment_submitted",
        extra={"assessment": locked.pk, "engineer": by.pk, "level_reached": reached},
    )
    return locked


def _check_manages(*, by: User, team: Team, assessment: Assessment) -> None:
    """Reviews belong to the engineer's managers in a team both are active in."""
    if not shared_teams(by, assessment.engineer).filter(pk=team.pk).exists():
        raise NotAllowed(_("Only the engineer's managers in this team can review it."))


@dataclass(frozen=True)
class ManagerInput:
    value: int | None
    comment: str = ""


def review_save(
    *,
    assessment: Assessment,
    team: Team,
    by: User,
    ratings: Mapping[CriterionRating, ManagerInput],
    comment: str | None,
) -> ManagerReview:
    """Save a team's ratings beside a snapshot. ``by`` must manage the
    engineer in ``team``, and every rating must be one of this snapshot's:
    otherwise nothing is saved."""
    if not assessment.is_submitted:
        raise AssessmentConflict(_("Only submitted assessments can be reviewed."))
    _check_manages(by=by, team=team, assessment=assessment)
    foreign = sorted(
        row.pk for row in ratings if row.assessment_id != assessment.pk or row.frozen_level is None
    )
    if foreign:
        raise AssessmentError(
            _("Ratings not in this assessment: %(ids)s.") % {"ids": ", ".join(map(str, foreign))},
            field="ratings",
        )
    with transaction.atomic():
        review, _created = ManagerReview.objects.select_for_update().get_or_create(
            assessment=assessment, team=team, defaults={"reviewer": by}
        )
        existing = {m.rating_id: m for m in review.ratings.all()}
        to_create: list[ManagerRating] = []
        to_update: list[ManagerRating] = []
        for row, given in ratings.items():
            current = existing.get(row.pk)
            if current is None:
                if given.value is None and not given.comment:
                    continue
                to_create.append(
                    ManagerRating(
                        review=review, rating=row, value=given.value, comment=given.comment
                    )
                )
            elif (current.value, current.comment) != (given.value, given.comment):
                current.value, current.comment = given.value, given.comment
                to_update.append(current)
        ManagerRating.objects.bulk_create(to_create)
        ManagerRating.objects.bulk_update(to_update, ["value", "comment"])
        review.reviewer = by
        if comment is not None:  # None: keep the overall comment as it is
            review.comment = comment
        review.save()
    logger.info("review_saved", extra={"assessment": assessment.pk, "reviewer": by.pk})
    return review


def review_share(*, assessment: Assessment, team: Team, by: User) -> ManagerReview:
    """Show the team's review to the engineer and tell them (in the app and by
    email). An empty review cannot be shared."""
    _check_manages(by=by, team=team, assessment=assessment)
    with transaction.atomic():
        review = (
            ManagerReview.objects.select_for_update()
            .filter(assessment=assessment, team=team)
            .first()
        )
        if review is None or (not review.comment and not review.ratings.exists()):
            raise AssessmentConflict(
                _("Add at least one rating or a comment before sharing the review.")
            )
        review.shared_at = timezone.now()
        review.reviewer = by
        review.save(update_fields=["shared_at", "reviewer", "updated_at"])
        name = by.get_full_name() or by.username
        url = reverse("assessment_result", kwargs={"pk": assessment.pk})
        absolute = f"{settings.SITE_URL}{url}"
        with in_language_of(assessment.engineer):
            notification_send(
                user=assessment.engineer,
                message=_("%(name)s shared a review of your %(skill)s assessment")
                % {"name": name, "skill": assessment.skill.name},
                url=url,
                email_body=_(
                    "%(name)s rated your %(skill)s assessment beside your own ratings.\n\n"
                    "See it here: %(url)s"
                )
                % {"name": name, "skill": assessment.skill.name, "url": absolute},
            )
    return review


def calibration_mark(
    *, rating: CriterionRating, team: Team, by: User, status: str, note: str
) -> CalibrationOutcome:
    """Record how a team's managers settled a disagreement on one rated
    criterion of a snapshot (discussed or resolved, with a note); marking it
    again replaces the earlier outcome. ``by`` must manage the engineer in
    ``team``."""
    if status not in CalibrationOutcome.Status.values:
        raise AssessmentError(
            _("Choose whether the item was discussed or resolved."), field="status"
        )
    note = note.strip()
    if len(note) > 2000:
        raise AssessmentError(_("The note is too long: at most 2000 characters."), field="note")
    if problem := text_problem(note, multiline=True):
        raise AssessmentError(_("This text %(problem)s.") % {"problem": problem}, field="note")
    assessment = rating.assessment
    if not assessment.is_submitted or rating.frozen_level is None:
        raise AssessmentConflict(_("Only ratings of submitted assessments can be calibrated."))
    _check_manages(by=by, team=team, assessment=assessment)
    outcome, _created = CalibrationOutcome.objects.update_or_create(
        rating=rating, team=team, defaults={"status": status, "note": note, "by": by}
    )
    logger.info(
        "calibration_marked",
        extra={"rating": rating.pk, "team": team.pk, "by": by.pk, "status": status},
    )
    return outcome


# Re-check: criteria people rated as met that the matrix has since revised ---------


def recheck_after_change(*, skill_ids: Iterable[int]) -> int:
    """After a change to the matrix commits, take the criteria it revised
    (marked deprecated, or reworded materially; ``Criterion.recheck_pending``)
    and clear the mark, so each revision is announced once, however the
    writes of the change were ordered. Everyone whose latest snapshot rated
    one of them as met or exceeded gets one notification per skill; open
    drafts that rate them as met are marked for re-check. Submitted
    snapshots never change. Returns how many people were told. A fixed
    number of queries per skill, whatever the headcount."""
    told = 0
    for skill in Skill.objects.filter(pk__in=list(skill_ids)).order_by("pk"):
        with transaction.atomic():
            # Two changes committing at once: each revision goes to one of them.
            revised = set(
                Criterion.objects.select_for_update(skip_locked=True)
                .filter(expectation__skill=skill, recheck_pending=True)
                .values_list("pk", flat=True)
            )
            if not revised:
                continue
            Criterion.objects.filter(pk__in=revised).update(recheck_pending=False)
            _recheck_drafts(revised)
            # In the same transaction: a worker that fails before it commits
            # leaves the marks for its retry, and nobody is told twice.
            told += _tell_raters(skill, revised)
    return told


def _recheck_drafts(revised: set[int]) -> None:
    """One statement: a draft submitted meanwhile is no longer a draft, and a
    rating saved meanwhile is either seen or not, never half-overwritten."""
    CriterionRating.objects.filter(
        criterion_id__in=revised,
        assessment__status=Assessment.Status.DRAFT,
        value__gte=Rating.MEETS,
    ).update(
        recheck_value=F("value"),
        value=None,
        # Rated against the text before this revision.
        recheck_text=Subquery(
            Criterion.objects.filter(pk=OuterRef("criterion_id")).values("revised_from")[:1]
        ),
    )


def _tell_raters(skill: Skill, revised: set[int]) -> int:
    # Each rating's snapshot must be its author's latest for that role: only
    # the ratings of the revised criteria are read, however long the history.
    latest = (
        Assessment.objects.submitted()
        .filter(
            skill=skill,
            engineer_id=OuterRef("assessment__engineer_id"),
            role_id=OuterRef("assessment__role_id"),
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    counts: dict[int, int] = {}
    for engineer in (
        CriterionRating.objects.filter(
            criterion_id__in=revised,
            value__gte=Rating.MEETS,
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__engineer__is_active=True,
        )
        .filter(assessment_id=Subquery(latest))
        .values_list("assessment__engineer_id", flat=True)
    ):
        counts[engineer] = counts.get(engineer, 0) + 1
    people = User.objects.in_bulk(counts)
    url = reverse("my_assessments")
    messages: dict[User, tuple[str, str]] = {}
    for engineer, count in counts.items():
        person = people[engineer]
        with in_language_of(person):
            message = ngettext(
                "%(count)s criterion you rated as met in %(skill)s was updated; re-check it.",
                "%(count)s criteria you rated as met in %(skill)s were updated; re-check them.",
                count,
            ) % {"count": count, "skill": skill.name}
        messages[person] = (message, url)
    notifications_send_many(messages, event="recheck_email")
    if counts:
        logger.info("recheck_notified", extra={"skill": skill.pk, "people": len(counts)})
    return len(counts)
