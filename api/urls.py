from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("skills/", views.SkillList.as_view(), name="skill-list"),
    path("skills/<slug:slug>/", views.SkillDetail.as_view(), name="skill-detail"),
    path("skills/<slug:slug>/matrix/", views.MatrixView.as_view(), name="skill-matrix"),
    path("roles/", views.RoleList.as_view(), name="role-list"),
    path("roles/<slug:slug>/", views.RoleDetail.as_view(), name="role-detail"),
    path("levels/", views.LevelList.as_view(), name="level-list"),
    path("expectations/", views.ExpectationList.as_view(), name="expectation-list"),
    path("me/", views.MeView.as_view(), name="me"),
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
]

schema_urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema"),
        name="api-docs",
    ),
]
