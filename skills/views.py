"""The public pages of the matrix. Each runs a fixed number of queries,
whatever the size of the matrix (see tests/skills/test_query_counts.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from common.pdf import pdf_response, render_pdf
from levels.ladder import ladder
from levels.models import Level
from roles.models import Role
from skills.forms import PlanForm
from skills.imports import can_import
from skills.models import Expectation, Skill, SkillLevel
from skills.plan import PlanStep, next_steps


def get_skill(slug: str) -> Skill:
    """The one way pages fetch a skill: skills are public, so this only 404s."""
    return get_object_or_404(Skill, slug=slug)


@dataclass
class DomainGroup:
    domain: str
    groups: dict[str, list[Skill]] = field(default_factory=dict)


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    skills = Skill.objects.with_counts().order_by("domain", "group", "name")
    domains: dict[str, DomainGroup] = {}
    for skill in skills:
        domain = domains.setdefault(skill.domain, DomainGroup(skill.domain))
        domain.groups.setdefault(skill.group, []).append(skill)
    return render(
        request,
        "skills/catalogue.html",
        {"domains": list(domains.values()), "ladder": ladder()},
    )


@dataclass
class LevelSection:
    level: Level
    description: str
    expectations: list[Expectation]


@require_safe
def skill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    levels = list(Level.objects.order_by("number"))
    descriptions = dict(
        SkillLevel.objects.filter(skill=skill).values_list("level_id", "description")
    )
    expectations = list(
        Expectation.objects.filter(skill=skill)
        .with_details()
        .order_by("level__number", "role__name")
    )
    by_level: dict[int, list[Expectation]] = defaultdict(list)
    for exp in expectations:
        by_level[exp.level_id].append(exp)
    roles = sorted({exp.role for exp in expectations}, key=lambda r: r.name)
    required = sum(1 for exp in expectations if exp.required)

    # Bind only to our own parameters: a shared link with tracking tags added
    # (utm_source=…) still shows the plain page.
    asked = "role" in request.GET or "level" in request.GET
    form = PlanForm(
        request.GET if asked else None, roles=roles, levels=levels, skill_name=skill.name
    )
    plan: list[PlanStep] | None = None
    plan_level: Level | None = None
    plan_role: Role | None = None
    at_top = False
    status = 200
    if form.is_bound:
        if form.is_valid():
            current = form.cleaned_data["level"]
            role_slug = form.cleaned_data["role"] or None
            plan_role = next((r for r in roles if r.slug == role_slug), None)
            steps = next_steps(
                ((exp.role.slug, exp.level.number, exp) for exp in expectations),
                current_level=current,
                role_slug=role_slug,
                max_level=levels[-1].number if levels else 0,
            )
            if steps is None:
                at_top = True
            else:
                plan = list(steps)
                plan_level = next((lvl for lvl in levels if lvl.number == current + 1), None)
        else:
            status = 400

    context = {
        "skill": skill,
        "levels": levels,
        "sections": [
            LevelSection(level, descriptions.get(level.pk, ""), by_level.get(level.pk, []))
            for level in levels
        ],
        "roles": roles,
        "role_count": len(roles),
        "level_count": len(by_level),
        "required_count": required,
        "optional_count": len(expectations) - required,
        "form": form,
        "plan": plan,
        "plan_level": plan_level,
        "plan_role": plan_role,
        "at_top": at_top,
        "first_level": levels[0] if levels else None,
        "top_level": levels[-1] if levels else None,
        "can_export": can_import(request.user),
    }
    return render(request, "skills/skill_detail.html", context, status=status)


@require_safe
def role_list(request: HttpRequest) -> HttpResponse:
    roles = Role.objects.annotate(
        skill_count=Count("expectations__skill", distinct=True),
        required_count=Count("expectations", filter=Q(expectations__required=True)),
    ).order_by("family", "name")
    families: dict[str, list[Role]] = defaultdict(list)
    for role in roles:
        families[role.family].append(role)
    return render(request, "roles/role_list.html", {"families": dict(families)})


@dataclass
class LadderRung:
    """One level of a role's career track: what the role does there, required
    cells first."""

    level: Level
    expectations: list[Expectation]


@dataclass
class SkillTrack:
    """One skill of a role's career track: its cell at each level (None where
    the skill sets nothing for the role)."""

    skill: Skill
    cells: list[tuple[Level, Expectation | None]]

    @property
    def required_count(self) -> int:
        return sum(1 for _level, exp in self.cells if exp is not None and exp.required)


@dataclass
class CareerTrack:
    role: Role
    ladder: list[LadderRung]
    skills: list[SkillTrack]


def career_track(role: Role) -> CareerTrack:
    """A role's focus at each level across every skill, then each skill's cells
    level by level: the role page and its PDF. Four queries (levels, cells,
    criteria, links), whatever the size of the matrix."""
    levels = list(Level.objects.order_by("number"))
    by_level: dict[int, list[Expectation]] = defaultdict(list)
    by_skill: dict[int, dict[int, Expectation]] = defaultdict(dict)
    skills: dict[int, Skill] = {}
    for exp in (
        Expectation.objects.filter(role=role)
        .with_details()
        .order_by("level__number", "-required", "skill__name")
    ):
        by_level[exp.level_id].append(exp)
        by_skill[exp.skill_id][exp.level_id] = exp
        skills[exp.skill_id] = exp.skill
    return CareerTrack(
        role=role,
        ladder=[LadderRung(level, by_level.get(level.pk, [])) for level in levels],
        skills=[
            SkillTrack(skill, [(level, by_skill[skill.pk].get(level.pk)) for level in levels])
            for skill in sorted(skills.values(), key=lambda s: s.name.casefold())
        ],
    )


@require_safe
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = get_object_or_404(Role, slug=slug)
    track = career_track(role)
    return render(request, "roles/role_detail.html", {"role": role, "track": track})


@require_safe
def career_track_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The role page as a printable PDF document: public like the page."""
    role = get_object_or_404(Role, slug=slug)
    track = career_track(role)
    pdf = render_pdf("pdf/career_track.html", {"role": role, "track": track}, request)
    return pdf_response(pdf, f"career-track-{role.slug}.pdf")


@require_safe
def level_list(request: HttpRequest) -> HttpResponse:
    levels = list(Level.objects.order_by("number"))
    by_level: dict[int, list[SkillLevel]] = defaultdict(list)
    for description in SkillLevel.objects.select_related("skill").order_by("skill__name"):
        by_level[description.level_id].append(description)
    rows = [(level, by_level.get(level.pk, [])) for level in levels]
    return render(request, "levels/level_list.html", {"rows": rows})
