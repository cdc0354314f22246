from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import community, compare, cycles, inventory, plans, views

app_name = "api"

urlpatterns = [
    path("skills/", views.SkillList.as_view(), name="skill-list"),
    path("skills/<slug:slug>/", views.SkillDetail.as_view(), name="skill-detail"),
    path("skills/<slug:slug>/matrix/", views.MatrixView.as_view(), name="skill-matrix"),
    path("skills/<slug:slug>/compare/", compare.CompareView.as_view(), name="skill-compare"),
    path("roles/", views.RoleList.as_view(), name="role-list"),
    path("roles/<slug:slug>/", views.RoleDetail.as_view(), name="role-detail"),
    path("levels/", views.LevelList.as_view(), name="level-list"),
    path("expectations/", views.ExpectationList.as_view(), name="expectation-list"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/skills/", inventory.MySkillsView.as_view(), name="me-skills"),
    path(
        "me/skills/<slug:slug>/visibility/",
        inventory.VisibilityView.as_view(),
        name="me-skill-visibility",
    ),
    path("who-knows/", inventory.WhoKnowsView.as_view(), name="who-knows"),
    path("assessments/", views.AssessmentList.as_view(), name="assessment-list"),
    path("assessments/<int:pk>/", views.AssessmentDetail.as_view(), name="assessment-detail"),
    path(
        "assessments/<int:pk>/ratings/",
        views.AssessmentRatings.as_view(),
        name="assessment-ratings",
    ),
    path(
        "assessments/<int:pk>/submit/", views.AssessmentSubmit.as_view(), name="assessment-submit"
    ),
    path("assessments/<int:pk>/review/", views.ReviewView.as_view(), name="assessment-review"),
    path("assessments/<int:pk>/review/share/", views.ReviewShare.as_view(), name="review-share"),
    path("teams/<slug:slug>/members/", views.TeamMembers.as_view(), name="team-members"),
    path("teams/<slug:slug>/gaps/", views.TeamGaps.as_view(), name="team-gaps"),
    path("skills/<slug:slug>/follow/", community.FollowView.as_view(), name="skill-follow"),
    path(
        "skills/<slug:slug>/proposals/", community.SkillProposals.as_view(), name="skill-proposals"
    ),
    path("proposals/<int:pk>/", community.ProposalDetail.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/accept/", community.ProposalAccept.as_view(), name="proposal-accept"),
    path("proposals/<int:pk>/reject/", community.ProposalReject.as_view(), name="proposal-reject"),
    path(
        "proposals/<int:pk>/withdraw/",
        community.ProposalWithdraw.as_view(),
        name="proposal-withdraw",
    ),
    path("skills/<slug:slug>/comments/", community.SkillComments.as_view(), name="skill-comments"),
    path("comments/<int:pk>/", community.CommentDetail.as_view(), name="comment-detail"),
    path("comments/<int:pk>/hide/", community.CommentHide.as_view(), name="comment-hide"),
    path("cycles/", cycles.CycleList.as_view(), name="cycle-list"),
    path("cycles/<int:pk>/", cycles.CycleDetail.as_view(), name="cycle-detail"),
    path(
        "cycles/<int:pk>/completion/",
        cycles.CycleCompletion.as_view(),
        name="cycle-completion",
    ),
    path("plan-items/", plans.PlanItemList.as_view(), name="plan-item-list"),
    path("plan-items/<int:pk>/", plans.PlanItemDetail.as_view(), name="plan-item-detail"),
    path(
        "plan-items/<int:pk>/comments/",
        plans.PlanItemComments.as_view(),
        name="plan-item-comments",
    ),
]

schema_urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema"),
        name="api-docs",
    ),
]
