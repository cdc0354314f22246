from django.urls import path

from teams import views

urlpatterns = [
    path("teams/", views.team_list, name="team_list"),
    path("teams/gaps/", views.org_gaps, name="org_gaps"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("teams/<slug:slug>/calibration/", views.calibration, name="team_calibration"),
    path("teams/<slug:slug>/export.csv", views.export_csv, name="team_export"),
    path("teams/<slug:slug>/members/", views.members, name="team_members"),
]
