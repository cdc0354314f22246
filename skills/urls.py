from django.urls import path
from django.views.generic import RedirectView

from skills import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("skills/", RedirectView.as_view(pattern_name="catalogue", permanent=True)),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("levels/", views.level_list, name="level_list"),
]
