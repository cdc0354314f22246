"""Writes of the community app. Every function is keyword-only and atomic."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import in_language_of, notification_send, notifications_send_many
from common.errors import Invalid, NotAllowed, TooMany
from community.models import Comment, Follow, MatrixEdit, Proposal
from community.targets import Content, Target, target_of
from community.tasks import tell_curators
from skills.models import Expectation, Skill
from skills.services import skill_bump_version

logger = logging.getLogger(__name__)

CURATE_PERMISSION = "community.curate"
CURATORS_GROUP = "Curators"
# The cause of a version bump that only moves a review date (followers are not told).
REVIEW_REASON = "review"
# Rate limits: per person, across every skill and every app server (counted in
# the database, so a row deleted or withdrawn still counts). Each is (window,
# how many in it, the message once reached).
RateLimits = tuple[tuple[dt.timedelta, int, Any], ...]
COMMENT_LIMITS: RateLimits = (
    (
        dt.timedelta(minutes=1),
        5,
        gettext_lazy("You have posted %(count)s comments in the last minute; wait a moment."),
    ),
    (
        dt.timedelta(days=1),
        100,
        gettext_lazy("You have posted %(count)s comments today; that is the daily limit."),
    ),
)
# Tighter than comments: every proposal notifies (and emails) every curator,
# and a curator must read each one. Five in ten minutes leaves room for
# someone reading through a skill and fixing several cells in one sitting;
# twenty a day is more than any curator queue can take from one person.
PROPOSAL_LIMITS: RateLimits = (
    (
        dt.timedelta(minutes=10),
        5,
        gettext_lazy("You have made %(count)s suggestions in the last 10 minutes; wait a while."),
    ),
    (
        dt.timedelta(days=1),
        20,
        gettext_lazy("You have made %(count)s suggestions today; that is the daily limit."),
    ),
)


class CommunityError(Invalid):
    """A refused write, with a message for people (400)."""


class CommunityConflict(CommunityError):
    """The thing changed or was answered meanwhile (409)."""

    status = 409
    code = "conflict"


class StaleVersion(CommunityConflict):
    """The skill changed after the form was loaded: nothing was written."""

    code = "stale_version"

    def __init__(self, *, skill: Skill, base_version: int, current: Content) -> None:
        self.skill = skill
        self.base_version = base_version
        self.current_version = skill.version
        self.current = current
        super().__init__(
            _(
                "%(skill)s changed while you were working: you started from version "
                "%(base)s and it is now at version %(current)s. Nothing was saved; "
                "compare the current text with yours below."
            )
            % {"skill": skill.name, "base": base_version, "current": skill.version}
        )

    def extra(self) -> dict[str, Any]:
        return {"current_version": self.current_version, "current": self.current}


class StaleProposal(CommunityConflict):
    """The proposal was made on an older version than the one reviewed: the
    curator must compare and confirm. Carries the current text, as
    StaleVersion does."""

    code = "stale_proposal"

    def __init__(self, *, proposal: Proposal, reviewed_version: int, current: Content) -> None:
        self.current_version = reviewed_version
        self.current = current
        super().__init__(
            _(
                "This suggestion was made on version %(base)s and the skill is now at "
                "version %(current)s. Compare it with the current text, then confirm "
                "to accept it anyway."
            )
            % {"base": proposal.base_version, "current": reviewed_version}
        )

    def extra(self) -> dict[str, Any]:
        return {"current_version": self.current_version, "current": self.current}


class RateLimited(TooMany):
    """Too many comments or proposals from one person: nothing was written."""

    code = "rate_limited"


def _check_rate(*, by: User, recent: QuerySet[Any], limits: RateLimits) -> None:
    """Refuse (RateLimited) when ``recent``, the person's rows of one kind,
    already reaches a limit. Call inside the transaction that writes: the
    person's row is locked, so two quick requests (even on two servers) are
    counted one after the other."""
    now = timezone.now()
    User.objects.select_for_update().filter(pk=by.pk).first()
    for window, limit, message in limits:
        count = recent.filter(created_at__gte=now - window).count()
        if count >= limit:
            raise RateLimited(message % {"count": count})


def is_curator(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_perm(CURATE_PERMISSION))


def _locked_skill(skill: Skill) -> Skill:
    """Re-read the skill with its row locked (PostgreSQL), so two curators
    writing at once are serialised and the second sees the first's version."""
    return Skill.objects.select_for_update().get(pk=skill.pk)


def cell_mark_reviewed(*, expectation: Expectation, by: User) -> Expectation:
    """A curator checked the cell against the current documentation today:
    its review date moves to today (the matrix API shows it, so the version
    goes up), recorded in its history with who did it. Followers are not
    told: nothing they read changed."""
    if not is_curator(by):
        raise NotAllowed(_("Only curators can mark a cell as reviewed."))
    with transaction.atomic():
        skill = _locked_skill(expectation.skill)
        cell = Expectation.objects.select_for_update().get(pk=expectation.pk)
        today = timezone.localdate()
        if cell.last_reviewed == today:
            return cell
        cell.last_reviewed = today
        cell._history_user = by  # type: ignore[attr-defined]
        cell._change_reason = "review"  # type: ignore[attr-defined]
        cell.save(update_fields=["last_reviewed"])
        skill_bump_version(skill=skill, by=by, reason=REVIEW_REASON)
    logger.info("cell_marked_reviewed", extra={"expectation": cell.pk, "by": by.pk})
    return cell


# Follow ---------------------------------------------------------------------


def follow_set(*, user: User, skill: Skill, following: bool) -> None:
    """Follow or unfollow; asking twice is harmless."""
    if following:
        try:
            with transaction.atomic():
                Follow.objects.get_or_create(user=user, skill=skill)
        except IntegrityError:
            pass  # a concurrent request followed first
    else:
        Follow.objects.filter(user=user, skill=skill).delete()


def followers_notify(
    *, skill_ids: frozenset[int], by: User | None, reason: str, told: frozenset[int] = frozenset()
) -> int:
    """One notification (and one email) per follower for one change, however
    many of the skills they follow it touched; not to the person who made it
    nor to those in ``told``. Returns how many were sent. A review date
    moved to today changes nothing anyone reads: nobody is told."""
    if reason == REVIEW_REASON:
        return 0
    skills = {s.pk: s for s in Skill.objects.filter(pk__in=skill_ids)}
    followed: dict[int, list[Skill]] = {}
    follows = Follow.objects.filter(skill_id__in=skills).select_related("user")
    skip = set(told) | ({by.pk} if by is not None else set())
    follows = follows.exclude(user_id__in=skip)
    people: dict[int, User] = {}
    for follow in follows.order_by("skill__name"):
        people[follow.user_id] = follow.user
        followed.setdefault(follow.user_id, []).append(skills[follow.skill_id])
    if not followed:
        return 0
    messages: dict[User, tuple[str, str]] = {}
    for user_id, changed in followed.items():
        person = people[user_id]
        with in_language_of(person):
            message = _update_message(reason, changed)
        url = changed[0].get_absolute_url() if len(changed) == 1 else "/"
        messages[person] = (message, url)
    sent = notifications_send_many(messages, event="follower_email", reason=reason)
    logger.info("followers_notified", extra={"people": sent, "reason": reason})
    return sent


def _update_message(reason: str, changed: list[Skill]) -> str:
    """Whole sentences per cause, so every language can word them its own way."""
    if len(changed) == 1:
        one = {
            "import": _("%(skill)s was updated by an import."),
            "admin": _("%(skill)s was updated in the admin."),
            "edit": _("%(skill)s was updated by a curator."),
            "proposal": _("%(skill)s was updated by an accepted proposal."),
            "revert": _("%(skill)s was updated by a revert."),
        }.get(reason, _("%(skill)s was updated."))
        return one % {"skill": changed[0].name}
    several = {
        "import": _("%(count)s skills you follow were updated by an import: %(names)s."),
        "admin": _("%(count)s skills you follow were updated in the admin: %(names)s."),
    }.get(reason, _("%(count)s skills you follow were updated: %(names)s."))
    return several % {"count": len(changed), "names": ", ".join(s.name for s in changed)}


# Proposals ------------------------------------------------------------------


def proposal_create(*, target: Target, proposed: Content, rationale: str, by: User) -> Proposal:
    """Record a suggestion and tell the curators. Refused with RateLimited
    past PROPOSAL_LIMITS (withdrawn and reviewed proposals count too)."""
    original = target.content()
    if proposed == original:
        raise CommunityError(
            _("Your suggestion is the same as the current text."), field="proposed"
        )
    with transaction.atomic():
        _check_rate(by=by, recent=Proposal.objects.filter(proposer=by), limits=PROPOSAL_LIMITS)
        proposal = Proposal.objects.create(
            **target.record_fields(),
            original=original,
            proposed=proposed,
            rationale=rationale,
            proposer=by,
            base_version=target.skill.version,
        )
        # Told by the worker once this commits (community/tasks.py).
        tell_curators.enqueue(proposal_id=proposal.pk)
    return proposal


def curators_notify(*, proposal: Proposal) -> int:
    """Tell every active curator but its author about a new suggestion, each
    in their language. A fan-out, run by the worker. Returns how many."""
    by = proposal.proposer
    curators = (
        User.objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="curate")
            | Q(groups__permissions__codename="curate"),
            is_active=True,
        )
        .exclude(pk=by.pk)
        .distinct()
    )
    messages: dict[User, tuple[str, str]] = {}
    for curator in curators:
        with in_language_of(curator):
            message = _("%(person)s suggested an edit: %(what)s") % {
                "person": by.display_name,
                "what": proposal.label,
            }
        messages[curator] = (message, proposal.get_absolute_url())
    return notifications_send_many(messages, event="notification_email", proposal=proposal.pk)


def proposal_is_stale(proposal: Proposal) -> bool:
    return proposal.is_open and proposal.base_version != proposal.skill.version


def proposal_accept(
    *, proposal: Proposal, by: User, reviewed_version: int, confirm_stale: bool = False
) -> MatrixEdit:
    """Apply the proposal as it stands. Never blindly: ``reviewed_version`` is
    the skill version the curator looked at (if the skill has moved on since,
    StaleVersion and nothing is applied), and a proposal made on an older
    version than that needs ``confirm_stale`` (StaleProposal otherwise)."""
    _check_curator(by)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not proposal.is_open:
            raise CommunityConflict(
                _("This proposal was already %(status)s.")
                % {"status": proposal.get_status_display()}
            )
        target = target_of(proposal)
        if target is None:
            raise CommunityConflict(_("The expectation this proposal changes no longer exists."))
        if proposal.base_version != reviewed_version and not confirm_stale:
            raise StaleProposal(
                proposal=proposal, reviewed_version=reviewed_version, current=target.content()
            )
        edit = _apply(
            target=target,
            content=proposal.proposed,
            base_version=reviewed_version,
            by=by,
            reason="proposal",
            history_reason=f"proposal #{proposal.pk} by {proposal.proposer.username}, "
            f"accepted by {by.username}",
            proposal=proposal,
        )
        proposal.status = Proposal.Status.ACCEPTED
        proposal.reviewer = by
        proposal.reviewed_at = timezone.now()
        proposal.save(update_fields=["status", "reviewer", "reviewed_at"])
        with in_language_of(proposal.proposer):
            notification_send(
                user=proposal.proposer,
                message=_("Your suggested edit was accepted: %(what)s") % {"what": proposal.label},
                url=proposal.get_absolute_url(),
            )
    return edit


def proposal_reject(*, proposal: Proposal, by: User, reason: str) -> None:
    _check_curator(by)
    if not reason.strip():
        raise CommunityError(
            _("Give a reason: the person who suggested it will read it."), field="reason"
        )
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not proposal.is_open:
            raise CommunityConflict(
                _("This proposal was already %(status)s.")
                % {"status": proposal.get_status_display()}
            )
        proposal.status = Proposal.Status.REJECTED
        proposal.reviewer = by
        proposal.reviewed_at = timezone.now()
        proposal.reason = reason.strip()
        proposal.save(update_fields=["status", "reviewer", "reviewed_at", "reason"])
        with in_language_of(proposal.proposer):
            notification_send(
                user=proposal.proposer,
                message=_("Your suggested edit was not accepted: %(what)s")
                % {"what": proposal.label},
                url=proposal.get_absolute_url(),
                email_body=_("Reason: %(reason)s") % {"reason": proposal.reason},
            )


def proposal_withdraw(*, proposal: Proposal, by: User) -> None:
    if proposal.proposer_id != by.pk:
        raise NotAllowed(_("Only the person who suggested it can withdraw it."))
    with transaction.atomic():
        updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OPEN).update(
            status=Proposal.Status.WITHDRAWN
        )
        if not updated:
            raise CommunityConflict(_("Only an open proposal can be withdrawn."))


# In-app editing -------------------------------------------------------------


def matrix_edit(*, target: Target, content: Content, base_version: int, by: User) -> MatrixEdit:
    """A curator's in-place edit, refused (StaleVersion) if the skill changed
    since ``base_version``."""
    _check_curator(by)
    with transaction.atomic():
        return _apply(
            target=target,
            content=content,
            base_version=base_version,
            by=by,
            reason="edit",
            history_reason=f"edited in the app by {by.username}",
        )


def edit_revert(*, edit: MatrixEdit, by: User, base_version: int) -> MatrixEdit:
    """Put back the text from before ``edit``, as a new edit (so the revert
    can itself be reverted). Refused if the skill changed since the curator
    looked at it."""
    _check_curator(by)
    target = target_of(edit)
    if target is None:
        raise CommunityConflict(_("The expectation this edit changed no longer exists."))
    with transaction.atomic():
        skill = _locked_skill(target.skill)
        if skill.version == base_version and target.content() != edit.after:
            raise CommunityConflict(
                _(
                    "This text has changed since version %(v)s: reverting it would throw "
                    "away the later edits. Revert those first, or edit the text directly."
                )
                % {"v": edit.version}
            )
        return _apply(
            target=target,
            content=edit.before,
            base_version=base_version,
            by=by,
            reason="revert",
            history_reason=f"revert of edit #{edit.pk} by {by.username}",
            reverts=edit,
        )


def _apply(
    *,
    target: Target,
    content: Content,
    base_version: int,
    by: User,
    reason: str,
    history_reason: str,
    proposal: Proposal | None = None,
    reverts: MatrixEdit | None = None,
) -> MatrixEdit:
    skill = _locked_skill(target.skill)
    current = Target(skill=skill, level=target.level, expectation=target.expectation)
    if skill.version != base_version:
        raise StaleVersion(skill=skill, base_version=base_version, current=current.content())
    before = current.content()
    if before == content:
        raise CommunityError(_("That is the current text already: nothing to change."))
    current.write(content, by=by, reason=history_reason)
    told = frozenset({proposal.proposer_id}) if proposal is not None else frozenset()
    version = skill_bump_version(skill=skill, by=by, reason=reason, told=told)
    target.skill.version = version
    edit = MatrixEdit.objects.create(
        **current.record_fields(),
        before=before,
        after=content,
        author=by,
        proposal=proposal,
        reverts=reverts,
        version=version,
    )
    logger.info(
        "matrix_edited",
        extra={"skill": skill.slug, "version": version, "edit": edit.pk, "reason": reason},
    )
    return edit


def _check_curator(user: User) -> None:
    if not is_curator(user):
        raise NotAllowed(_("Only curators can do that."))


# Comments -------------------------------------------------------------------


def comment_post(*, skill: Skill, by: User, body: str) -> Comment:
    with transaction.atomic():
        _check_rate(by=by, recent=Comment.objects.filter(author=by), limits=COMMENT_LIMITS)
        return Comment.objects.create(skill=skill, author=by, body=body)


def comment_edit(*, comment: Comment, by: User, body: str) -> None:
    if comment.author_id != by.pk:
        raise NotAllowed(_("You can only edit your own comments."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])


def comment_delete(*, comment: Comment, by: User) -> None:
    """The text is gone for good; an empty row stays so the rate limit still
    counts the post (posting and deleting must not get round it)."""
    if comment.author_id != by.pk:
        raise NotAllowed(_("You can only delete your own comments."))
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])


def comment_hide(*, comment: Comment, by: User, hidden: bool) -> None:
    _check_curator(by)
    comment.hidden_at = timezone.now() if hidden else None
    comment.hidden_by = by if hidden else None
    comment.save(update_fields=["hidden_at", "hidden_by"])
