"""Pages for following, suggesting, reviewing, editing and discussing a skill.
Reads are public; writes need a sign-in, and curator pages the curate
permission (403 for anyone else)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from community.access import get_comment, get_edit, get_own_comment, get_proposal
from community.diff import content_diff
from community.forms import (
    CONTENT_FORMS,
    AcceptForm,
    BaseVersionForm,
    CommentForm,
    RationaleForm,
    RejectForm,
    initial_for,
)
from community.models import Comment, Follow, MatrixEdit, Proposal
from community.services import (
    CommunityError,
    RateLimited,
    StaleVersion,
    cell_mark_reviewed,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_post,
    edit_revert,
    follow_set,
    is_curator,
    matrix_edit,
    proposal_accept,
    proposal_create,
    proposal_is_stale,
    proposal_reject,
    proposal_withdraw,
)
from community.targets import Target, target_for, target_of
from levels.models import Level
from roles.models import Role
from skills.models import Expectation, Skill
from skills.staleness import Finding, Kind, database_findings
from skills.views import get_skill

PAGE_SIZE = 20

View = Callable[..., HttpResponse]


def curator_required(view: View) -> View:
    """Anonymous people are sent to sign in; signed-in people without the
    curate permission get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_curator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# Follow ---------------------------------------------------------------------


@require_POST
@login_required
def follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    following = request.POST.get("action") != "unfollow"
    follow_set(user=request.user, skill=skill, following=following)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "community/_follow.html",
            {
                "skill": skill,
                "following": following,
                "followers": Follow.objects.filter(skill=skill).count(),
            },
        )
    if following:
        messages.success(
            request, _("You follow %(skill)s: you will hear when it changes.") % {"skill": skill}
        )
    else:
        messages.success(request, _("You no longer follow %(skill)s.") % {"skill": skill})
    return redirect(skill)


# Suggesting and reviewing ---------------------------------------------------


def _content_form(target: Target, data: Any = None, content: dict[str, Any] | None = None) -> Any:
    form_class = CONTENT_FORMS[target.kind]
    initial = initial_for(target.kind, content if content is not None else target.content())
    return form_class(data, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def suggest(
    request: AuthenticatedHttpRequest, slug: str, level: int, role: str | None = None
) -> HttpResponse:
    skill = get_skill(slug)
    target = target_for(skill, level, role)
    data = request.POST if request.method == "POST" else None
    form = _content_form(target, data)
    rationale = RationaleForm(data)
    status = 400 if data is not None else 200
    if data is not None and form.is_valid() and rationale.is_valid():
        try:
            proposal = proposal_create(
                target=target,
                proposed=form.content(),
                rationale=rationale.cleaned_data["rationale"],
                by=request.user,
            )
        except RateLimited as error:
            form.add_error(None, error.message)
            status = error.status
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: your suggestion is waiting for a curator. You will be notified."),
            )
            return redirect(proposal)
    context = {"skill": skill, "target": target, "form": form, "rationale": rationale}
    return render(request, "community/suggest.html", context, status=status)


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal(pk)
    return _proposal_page(request, proposal)


def _proposal_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    stale = proposal_is_stale(proposal)
    target = target_of(proposal) if proposal.is_open else None
    current = target.content() if target is not None else None
    context = {
        "proposal": proposal,
        "skill": proposal.skill,
        "diff": content_diff(proposal.original, proposal.proposed),
        "stale": stale,
        "gone": proposal.is_open and target is None,
        # Only when the very text it changes was edited since it was made.
        "against_current": (
            content_diff(current, proposal.proposed)
            if stale and current is not None and current != proposal.original
            else None
        ),
        "curator": is_curator(request.user),
        "accept_form": AcceptForm(initial={"reviewed_version": proposal.skill.version}),
        "reject_form": reject_form or RejectForm(),
        "edit": MatrixEdit.objects.filter(proposal=proposal).first(),
    }
    return render(request, "community/proposal_detail.html", context, status=status)


@require_POST
@curator_required
def proposal_accept_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal(pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(proposal)
    try:
        edit_ = proposal_accept(
            proposal=proposal,
            by=request.user,
            reviewed_version=form.cleaned_data["reviewed_version"],
            confirm_stale=form.cleaned_data["confirm_stale"],
        )
    except CommunityError as error:  # stale, already answered, or the cell is gone
        messages.error(request, str(error))
        return _proposal_page(request, get_proposal(pk), status=error.status)
    messages.success(
        request,
        _("Accepted and applied. The skill is now at version %(v)s.") % {"v": edit_.version},
    )
    return redirect(proposal)


@require_POST
@curator_required
def proposal_reject_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal(pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, proposal, reject_form=form, status=400)
    try:
        proposal_reject(proposal=proposal, by=request.user, reason=form.cleaned_data["reason"])
    except CommunityError as error:
        messages.error(request, str(error))
        return _proposal_page(request, get_proposal(pk), status=error.status)
    messages.success(request, _("Declined. The person who suggested it has been told why."))
    return redirect(proposal)


@require_POST
@login_required
def proposal_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal(pk)
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied
    try:
        proposal_withdraw(proposal=proposal, by=request.user)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your suggestion was withdrawn."))
    return redirect(proposal)


@require_GET
@curator_required
def proposal_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open proposals across every skill, oldest first (they have waited longest)."""
    proposals = (
        Proposal.objects.open()
        .select_related("skill", "proposer", "level", "expectation__role")
        .order_by("created_at", "pk")
    )
    page = _page(request, proposals)
    return render(request, "community/queue.html", {"page": page})


@require_GET
def skill_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    status = request.GET.get("status", "open")
    proposals = Proposal.objects.filter(skill=skill).select_related(
        "skill", "proposer", "level", "expectation__role"
    )
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    else:
        status = "all"
    context = {
        "skill": skill,
        "page": _page(request, proposals),
        "status": status,
        "statuses": Proposal.Status.choices,
    }
    return render(request, "community/skill_proposals.html", context)


# In-app editing and history -------------------------------------------------


@require_http_methods(["GET", "POST"])
@curator_required
def edit(
    request: AuthenticatedHttpRequest, slug: str, level: int, role: str | None = None
) -> HttpResponse:
    skill = get_skill(slug)
    target = target_for(skill, level, role)
    # From the profile's "Edit" button with htmx: the form alone, swapped in
    # under the text it edits. Without JavaScript: this page.
    inline = bool(request.headers.get("HX-Request"))
    data = request.POST if request.method == "POST" else None
    form = _content_form(target, data)
    version_form = BaseVersionForm(data, initial={"base_version": skill.version})
    conflict = None
    status = 200
    if data is not None:
        status = 400
        if form.is_valid() and version_form.is_valid():
            try:
                matrix_edit(
                    target=target,
                    content=form.content(),
                    base_version=version_form.cleaned_data["base_version"],
                    by=request.user,
                )
            except StaleVersion as error:
                # Keep their text in the form; the next save is against the
                # version they have now seen.
                conflict = {
                    "error": str(error),
                    "diff": content_diff(error.current, form.content()),
                    "current_version": error.current_version,
                    "base_version": error.base_version,
                }
                version_form = BaseVersionForm(initial={"base_version": error.current_version})
                form = _content_form(target, None, form.content())
                status = 409
            except CommunityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Saved. %(skill)s is now at version %(v)s.")
                    % {"skill": skill.name, "v": skill.version},
                )
                if inline:
                    # Edited in place on the profile: reload it, message and all.
                    return HttpResponse(status=204, headers={"HX-Refresh": "true"})
                return redirect(f"{skill.get_absolute_url()}#level-{level}")
        elif not version_form.is_valid():
            form.add_error(None, _("Reload the page and try again."))
    context = {
        "skill": skill,
        "target": target,
        "form": form,
        "version_form": version_form,
        "conflict": conflict,
        "inline": inline,
    }
    template = "community/edit.html#editor" if inline else "community/edit.html"
    return render(request, template, context, status=status)


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    edits = (
        MatrixEdit.objects.filter(skill=skill)
        .select_related(
            "skill", "level", "expectation__role", "author", "proposal__proposer", "reverts"
        )
        .annotate(reverted=Exists(MatrixEdit.objects.filter(reverts=OuterRef("pk"))))
    )
    page = _page(request, edits)
    rows = [(e, content_diff(e.before, e.after)) for e in page]
    context = {"skill": skill, "page": page, "rows": rows, "curator": is_curator(request.user)}
    return render(request, "community/history.html", context)


@require_POST
@curator_required
def revert(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    skill = get_skill(slug)
    edit_ = get_edit(skill, pk)
    form = BaseVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("skill_history", slug=skill.slug)
    try:
        revert_ = edit_revert(
            edit=edit_, by=request.user, base_version=form.cleaned_data["base_version"]
        )
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Reverted. %(skill)s is now at version %(v)s.")
            % {"skill": skill.name, "v": revert_.version},
        )
    return redirect("skill_history", slug=skill.slug)


# What is out of date ---------------------------------------------------------


@dataclass
class StaleCell:
    """One cell of the matrix with what is out of date in it."""

    skill: Skill
    role: Role | None
    level: Level | None
    role_slug: str
    level_number: int
    expectation_id: int | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def unreviewed(self) -> bool:
        return any(f.kind == Kind.UNREVIEWED for f in self.findings)


@require_GET
@curator_required
def out_of_date(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every skill's findings from the staleness rules (the same as
    ``manage.py check_matrix``), grouped by skill and cell, each cell with the
    places to fix it. A fixed number of queries whatever the matrix's size."""
    skills = list(Skill.objects.order_by("name", "slug"))
    findings = database_findings(
        today=timezone.localdate(), months=settings.MATRIX_REVIEW_MONTHS, skills=skills
    )
    by_slug = {skill.slug: skill for skill in skills}
    roles = Role.objects.in_bulk({f.role for f in findings}, field_name="slug")
    levels = Level.objects.in_bulk({f.level for f in findings}, field_name="number")
    cells: dict[tuple[str, str, int], StaleCell] = {}
    for finding in findings:
        where = (finding.skill, finding.role, finding.level)
        if where not in cells:
            cells[where] = StaleCell(
                skill=by_slug[finding.skill],
                role=roles.get(finding.role),
                level=levels.get(finding.level),
                role_slug=finding.role,
                level_number=finding.level,
                expectation_id=finding.expectation_id,
            )
        cells[where].findings.append(finding)
    groups: dict[str, list[StaleCell]] = {}
    for cell in sorted(
        cells.values(),
        key=lambda c: (c.role.name if c.role else c.role_slug, c.level_number),
    ):
        groups.setdefault(cell.skill.slug, []).append(cell)
    context = {
        "groups": [(by_slug[slug], groups[slug]) for slug in by_slug if slug in groups],
        "finding_count": len(findings),
        "counts": {kind.name.lower(): n for kind, n in Counter(f.kind for f in findings).items()},
        "months": settings.MATRIX_REVIEW_MONTHS,
        # Links and their deprecation are edited in the admin only.
        "admin": request.user.is_staff and request.user.has_perm("skills.change_expectation"),
    }
    return render(request, "community/out_of_date.html", context)


@require_POST
@curator_required
def mark_reviewed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The "Reviewed today" button of the Out of date page."""
    cell = get_object_or_404(Expectation.objects.select_related("skill", "role", "level"), pk=pk)
    cell_mark_reviewed(expectation=cell, by=request.user)
    messages.success(
        request,
        _("%(role)s at %(level)s in %(skill)s is marked as reviewed today.")
        % {"role": cell.role.name, "level": cell.level.career_name, "skill": cell.skill.name},
    )
    return redirect("out_of_date")


# Discussion -----------------------------------------------------------------


def _discussion_url(skill: Any, *, page: int | None = None, comment: Any = None) -> str:
    url = reverse("skill_discussion", kwargs={"slug": skill.slug})
    if page is not None:
        url += f"?page={page}"
    return url + (f"#c{comment.pk}" if comment is not None else "")


@require_http_methods(["GET", "POST"])
def discussion(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    form = CommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(_discussion_url(skill))
        status = 400
        if form.is_valid():
            try:
                comment = comment_post(skill=skill, by=request.user, body=form.cleaned_data["body"])
            except RateLimited as error:
                form.add_error("body", str(error))
                status = 429
            else:
                last = Paginator(Comment.objects.visible().filter(skill=skill), PAGE_SIZE).num_pages
                return redirect(_discussion_url(skill, page=last, comment=comment))
    comments = Comment.objects.visible().filter(skill=skill).select_related("author")
    context = {
        "skill": skill,
        "page": _page(request, comments),
        "form": form,
        "curator": is_curator(request.user),
    }
    return render(request, "community/discussion.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def comment_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_own_comment(request.user, pk)
    form = CommentForm(request.POST if request.method == "POST" else None, instance=comment)
    if request.method == "POST" and form.is_valid():
        comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Comment updated."))
        return redirect(_discussion_url(comment.skill, comment=comment))
    return render(
        request,
        "community/comment_edit.html",
        {"comment": comment, "form": form, "skill": comment.skill},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def comment_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_own_comment(request.user, pk)
    comment_delete(comment=comment, by=request.user)
    messages.success(request, _("Comment deleted."))
    return redirect(_discussion_url(comment.skill))


@require_POST
@curator_required
def comment_hide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_comment(pk)
    hidden = request.POST.get("hidden") != "0"
    comment_hide(comment=comment, by=request.user, hidden=hidden)
    messages.success(request, _("Comment hidden.") if hidden else _("Comment shown again."))
    return redirect(_discussion_url(comment.skill, comment=comment))
