"""Self-assessment pages. Each runs a fixed number of queries, whatever the
number of criteria or snapshots (tests/assessments/test_query_counts.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User, manages
from assessments.access import (
    get_assessment_for,
    get_assessment_for_review,
    get_own_draft,
    visible_reviews,
)
from assessments.forms import ManagerRatingForm, RatingForm, ReviewCommentForm, StartForm
from assessments.models import (
    Assessment,
    CalibrationOutcome,
    CriterionRating,
    ManagerRating,
    ManagerReview,
    RatingValue,
)
from assessments.progress import diff_snapshots, progress_chart
from assessments.rules import CriterionState, is_met, ladder, next_step, readiness
from assessments.selectors import draft_summary
from assessments.services import (
    AssessmentError,
    assessment_rate,
    assessment_start,
    assessment_submit,
    draft_states,
    matrix_criteria,
    review_save,
    review_share,
    snapshot_states,
)
from common.pdf import pdf_response, render_pdf
from levels.models import Level
from skills.models import Criterion, Expectation, LearningLink, Skill

# Steps between a self and a manager rating that call for a conversation
# (as in the team's calibration queue, teams.reports.CALIBRATION_GAP).
CALIBRATION_GAP = 2

PREFIX_RE = re.compile(r"^c(\d+)-(?:value|note|link)$")


def rating_prefix(criterion_id: int) -> str:
    return f"c{criterion_id}"


# -- My assessments -----------------------------------------------------------


@require_GET
@login_required
def my_assessments(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = list(
        Assessment.objects.of(request.user)
        .select_related("skill", "role")
        .order_by("status", "-submitted_at", "-updated_at")
    )
    levels = Level.objects.by_number()
    # Defaults: the skill asked for, else the one last assessed, else the only one.
    user = request.user
    initial: dict[str, Any] = {"role": user.role.slug if user.role is not None else None}
    skills = list(Skill.objects.values_list("slug", flat=True)[:2])
    initial["skill"] = request.GET.get("skill") or (
        mine[0].skill.slug if mine else (skills[0] if len(skills) == 1 else None)
    )
    context = {
        "drafts": [a for a in mine if not a.is_submitted],
        "submitted": [a for a in mine if a.is_submitted],
        "levels": levels,
        "form": StartForm(initial=initial),
    }
    return render(request, "assessments/my_assessments.html", context)


@require_POST
@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "assessments/start_error.html",
            {"form": form},
            status=400,
        )
    try:
        assessment = assessment_start(
            engineer=request.user, skill=form.cleaned_data["skill"], role=form.cleaned_data["role"]
        )
    except AssessmentError as exc:
        form.add_error("role", str(exc))
        return render(request, "assessments/start_error.html", {"form": form}, status=400)
    return redirect(assessment)


# -- The assessment page --------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: Criterion
    form: RatingForm
    row: CriterionRating | None
    flag: str = ""  # "new" or "changed" since the snapshot this draft started from

    @property
    def recheck(self) -> bool:
        return self.row is not None and self.row.needs_recheck


@dataclass
class CellBlock:
    expectation: Expectation
    rows: list[CriterionRow] = field(default_factory=list)


@dataclass
class DraftPage:
    blocks: list[CellBlock]
    states: list[CriterionState]
    rows: dict[int | None, CriterionRating]
    unknown: list[str]

    @property
    def recheck_count(self) -> int:
        return sum(1 for block in self.blocks for item in block.rows if item.recheck)

    @property
    def forms(self) -> list[tuple[Criterion, RatingForm]]:
        return [(r.criterion, r.form) for b in self.blocks for r in b.rows]


def _draft_page(assessment: Assessment, data: Any = None) -> DraftPage:
    criteria = matrix_criteria(skill=assessment.skill, role=assessment.role)
    rows = {row.criterion_id: row for row in assessment.ratings.all()}
    previous: dict[int | None, CriterionRating] = {}
    if assessment.based_on_id:
        previous = {
            row.criterion_id: row
            for row in CriterionRating.objects.filter(assessment_id=assessment.based_on_id)
        }
    blocks: dict[int, CellBlock] = {}
    for criterion in criteria:
        row = rows.get(criterion.pk)
        initial = {"value": row.value, "note": row.note, "link": row.link} if row else {}
        flag = ""
        if assessment.based_on_id:
            before = previous.get(criterion.pk)
            if before is None:
                flag = "new"
            elif before.frozen_text and before.frozen_text != criterion.text:
                flag = "changed"
        block = blocks.setdefault(criterion.expectation_id, CellBlock(criterion.expectation))
        block.rows.append(
            CriterionRow(
                criterion=criterion,
                form=RatingForm(data, prefix=rating_prefix(criterion.pk), initial=initial),
                row=row,
                flag=flag,
            )
        )
    known = {rating_prefix(c.pk) for c in criteria}
    unknown = sorted(
        {
            f"c{m.group(1)}"
            for key in (data or {})
            if (m := PREFIX_RE.match(key)) and f"c{m.group(1)}" not in known
        }
    )
    for block in blocks.values():
        # Criteria to re-check lead their level; the rest keep the matrix's order.
        block.rows.sort(key=lambda item: not item.recheck)
    return DraftPage(list(blocks.values()), draft_states(criteria, rows), rows, unknown)


def _summary(states: list[CriterionState], engineer: User) -> dict[str, Any]:
    summary = draft_summary(engineer=engineer, states=states)
    return {
        "rated": summary.rated,
        "total": summary.total,
        "live_level": summary.level_reached,
        "live_readiness": summary.readiness,
    }


def _render_draft(
    request: AuthenticatedHttpRequest,
    assessment: Assessment,
    page: DraftPage,
    *,
    status: int = 200,
) -> HttpResponse:
    levels = Level.objects.by_number()
    context = {
        "assessment": assessment,
        "page": page,
        "levels": levels,
        "scale": RatingValue.choices,
        **_summary(page.states, request.user),
    }
    return render(request, "assessments/assessment_edit.html", context, status=status)


def _save_posted(
    request: AuthenticatedHttpRequest, assessment: Assessment, page: DraftPage
) -> bool:
    """Validate every posted rating; save them all or none. False when invalid."""
    if page.unknown:
        messages.error(
            request,
            _(
                "Some ratings were for criteria that are not part of this assessment, so "
                "nothing was saved. Reload the page and try again."
            ),
        )
        return False
    valid = all(form.is_valid() for _c, form in page.forms)
    if not valid:
        messages.error(request, _("Some ratings could not be saved; see the messages below."))
        return False
    # Only what this page changed: another tab's newer ratings stay as they are.
    ratings = {criterion: form.to_input() for criterion, form in page.forms if form.has_changed()}
    try:
        assessment_rate(assessment=assessment, ratings=ratings, by=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    if assessment.is_submitted or assessment.engineer_id != request.user.pk:
        return redirect("assessment_result", pk=assessment.pk)
    if request.method == "POST":
        assessment.refresh_from_db(fields=["status"])
        if assessment.is_submitted:  # submitted from another tab meanwhile
            messages.error(
                request, _("This assessment was submitted and can no longer be changed.")
            )
            return redirect("assessment_result", pk=assessment.pk)
        page = _draft_page(assessment, request.POST)
        if not _save_posted(request, assessment, page):
            return _render_draft(request, assessment, page, status=400)
        messages.success(request, _("Draft saved."))
        return redirect("assessment_edit", pk=assessment.pk)
    return _render_draft(request, assessment, _draft_page(assessment))


@require_POST
@login_required
def rate(request: AuthenticatedHttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    """Save one criterion (htmx, on every change). Answers with the row's
    save status and, out of band, the page's live summary."""
    assessment = get_own_draft(request.user, pk)
    if assessment.is_submitted:
        return HttpResponse(
            _("This assessment was submitted and can no longer be changed."), status=409
        )
    criterion = (
        Criterion.objects.filter(
            pk=criterion_id, expectation__skill=assessment.skill, expectation__role=assessment.role
        )
        .select_related("expectation")
        .first()
    )
    if criterion is None:
        return render(
            request,
            "assessments/_save_status.html",
            {"error": _("This criterion is not part of this assessment.")},
            status=400,
        )
    form = RatingForm(request.POST, prefix=rating_prefix(criterion.pk))
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return render(
            request,
            "assessments/_save_status.html",
            {"error": " ".join(errors), "criterion": criterion},
            status=400,
        )
    try:
        assessment_rate(
            assessment=assessment, ratings={criterion: form.to_input()}, by=request.user
        )
    except AssessmentError as exc:
        return render(request, "assessments/_save_status.html", {"error": str(exc)}, status=409)
    rows = {row.criterion_id: row for row in assessment.ratings.all()}
    criteria = matrix_criteria(skill=assessment.skill, role=assessment.role)
    states = draft_states(criteria, rows)
    levels = Level.objects.by_number()
    return render(
        request,
        "assessments/_save_status.html",
        {
            "criterion": criterion,
            "row": rows.get(criterion.pk),
            "recheck_count": sum(
                1 for c in criteria if (row := rows.get(c.pk)) is not None and row.needs_recheck
            ),
            "saved": True,
            "assessment": assessment,
            "levels": levels,
            **_summary(states, request.user),
        },
    )


@require_POST
@login_required
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_own_draft(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment_result", pk=assessment.pk)  # a double submit is harmless
    page = _draft_page(assessment, request.POST)
    if any(PREFIX_RE.match(key) for key in request.POST) and not _save_posted(
        request, assessment, page
    ):
        return _render_draft(request, assessment, page, status=400)
    try:
        assessment_submit(assessment=assessment, by=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return _render_draft(request, assessment, _draft_page(assessment), status=400)
    messages.success(request, _("Assessment submitted. This snapshot will not change."))
    return redirect("assessment_result", pk=assessment.pk)


# -- Results and progress -----------------------------------------------------------


@require_GET
@login_required
def result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    if not assessment.is_submitted:
        return redirect("assessment_edit", pk=assessment.pk)
    rows = list(
        assessment.ratings.select_related("criterion__expectation").prefetch_related(
            Prefetch(
                "criterion__expectation__links",
                queryset=LearningLink.objects.order_by("position"),
            )
        )
    )
    states = snapshot_states(rows)
    reached = assessment.level_reached or 0
    ready = readiness(states, target=assessment.target_level)
    after = next_step(states, after=ready)
    role_ladder = ladder(states)
    # Links come from the live matrix, once per level (a cell shares its links).
    links: dict[int, list[LearningLink]] = {}
    for row in rows:
        if row.criterion is not None and row.frozen_level is not None:
            links.setdefault(row.frozen_level, list(row.criterion.expectation.links.all()))
    missing_by_level: dict[int, list[CriterionState]] = defaultdict(list)
    for state in ready.missing:
        missing_by_level[state.level].append(state)
    by_level: dict[int, list[CriterionRating]] = defaultdict(list)
    for row in rows:
        if row.frozen_level is not None:
            by_level[row.frozen_level].append(row)
    levels = Level.objects.by_number()
    is_own = assessment.engineer_id == request.user.pk
    reviews = visible_reviews(assessment, request.user)
    is_manager = not is_own and manages(request.user, assessment.engineer)
    values = [{m.rating_id: m for m in review.ratings.all()} for review in reviews]
    calibration = _calibration_items(assessment, reviews, values, rows)
    context = {
        "calibration": calibration,
        "apart_ids": {item["manager_rating"].pk for item in calibration},
        "assessment": assessment,
        "reviews": reviews,
        "review_values": values,
        "is_manager": is_manager,
        "reached": levels.get(reached),
        "ladder_top": levels[max(levels)] if levels else None,
        "readiness": ready,
        "target": levels.get(ready.target_level or 0),
        "missing": [
            (levels.get(n), missing_by_level[n], links.get(n, [])) for n in sorted(missing_by_level)
        ],
        "by_level": [
            (levels.get(n), [(row, [v.get(row.pk) for v in values]) for row in by_level[n]])
            for n in sorted(by_level)
        ],
        "is_own": is_own,
        # Once ready: what the level after the target asks beyond it.
        "next_step": after,
        "next_level": levels.get(after.target_level or 0) if after else None,
        "next_missing": [s for s in after.missing if s.level > (ready.target_level or 0)]
        if after
        else [],
        "last_level": levels.get(role_ladder[-1]) if role_ladder else None,
        # The role's ladder starts above the next career step: readiness aims at its start.
        "aims_at_ladder_start": bool(
            role_ladder
            and ready.target_level == role_ladder[0]
            and ready.target_level > (assessment.career_level or reached) + 1
        ),
    }
    return render(request, "assessments/assessment_result.html", context)


def _calibration_items(
    assessment: Assessment,
    reviews: list[ManagerReview],
    values: list[dict[int, ManagerRating]],
    rows: list[CriterionRating],
) -> list[dict[str, Any]]:
    """Criteria where a visible review's rating is two or more steps from the
    engineer's own, with what the team's calibration made of it. One query
    (none without a visible review)."""
    if not reviews:
        return []
    outcomes = {
        (o.rating_id, o.team_id): o
        for o in CalibrationOutcome.objects.filter(
            rating__assessment=assessment, team_id__in=[r.team_id for r in reviews]
        )
    }
    items = []
    for review, given in zip(reviews, values, strict=True):
        for row in rows:
            mine = given.get(row.pk)
            if mine is None or mine.value is None or row.frozen_level is None:
                continue
            steps = abs((row.value or 0) - mine.value)
            if steps >= CALIBRATION_GAP:
                items.append(
                    {
                        "review": review,
                        "row": row,
                        "manager_rating": mine,
                        "steps": steps,
                        "outcome": outcomes.get((row.pk, review.team_id)),
                    }
                )
    return items


@dataclass
class PacketRow:
    """One criterion of a snapshot in the promotion packet: the self rating
    beside each visible review's, with the disagreements marked."""

    rating: CriterionRating
    managers: list[ManagerRating | None]

    @property
    def met(self) -> bool:
        return is_met(self.rating.value)

    @property
    def differs(self) -> bool:
        """A manager rated it, and not as the engineer did."""
        return any(
            m is not None and m.value is not None and m.value != self.rating.value
            for m in self.managers
        )

    @property
    def apart(self) -> bool:
        """Two or more steps apart: the calibration queue's rule."""
        return any(
            m is not None
            and m.value is not None
            and abs((self.rating.value or 0) - m.value) >= CALIBRATION_GAP
            for m in self.managers
        )


@require_GET
@login_required
def packet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The promotion packet: a submitted snapshot as a PDF document, for the
    people who may read the snapshot (the same fetch-and-check as the result
    page) and with the reviews the result page shows them."""
    assessment = get_assessment_for(request.user, pk)
    if not assessment.is_submitted:
        return redirect("assessment_edit", pk=assessment.pk)
    rows = list(
        assessment.ratings.filter(frozen_level__isnull=False).order_by(
            "frozen_level", "frozen_position", "pk"
        )
    )
    states = snapshot_states(rows)
    ready = readiness(states, target=assessment.target_level)
    levels = Level.objects.by_number()
    reviews = visible_reviews(assessment, request.user)
    values = [{m.rating_id: m for m in review.ratings.all()} for review in reviews]
    packet_rows = [PacketRow(row, [v.get(row.pk) for v in values]) for row in rows]
    by_level: dict[int, list[PacketRow]] = defaultdict(list)
    for packet_row in packet_rows:
        by_level[packet_row.rating.frozen_level or 0].append(packet_row)
    target = ready.target_level or 0
    context = {
        "assessment": assessment,
        "engineer": assessment.engineer,
        "is_own": assessment.engineer_id == request.user.pk,
        "reached": levels.get(assessment.level_reached or 0),
        "ladder_top": levels[max(levels)] if levels else None,
        "target": levels.get(target),
        "readiness": ready,
        "required_rows": [
            (levels.get(r.rating.frozen_level or 0), r)
            for r in packet_rows
            if r.rating.frozen_required and (r.rating.frozen_level or 0) <= target
        ],
        "reviews": reviews,
        "by_level": [(levels.get(n), by_level[n]) for n in sorted(by_level)],
        "differ_count": sum(1 for r in packet_rows if r.differs),
        "apart_count": sum(1 for r in packet_rows if r.apart),
        "calibration": _calibration_items(assessment, reviews, values, rows),
    }
    pdf = render_pdf("pdf/promotion_packet.html", context, request)
    submitted = timezone.localdate(assessment.submitted_at) if assessment.submitted_at else None
    name = slugify(assessment.engineer.username) or str(assessment.engineer_id)
    return pdf_response(
        pdf,
        f"promotion-packet-{name}-{assessment.skill.slug}-{submitted or assessment.pk}.pdf",
    )


@require_GET
@login_required
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    snapshots = list(
        Assessment.objects.of(request.user)
        .submitted()
        .select_related("skill", "role")
        .order_by("submitted_at")
    )
    tracks: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
    for snapshot in snapshots:
        tracks[(snapshot.skill.slug, snapshot.role.slug)].append(snapshot)
    if not tracks:
        return render(request, "assessments/progress.html", {"tracks": []})
    chosen = (request.GET.get("skill", ""), request.GET.get("role", ""))
    if chosen not in tracks:
        chosen = (snapshots[-1].skill.slug, snapshots[-1].role.slug)
    track = tracks[chosen]
    levels = Level.objects.by_number()  # the ladder: the chart's scale and labels
    chart = progress_chart(
        [
            (
                timezone.localtime(s.submitted_at).date(),
                s.level_reached or 0,
                s.criteria_met or 0,
                s.criteria_total or 0,
            )
            for s in track
            if s.submitted_at is not None
        ],
        top_level=max(levels, default=0),
        level_names={n: lvl.career_name for n, lvl in levels.items()},
        zero_label=_("None yet"),
    )
    by_id = {s.pk: s for s in track}
    diff_from = _pick(by_id, request.GET.get("from"), track[-2] if len(track) > 1 else None)
    diff_to = _pick(by_id, request.GET.get("to"), track[-1])
    diff = None
    if diff_from is not None and diff_to is not None and diff_from.pk != diff_to.pk:
        rows = defaultdict(list)
        for row in CriterionRating.objects.filter(assessment__in=[diff_from.pk, diff_to.pk]):
            rows[row.assessment_id].append(row)
        diff = diff_snapshots(
            snapshot_states(rows[diff_from.pk]), snapshot_states(rows[diff_to.pk])
        )
    context = {
        "tracks": [
            {"skill": t[0].skill, "role": t[0].role, "count": len(t), "selected": key == chosen}
            for key, t in tracks.items()
        ],
        "track": list(reversed(track)),
        "current": track[0],
        "chart": chart,
        "levels": levels,
        "top_level": max(levels, default=0),
        "diff": diff,
        "diff_from": diff_from,
        "diff_to": diff_to,
        "scale": dict(RatingValue.choices),
    }
    return render(request, "assessments/progress.html", context)


def _pick(
    by_id: dict[int, Assessment], raw: str | None, default: Assessment | None
) -> Assessment | None:
    """The snapshot named in the query string, if it is one of these."""
    try:
        return by_id.get(int(raw or ""), default)
    except ValueError:
        return default


# -- Manager review ----------------------------------------------------------------

MANAGER_PREFIX_RE = re.compile(r"^m(\d+)-(?:value|comment)$")


@dataclass
class ReviewRow:
    rating: CriterionRating
    form: ManagerRatingForm
    manager_value: int | None

    @property
    def gap(self) -> int | None:
        """Steps between the self and the manager rating, an unrated criterion
        counting as "not yet" (as in the calibration queue); None without a
        manager rating."""
        if self.manager_value is None:
            return None
        return abs((self.rating.value or 0) - self.manager_value)


def agree_with_self(rows: Sequence[CriterionRating], *, level: int) -> dict[str, str]:
    """Form data setting the manager's rating of every criterion at ``level``
    to the engineer's self-rating. Criteria the engineer did not rate are left
    as they are: there is nothing to agree with. Comments are never touched."""
    return {
        f"m{row.pk}-value": str(row.value)
        for row in rows
        if row.frozen_level == level and row.value is not None
    }


@require_http_methods(["GET", "POST"])
@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, team = get_assessment_for_review(request.user, pk, request.GET.get("team"))
    rows = list(assessment.ratings.filter(frozen_level__isnull=False))
    existing_review = (
        ManagerReview.objects.filter(assessment=assessment, team=team)
        .prefetch_related("ratings")
        .first()
    )
    given = {m.rating_id: m for m in existing_review.ratings.all()} if existing_review else {}
    data: QueryDict | None = request.POST if request.method == "POST" else None
    status = 200
    agree_level: int | None = None
    unknown: list[str] = []
    if data is not None:
        known = {f"m{row.pk}" for row in rows}
        unknown = sorted(
            {f"m{m.group(1)}" for key in data if (m := MANAGER_PREFIX_RE.match(key))} - known
        )
        if "agree_level" in data and not unknown:
            # Without JavaScript, "agree with the self-ratings at this level"
            # comes back here: the page is shown again from what was posted,
            # with that level's ratings replaced and nothing saved, so the
            # manager's unsaved input elsewhere survives.
            levels_here = {row.frozen_level for row in rows}
            raw = data.get("agree_level", "")
            number = int(raw) if re.fullmatch(r"[0-9]{1,3}", raw) else None
            agree_level = number if number in levels_here else None
            if agree_level is None:
                messages.error(
                    request,
                    _("There is no level “%(level)s” in this assessment to agree with.")
                    % {"level": raw[:20]},
                )
                status = 400
            else:
                data = data.copy()
                for key, value in agree_with_self(rows, level=agree_level).items():
                    data[key] = value
    review_rows = []
    for row in rows:
        mine = given.get(row.pk)
        initial = {"value": mine.value, "comment": mine.comment} if mine else {}
        form = ManagerRatingForm(data, prefix=f"m{row.pk}", initial=initial)
        form.show_self_rating(row.value)
        review_rows.append(ReviewRow(row, form, mine.value if mine else None))
    comment_form = ReviewCommentForm(
        data, initial={"comment": existing_review.comment if existing_review else ""}
    )
    levels = Level.objects.by_number()
    if data is not None and "agree_level" in data and not unknown:
        if agree_level is not None:
            level = levels.get(agree_level)
            messages.info(
                request,
                _(
                    "Your ratings at %(level)s now match the self-ratings. "
                    "Nothing is saved yet: save the review to keep them."
                )
                % {"level": level.career_name if level else agree_level},
            )
    elif data is not None:
        valid = comment_form.is_valid() and all(r.form.is_valid() for r in review_rows)
        if unknown:
            messages.error(
                request,
                _("Some ratings are for criteria that are not part of this assessment: %(ids)s.")
                % {"ids": ", ".join(unknown)},
            )
            status = 400
        elif not valid:
            messages.error(request, _("The review could not be saved; see the messages below."))
            status = 400
        else:
            saved = review_save(
                assessment=assessment,
                team=team,
                by=request.user,
                ratings={r.rating: r.form.to_input() for r in review_rows},
                comment=comment_form.cleaned_data["comment"].strip(),
            )
            name = assessment.engineer.display_name
            if "share" in data:
                try:
                    review_share(assessment=assessment, team=team, by=request.user)
                    messages.success(request, _("Review shared with %(name)s.") % {"name": name})
                except AssessmentError as exc:
                    messages.error(request, str(exc))
            elif saved.is_shared:
                messages.success(
                    request, _("Review saved. %(name)s sees the changes at once.") % {"name": name}
                )
            else:
                messages.success(
                    request, _("Review saved. Only managers can see it until you share it.")
                )
            url = reverse("assessment_review", kwargs={"pk": assessment.pk})
            return redirect(f"{url}?team={team.slug}")
    for item in review_rows:
        item.form.size_comment()
    comment_form.size_comment()
    by_level: dict[int, list[ReviewRow]] = defaultdict(list)
    for item in review_rows:
        by_level[item.rating.frozen_level or 0].append(item)
    context = {
        "assessment": assessment,
        "team": team,
        "review": existing_review,
        "comment_form": comment_form,
        "by_level": [(levels.get(n), by_level[n]) for n in sorted(by_level)],
        "reached": levels.get(assessment.level_reached or 0),
    }
    return render(request, "assessments/review.html", context, status=status)
