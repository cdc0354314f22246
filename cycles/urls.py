from django.urls import path

from cycles import views

urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/close/", views.close, name="cycle_close"),
    path("cycles/<int:pk>/teams/<slug:slug>/", views.team_completion, name="cycle_completion"),
    path(
        "cycles/<int:pk>/teams/<slug:slug>/export.csv",
        views.completion_csv,
        name="cycle_completion_csv",
    ),
    path(
        "cycles/<int:pk>/teams/<slug:slug>/remind/<str:username>/",
        views.remind,
        name="cycle_remind",
    ),
]
