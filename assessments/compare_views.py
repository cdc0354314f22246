"""The compare page: two roles at one level, or one role at two levels, with
what the signed-in person's latest snapshot already meets. Public like the
skill profile; a fixed number of queries (tests/skills/test_compare.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments.compare import CompareResult, comparison_for
from skills.compare import Item, Pair
from skills.forms import CompareForm
from skills.selectors import level_choices, skill_roles
from skills.views import get_skill

PARAMS = ("role", "level", "other", "to", "mine")


@dataclass(frozen=True)
class Row:
    a: Item | None
    b: Item | None
    met: bool  # the row's criterion on side b (side a for one only there) is met

    @property
    def reworded(self) -> bool:
        return self.a is not None and self.b is not None and self.a.text != self.b.text


@dataclass(frozen=True)
class Group:
    slug: str
    title: str
    rows: list[Row]


def _groups(result: CompareResult) -> list[Group]:
    c = result.cells.comparison
    met_a = result.marks.met_a if result.marks else frozenset()
    met_b = result.marks.met_b if result.marks else frozenset()

    def pairs(items: tuple[Pair, ...]) -> list[Row]:
        return [Row(p.a, p.b, p.b in met_b) for p in items]

    only_a = [Row(i, None, i in met_a) for i in c.only_a]
    only_b = [Row(None, i, i in met_b) for i in c.only_b]
    a_name, b_name = result.role.name, result.other.name
    if result.mode == "levels":
        low, high = result.level.career_name, result.to.career_name
        return [
            Group("only-b", _("New at %(level)s") % {"level": high}, only_b),
            Group("only-a", _("At %(low)s, gone at %(high)s") % {"low": low, "high": high}, only_a),
            Group(
                "required-differs",
                _("Required at one level, optional at the other"),
                pairs(c.required_differs),
            ),
            Group("reworded", _("Reworded at %(level)s") % {"level": high}, pairs(c.reworded)),
            Group("shared", _("Unchanged"), pairs(c.shared)),
        ]
    if result.mode == "both":
        a_name = f"{a_name} · {result.level.career_name}"
        b_name = f"{b_name} · {result.to.career_name}"
    return [
        Group("shared", _("In both"), pairs(c.shared)),
        Group("reworded", _("In both, worded differently"), pairs(c.reworded)),
        Group(
            "required-differs",
            _("Required for one, optional for the other"),
            pairs(c.required_differs),
        ),
        Group("only-a", _("Only for %(role)s") % {"role": a_name}, only_a),
        Group("only-b", _("Only for %(role)s") % {"role": b_name}, only_b),
    ]


@require_safe
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_skill(slug)
    roles = skill_roles(skill)
    # Bind only to our own parameters, as the profile's picker does.
    asked = any(name in request.GET for name in PARAMS)
    form = CompareForm(request.GET if asked else None, roles=roles, levels=level_choices())
    result: CompareResult | None = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            result = comparison_for(
                skill=skill, cleaned=form.cleaned_data, roles=roles, viewer=request.user
            )
        else:
            status = 400
    context = {
        "skill": skill,
        "form": form,
        "result": result,
        "groups": _groups(result) if result else [],
    }
    return render(request, "assessments/compare.html", context, status=status)
