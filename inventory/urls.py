from django.urls import path

from inventory import views

urlpatterns = [
    path("me/skills/", views.my_skills_page, name="my_skills"),
    path("me/skills/<slug:slug>/visibility/", views.visibility, name="skill_visibility"),
    path("teams/<slug:slug>/skills/", views.team_skills, name="team_skills"),
    path("teams/<slug:slug>/skills/export.csv", views.team_skills_csv, name="team_skills_export"),
    path("people/who-knows/", views.who_knows_page, name="who_knows"),
]
